// Page-level edits: settings and SEO, theme, sections, per-breakpoint overrides and ids. Same
// rules as ops.ts: pure, structural sharing, and the input itself back when nothing changes.
import {
  IdGenerator,
  MAX_BLOCKS,
  MAX_SECTIONS,
  blocksWithin,
  collectIds,
  countBlocks,
  findSection,
  isValidId,
  resolveRef,
  walkBlocks,
  type Block,
  type BlockPath,
  type Breakpoint,
  type Document,
  type Override,
  type Responsive,
  type Section,
  type Seo,
  type Settings,
  type Theme,
  type ThemeGroup,
  type ThemeGroups,
} from "./model";
import { inserted, isObject, movedTo, removed, setIn, updateBlockAt, withSection } from "./tree";

/** `obj` without members that are undefined, or undefined when nothing is left. */
function compact<T extends object>(obj: T): T | undefined {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as T) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Settings

/** Settings edited directly (SEO has setSeo). */
export type SettingKey = "title" | "slug" | "language";

/**
 * Sets the page title, slug or language. An empty slug or language is removed (the server then
 * uses the page record's slug and `en`); the title stays even when empty, and validation says so.
 */
export function setSetting(doc: Document, key: SettingKey, value: string | undefined): Document {
  const v = key !== "title" && value === "" ? undefined : value;
  if (key === "title" && v === undefined) return doc;
  const settings = setIn(doc.settings, [key], v) as Settings;
  return settings === doc.settings ? doc : { ...doc, settings };
}

/**
 * Sets one SEO setting (meta title and description, canonical URL, social image, noindex).
 * Empty text and `false` remove it, and an empty `seo` object is left out, as the server does.
 */
export function setSeo<K extends keyof Seo>(
  doc: Document,
  key: K,
  value: Seo[K] | undefined,
): Document {
  const v = value === "" || value === false ? undefined : value;
  const seo = compact({ ...doc.settings.seo, [key]: v });
  if (seo?.[key] === doc.settings.seo?.[key]) return doc;
  const settings: Settings = { ...doc.settings };
  if (seo) settings.seo = seo;
  else delete settings.seo;
  return { ...doc, settings };
}

// ---------------------------------------------------------------------------------------------
// Theme

/** The document with `theme` (an empty theme is left out). */
function withTheme(doc: Document, theme: Theme): Document {
  const next: Document = { ...doc };
  const t = compact(theme);
  if (t) next.theme = t;
  else delete next.theme;
  return next;
}

/**
 * Chooses a theme preset (undefined: the default, `lander`). Overrides are dropped unless
 * `keepOverrides`: a preset is picked for its look, which stale colour overrides would spoil.
 */
export function setPreset(
  doc: Document,
  preset: string | undefined,
  keepOverrides = false,
): Document {
  const theme: Theme = keepOverrides ? { ...doc.theme, preset } : { preset };
  if (theme.preset === doc.theme?.preset && (keepOverrides || !hasOverrides(doc.theme))) return doc;
  return withTheme(doc, theme);
}

function hasOverrides(theme: Theme | undefined): boolean {
  return theme !== undefined && Object.keys(theme).some((k) => k !== "preset");
}

/**
 * Overrides one theme token (`setThemeToken(doc, "colors", "brand", "#0f766e")`); undefined
 * goes back to the preset's value. Empty groups are left out.
 */
export function setThemeToken<G extends ThemeGroup, K extends keyof ThemeGroups[G]>(
  doc: Document,
  group: G,
  key: K,
  value: ThemeGroups[G][K] | undefined,
): Document {
  const current: ThemeGroups[G] | undefined = doc.theme?.[group];
  if (current !== undefined && current[key] === value) return doc;
  if (current === undefined && value === undefined) return doc;
  const next = compact({ ...current, [key]: value } as ThemeGroups[G]);
  return withTheme(doc, { ...doc.theme, [group]: next });
}

