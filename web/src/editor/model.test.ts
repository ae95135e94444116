import { describe, expect, it } from "vitest";
import {
  IdGenerator,
  blockAt,
  blockPathFromPointer,
  collectIds,
  columnsHeight,
  countBlocks,
  findBlock,
  isValidId,
  listAt,
  toPointer,
  walkBlocks,
} from "./model";
import { columns, fixture, heading } from "./testing";

describe("block paths", () => {
  it("find blocks in sections and in columns", () => {
    const doc = fixture();
    expect(findBlock(doc, "h1")).toEqual({ section: 0, nest: [], index: 0 });
    expect(findBlock(doc, "cols")).toEqual({ section: 0, nest: [], index: 2 });
    expect(findBlock(doc, "c1b")).toEqual({ section: 0, nest: [{ block: 2, column: 1 }], index: 1 });
    expect(findBlock(doc, "h2")).toEqual({ section: 1, nest: [], index: 0 });
    expect(findBlock(doc, "nope")).toBeNull();
    expect(findBlock(doc, "a")).toBeNull(); // a section, not a block
  });

  it("lead back to the block", () => {
    const doc = fixture();
    walkBlocks(doc, (b, path) => expect(blockAt(doc, path)).toBe(b));
    expect(blockAt(doc, { section: 0, nest: [{ block: 0, column: 0 }], index: 0 })).toBeUndefined();
    expect(blockAt(doc, { section: 9, nest: [], index: 0 })).toBeUndefined();
    expect(listAt(doc, { section: 2, nest: [] })).toEqual([]);
  });

  it("walk in document order", () => {
    const order: string[] = [];
    walkBlocks(fixture(), (b) => order.push(b.id));
    expect(order).toEqual(["h1", "t1", "cols", "c0a", "c1a", "c1b", "h2"]);
    expect(countBlocks(fixture())).toBe(7);
  });

  it("convert to and from the server's JSON pointers", () => {
    const doc = fixture();
    const path = findBlock(doc, "c1b");
    expect(path).not.toBeNull();
    if (!path) return;
    expect(toPointer(path)).toBe("/sections/0/blocks/2/props/columns/1/blocks/1");
    expect(blockPathFromPointer(`${toPointer(path)}/props/text`)).toEqual(path);
    expect(blockPathFromPointer("/sections/0/blocks/2/props/columns/1/span")).toEqual(findBlock(doc, "cols"));
    expect(blockPathFromPointer("/sections/0/blocks/2/props/columns/1/blocks")).toEqual(findBlock(doc, "cols"));
    expect(blockPathFromPointer("/settings/title")).toBeNull();
    expect(blockPathFromPointer("/sections/1/id")).toBeNull();
  });

  it("measure how deep columns nest", () => {
    expect(columnsHeight(heading("x"))).toBe(0);
    expect(columnsHeight(columns("c", []))).toBe(1);
    expect(columnsHeight(columns("c", [columns("d", [heading("x")])], []))).toBe(2);
  });
});

describe("ids", () => {
  it("are collected from sections and blocks", () => {
    expect([...collectIds(fixture())].sort()).toEqual(
      ["a", "b", "c", "c0a", "c1a", "c1b", "cols", "h1", "h2", "t1"].sort(),
    );
  });

  it("are fresh, valid and readable", () => {
    const gen = new IdGenerator(["hero", "hero-2", "rich-text"]);
    expect(gen.next("hero")).toBe("hero-3");
    expect(gen.next("hero-2")).toBe("hero-4");
    expect(gen.next("rich_text")).toBe("rich-text-2");
    expect(gen.next("faq")).toBe("faq");
    expect(gen.next("faq")).toBe("faq-2");
    expect(gen.next("42")).toBe("block-42");
    expect(gen.next("Über Uns!")).toBe("ber-uns");
    expect(gen.next("")).toBe("block");
    const long = gen.next("x".repeat(100));
    expect(long).toHaveLength(64);
    expect(gen.next("x".repeat(100))).toBe(`${"x".repeat(62)}-2`);
  });

  it("always follow the BlockId rules", () => {
    const gen = new IdGenerator([]);
    for (const base of ["", "-", "_a", "A-B", "9", "a--b", "é", "sec tion", "x-1", "a".repeat(70)]) {
      for (let i = 0; i < 3; i++) expect(isValidId(gen.next(base)), base).toBe(true);
    }
    expect(isValidId("Hero")).toBe(false);
    expect(isValidId("1a")).toBe(false);
    expect(isValidId("a".repeat(65))).toBe(false);
  });
});
