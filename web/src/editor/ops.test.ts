import { describe, expect, it } from "vitest";
import { newBlock } from "./library";
import {
  MAX_BLOCKS,
  blockAt,
  findBlock,
  walkBlocks,
  type Block,
  type BlockPath,
  type Document,
} from "./model";
import {
  checkInsert,
  checkMove,
  copyBlock,
  duplicateBlock,
  idsAreUnique,
  insertBlock,
  insertItem,
  moveBlock,
  moveDown,
  moveItem,
  moveUp,
  removeBlock,
  removeItem,
  setColumnCount,
  setProp,
  updateBlock,
} from "./ops";
import { columns, deepFreeze, fixture, heading, layout, page, section } from "./testing";

const START = "a: h1 t1 cols(c0a | c1a c1b) / b: h2 / c:";

function path(doc: Document, id: string): BlockPath {
  const p = findBlock(doc, id);
  if (!p) throw new Error(`no block ${id}`);
  return p;
}

function block(doc: Document, id: string): Block {
  const b = blockAt(doc, path(doc, id));
  if (!b) throw new Error(`no block ${id}`);
  return b;
}

describe("setProp", () => {
  it("sets a prop and shares everything else", () => {
    const doc = fixture();
    const next = setProp(doc, "h2", ["text"], "Hello");
    expect(block(next, "h2").props).toEqual({ text: "Hello", level: 2 });
    expect(next.sections[0]).toBe(doc.sections[0]);
    expect(next.settings).toBe(doc.settings);
    expect(block(doc, "h2").props).toEqual({ text: "Heading h2", level: 2 });
  });

  it("reaches into nested blocks by id or path", () => {
    const doc = fixture();
    const byId = setProp(doc, "c1b", ["text"], "Nested");
    const byPath = setProp(doc, path(doc, "c1b"), ["text"], "Nested");
    expect(byId).toEqual(byPath);
    expect(block(byId, "c1b").props).toMatchObject({ text: "Nested" });
    const cols = block(byId, "cols");
    expect(cols.type === "columns" && cols.props.columns[0]).toBe(
      block(doc, "cols").type === "columns" && (block(doc, "cols").props as { columns: unknown[] }).columns[0],
    );
  });

  it("creates missing objects and removes a prop set to undefined", () => {
    const doc = deepFreeze(page(section("s", newBlock(page(), "hero"))));
    const withCta = setProp(doc, "hero", ["primary", "label"], "Buy");
    expect(block(withCta, "hero").props).toMatchObject({ primary: { label: "Buy", href: "#signup" } });
    const noNote = setProp(doc, "hero", ["eyebrow"], undefined);
    expect("eyebrow" in block(noNote, "hero").props).toBe(false);
    expect(JSON.stringify(noNote)).not.toContain("eyebrow");
  });

  it("returns the same document when nothing changes or nothing matches", () => {
    const doc = fixture();
    expect(setProp(doc, "h2", ["text"], "Heading h2")).toBe(doc);
    expect(setProp(doc, "h2", ["subtitle"], undefined)).toBe(doc);
    expect(setProp(doc, "missing", ["text"], "x")).toBe(doc);
    expect(setProp(doc, "h2", [], "x")).toBe(doc);
    expect(setProp(doc, "h2", ["text", 3], "x")).toBe(doc);
  });

  it("leaves a columns block's nested blocks to the block operations", () => {
    const doc = fixture();
    expect(setProp(doc, "cols", ["columns"], [])).toBe(doc);
    expect(setProp(doc, "cols", ["columns", 0, "blocks"], [])).toBe(doc);
    expect(setProp(doc, "cols", ["columns", 0], { blocks: [] })).toBe(doc);
    const wide = setProp(doc, "cols", ["columns", 0, "span"], 2);
    const cols = block(wide, "cols");
    expect(cols.type === "columns" && cols.props.columns[0]?.span).toBe(2);
  });

  it("edits list props item by item", () => {
    const doc = deepFreeze(page(section("s", newBlock(page(), "features"))));
    const titles = (d: Document) => {
      const b = block(d, "features");
      return b.type === "features" ? b.props.items.map((i) => i.title) : [];
    };
    expect(titles(doc)).toEqual(["Fast", "Secure", "Collaborative"]);
    const added = insertItem(doc, "features", ["items"], 1, { title: "New", text: "x" });
    expect(titles(added)).toEqual(["Fast", "New", "Secure", "Collaborative"]);
    expect(titles(removeItem(added, "features", ["items"], 0))).toEqual(["New", "Secure", "Collaborative"]);
    expect(titles(moveItem(doc, "features", ["items"], 0, 3))).toEqual(["Secure", "Collaborative", "Fast"]);
    expect(moveItem(doc, "features", ["items"], 0, 1)).toBe(doc);
    expect(insertItem(doc, "features", ["items"], 9, {})).toBe(doc);
    expect(removeItem(doc, "features", ["heading"], 0)).toBe(doc);
    const renamed = setProp(doc, "features", ["items", 2, "title"], "Shared");
    expect(titles(renamed)).toEqual(["Fast", "Secure", "Shared"]);
  });

  it("updateBlock keeps id, type and nested blocks", () => {
    const doc = fixture();
    const next = updateBlock(doc, "h1", (b) =>
      b.type === "heading" ? { ...b, props: { ...b.props, level: 1 } } : b,
    );
    expect(block(next, "h1").props).toMatchObject({ level: 1 });
    expect(updateBlock(doc, "h1", (b) => ({ ...b, id: "other" }))).toBe(doc);
    const gap = (b: Block): Block =>
      b.type === "columns" ? { ...b, props: { ...b.props, gap: "l" } } : b;
    const empty = (b: Block): Block =>
      b.type === "columns" ? { ...b, props: { columns: [] } } : b;
    expect(updateBlock(doc, "cols", gap)).not.toBe(doc);
    expect(updateBlock(doc, "cols", empty)).toBe(doc);
  });
});

