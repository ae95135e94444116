import { describe, expect, it } from "vitest";
import { LIBRARY, createBlock, isBlockType, newBlock } from "./library";
import {
  BLOCK_TYPES,
  IdGenerator,
  collectIds,
  countBlocks,
  isValidId,
  walkBlocks,
  type Document,
} from "./model";
import { idsAreUnique, insertBlock } from "./ops";
import { deepFreeze, fixture } from "./testing";

const NOW = new Date("2026-03-01T09:30:00Z");

describe("the block library", () => {
  it("lists every block type once", () => {
    expect(LIBRARY.map((e) => e.type)).toEqual(BLOCK_TYPES);
    expect(BLOCK_TYPES).toHaveLength(17);
    expect(isBlockType("faq")).toBe(true);
    expect(isBlockType("carousel")).toBe(false);
  });

  it.each(BLOCK_TYPES)("inserts a new %s block with unique ids", (type) => {
    const doc = fixture();
    const block = newBlock(doc, type, NOW);
    expect(block.type).toBe(type);
    const next = insertBlock(doc, { section: 1, nest: [], index: 1 }, block);
    expect(next).not.toBe(doc);
    expect(countBlocks(next)).toBeGreaterThan(countBlocks(doc));
    expect(idsAreUnique(next)).toBe(true);
    walkBlocks(next, (b) => expect(isValidId(b.id)).toBe(true));
    // Plain JSON: survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(next))).toEqual(next);
  });

  it("makes all 17 into one page with unique, readable ids", () => {
    let doc: Document = fixture();
    for (const type of [...BLOCK_TYPES, ...BLOCK_TYPES]) {
      doc = deepFreeze(insertBlock(doc, { section: 2, nest: [], index: 0 }, newBlock(doc, type, NOW)));
    }
    expect(idsAreUnique(doc)).toBe(true);
    expect(doc.sections[2]!.blocks).toHaveLength(34);
    const ids = collectIds(doc);
    for (const id of ["hero", "hero-2", "rich-text", "rich-text-2", "custom-html", "custom-html-2"]) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it("gives nested blocks of a new columns block fresh ids", () => {
    const ids = new IdGenerator(["heading", "rich-text"]);
    const block = createBlock("columns", ids, NOW);
    const nested: string[] = [];
    walkBlocks({ schema_version: 1, settings: { title: "x" }, sections: [{ id: "s", blocks: [block] }] }, (b) =>
      nested.push(b.id),
    );
    expect(nested).toEqual(["columns", "heading-2", "rich-text-2", "heading-3", "rich-text-3"]);
  });

  it("counts down to two weeks ahead, on the hour, in RFC 3339", () => {
    const block = createBlock("countdown", new IdGenerator([]), NOW);
    expect(block.type === "countdown" && block.props.target).toBe("2026-03-15T09:00:00Z");
  });

  it("writes defaults the server accepts", () => {
    // The rules of parse.rs that defaults could break.
    for (const type of BLOCK_TYPES) {
      const b = createBlock(type, new IdGenerator([]), NOW);
      const json = JSON.stringify(b);
      expect(json).not.toMatch(/javascript:/);
      if (b.type === "features") expect(b.props.items.length).toBeGreaterThanOrEqual(1);
      if (b.type === "pricing") expect(b.props.plans.length).toBeLessThanOrEqual(4);
      if (b.type === "form") {
        for (const f of b.props.fields) expect(f.name).toMatch(/^[a-z][a-z0-9_]*$/);
      }
      if (b.type === "video") expect(b.props.url).toMatch(/^https:\/\/(www\.)?(youtube\.com|vimeo\.com)\//);
      if (b.type === "image") expect(b.props.src).toMatch(/^(\/[^/]|https:\/\/)/);
    }
  });
});
