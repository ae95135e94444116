// Every edit of a page document, as pure functions: each takes a document and returns a new one,
// sharing what did not change and never mutating its input.
//
// An edit that cannot apply (unknown id, a path that names nothing, a move that would break a
// rule of the server's model) returns its input document itself. Callers compare with `===` to
// tell, and the history ignores such non-changes. `checkInsert` and `checkMove` say why an edit
// would be refused, for drop targets and disabled buttons.
//
// Block edits live here; page-level edits (settings, theme, sections, overrides, ids) in
// page-ops.ts, re-exported below so the editor imports everything from one place.
import {
  IdGenerator,
  MAX_BLOCKS,
  MAX_COLUMNS,
  MAX_COLUMNS_DEPTH,
  MIN_COLUMNS,
  blockAt,
  blocksWithin,
  collectIds,
  columnsHeight,
  countBlocks,
  isColumns,
  listAt,
  resolveRef,
  type Block,
  type BlockPath,
  type BlockRef,
  type Column,
  type ColumnStep,
  type Document,
  type ListPath,
} from "./model";
import {
  inserted,
  movedTo,
  removed,
  setIn,
  updateArrayIn,
  updateBlockAt,
  updateList,
  type Key,
} from "./tree";

export * from "./page-ops";
export type { Key } from "./tree";

// ---------------------------------------------------------------------------------------------
// Props

/**
 * Whether `keys` would reach into a columns block's nested blocks. Those change only through
 * the block operations, which keep ids unique and depth within limits; `span` stays editable.
 */
function touchesNestedBlocks(block: Block, keys: readonly Key[]): boolean {
  return isColumns(block) && keys[0] === "columns" && (keys.length < 3 || keys[2] === "blocks");
}

/**
 * Sets the prop at `keys` (e.g. `["primary", "label"]`, `["items", 2, "title"]`) of a block;
 * `undefined` removes an optional prop. Missing objects on the way are created.
 */
export function setProp(
  doc: Document,
  ref: BlockRef,
  keys: readonly Key[],
  value: unknown,
): Document {
  const path = resolveRef(doc, ref);
  if (!path || keys.length === 0) return doc;
  return updateBlockAt(doc, path, (b) => {
    if (touchesNestedBlocks(b, keys)) return null;
    const props = setIn(b.props, keys, value);
    return props === b.props ? null : ({ ...b, props } as Block);
  });
}

/** Replaces a whole block through `fn`, for edits that change several props at once. */
export function updateBlock(doc: Document, ref: BlockRef, fn: (b: Block) => Block): Document {
  const path = resolveRef(doc, ref);
  if (!path) return doc;
  return updateBlockAt(doc, path, (b) => {
    const next = fn(b);
    // The id, the type and nested blocks have their own operations (see touchesNestedBlocks).
    if (next.id !== b.id || next.type !== b.type) return null;
    if (isColumns(b) && isColumns(next) && !sameNestedBlocks(b, next)) return null;
    return next;
  });
}

function sameNestedBlocks(a: Block, b: Block): boolean {
  const x = blocksWithin(a);
  const y = blocksWithin(b);
  return x.length === y.length && x.every((blk, i) => i === 0 || blk === y[i]);
}

function updateItems(
  doc: Document,
  ref: BlockRef,
  keys: readonly Key[],
  fn: (items: readonly unknown[]) => unknown[] | null,
): Document {
  const path = resolveRef(doc, ref);
  if (!path) return doc;
  return updateBlockAt(doc, path, (b) => {
    if (touchesNestedBlocks(b, keys)) return null;
    const props = updateArrayIn(b.props, keys, fn);
    return props === b.props ? null : ({ ...b, props } as Block);
  });
}

/** Inserts `item` into the list prop at `keys` (features' items, a plan's features...). */
export function insertItem(
  doc: Document,
  ref: BlockRef,
  keys: readonly Key[],
  index: number,
  item: unknown,
): Document {
  return updateItems(doc, ref, keys, (items) =>
    index >= 0 && index <= items.length ? inserted(items, index, item) : null,
  );
}

/** Removes the item at `index` of the list prop at `keys`. */
export function removeItem(
  doc: Document,
  ref: BlockRef,
  keys: readonly Key[],
  index: number,
): Document {
  return updateItems(doc, ref, keys, (items) =>
    index >= 0 && index < items.length ? removed(items, index) : null,
  );
}

/** Moves an item of the list prop at `keys` into the gap `to` (counted before the move). */
export function moveItem(
  doc: Document,
  ref: BlockRef,
  keys: readonly Key[],
  from: number,
  to: number,
): Document {
  return updateItems(doc, ref, keys, (items) => movedTo(items, from, to));
}

// ---------------------------------------------------------------------------------------------
// Placing blocks

/** Why `block` cannot sit in the list `at` because of nesting depth, or null. */
function depthProblem(block: Block, at: ListPath): string | null {
  if (at.nest.length + columnsHeight(block) > MAX_COLUMNS_DEPTH) {
    return `Columns can be nested at most ${MAX_COLUMNS_DEPTH} deep.`;
  }
  return null;
}

