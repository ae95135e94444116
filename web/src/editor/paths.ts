// Addresses of blocks inside a page document (sections, columns in columns), walking the
// block tree, and fresh ids. Re-exported by model.ts.
import type { Block, ColumnsBlock, Document } from "./model";

export function isColumns(b: Block): b is ColumnsBlock {
  return b.type === "columns";
}

// ---------------------------------------------------------------------------------------------
// Addressing blocks
//
// A block lives in a list: a section's `blocks`, or the `blocks` of one column of a columns
// block, which may itself sit in a column, and so on. A `ListPath` names such a list by the
// section index and one `ColumnStep` per columns block entered on the way down (outermost
// first); a `BlockPath` adds the index in that list. For example
//
//   sections[1].blocks[3]
//     {section: 1, nest: [], index: 3}
//   sections[1].blocks[3].props.columns[0].blocks[2]
//     {section: 1, nest: [{block: 3, column: 0}], index: 2}
//
// `nest.length` is how many columns blocks enclose the block. As a place to insert, `index` may
// equal the list's length (the end). Paths are positions, so they go stale after an edit that
// shifts things; ids are stable, which is why most operations also accept an id.

/** Entering a columns block: its index in the enclosing list, then which column. */
export interface ColumnStep {
  readonly block: number;
  readonly column: number;
}

/** A list of blocks: a section's, or a column's. */
export interface ListPath {
  readonly section: number;
  readonly nest: readonly ColumnStep[];
}

/** A block's place in a document, or a place to insert one. */
export interface BlockPath extends ListPath {
  readonly index: number;
}

/** A block named by its id or by its path. */
export type BlockRef = string | BlockPath;

/** The list of blocks `list` names, or undefined if there is none. */
export function listAt(doc: Document, list: ListPath): readonly Block[] | undefined {
  let blocks: readonly Block[] | undefined = doc.sections[list.section]?.blocks;
  for (const step of list.nest) {
    const host: Block | undefined = blocks?.[step.block];
    if (!host || !isColumns(host)) return undefined;
    blocks = host.props.columns[step.column]?.blocks;
  }
  return blocks;
}

/** The block at `path`, if any. */
export function blockAt(doc: Document, path: BlockPath): Block | undefined {
  return listAt(doc, path)?.[path.index];
}

/** Calls `visit` for every block, depth first in document order (as Document::walk_blocks). */
export function walkBlocks(doc: Document, visit: (block: Block, path: BlockPath) => void): void {
  const walk = (blocks: readonly Block[], section: number, nest: readonly ColumnStep[]) => {
    blocks.forEach((block, index) => {
      visit(block, { section, nest, index });
      if (isColumns(block)) {
        block.props.columns.forEach((col, column) =>
          walk(col.blocks, section, [...nest, { block: index, column }]),
        );
      }
    });
  };
  doc.sections.forEach((s, i) => walk(s.blocks, i, []));
}

/** Where the block with this id is, or null. */
export function findBlock(doc: Document, id: string): BlockPath | null {
  let found: BlockPath | null = null;
  walkBlocks(doc, (b, path) => {
    if (found === null && b.id === id) found = path;
  });
  return found;
}

/** The path a reference names, if it points at a block. */
export function resolveRef(doc: Document, ref: BlockRef): BlockPath | null {
  if (typeof ref === "string") return findBlock(doc, ref);
  return blockAt(doc, ref) ? ref : null;
}

/** Index of the section with this id, or -1. */
export function findSection(doc: Document, id: string): number {
  return doc.sections.findIndex((s) => s.id === id);
}

/** Whether two paths name the same list. */
export function sameList(a: ListPath, b: ListPath): boolean {
  return (
    a.section === b.section &&
    a.nest.length === b.nest.length &&
    a.nest.every((s, i) => s.block === b.nest[i]?.block && s.column === b.nest[i]?.column)
  );
}

/** The JSON pointer (RFC 6901) of the block at `path`, as the server's problems use. */
export function toPointer(path: BlockPath): string {
  let ptr = `/sections/${path.section}/blocks`;
  for (const step of path.nest) ptr += `/${step.block}/props/columns/${step.column}/blocks`;
  return `${ptr}/${path.index}`;
}

const POINTER_STEP = /^\/(\d+)\/props\/columns\/(\d+)\/blocks/;

