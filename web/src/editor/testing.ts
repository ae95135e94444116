// Helpers for the editor's tests: small documents to edit, a compact picture of a layout, and
// deep freezing to prove that operations never mutate their input.
import { isColumns, type Block, type Document, type Section } from "./model";

/** Freezes `v` and everything in it; writing to it afterwards throws (modules are strict). */
export function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

export function heading(id: string, text = `Heading ${id}`): Block {
  return { id, type: "heading", props: { text, level: 2 } };
}

export function columns(id: string, ...cols: Block[][]): Block {
  return { id, type: "columns", props: { columns: cols.map((blocks) => ({ span: 1, blocks })) } };
}

export function section(id: string, ...blocks: Block[]): Section {
  return { id, background: "default", width: "normal", padding: "xl", blocks };
}

export function page(...sections: Section[]): Document {
  const settings = { title: "Test page", language: "en" };
  return { schema_version: 1, settings, theme: {}, sections };
}

/**
 * The fixture most tests use, frozen:
 *   a: h1, t1, cols(c0a | c1a c1b)
 *   b: h2
 *   c: (empty)
 */
export function fixture(): Document {
  return deepFreeze(
    page(
      section(
        "a",
        heading("h1"),
        heading("t1"),
        columns("cols", [heading("c0a")], [heading("c1a"), heading("c1b")]),
      ),
      section("b", heading("h2")),
      section("c"),
    ),
  );
}

function blocksLayout(blocks: readonly Block[]): string {
  return blocks
    .map((b) =>
      isColumns(b)
        ? `${b.id}(${b.props.columns.map((c) => blocksLayout(c.blocks)).join(" | ")})`
        : b.id,
    )
    .join(" ");
}

/** The layout in one line, e.g. `a: h1 cols(x | y) / b: h2 / c:`. */
export function layout(doc: Document): string {
  return doc.sections.map((s) => `${s.id}: ${blocksLayout(s.blocks)}`.trimEnd()).join(" / ");
}