/** Why `block` (new to the document) cannot be inserted at `at`, or null when it can. */
export function checkInsert(doc: Document, at: BlockPath, block: Block): string | null {
  const list = listAt(doc, at);
  if (!list || at.index < 0 || at.index > list.length) return "There is no such place.";
  const depth = depthProblem(block, at);
  if (depth) return depth;
  const incoming = blocksWithin(block);
  if (countBlocks(doc) + incoming.length > MAX_BLOCKS) {
    return `A page has at most ${MAX_BLOCKS} blocks.`;
  }
  const ids = collectIds(doc);
  for (const b of incoming) {
    if (ids.has(b.id)) return `The id '${b.id}' is already used in this page.`;
    ids.add(b.id);
  }
  return null;
}

/**
 * Inserts a block (from the library, or a copy) at `at`; `at.index` may be the list's length.
 * Refused when its ids are taken, it nests columns too deep, or the page would have too many
 * blocks.
 */
export function insertBlock(doc: Document, at: BlockPath, block: Block): Document {
  if (checkInsert(doc, at, block) !== null) return doc;
  return updateList(doc, at, (blocks) => inserted(blocks, at.index, block));
}

/** Removes a block, with everything nested in it. */
export function removeBlock(doc: Document, ref: BlockRef): Document {
  const path = resolveRef(doc, ref);
  if (!path) return doc;
  return updateList(doc, path, (blocks) => removed(blocks, path.index));
}

/**
 * A deep copy of `block` with fresh ids for it and every block nested in it, free in `doc`
 * (or handed out by `ids`, to copy several blocks into one document).
 */
export function copyBlock(
  doc: Document,
  block: Block,
  ids: IdGenerator = IdGenerator.for(doc),
): Block {
  const copy = structuredClone(block);
  for (const b of blocksWithin(copy)) b.id = ids.next(b.id);
  return copy;
}

/** Inserts a copy of a block (fresh ids, nested blocks too) right after it. */
export function duplicateBlock(doc: Document, ref: BlockRef): Document {
  const path = resolveRef(doc, ref);
  const block = path && blockAt(doc, path);
  if (!path || !block) return doc;
  return insertBlock(doc, { ...path, index: path.index + 1 }, copyBlock(doc, block));
}

// ---------------------------------------------------------------------------------------------
// Moving blocks

type MovePlan = { from: BlockPath; to: BlockPath; block: Block } | { refused: string } | "no-op";

/**
 * Where `to` (a gap counted before the move) lies once the block at `from` is taken out: an
 * index in the same list, or a columns block later in it, shifts down by one. Null when `to`
 * lies inside the moved block itself.
 */
function afterRemoval(from: BlockPath, to: BlockPath): BlockPath | null {
  const k = from.nest.length;
  const throughSource =
    to.section === from.section &&
    to.nest.length >= k &&
    from.nest.every((s, i) => s.block === to.nest[i]?.block && s.column === to.nest[i]?.column);
  if (!throughSource) return to;
  const step = to.nest[k];
  if (!step) return to.index > from.index ? { ...to, index: to.index - 1 } : to;
  if (step.block === from.index) return null;
  if (step.block < from.index) return to;
  const nest: ColumnStep[] = to.nest.slice();
  nest[k] = { ...step, block: step.block - 1 };
  return { ...to, nest };
}

function planMove(doc: Document, ref: BlockRef, to: BlockPath): MovePlan {
  const from = resolveRef(doc, ref);
  const block = from && blockAt(doc, from);
  if (!from || !block) return { refused: "There is no such block." };
  const list = listAt(doc, to);
  if (!list || to.index < 0 || to.index > list.length) {
    return { refused: "There is no such place." };
  }
  const dest = afterRemoval(from, to);
  if (!dest) return { refused: "A block cannot move into itself." };
  const depth = depthProblem(block, dest);
  if (depth) return { refused: depth };
  const samePlace =
    dest.section === from.section &&
    dest.index === from.index &&
    dest.nest.length === from.nest.length &&
    dest.nest.every((s, i) => s.block === from.nest[i]?.block && s.column === from.nest[i]?.column);
  return samePlace ? "no-op" : { from, to: dest, block };
}

/** Why moving `ref` to the gap `to` is refused, or null when it is allowed (or a no-op). */
export function checkMove(doc: Document, ref: BlockRef, to: BlockPath): string | null {
  const plan = planMove(doc, ref, to);
  return typeof plan === "object" && "refused" in plan ? plan.refused : null;
}

/**
 * Moves a block to the gap `to`, anywhere: within its list, to another section, into or out of
 * columns. `to` is counted in the document as it is before the move (what a drop indicator
 * shows): `{...path, index: path.index + 2}` puts a block after its next sibling.
 */