/** Drops every override of one group (back to the preset's values). */
export function resetThemeGroup(doc: Document, group: ThemeGroup): Document {
  if (!doc.theme?.[group]) return doc;
  return withTheme(doc, { ...doc.theme, [group]: undefined });
}

// ---------------------------------------------------------------------------------------------
// Sections

/** A section named by its id or its index. */
export type SectionRef = string | number;

function sectionIndex(doc: Document, ref: SectionRef): number {
  if (typeof ref === "string") return findSection(doc, ref);
  return ref >= 0 && ref < doc.sections.length ? ref : -1;
}

/** The parts of a section that `addSection` and `setSection` set. */
export type SectionStyle = Pick<Section, "background" | "width" | "padding" | "align">;

/**
 * Adds an empty section at `index` (the end by default) with a fresh id and the server's
 * defaults written out, as the server writes them.
 */
export function addSection(
  doc: Document,
  index = doc.sections.length,
  style: SectionStyle = {},
): Document {
  if (doc.sections.length >= MAX_SECTIONS || index < 0 || index > doc.sections.length) return doc;
  const id = IdGenerator.for(doc).next("section");
  const defaults = { background: "default", width: "normal", padding: "xl" } as const;
  const section: Section = { id, ...defaults, ...style, blocks: [] };
  return { ...doc, sections: inserted(doc.sections, index, section) };
}

/** Removes a section and its blocks. */
export function removeSection(doc: Document, ref: SectionRef): Document {
  const i = sectionIndex(doc, ref);
  return i < 0 ? doc : { ...doc, sections: removed(doc.sections, i) };
}

/** Moves a section into the gap `to` (0..length, counted before the move). */
export function moveSection(doc: Document, ref: SectionRef, to: number): Document {
  const i = sectionIndex(doc, ref);
  const sections = i < 0 ? null : movedTo(doc.sections, i, to);
  return sections ? { ...doc, sections } : doc;
}

/** Moves a section one place up (-1) or down (+1). */
export function moveSectionBy(doc: Document, ref: SectionRef, delta: -1 | 1): Document {
  const i = sectionIndex(doc, ref);
  return i < 0 ? doc : moveSection(doc, i, delta < 0 ? i - 1 : i + 2);
}

/** Inserts a copy of a section, with fresh ids for it and all its blocks, right after it. */
export function duplicateSection(doc: Document, ref: SectionRef): Document {
  const i = sectionIndex(doc, ref);
  const section = doc.sections[i];
  if (!section || doc.sections.length >= MAX_SECTIONS) return doc;
  const copy = structuredClone(section);
  const nested = copy.blocks.flatMap(blocksWithin);
  if (countBlocks(doc) + nested.length > MAX_BLOCKS) return doc;
  const ids = IdGenerator.for(doc);
  copy.id = ids.next(copy.id);
  for (const b of nested) b.id = ids.next(b.id);
  return { ...doc, sections: inserted(doc.sections, i + 1, copy) };
}

/** Sets a section's background, width, padding or alignment; undefined removes `align`. */
export function setSection<K extends keyof SectionStyle>(
  doc: Document,
  ref: SectionRef,
  key: K,
  value: SectionStyle[K],
): Document {
  const i = sectionIndex(doc, ref);
  const section = doc.sections[i];
  if (!section) return doc;
  // background, width and padding always have a value; only align may be absent.
  if (value === undefined && key !== "align") return doc;
  const next = setIn(section, [key], value) as Section;
  return withSection(doc, i, next);
}

// ---------------------------------------------------------------------------------------------
// Per-breakpoint overrides

/** A block (by id or path) or a section (by id): both carry `responsive`. */
export type NodeRef = string | BlockPath;

type Located =
  | { kind: "block"; path: BlockPath }
  | { kind: "section"; index: number }
  | null;

function locate(doc: Document, ref: NodeRef): Located {
  const path = resolveRef(doc, ref);
  if (path) return { kind: "block", path };
  const index = typeof ref === "string" ? findSection(doc, ref) : -1;
  return index >= 0 ? { kind: "section", index } : null;
}