/**
 * The innermost block a JSON pointer falls in (`/sections/0/blocks/2/props/headline` -> that
 * block), so a problem from the server can be shown on its block. Null when it names none.
 */
export function blockPathFromPointer(pointer: string): BlockPath | null {
  const head = /^\/sections\/(\d+)\/blocks/.exec(pointer);
  if (!head) return null;
  const section = Number(head[1]);
  let rest = pointer.slice(head[0].length);
  const nest: ColumnStep[] = [];
  for (let m = POINTER_STEP.exec(rest); m; m = POINTER_STEP.exec(rest)) {
    nest.push({ block: Number(m[1]), column: Number(m[2]) });
    rest = rest.slice(m[0].length);
  }
  const index = /^\/(\d+)(\/|$)/.exec(rest);
  if (index) return { section, nest, index: Number(index[1]) };
  // The pointer stops at a column's list: report the columns block holding it.
  const last = nest.pop();
  return last ? { section, nest, index: last.block } : null;
}

/** How many blocks the document holds, counting blocks inside columns. */
export function countBlocks(doc: Document): number {
  let n = 0;
  walkBlocks(doc, () => n++);
  return n;
}

/** The block and every block nested in it, depth first. */
export function blocksWithin(block: Block): Block[] {
  const out: Block[] = [block];
  if (isColumns(block)) {
    for (const col of block.props.columns) for (const b of col.blocks) out.push(...blocksWithin(b));
  }
  return out;
}

/**
 * How many levels of columns a block brings with it: 0 for a plain block, 1 for a columns block
 * of plain blocks, 2 when one of its columns holds a columns block, and so on. A block fits in a
 * list enclosed by `nest.length` columns blocks when `nest.length + height <= MAX_COLUMNS_DEPTH`.
 */
export function columnsHeight(block: Block): number {
  if (!isColumns(block)) return 0;
  let inner = 0;
  for (const col of block.props.columns) {
    for (const b of col.blocks) inner = Math.max(inner, columnsHeight(b));
  }
  return 1 + inner;
}

// ---------------------------------------------------------------------------------------------
// Ids

const ID_MAX = 64;

/** Whether `s` is a valid block or section id (types.rs `check_id`). */
export function isValidId(s: string): boolean {
  return /^[a-z][a-z0-9_-]*$/.test(s) && s.length <= ID_MAX;
}

/** Every section and block id in the document: they share one namespace. */
export function collectIds(doc: Document): Set<string> {
  const ids = new Set<string>();
  for (const s of doc.sections) ids.add(s.id);
  walkBlocks(doc, (b) => ids.add(b.id));
  return ids;
}

/**
 * Hands out ids that follow the BlockId rules and are not yet taken, readable because they end
 * up as HTML ids and `#anchors`: `faq`, then `faq-2`, `faq-3`...
 */
export class IdGenerator {
  private readonly taken: Set<string>;

  constructor(taken: Iterable<string>) {
    this.taken = new Set(taken);
  }

  /** Builds a generator for ids not used in `doc`. */
  static for(doc: Document): IdGenerator {
    return new IdGenerator(collectIds(doc));
  }

  /** Marks an id as taken without handing it out. */
  reserve(id: string): void {
    this.taken.add(id);
  }

  /** A fresh id derived from `base` (a type name, or the id of the block being copied). */
  next(base: string): string {
    const stem = idStem(base);
    let id = stem;
    for (let n = 2; this.taken.has(id); n++) {
      const suffix = `-${n}`;
      id = stem.slice(0, ID_MAX - suffix.length) + suffix;
    }
    this.taken.add(id);
    return id;
  }
}

/** `Rich_Text` -> `rich-text`, `hero-2` -> `hero`, `42` -> `block-42`. */
function idStem(base: string): string {
  let s = base.toLowerCase().replace(/_/g, "-").replace(/[^a-z0-9-]+/g, "-");
  s = s.replace(/-+/g, "-").replace(/^-|-$/g, "");
  s = s.replace(/-\d+$/, ""); // copying `hero-2` gives `hero-3`, not `hero-2-2`
  if (!/^[a-z]/.test(s)) s = s ? `block-${s}` : "block";
  return s.slice(0, ID_MAX).replace(/-$/, "");
}
