// Round trips over the built-in templates (crates/lander-doc/templates): real documents, read
// as the server stores them, edited by the operations, must stay plain JSON with unique ids.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { newBlock } from "./library";
import { BLOCK_TYPES, countBlocks, walkBlocks, type Document } from "./model";
import {
  addSection,
  duplicateBlock,
  duplicateSection,
  idsAreUnique,
  insertBlock,
  isDocument,
  moveBlock,
  moveDown,
  moveUp,
  removeBlock,
  setOverride,
  setProp,
  setSeo,
  setThemeToken,
} from "./ops";
import { deepFreeze } from "./testing";

// From this file's address, held in a variable: Vite rewrites `new URL("…", import.meta.url)`
// into a served asset's address.
const here = import.meta.url;
const DIR = decodeURIComponent(new URL("../../../crates/lander-doc/templates/", here).pathname);
const names = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();

function load(name: string): Document {
  const value: unknown = JSON.parse(readFileSync(DIR + name, "utf8"));
  if (!isDocument(value)) throw new Error(`${name} is not a document`);
  return deepFreeze(value);
}

/** A series of edits touching every kind of operation. */
function edit(doc: Document): Document {
  let d = doc;
  const first = d.sections[0]?.blocks[0];
  if (first) d = duplicateBlock(d, first.id);
  const columnsIds: string[] = [];
  walkBlocks(d, (b) => {
    if (b.type === "columns") columnsIds.push(b.id);
  });
  for (const id of columnsIds) d = duplicateBlock(d, id);
  d = duplicateSection(d, 0);
  for (const type of BLOCK_TYPES) d = insertBlock(d, { section: 0, nest: [], index: 0 }, newBlock(d, type));
  const lastSection = d.sections[d.sections.length - 1];
  const lastBlock = lastSection?.blocks[lastSection.blocks.length - 1];
  if (lastBlock) {
    d = moveBlock(d, lastBlock.id, { section: 0, nest: [], index: 1 });
    d = moveDown(moveDown(moveUp(d, lastBlock.id), lastBlock.id), lastBlock.id);
    d = setOverride(d, lastBlock.id, "mobile", "hidden", true);
  }
  walkBlocks(d, (b) => {
    if (b.type === "hero") d = setProp(d, b.id, ["headline"], "Edited headline");
  });
  d = addSection(d, 1);
  d = setThemeToken(d, "colors", "brand", "#123456");
  d = setSeo(d, "og_image", "https://example.com/og.png");
  const second = d.sections[1]?.blocks[0];
  if (second) d = removeBlock(d, second.id);
  return d;
}

describe("the built-in templates", () => {
  it("are all here", () => {
    expect(names).toEqual(expect.arrayContaining(["blank.json", "saas.json", "webinar.json"]));
  });

  it.each(names)("%s survives editing", (name) => {
    const original = load(name);
    const before = JSON.stringify(original);
    expect(idsAreUnique(original)).toBe(true);
    // Loading is lossless: the editor keeps exactly what the server sent.
    expect(JSON.parse(before)).toEqual(original);

    const edited = edit(original);
    expect(edited).not.toBe(original);
    expect(idsAreUnique(edited)).toBe(true);
    expect(countBlocks(edited)).toBeGreaterThan(countBlocks(original) + BLOCK_TYPES.length - 2);
    expect(JSON.parse(JSON.stringify(edited))).toEqual(edited);
    expect(JSON.stringify(original)).toBe(before);
    expect(edited.theme?.preset).toBe(original.theme?.preset);
    expect(edited.settings.title).toBe(original.settings.title);
  });
});