/** `node` with its `responsive` replaced, left out when empty. */
function withResponsive<T extends { responsive?: Responsive }>(
  node: T,
  responsive: Responsive | undefined,
): T {
  const next = { ...node };
  if (responsive) next.responsive = responsive;
  else delete next.responsive;
  return next;
}

/** Applies `fn` to the `responsive` of a block or section. */
function updateResponsive(
  doc: Document,
  ref: NodeRef,
  fn: (r: Responsive | undefined) => Responsive | undefined,
): Document {
  const at = locate(doc, ref);
  if (!at) return doc;
  if (at.kind === "block") {
    return updateBlockAt(doc, at.path, (b) => {
      const r = fn(b.responsive);
      return r === b.responsive ? null : withResponsive<Block>(b, r);
    });
  }
  const section = doc.sections[at.index] as Section;
  const r = fn(section.responsive);
  return r === section.responsive ? doc : withSection(doc, at.index, withResponsive(section, r));
}

/**
 * Sets what a block or section overrides at one breakpoint (`hidden`, `align`, `padding_top`,
 * `padding_bottom`, `font_size`); undefined clears it. Emptied override objects, and an emptied
 * `responsive`, are removed so the JSON stays minimal.
 */
export function setOverride<K extends keyof Override>(
  doc: Document,
  ref: NodeRef,
  breakpoint: Breakpoint,
  key: K,
  value: Override[K] | undefined,
): Document {
  return updateResponsive(doc, ref, (r) => {
    if (r?.[breakpoint]?.[key] === value) return r;
    const override = compact({ ...r?.[breakpoint], [key]: value });
    return compact({ ...r, [breakpoint]: override });
  });
}

/** Clears every override at one breakpoint, or at all of them. */
export function clearOverrides(doc: Document, ref: NodeRef, breakpoint?: Breakpoint): Document {
  return updateResponsive(doc, ref, (r) => {
    if (!r || (breakpoint && !r[breakpoint])) return r;
    return breakpoint ? compact({ ...r, [breakpoint]: undefined }) : undefined;
  });
}

/** What a block or section overrides at `breakpoint` (an empty object when nothing). */
export function overridesAt(node: { responsive?: Responsive }, breakpoint: Breakpoint): Override {
  return node.responsive?.[breakpoint] ?? {};
}

// ---------------------------------------------------------------------------------------------
// Ids

/** Why `id` cannot become the new id of something in `doc`, or null. */
export function checkId(doc: Document, id: string): string | null {
  if (!isValidId(id)) {
    return (
      "An id starts with a lowercase letter and uses a-z, 0-9, '-' and '_' " +
      "(at most 64 characters)."
    );
  }
  return collectIds(doc).has(id) ? `The id '${id}' is already used in this page.` : null;
}

/**
 * Renames a block or section (its `#anchor`; a form's id is part of its submission address).
 * Refused when the new id is invalid or taken.
 */
export function renameId(doc: Document, oldId: string, newId: string): Document {
  if (oldId === newId || checkId(doc, newId) !== null) return doc;
  const path = resolveRef(doc, oldId);
  if (path) return updateBlockAt(doc, path, (b) => ({ ...b, id: newId }));
  const i = findSection(doc, oldId);
  const section = doc.sections[i];
  return section ? withSection(doc, i, { ...section, id: newId }) : doc;
}

/** Whether every section and block id is unique (a check for tests and loaded documents). */
export function idsAreUnique(doc: Document): boolean {
  const seen = new Set<string>();
  let unique = true;
  const see = (id: string) => {
    if (seen.has(id)) unique = false;
    seen.add(id);
  };
  doc.sections.forEach((s) => see(s.id));
  walkBlocks(doc, (b) => see(b.id));
  return unique;
}

/** Whether `v` looks like a page document (the shape, not every rule). */
export function isDocument(v: unknown): v is Document {
  return (
    isObject(v) &&
    typeof v.schema_version === "number" &&
    isObject(v.settings) &&
    typeof v.settings.title === "string" &&
    Array.isArray(v.sections)
  );
}