describe("insert and remove", () => {
  it("inserts at the start, the end and into a column", () => {
    const doc = fixture();
    expect(layout(insertBlock(doc, { section: 1, nest: [], index: 0 }, heading("n")))).toBe(
      "a: h1 t1 cols(c0a | c1a c1b) / b: n h2 / c:",
    );
    expect(layout(insertBlock(doc, { section: 2, nest: [], index: 0 }, heading("n")))).toBe(
      "a: h1 t1 cols(c0a | c1a c1b) / b: h2 / c: n",
    );
    const inColumn = { section: 0, nest: [{ block: 2, column: 1 }], index: 2 };
    expect(layout(insertBlock(doc, inColumn, heading("n")))).toBe(
      "a: h1 t1 cols(c0a | c1a c1b n) / b: h2 / c:",
    );
  });

  it("refuses taken ids and places that do not exist", () => {
    const doc = fixture();
    expect(checkInsert(doc, { section: 0, nest: [], index: 0 }, heading("h2"))).toMatch(/already used/);
    expect(checkInsert(doc, { section: 0, nest: [], index: 0 }, heading("a"))).toMatch(/already used/);
    const twice = columns("x", [heading("y"), heading("y")]);
    expect(checkInsert(doc, { section: 0, nest: [], index: 0 }, twice)).toMatch(/already used/);
    expect(insertBlock(doc, { section: 0, nest: [], index: 4 }, heading("n"))).toBe(doc);
    expect(insertBlock(doc, { section: 3, nest: [], index: 0 }, heading("n"))).toBe(doc);
    expect(insertBlock(doc, { section: 0, nest: [{ block: 0, column: 0 }], index: 0 }, heading("n"))).toBe(doc);
  });

  it("refuses columns nested deeper than three", () => {
    // top(col: mid(col: low(col: leaf)))
    const doc = deepFreeze(
      page(section("s", columns("top", [columns("mid", [columns("low", [heading("leaf")])])]))),
    );
    const inLow = path(doc, "leaf");
    expect(inLow.nest).toHaveLength(3);
    expect(checkInsert(doc, inLow, heading("plain"))).toBeNull();
    expect(checkInsert(doc, inLow, columns("deeper", []))).toMatch(/at most 3 deep/);
    const inMid = { ...path(doc, "low"), index: 0 };
    expect(checkInsert(doc, inMid, columns("ok", [heading("x")]))).toBeNull();
    expect(checkInsert(doc, inMid, columns("two", [columns("three", [])]))).toMatch(/deep/);
  });

  it("refuses a page of more than 1000 blocks", () => {
    const many = Array.from({ length: MAX_BLOCKS }, (_, i) => heading(`b${i}`));
    const doc = deepFreeze(page(section("s", ...many)));
    expect(checkInsert(doc, { section: 0, nest: [], index: 0 }, heading("one-more"))).toMatch(/1000 blocks/);
    expect(duplicateBlock(doc, "b0")).toBe(doc);
  });

  it("removes blocks, with what they hold", () => {
    const doc = fixture();
    expect(layout(removeBlock(doc, "t1"))).toBe("a: h1 cols(c0a | c1a c1b) / b: h2 / c:");
    expect(layout(removeBlock(doc, "c1a"))).toBe("a: h1 t1 cols(c0a | c1b) / b: h2 / c:");
    expect(layout(removeBlock(doc, "cols"))).toBe("a: h1 t1 / b: h2 / c:");
    expect(removeBlock(doc, "nope")).toBe(doc);
  });
});

