// The editor's default blocks must be documents the server accepts. This test builds a page with
// one block of every library type (fixed clock, so the result is deterministic) and compares it
// with the committed fixture; crates/lander-doc/tests/parse.rs parses the same fixture with the
// server's parser. Regenerate after changing a default: UPDATE_FIXTURES=1 npm test.
import { expect, test } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { LIBRARY, newBlock } from "./library";
import { insertBlock } from "./ops";
import type { Document } from "./model";

// Paths from web/, where the tests run.
const FIXTURE = "src/editor/fixtures/library-doc.json";
const NOW = new Date("2026-01-01T09:00:00Z");

test("a page with every library block matches the fixture the server's parser checks", () => {
  let doc = JSON.parse(
    readFileSync("../crates/lander-doc/templates/blank.json", "utf8"),
  ) as Document;
  for (const entry of LIBRARY) {
    const block = newBlock(doc, entry.type, NOW);
    doc = insertBlock(doc, { section: 0, nest: [], index: doc.sections[0].blocks.length }, block);
  }
  const json = `${JSON.stringify(doc, null, 2)}\n`;
  if (process.env.UPDATE_FIXTURES) writeFileSync(FIXTURE, json);
  expect(json).toBe(readFileSync(FIXTURE, "utf8"));
  expect(new Set(LIBRARY.map((e) => e.type)).size).toBe(17);
});
