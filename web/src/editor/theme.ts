// The theme presets of crates/lander-doc/src/theme.rs and the resolution of a document's theme
// (preset, then overrides), so the theme panel can show every token's current value.
import type { ColorToken, Theme, ThemeGroups } from "./model";

/** Every token of a theme with a value. */
export type ResolvedTheme = { [G in keyof ThemeGroups]-?: Required<ThemeGroups[G]> };

export const SYSTEM_SANS =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";
export const SYSTEM_SERIF = "Charter, 'Bitstream Charter', 'Sitka Text', Cambria, Georgia, serif";
export const SYSTEM_MONO =
  "ui-monospace, 'Cascadia Code', 'Source Code Pro', Menlo, Consolas, " +
  "'DejaVu Sans Mono', monospace";

export interface Preset {
  id: string;
  name: string;
  theme: ResolvedTheme;
}

type Palette = Record<ColorToken, string>;

// The order of theme.rs: brand, on_brand, accent, on_accent, text, muted, background, surface,
// border, dark, on_dark.
function palette(c: readonly string[]): Palette {
  const keys: readonly ColorToken[] = [
    "brand",
    "on_brand",
    "accent",
    "on_accent",
    "text",
    "muted",
    "background",
    "surface",
    "border",
    "dark",
    "on_dark",
  ];
  return Object.fromEntries(keys.map((k, i) => [k, c[i] ?? "#000000"])) as Palette;
}

function preset(
  id: string,
  name: string,
  colors: readonly string[],
  fonts: [heading: string, body: string],
  radius: [small: number, medium: number, large: number],
  buttonRadius: number,
): Preset {
  return {
    id,
    name,
    theme: {
      colors: palette(colors),
      fonts: { heading: fonts[0], body: fonts[1] },
      type_scale: { base_px: 17, ratio: 1.25, heading_weight: 700 },
      spacing: { unit_px: 8 },
      radius: { small: radius[0], medium: radius[1], large: radius[2] },
      buttons: { radius: buttonRadius, weight: 600, uppercase: false },
    },
  };
}

/** The built-in presets; the first (`lander`) applies when a theme names none. */
export const PRESETS: readonly Preset[] = [
  preset(
    "lander",
    "Lander indigo",
    [
      "#4338ca", "#ffffff", "#0e7490", "#ffffff", "#111827", "#4b5563",
      "#ffffff", "#f5f6fb", "#e5e7eb", "#111827", "#f9fafb",
    ],
    [SYSTEM_SANS, SYSTEM_SANS],
    [6, 12, 20],
    8,
  ),
  preset(
    "ocean",
    "Ocean",
    [
      "#0f766e", "#ffffff", "#1d4ed8", "#ffffff", "#0f172a", "#475569",
      "#ffffff", "#f0fdfa", "#d5e6e4", "#082f49", "#f0f9ff",
    ],
    [SYSTEM_SANS, SYSTEM_SANS],
    [6, 14, 24],
    999,
  ),
  preset(
    "sunset",
    "Sunset",
    [
      "#c2410c", "#ffffff", "#be185d", "#ffffff", "#1c1917", "#57534e",
      "#fffbf7", "#fff1e6", "#f1dccb", "#292524", "#fafaf9",
    ],
    [SYSTEM_SERIF, SYSTEM_SANS],
    [4, 10, 16],
    6,
  ),
  preset(
    "forest",
    "Forest",
    [
      "#15803d", "#ffffff", "#a16207", "#ffffff", "#14231a", "#4b5a50",
      "#fcfdfb", "#eff6ee", "#d6e3d6", "#14231a", "#f0fdf4",
    ],
    [SYSTEM_SANS, SYSTEM_SANS],
    [8, 16, 28],
    999,
  ),
  preset(
    "midnight",
    "Midnight",
    [
      "#a78bfa", "#1e1b4b", "#22d3ee", "#0b1120", "#e5e7eb", "#a5adbb",
      "#0b1120", "#131b2e", "#283350", "#020617", "#e5e7eb",
    ],
    [SYSTEM_SANS, SYSTEM_SANS],
    [6, 12, 20],
    10,
  ),
  preset(
    "mono",
    "Monochrome",
    [
      "#111111", "#ffffff", "#525252", "#ffffff", "#111111", "#525252",
      "#ffffff", "#f5f5f5", "#e5e5e5", "#111111", "#fafafa",
    ],
    [SYSTEM_SERIF, SYSTEM_SANS],
    [0, 0, 0],
    0,
  ),
  preset(
    "grape",
    "Grape",
    [
      "#7e22ce", "#ffffff", "#db2777", "#ffffff", "#1e1433", "#5b5170",
      "#ffffff", "#f7f2fd", "#e6dcf3", "#1e1433", "#faf5ff",
    ],
    [SYSTEM_SANS, SYSTEM_SANS],
    [8, 16, 24],
    12,
  ),
];

/** The preset with this id, if there is one. */
export function findPreset(id: string | undefined): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** Every token resolved: the preset (or `lander`, as the server does), then the overrides. */
export function resolveTheme(theme: Theme | undefined): ResolvedTheme {
  // PRESETS is a non-empty constant, so the fallback is always defined.
  const base = (findPreset(theme?.preset) ?? PRESETS[0]) as Preset;
  const t = base.theme;
  return {
    colors: { ...t.colors, ...theme?.colors },
    fonts: { ...t.fonts, ...theme?.fonts },
    type_scale: { ...t.type_scale, ...theme?.type_scale },
    spacing: { ...t.spacing, ...theme?.spacing },
    radius: { ...t.radius, ...theme?.radius },
    buttons: { ...t.buttons, ...theme?.buttons },
  };
}