describe("duplicate", () => {
  it("puts a copy with a fresh id right after the block", () => {
    const doc = fixture();
    const next = duplicateBlock(doc, "t1");
    expect(layout(next)).toBe("a: h1 t1 t1-2 cols(c0a | c1a c1b) / b: h2 / c:");
    expect(block(next, "t1-2").props).toEqual(block(doc, "t1").props);
    expect(block(next, "t1-2").props).not.toBe(block(doc, "t1").props);
    expect(idsAreUnique(next)).toBe(true);
  });

  it("gives nested blocks fresh ids too", () => {
    const doc = fixture();
    const next = duplicateBlock(doc, "cols");
    expect(layout(next)).toBe(
      "a: h1 t1 cols(c0a | c1a c1b) cols-2(c0a-2 | c1a-2 c1b-2) / b: h2 / c:",
    );
    expect(idsAreUnique(next)).toBe(true);
    const twice = duplicateBlock(next, "cols");
    expect(layout(twice)).toContain("cols-3(c0a-3 | c1a-3 c1b-3) cols-2");
    expect(idsAreUnique(twice)).toBe(true);
  });

  it("copies inside columns", () => {
    const doc = fixture();
    expect(layout(duplicateBlock(doc, "c0a"))).toBe("a: h1 t1 cols(c0a c0a-2 | c1a c1b) / b: h2 / c:");
  });

  it("copyBlock hands out ids free in the document", () => {
    const doc = fixture();
    const copy = copyBlock(doc, block(doc, "cols"));
    const ids: string[] = [];
    walkBlocks(page(section("x", copy)), (b) => ids.push(b.id));
    expect(ids).toEqual(["cols-2", "c0a-2", "c1a-2", "c1b-2"]);
  });
});

