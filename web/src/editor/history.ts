// Undo and redo over whole documents. Documents are immutable and share their unchanged parts
// (see ops.ts), so keeping hundreds of versions costs little more than the edits themselves.

export interface HistoryOptions {
  /** How many steps can be undone; older ones are forgotten. At least 1; 200 by default. */
  capacity?: number;
  /** Pushes with the same coalesce key less than this apart make one step; 1000 ms by default. */
  coalesceMs?: number;
  /** The clock, in milliseconds; `Date.now` by default. */
  now?: () => number;
}

export interface PushOptions {
  /**
   * Edits of one thing in quick succession (typing in one field: `"<block id>/headline"`) share
   * a key, so that one undo takes back the burst rather than a character.
   */
  coalesceKey?: string;
}

/** A version to go back (or forward) to, and the label of the edit between it and the present. */
interface Step<T> {
  doc: T;
  label: string;
}

export class History<T> {
  private current: T;
  private readonly past: Step<T>[] = [];
  private readonly future: Step<T>[] = [];
  private readonly capacity: number;
  private readonly coalesceMs: number;
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();
  /** The key and time of the last push, while a burst can still grow. */
  private burst: { key: string; at: number } | null = null;

  constructor(initial: T, opts: HistoryOptions = {}) {
    this.current = initial;
    this.capacity = Math.max(1, opts.capacity ?? 200);
    this.coalesceMs = opts.coalesceMs ?? 1000;
    this.now = opts.now ?? (() => Date.now());
  }

  /** The document as it is now. */
  get present(): T {
    return this.current;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** The label of the edit undo would take back ("Undo Edit headline"), if any. */
  get undoLabel(): string | undefined {
    return this.past[this.past.length - 1]?.label;
  }

  get redoLabel(): string | undefined {
    return this.future[this.future.length - 1]?.label;
  }

  /** How many steps can be undone and redone. */
  get depth(): { undo: number; redo: number } {
    return { undo: this.past.length, redo: this.future.length };
  }

  /**
   * Records `doc` as the new present, reached by the edit `label`. The same document again
   * (an edit that changed nothing) records nothing. Clears what could be redone.
   * Returns whether anything was recorded.
   */
  push(doc: T, label: string, opts: PushOptions = {}): boolean {
    if (doc === this.current) return false;
    const at = this.now();
    const key = opts.coalesceKey;
    const b = this.burst;
    const sameBurst = key !== undefined && b?.key === key && at - b.at < this.coalesceMs;
    if (sameBurst && b && this.past.length > 0) {
      // Same burst: the step already holds the version before the burst began.
      b.at = at;
    } else {
      this.past.push({ doc: this.current, label });
      if (this.past.length > this.capacity) this.past.shift();
      this.burst = key === undefined ? null : { key, at };
    }
    this.current = doc;
    this.future.length = 0;
    this.notify();
    return true;
  }

  /** Goes one step back; returns the new present, or undefined when there is nothing to undo. */
  undo(): T | undefined {
    return this.travel(this.past, this.future);
  }

  /** Goes one step forward again; returns the new present, or undefined. */
  redo(): T | undefined {
    return this.travel(this.future, this.past);
  }

  /** Starts over from `doc` with nothing to undo (a freshly loaded or replaced draft). */
  reset(doc: T): void {
    this.current = doc;
    this.past.length = 0;
    this.future.length = 0;
    this.burst = null;
    this.notify();
  }

  /** Calls `fn` after every change; returns the function that stops it. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private travel(from: Step<T>[], to: Step<T>[]): T | undefined {
    const step = from.pop();
    if (!step) return undefined;
    to.push({ doc: this.current, label: step.label });
    this.current = step.doc;
    // Typing after an undo starts a new step rather than growing the undone burst.
    this.burst = null;
    this.notify();
    return this.current;
  }

  private notify(): void {
    for (const fn of this.listeners) fn();
  }
}
