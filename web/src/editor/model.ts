// The page document as the editor holds it: TypeScript types mirroring crates/lander-doc
// (model.rs, theme.rs), the limits of parse.rs, and addresses of blocks inside a document.
//
// Documents are plain JSON values, treated as immutable: every edit (ops.ts) returns a new
// document that shares the untouched parts with the old one, so the history can keep hundreds
// of versions cheaply and `===` tells whether anything changed.

// ---------------------------------------------------------------------------------------------
// Limits (parse.rs). The server refuses documents beyond them; the editor refuses the edit.

/** Most blocks in one document, counting blocks inside columns. */
export const MAX_BLOCKS = 1000;
/** Most sections in one document. */
export const MAX_SECTIONS = 200;
/**
 * Deepest nesting of columns blocks: a columns block directly in a section is at depth 1, one
 * inside it at depth 2, and so on up to 3. Other blocks may sit inside the deepest columns.
 */
export const MAX_COLUMNS_DEPTH = 3;
/** Columns per columns block. */
export const MIN_COLUMNS = 1;
export const MAX_COLUMNS = 4;
/** The schema version this editor writes. */
export const SCHEMA_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Shared vocabularies

export type Align = "left" | "center" | "right";
export type Space = "none" | "xs" | "s" | "m" | "l" | "xl" | "xxl";
export const SPACES: readonly Space[] = ["none", "xs", "s", "m", "l", "xl", "xxl"];
export type FontSize = "sm" | "base" | "lg" | "xl" | "xxl" | "xxxl" | "display";
export const FONT_SIZES: readonly FontSize[] = ["sm", "base", "lg", "xl", "xxl", "xxxl", "display"];
export type Background = "default" | "surface" | "brand" | "accent" | "dark" | "gradient";
export type Width = "narrow" | "normal" | "wide" | "full";

/** The breakpoints an override can target, widest first (the order of the device switcher). */
export const BREAKPOINTS = ["desktop", "tablet", "mobile"] as const;
export type Breakpoint = (typeof BREAKPOINTS)[number];
/** Width of the preview frame per breakpoint, in CSS pixels. */
export const PREVIEW_WIDTHS: Readonly<Record<Breakpoint, number>> = {
  desktop: 1280,
  tablet: 768,
  mobile: 375,
};

/** What a breakpoint overrides; absent means "as on other breakpoints". */
export interface Override {
  hidden?: boolean;
  align?: Align;
  padding_top?: Space;
  padding_bottom?: Space;
  font_size?: FontSize;
}
export type OverrideKey = keyof Override;
/** Per-breakpoint overrides of a block or section. Empty objects are left out of documents. */
export type Responsive = { [B in Breakpoint]?: Override };

// ---------------------------------------------------------------------------------------------
// Document, settings, theme

export interface Document {
  schema_version: number;
  settings: Settings;
  theme?: Theme;
  sections: Section[];
}

export interface Settings {
  title: string;
  slug?: string;
  /** BCP 47 tag; `en` when absent. */
  language?: string;
  seo?: Seo;
}

export interface Seo {
  meta_title?: string;
  meta_description?: string;
  canonical_url?: string;
  /** The social-sharing image (Open Graph). */
  og_image?: string;
  noindex?: boolean;
}

export const COLOR_TOKENS = [
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
] as const;
export type ColorToken = (typeof COLOR_TOKENS)[number];

/** The override groups of a theme (theme.rs); every token is optional. */
export interface ThemeGroups {
  /** `#rgb` or `#rrggbb`. */
  colors: { [K in ColorToken]?: string };
  /** CSS font-family lists. */
  fonts: { heading?: string; body?: string };
  /** base_px 14-24, ratio 1.05-1.6, heading_weight 100-900. */
  type_scale: { base_px?: number; ratio?: number; heading_weight?: number };
  /** unit_px 4-16. */
  spacing: { unit_px?: number };
  /** Pixels, 0-48. */
  radius: { small?: number; medium?: number; large?: number };
  /** radius 0-48 or 999 (pill), weight 100-900. */
  buttons: { radius?: number; weight?: number; uppercase?: boolean };
}
export type ThemeGroup = keyof ThemeGroups;
export const THEME_GROUPS: readonly ThemeGroup[] = [
  "colors",
  "fonts",
  "type_scale",
  "spacing",
  "radius",
  "buttons",
];

/** A preset name plus overrides; empty groups are left out. */
export interface Theme extends Partial<ThemeGroups> {
  preset?: string;
}

export interface Section {
  id: string;
  background?: Background;
  width?: Width;
  padding?: Space;
  align?: Align;
  blocks: Block[];
  responsive?: Responsive;
}

// ---------------------------------------------------------------------------------------------
// Blocks

export interface Cta {
  label: string;
  href: string;
}

export interface ImageProps {
  src: string;
  alt: string;
  width?: number;
  height?: number;
  caption?: string;
  href?: string;
  rounded?: boolean;
}