describe("moveBlock", () => {
  const doc = fixture();
  const at = (section: number, index: number, nest: BlockPath["nest"] = []): BlockPath => ({
    section,
    nest,
    index,
  });

  it("reorders within a list (gaps counted before the move)", () => {
    expect(layout(moveBlock(doc, "h1", at(0, 2)))).toBe("a: t1 h1 cols(c0a | c1a c1b) / b: h2 / c:");
    expect(layout(moveBlock(doc, "h1", at(0, 3)))).toBe("a: t1 cols(c0a | c1a c1b) h1 / b: h2 / c:");
    expect(layout(moveBlock(doc, "cols", at(0, 0)))).toBe("a: cols(c0a | c1a c1b) h1 t1 / b: h2 / c:");
    expect(moveBlock(doc, "h1", at(0, 0))).toBe(doc);
    expect(moveBlock(doc, "h1", at(0, 1))).toBe(doc);
  });

  it("moves between sections", () => {
    expect(layout(moveBlock(doc, "h1", at(1, 1)))).toBe("a: t1 cols(c0a | c1a c1b) / b: h2 h1 / c:");
    expect(layout(moveBlock(doc, "h2", at(2, 0)))).toBe("a: h1 t1 cols(c0a | c1a c1b) / b: / c: h2");
    expect(layout(moveBlock(doc, "cols", at(1, 0)))).toBe("a: h1 t1 / b: cols(c0a | c1a c1b) h2 / c:");
  });

  it("moves into and out of columns", () => {
    // Into a columns block that comes later in the same list: its index shifts on removal.
    expect(layout(moveBlock(doc, "h1", at(0, 1, [{ block: 2, column: 0 }])))).toBe(
      "a: t1 cols(c0a h1 | c1a c1b) / b: h2 / c:",
    );
    expect(layout(moveBlock(doc, "h2", at(0, 0, [{ block: 2, column: 1 }])))).toBe(
      "a: h1 t1 cols(c0a | h2 c1a c1b) / b: / c:",
    );
    expect(layout(moveBlock(doc, "c1b", at(0, 0)))).toBe("a: c1b h1 t1 cols(c0a | c1a) / b: h2 / c:");
    expect(layout(moveBlock(doc, "c1b", at(0, 0, [{ block: 2, column: 0 }])))).toBe(
      "a: h1 t1 cols(c1b c0a | c1a) / b: h2 / c:",
    );
    expect(layout(moveBlock(doc, "c0a", at(2, 0)))).toBe("a: h1 t1 cols( | c1a c1b) / b: h2 / c: c0a");
  });

  it("refuses moving a block into itself, too deep, or nowhere", () => {
    const into = at(0, 0, [{ block: 2, column: 0 }]);
    expect(checkMove(doc, "cols", into)).toMatch(/into itself/);
    expect(moveBlock(doc, "cols", into)).toBe(doc);
    expect(moveBlock(doc, "h1", at(5, 0))).toBe(doc);
    expect(moveBlock(doc, "h1", at(0, 9))).toBe(doc);
    expect(moveBlock(doc, "missing", at(0, 0))).toBe(doc);

    const deep = deepFreeze(
      page(
        section(
          "s",
          columns("top", [columns("mid", [heading("x")])]),
          columns("other", [columns("inner", [heading("y")])]),
        ),
      ),
    );
    // `top` brings two levels of columns: beside `inner` (inside one columns block) it reaches
    // three, allowed; beside `y` (inside two) it would reach four.
    expect(checkMove(deep, "top", { ...path(deep, "inner"), index: 0 })).toBeNull();
    expect(checkMove(deep, "top", { ...path(deep, "y"), index: 0 })).toMatch(/deep/);
    expect(checkMove(deep, "mid", { ...path(deep, "y"), index: 0 })).toBeNull();
    expect(moveBlock(deep, "top", { ...path(deep, "y"), index: 0 })).toBe(deep);
    const moved = moveBlock(deep, "top", { ...path(deep, "inner"), index: 1 });
    expect(layout(moved)).toBe("s: other(inner(y) top(mid(x)))");
    expect(path(moved, "x").nest).toHaveLength(3);
  });
});

