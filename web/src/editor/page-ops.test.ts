import { describe, expect, it } from "vitest";
import { MAX_SECTIONS, findBlock, type Document } from "./model";
import {
  addSection,
  checkId,
  clearOverrides,
  duplicateSection,
  idsAreUnique,
  isDocument,
  moveSection,
  moveSectionBy,
  overridesAt,
  removeSection,
  renameId,
  resetThemeGroup,
  setOverride,
  setPreset,
  setSection,
  setSeo,
  setSetting,
  setThemeToken,
} from "./ops";
import { resolveTheme } from "./theme";
import { deepFreeze, fixture, layout, page, section } from "./testing";

describe("settings", () => {
  it("sets title, slug and language; an empty slug is removed", () => {
    const doc = fixture();
    const titled = setSetting(doc, "title", "Spring sale");
    expect(titled.settings).toEqual({ title: "Spring sale", language: "en" });
    expect(titled.sections).toBe(doc.sections);
    const slugged = setSetting(titled, "slug", "spring-sale");
    expect(slugged.settings.slug).toBe("spring-sale");
    expect("slug" in setSetting(slugged, "slug", "").settings).toBe(false);
    expect(setSetting(doc, "language", "de").settings.language).toBe("de");
    expect(setSetting(doc, "title", "Test page")).toBe(doc);
    expect(setSetting(doc, "title", "").settings.title).toBe("");
  });

  it("sets SEO and social image, leaving out an emptied seo object", () => {
    const doc = fixture();
    const a = setSeo(doc, "meta_description", "All about the sale");
    const b = setSeo(a, "og_image", "https://example.com/social.png");
    const c = setSeo(b, "noindex", true);
    expect(c.settings.seo).toEqual({
      meta_description: "All about the sale",
      og_image: "https://example.com/social.png",
      noindex: true,
    });
    const cleared = setSeo(setSeo(setSeo(c, "noindex", false), "og_image", undefined), "meta_description", "");
    expect(cleared.settings).toEqual(doc.settings);
    expect(JSON.stringify(cleared)).not.toContain("seo");
    expect(setSeo(doc, "meta_title", undefined)).toBe(doc);
    expect(setSeo(c, "noindex", true)).toBe(c);
  });
});

describe("theme", () => {
  it("overrides tokens and goes back to the preset's", () => {
    const doc = fixture();
    const branded = setThemeToken(doc, "colors", "brand", "#0f766e");
    const rounded = setThemeToken(branded, "radius", "large", 24);
    const pill = setThemeToken(rounded, "buttons", "radius", 999);
    const upper = setThemeToken(pill, "buttons", "uppercase", false);
    expect(upper.theme).toEqual({
      colors: { brand: "#0f766e" },
      radius: { large: 24 },
      buttons: { radius: 999, uppercase: false },
    });
    expect(resolveTheme(upper.theme).colors.brand).toBe("#0f766e");
    expect(resolveTheme(upper.theme).colors.accent).toBe("#0e7490");
    const back = setThemeToken(upper, "colors", "brand", undefined);
    expect(back.theme && "colors" in back.theme).toBe(false);
    expect(resetThemeGroup(back, "buttons").theme).toEqual({ radius: { large: 24 } });
    expect(setThemeToken(upper, "radius", "large", 24)).toBe(upper);
    expect(setThemeToken(doc, "fonts", "body", undefined)).toBe(doc);
  });

  it("chooses a preset, dropping overrides unless asked to keep them", () => {
    const doc = setThemeToken(fixture(), "spacing", "unit_px", 10);
    expect(setPreset(doc, "ocean").theme).toEqual({ preset: "ocean" });
    expect(setPreset(doc, "ocean", true).theme).toEqual({ spacing: { unit_px: 10 }, preset: "ocean" });
    expect(resolveTheme(setPreset(doc, "ocean").theme).buttons.radius).toBe(999);
    const plain = setPreset(doc, undefined);
    expect("theme" in plain).toBe(false);
    expect(setPreset(plain, undefined)).toBe(plain);
    expect(resolveTheme(plain.theme).colors.brand).toBe("#4338ca");
    expect(resolveTheme({ preset: "no-such" }).colors.brand).toBe("#4338ca");
  });
});