export function moveBlock(doc: Document, ref: BlockRef, to: BlockPath): Document {
  const plan = planMove(doc, ref, to);
  if (plan === "no-op" || "refused" in plan) return doc;
  const without = updateList(doc, plan.from, (blocks) => removed(blocks, plan.from.index));
  return updateList(without, plan.to, (blocks) => inserted(blocks, plan.to.index, plan.block));
}

// Keyboard moves walk a block through every place in reading order, one step per key press:
// past a sibling, into a columns block it meets (first column going down, last going up), from
// one column to the next, out of the columns at their edge, and across into the neighbouring
// section at a section's edge. Moving down then up always returns the block where it was.

/** The column step entering the columns block at `index` of `list` from one side, if it fits. */
function enterColumns(
  doc: Document,
  list: ListPath,
  index: number,
  block: Block,
  side: "first" | "last",
): ColumnStep | null {
  const host = listAt(doc, list)?.[index];
  if (!host || !isColumns(host) || host.props.columns.length === 0) return null;
  if (list.nest.length + 1 + columnsHeight(block) > MAX_COLUMNS_DEPTH) return null;
  return { block: index, column: side === "first" ? 0 : host.props.columns.length - 1 };
}

function columnCount(doc: Document, parent: ListPath, step: ColumnStep): number {
  const host = listAt(doc, parent)?.[step.block];
  return host && isColumns(host) ? host.props.columns.length : 0;
}

/** The gap a keyboard move up leads to (counted before the move), or null at the very top. */
function stepUp(doc: Document, path: BlockPath, block: Block): BlockPath | null {
  const { section, nest, index } = path;
  if (index > 0) {
    const into = enterColumns(doc, path, index - 1, block, "last");
    if (!into) return { section, nest, index: index - 1 };
    const inner = { section, nest: [...nest, into] };
    return { ...inner, index: listAt(doc, inner)?.length ?? 0 };
  }
  const last = nest[nest.length - 1];
  if (last) {
    const parent = nest.slice(0, -1);
    if (last.column === 0) return { section, nest: parent, index: last.block };
    const prev = { section, nest: [...parent, { ...last, column: last.column - 1 }] };
    return { ...prev, index: listAt(doc, prev)?.length ?? 0 };
  }
  const above = doc.sections[section - 1];
  return above ? { section: section - 1, nest: [], index: above.blocks.length } : null;
}

/** The gap a keyboard move down leads to (counted before the move), or null at the very end. */
function stepDown(doc: Document, path: BlockPath, block: Block): BlockPath | null {
  const { section, nest, index } = path;
  const length = listAt(doc, path)?.length ?? 0;
  if (index < length - 1) {
    const into = enterColumns(doc, path, index + 1, block, "first");
    if (into) return { section, nest: [...nest, into], index: 0 };
    return { section, nest, index: index + 2 };
  }
  const last = nest[nest.length - 1];
  if (last) {
    const parent = nest.slice(0, -1);
    if (last.column >= columnCount(doc, { section, nest: parent }, last) - 1) {
      return { section, nest: parent, index: last.block + 1 };
    }
    return { section, nest: [...parent, { ...last, column: last.column + 1 }], index: 0 };
  }
  return doc.sections[section + 1] ? { section: section + 1, nest: [], index: 0 } : null;
}

function moveByKey(doc: Document, ref: BlockRef, step: typeof stepUp): Document {
  const path = resolveRef(doc, ref);
  const block = path && blockAt(doc, path);
  const to = path && block ? step(doc, path, block) : null;
  return path && to ? moveBlock(doc, path, to) : doc;
}

/** Moves a block one place up in reading order (Alt+Up, a "move up" button). */
export function moveUp(doc: Document, ref: BlockRef): Document {
  return moveByKey(doc, ref, stepUp);
}

/** Moves a block one place down in reading order. */
export function moveDown(doc: Document, ref: BlockRef): Document {
  return moveByKey(doc, ref, stepDown);
}

// ---------------------------------------------------------------------------------------------
// Columns

/**
 * Sets how many columns a columns block has (1-4). New columns start empty; blocks of removed
 * columns move to the end of the last remaining one, so nothing is lost.
 */
export function setColumnCount(doc: Document, ref: BlockRef, count: number): Document {
  const path = resolveRef(doc, ref);
  if (!path || !Number.isInteger(count) || count < MIN_COLUMNS || count > MAX_COLUMNS) return doc;
  return updateBlockAt(doc, path, (b) => {
    if (!isColumns(b) || b.props.columns.length === count) return null;
    const cols = b.props.columns;
    let columns: Column[];
    if (count > cols.length) {
      const empty = (): Column => ({ span: 1, blocks: [] });
      columns = [...cols, ...Array.from({ length: count - cols.length }, empty)];
    } else {
      const orphans = cols.slice(count).flatMap((c) => c.blocks);
      columns = cols.slice(0, count);
      const last = columns[count - 1] as Column; // count >= 1
      columns[count - 1] = { ...last, blocks: [...last.blocks, ...orphans] };
    }
    return { ...b, props: { ...b.props, columns } };
  });
}