describe("keyboard moves", () => {
  it("walk a block through every place in reading order, and back", () => {
    let doc = fixture();
    const seen: string[] = [layout(doc)];
    for (let i = 0; i < 20; i++) {
      const next = moveUp(doc, "h2");
      if (next === doc) break;
      doc = deepFreeze(next);
      seen.push(layout(doc));
    }
    expect(seen).toEqual([
      "a: h1 t1 cols(c0a | c1a c1b) / b: h2 / c:",
      "a: h1 t1 cols(c0a | c1a c1b) h2 / b: / c:", // across into the previous section
      "a: h1 t1 cols(c0a | c1a c1b h2) / b: / c:", // into the columns, last column
      "a: h1 t1 cols(c0a | c1a h2 c1b) / b: / c:",
      "a: h1 t1 cols(c0a | h2 c1a c1b) / b: / c:",
      "a: h1 t1 cols(c0a h2 | c1a c1b) / b: / c:", // to the previous column
      "a: h1 t1 cols(h2 c0a | c1a c1b) / b: / c:",
      "a: h1 t1 h2 cols(c0a | c1a c1b) / b: / c:", // out of the columns
      "a: h1 h2 t1 cols(c0a | c1a c1b) / b: / c:",
      "a: h2 h1 t1 cols(c0a | c1a c1b) / b: / c:",
    ]);
    expect(moveUp(doc, "h2")).toBe(doc); // the very top

    const back: string[] = [layout(doc)];
    for (let i = 0; i < 20; i++) {
      const next = moveDown(doc, "h2");
      if (next === doc) break;
      doc = deepFreeze(next);
      back.push(layout(doc));
    }
    // Down retraces the same places, then continues into the last section.
    expect(back.slice(0, seen.length)).toEqual([...seen].reverse());
    expect(back.slice(seen.length)).toEqual(["a: h1 t1 cols(c0a | c1a c1b) / b: / c: h2"]);
    expect(moveDown(doc, "h2")).toBe(doc); // the very end
  });

  it("hop over columns that a block cannot enter", () => {
    // `inner` cannot go into `low`'s column: it would nest columns four deep.
    const doc = deepFreeze(
      page(
        section(
          "s",
          columns("top", [columns("mid", [columns("low", [heading("x")]), columns("inner", [])])]),
        ),
      ),
    );
    expect(layout(doc)).toBe("s: top(mid(low(x) inner()))");
    expect(layout(moveUp(doc, "inner"))).toBe("s: top(mid(inner() low(x)))");
    expect(layout(moveUp(doc, "x"))).toBe("s: top(mid(x low() inner()))");
  });

  it("move blocks between columns without skipping empty ones", () => {
    const doc = deepFreeze(page(section("s", columns("c", [heading("x")], [], [heading("y")]))));
    const step1 = moveDown(doc, "x");
    expect(layout(step1)).toBe("s: c( | x | y)");
    expect(layout(moveDown(step1, "x"))).toBe("s: c( |  | x y)");
  });
});

describe("setColumnCount", () => {
  it("adds empty columns and folds removed ones into the last kept", () => {
    const doc = fixture();
    expect(layout(setColumnCount(doc, "cols", 4))).toBe("a: h1 t1 cols(c0a | c1a c1b |  | ) / b: h2 / c:");
    expect(layout(setColumnCount(doc, "cols", 1))).toBe("a: h1 t1 cols(c0a c1a c1b) / b: h2 / c:");
    expect(setColumnCount(doc, "cols", 2)).toBe(doc);
    expect(setColumnCount(doc, "cols", 0)).toBe(doc);
    expect(setColumnCount(doc, "cols", 5)).toBe(doc);
    expect(setColumnCount(doc, "h1", 2)).toBe(doc);
  });
});

describe("immutability", () => {
  it("no operation writes to its (frozen) input", () => {
    const doc = fixture();
    const before = JSON.stringify(doc);
    const ops: ((d: Document) => Document)[] = [
      (d) => setProp(d, "c1a", ["text"], "x"),
      (d) => insertBlock(d, { section: 0, nest: [{ block: 2, column: 0 }], index: 0 }, heading("n")),
      (d) => removeBlock(d, "c1a"),
      (d) => duplicateBlock(d, "cols"),
      (d) => moveBlock(d, "c1a", { section: 1, nest: [], index: 0 }),
      (d) => moveUp(d, "c1a"),
      (d) => moveDown(d, "c1a"),
      (d) => setColumnCount(d, "cols", 1),
      (d) => insertItem(d, "h1", ["nothing"], 0, 1),
    ];
    for (const op of ops) op(doc);
    expect(JSON.stringify(doc)).toBe(before);
    expect(START).toBe(layout(doc));
  });
});