describe("sections", () => {
  it("adds, removes and moves sections", () => {
    const doc = fixture();
    const added = addSection(doc, 1);
    expect(layout(added)).toBe("a: h1 t1 cols(c0a | c1a c1b) / section: / b: h2 / c:");
    expect(added.sections[1]).toEqual({
      id: "section",
      background: "default",
      width: "normal",
      padding: "xl",
      blocks: [],
    });
    expect(addSection(added, 0, { background: "dark" }).sections[0]).toMatchObject({
      id: "section-2",
      background: "dark",
    });
    expect(layout(removeSection(doc, "b"))).toBe("a: h1 t1 cols(c0a | c1a c1b) / c:");
    expect(layout(removeSection(doc, 0))).toBe("b: h2 / c:");
    expect(removeSection(doc, "h1")).toBe(doc);
    expect(layout(moveSection(doc, "a", 3))).toBe("b: h2 / c: / a: h1 t1 cols(c0a | c1a c1b)");
    expect(layout(moveSection(doc, "c", 0))).toBe("c: / a: h1 t1 cols(c0a | c1a c1b) / b: h2");
    expect(moveSection(doc, "a", 1)).toBe(doc);
    expect(layout(moveSectionBy(doc, "a", 1))).toBe("b: h2 / a: h1 t1 cols(c0a | c1a c1b) / c:");
    expect(layout(moveSectionBy(doc, "b", -1))).toBe("b: h2 / a: h1 t1 cols(c0a | c1a c1b) / c:");
    expect(moveSectionBy(doc, "a", -1)).toBe(doc);
    expect(moveSectionBy(doc, "c", 1)).toBe(doc);
  });

  it("refuses more than 200 sections", () => {
    const many = deepFreeze(page(...Array.from({ length: MAX_SECTIONS }, (_, i) => section(`s${i}`))));
    expect(addSection(many)).toBe(many);
    expect(duplicateSection(many, 0)).toBe(many);
  });

  it("duplicates a section with fresh ids throughout", () => {
    const doc = fixture();
    const next = duplicateSection(doc, "a");
    expect(layout(next)).toBe(
      "a: h1 t1 cols(c0a | c1a c1b) / a-2: h1-2 t1-2 cols-2(c0a-2 | c1a-2 c1b-2) / b: h2 / c:",
    );
    expect(idsAreUnique(next)).toBe(true);
  });

  it("sets background, width, padding and alignment", () => {
    const doc = fixture();
    const next = setSection(setSection(doc, "b", "background", "dark"), "b", "align", "center");
    expect(next.sections[1]).toMatchObject({ background: "dark", align: "center" });
    expect("align" in setSection(next, "b", "align", undefined).sections[1]!).toBe(false);
    expect(setSection(doc, "b", "padding", undefined)).toBe(doc);
    expect(setSection(doc, "b", "width", "normal")).toBe(doc);
    expect(next.sections[0]).toBe(doc.sections[0]);
  });
});

describe("breakpoint overrides", () => {
  it("are set per breakpoint and cleared back to minimal JSON", () => {
    const doc = fixture();
    const hidden = setOverride(doc, "c1a", "mobile", "hidden", true);
    const sized = setOverride(hidden, "c1a", "tablet", "font_size", "xl");
    const padded = setOverride(sized, "c1a", "mobile", "padding_top", "s");
    const path = findBlock(padded, "c1a");
    expect(path).not.toBeNull();
    const block = path && padded.sections[0]!.blocks[2];
    expect(block && block.type === "columns" && block.props.columns[1]!.blocks[0]!.responsive).toEqual({
      mobile: { hidden: true, padding_top: "s" },
      tablet: { font_size: "xl" },
    });

    const minimal = (d: Document) => JSON.stringify(d);
    let back = setOverride(padded, "c1a", "mobile", "hidden", undefined);
    back = setOverride(back, "c1a", "mobile", "padding_top", undefined);
    expect(minimal(back)).toContain('"responsive":{"tablet":{"font_size":"xl"}}');
    back = setOverride(back, "c1a", "tablet", "font_size", undefined);
    expect(minimal(back)).toBe(minimal(doc));
    expect(minimal(back)).not.toContain("responsive");
  });

  it("apply to sections too, and can be cleared at once", () => {
    const doc = fixture();
    const a = setOverride(doc, "b", "mobile", "padding_bottom", "none");
    const b = setOverride(a, "b", "desktop", "align", "left");
    expect(b.sections[1]!.responsive).toEqual({
      mobile: { padding_bottom: "none" },
      desktop: { align: "left" },
    });
    expect(overridesAt(b.sections[1]!, "mobile")).toEqual({ padding_bottom: "none" });
    expect(overridesAt(b.sections[1]!, "tablet")).toEqual({});
    const mobileOnly = clearOverrides(b, "b", "desktop");
    expect(mobileOnly.sections[1]!.responsive).toEqual({ mobile: { padding_bottom: "none" } });
    expect("responsive" in clearOverrides(b, "b").sections[1]!).toBe(false);
    expect(clearOverrides(doc, "b")).toBe(doc);
    expect(setOverride(b, "b", "mobile", "padding_bottom", "none")).toBe(b);
    expect(setOverride(doc, "h2", "mobile", "hidden", undefined)).toBe(doc);
    expect(setOverride(doc, "nope", "mobile", "hidden", true)).toBe(doc);
  });
});

describe("ids", () => {
  it("rename blocks and sections to valid, unused ids", () => {
    const doc = fixture();
    expect(layout(renameId(doc, "c1b", "pricing"))).toBe("a: h1 t1 cols(c0a | c1a pricing) / b: h2 / c:");
    expect(layout(renameId(doc, "b", "offer"))).toBe("a: h1 t1 cols(c0a | c1a c1b) / offer: h2 / c:");
    expect(renameId(doc, "h1", "h2")).toBe(doc);
    expect(renameId(doc, "h1", "Bad Id")).toBe(doc);
    expect(checkId(doc, "a")).toMatch(/already used/);
    expect(checkId(doc, "9")).toMatch(/lowercase/);
    expect(checkId(doc, "fresh")).toBeNull();
  });

  it("recognise documents", () => {
    expect(isDocument(fixture())).toBe(true);
    expect(isDocument({ schema_version: 1, settings: {}, sections: [] })).toBe(false);
    expect(isDocument(null)).toBe(false);
  });
});
