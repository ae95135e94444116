// Copy-on-write helpers behind the operations: each copies only the objects on the way to the
// change (structural sharing) and returns its input itself when nothing changes, so callers
// can compare with `===`.
import {
  isColumns,
  type Block,
  type BlockPath,
  type ColumnStep,
  type Document,
  type ListPath,
  type Section,
} from "./model";

/** A member name or an array index on the way into a JSON value. */
export type Key = string | number;

type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value at `keys` inside `root`, or undefined. */
export function getIn(root: unknown, keys: readonly Key[]): unknown {
  let v = root;
  for (const k of keys) {
    if (Array.isArray(v) && typeof k === "number") v = v[k];
    else if (isObject(v) && typeof k === "string") v = v[k];
    else return undefined;
  }
  return v;
}

/**
 * `root` with `value` at `keys`. `undefined` removes an object member (optional members are
 * left out rather than set to null, as the server writes them). Missing objects on the way are
 * created; array indexes must exist. Returns `root` itself when the value is already there or
 * the path cannot be followed.
 */
export function setIn(root: unknown, keys: readonly Key[], value: unknown): unknown {
  const [k, ...rest] = keys;
  if (k === undefined) return value;
  if (Array.isArray(root)) {
    if (typeof k !== "number" || k < 0 || k >= root.length) return root;
    const next = setIn(root[k], rest, value);
    if (next === root[k] || next === undefined) return root;
    const copy = root.slice();
    copy[k] = next;
    return copy;
  }
  if (typeof k !== "string" || (root !== undefined && !isObject(root))) return root;
  const obj: JsonObject = isObject(root) ? root : {};
  const next = setIn(obj[k], rest, value);
  if (next === obj[k] && (next !== undefined || !(k in obj))) return root;
  const copy: JsonObject = { ...obj };
  if (next === undefined) delete copy[k];
  else copy[k] = next;
  return copy;
}

/** `root` with the array at `keys` replaced by `fn(array)`; unchanged if there is no array. */
export function updateArrayIn(
  root: unknown,
  keys: readonly Key[],
  fn: (items: readonly unknown[]) => unknown[] | null,
): unknown {
  const items = getIn(root, keys);
  if (!Array.isArray(items)) return root;
  const next = fn(items);
  return next === null ? root : setIn(root, keys, next);
}

/** The document with section `index` replaced. */
export function withSection(doc: Document, index: number, section: Section): Document {
  if (doc.sections[index] === section) return doc;
  const sections = doc.sections.slice();
  sections[index] = section;
  return { ...doc, sections };
}

/** `blocks` with the list `nest` leads to replaced by `fn(list)`; null when it cannot be. */
function updateNested(
  blocks: readonly Block[],
  nest: readonly ColumnStep[],
  fn: (list: readonly Block[]) => Block[] | null,
): Block[] | null {
  const [step, ...rest] = nest;
  if (!step) return fn(blocks);
  const host = blocks[step.block];
  if (!host || !isColumns(host)) return null;
  const col = host.props.columns[step.column];
  if (!col) return null;
  const inner = updateNested(col.blocks, rest, fn);
  if (inner === null) return null;
  const columns = host.props.columns.slice();
  columns[step.column] = { ...col, blocks: inner };
  const out = blocks.slice();
  out[step.block] = { ...host, props: { ...host.props, columns } };
  return out;
}

/**
 * The document with the list at `list` replaced by `fn(list)`. Unchanged when the list does not
 * exist or `fn` returns null (refuses).
 */
export function updateList(
  doc: Document,
  list: ListPath,
  fn: (blocks: readonly Block[]) => Block[] | null,
): Document {
  const section = doc.sections[list.section];
  if (!section) return doc;
  const blocks = updateNested(section.blocks, list.nest, fn);
  return blocks === null ? doc : withSection(doc, list.section, { ...section, blocks });
}

/** The document with the block at `path` replaced by `fn(block)`; null from `fn` refuses. */
export function updateBlockAt(
  doc: Document,
  path: BlockPath,
  fn: (block: Block) => Block | null,
): Document {
  return updateList(doc, path, (blocks) => {
    const old = blocks[path.index];
    const next = old ? fn(old) : null;
    if (next === null || next === old) return null;
    const out = blocks.slice();
    out[path.index] = next;
    return out;
  });
}

/** A copy of `items` with `item` inserted at `index`. */
export function inserted<T>(items: readonly T[], index: number, item: T): T[] {
  return [...items.slice(0, index), item, ...items.slice(index)];
}

/** A copy of `items` without the one at `index`. */
export function removed<T>(items: readonly T[], index: number): T[] {
  return [...items.slice(0, index), ...items.slice(index + 1)];
}

/**
 * A copy of `items` with the one at `from` moved into the gap `to` (0..length, counted before
 * the move, as a drop indicator shows it); null when that changes nothing or is out of range.
 */
export function movedTo<T>(items: readonly T[], from: number, to: number): T[] | null {
  if (from < 0 || from >= items.length || to < 0 || to > items.length) return null;
  if (to === from || to === from + 1) return null;
  const item = items[from] as T;
  const rest = removed(items, from);
  return inserted(rest, to > from ? to - 1 : to, item);
}