export interface HeroProps {
  eyebrow?: string;
  headline: string;
  subheadline?: string;
  primary?: Cta;
  secondary?: Cta;
  note?: string;
  image?: ImageProps;
  align?: Align;
}

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

export interface HeadingProps {
  text: string;
  /** 2 when absent. */
  level?: HeadingLevel;
  eyebrow?: string;
  subtitle?: string;
  align?: Align;
}

export interface Inline {
  text: string;
  bold?: boolean;
  italic?: boolean;
  href?: string;
}

export type TextBlock =
  | { type: "paragraph"; content: Inline[] }
  | { type: "list"; ordered?: boolean; items: Inline[][] };

export interface RichTextProps {
  content: TextBlock[];
  align?: Align;
}

export interface ButtonProps {
  label: string;
  href: string;
  variant?: "primary" | "secondary" | "ghost";
  large?: boolean;
  align?: Align;
}

export interface Column {
  /** Relative width 1-12; 1 when absent. */
  span?: number;
  blocks: Block[];
}

export interface ColumnsProps {
  /** 1 to 4 columns. */
  columns: Column[];
  gap?: Space;
  center_vertically?: boolean;
}

export const ICONS = [
  "bolt",
  "shield",
  "chart",
  "clock",
  "check",
  "star",
  "users",
  "lock",
  "globe",
  "sparkles",
  "heart",
  "mail",
  "calendar",
  "book",
  "phone",
  "code",
  "gift",
  "target",
] as const;
export type Icon = (typeof ICONS)[number];

export interface FeaturesProps {
  heading?: string;
  intro?: string;
  /** Grid columns on desktop, 2-4; 3 when absent. */
  columns?: number;
  items: { icon?: Icon; title: string; text: string }[];
}

export interface TestimonialsProps {
  heading?: string;
  items: { quote: string; name: string; role?: string; avatar?: string; rating?: number }[];
}

export interface LogosProps {
  heading?: string;
  items: { name: string; src?: string; href?: string }[];
}

export interface Plan {
  name: string;
  price: string;
  period?: string;
  description?: string;
  features?: string[];
  cta: Cta;
  highlighted?: boolean;
  badge?: string;
}

export interface PricingProps {
  heading?: string;
  intro?: string;
  plans: Plan[];
}

export interface FaqProps {
  heading?: string;
  items: { question: string; answer: string }[];
}

export type FieldKind = "text" | "email" | "tel" | "textarea" | "select" | "checkbox" | "hidden";

export interface FormField {
  name: string;
  label: string;
  type: FieldKind;
  required?: boolean;
  placeholder?: string;
  options?: string[];
  value?: string;
  help?: string;
  max_length?: number;
}

export interface FormProps {
  heading?: string;
  intro?: string;
  fields: FormField[];
  submit_label: string;
  on_success?: { message: string } | { redirect: string };
  consent?: string;
}

export interface VideoProps {
  /** A YouTube or Vimeo address. */
  url: string;
  title: string;
  caption?: string;
}

export interface CountdownProps {
  /** RFC 3339 with a zone, e.g. 2026-12-31T18:00:00Z. */
  target: string;
  label?: string;
  expired_text?: string;
}

export interface DividerProps {
  style?: "solid" | "dashed" | "dotted";
}

export interface SpacerProps {
  size?: Space;
}

export interface CustomHtmlProps {
  html: string;
}

/** The props of every block type, by `type` name. */
export interface BlockPropsMap {
  hero: HeroProps;
  heading: HeadingProps;
  rich_text: RichTextProps;
  image: ImageProps;
  button: ButtonProps;
  columns: ColumnsProps;
  features: FeaturesProps;
  testimonials: TestimonialsProps;
  logos: LogosProps;
  pricing: PricingProps;
  faq: FaqProps;
  form: FormProps;
  video: VideoProps;
  countdown: CountdownProps;
  divider: DividerProps;
  spacer: SpacerProps;
  custom_html: CustomHtmlProps;
}
export type BlockType = keyof BlockPropsMap;

/** Every block type, in the order of model.rs. */
export const BLOCK_TYPES: readonly BlockType[] = [
  "hero",
  "heading",
  "rich_text",
  "image",
  "button",
  "columns",
  "features",
  "testimonials",
  "logos",
  "pricing",
  "faq",
  "form",
  "video",
  "countdown",
  "divider",
  "spacer",
  "custom_html",
];

/** A block of one type. */
export interface BlockOf<T extends BlockType> {
  id: string;
  type: T;
  props: BlockPropsMap[T];
  responsive?: Responsive;
}

/** Any block: a union discriminated on `type`. */
export type Block = { [T in BlockType]: BlockOf<T> }[BlockType];
export type ColumnsBlock = BlockOf<"columns">;

// Addressing blocks and ids live in paths.ts; the editor imports them from here.
export * from "./paths";
