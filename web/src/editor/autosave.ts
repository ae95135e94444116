// Saving the draft as the author works: a small state machine around an injected `save`, so the
// editor can show where things stand (saved / unsaved / saving / offline / conflict) and the
// tests can drive it with fake timers.
//
//   saved --change--> dirty --debounce--> saving --ok--> saved (or dirty: changed meanwhile)
//                                            |--412--> conflict (stops until resolveConflict)
//                                            |--unreachable / 5xx--> offline (retries, backing off)
//                                            '--other refusal (422...)--> error (until a change)
//
// One save at a time: edits during a save are saved after it. Each save sends the revision the
// last successful one returned (If-Match), so someone else's save in between surfaces as a 412.
import type { Document } from "./model";

export type SaveState = "saved" | "dirty" | "saving" | "offline" | "conflict" | "error";

export interface SaveStatus {
  state: SaveState;
  /** The draft revision the editor's document is based on. */
  revision: number;
  /** In `conflict`: the revision now on the server, when the 412 said. */
  theirRevision?: number;
  /** In `offline` and `error`: what the last attempt failed with. */
  error?: unknown;
  /** In `offline`: when the next attempt happens (from `now()`, milliseconds). */
  retryAt?: number;
}

/** Saves `doc` over draft `revision` (If-Match); resolves to the new revision. */
export type SaveFn = (doc: Document, revision: number) => Promise<{ revision: number }>;

/** What a failed save rejects with, as far as autosave cares: an HTTP status, if any. */
export interface SaveRejection {
  status: number;
  /** On a 412, the revision now stored (the problem document's `current_revision`). */
  current_revision?: number;
}

/** The clock. The default reads the global timers at each call, so fake timers apply. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const globalTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
};

export interface AutosaveOptions {
  save: SaveFn;
  /** The draft as loaded, and its revision. */
  doc: Document;
  revision: number;
  /** Quiet time after the last change before saving; 800 ms by default. */
  debounceMs?: number;
  /** First retry delay when offline, doubling up to `maxRetryMs`; 1 s and 30 s by default. */
  retryMs?: number;
  maxRetryMs?: number;
  timers?: Timers;
}

/** The status of a save that failed with `err`: a conflict, worth retrying, or not. */
export function classifyFailure(err: unknown): "conflict" | "offline" | "error" {
  const status = statusOf(err);
  if (status === 412) return "conflict";
  // No answer (status 0 or none: fetch failed), or a passing failure of the server or a proxy.
  if (status === undefined || status === 0 || status === 408 || status === 429 || status >= 500) {
    return "offline";
  }
  return "error";
}

function statusOf(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null || !("status" in err)) return undefined;
  return typeof err.status === "number" ? err.status : undefined;
}

function currentRevisionOf(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null || !("current_revision" in err)) return undefined;
  return typeof err.current_revision === "number" ? err.current_revision : undefined;
}

export class Autosave {
  private readonly saveFn: SaveFn;
  private readonly timers: Timers;
  private readonly debounceMs: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly listeners = new Set<(s: SaveStatus) => void>();

  /** The newest document from the editor. */
  private latest: Document;
  /** The document stored at `revision`; null when unknown (after a conflict). */
  private stored: Document | null;
  private current: SaveStatus;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private failures = 0;
  private lastChangeAt = -Infinity;
  private disposed = false;

  constructor(opts: AutosaveOptions) {
    this.saveFn = opts.save;
    this.timers = opts.timers ?? globalTimers;
    this.debounceMs = opts.debounceMs ?? 800;
    this.retryMs = opts.retryMs ?? 1000;
    this.maxRetryMs = opts.maxRetryMs ?? 30_000;
    this.latest = opts.doc;
    this.stored = opts.doc;
    this.current = { state: "saved", revision: opts.revision };
  }

  get status(): SaveStatus {
    return this.current;
  }

  get state(): SaveState {
    return this.current.state;
  }

  get revision(): number {
    return this.current.revision;
  }

  /** Whether a save is under way. */
  get saving(): boolean {
    return this.inFlight !== null;
  }

  /** Calls `fn` with every new status; returns the function that stops it. */
  subscribe(fn: (s: SaveStatus) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Tells autosave the editor's document is now `doc` (after every edit, undo and redo). */
  change(doc: Document): void {
    if (this.disposed || doc === this.latest) return;
    this.latest = doc;
    this.lastChangeAt = this.timers.now();
    const { state } = this.current;
    // In conflict nothing is saved until the author decides; offline, the retry timer saves the
    // newest document anyway; while saving, the save's end looks at what changed meanwhile.
    if (state === "conflict" || state === "offline" || this.inFlight) return;
    if (doc === this.stored) {
      this.clearTimer(); // undone back to what is stored: nothing to save
      this.setStatus({ state: "saved", revision: this.current.revision });
      return;
    }
    this.setStatus({ state: "dirty", revision: this.current.revision });
    this.schedule(this.debounceMs);
  }

  /**
   * Saves now, without waiting for the debounce (Ctrl+S, leaving the editor). Resolves once
   * the newest document is saved or saving it failed; does nothing in conflict.
   */
  async flush(): Promise<void> {
    while (!this.disposed && this.current.state !== "conflict") {
      if (this.inFlight) {
        await this.inFlight;
        continue;
      }
      if (this.latest === this.stored || this.current.state === "error") return;
      const before = this.failures;
      await this.run();
      if (this.failures > before) return; // failed: the status says why, retries go on
    }
  }

  /** Tries again at once when offline (the browser's `online` event). */
  retryNow(): void {
    if (this.current.state === "offline" && !this.inFlight) void this.run();
  }

  /**
   * Ends a conflict. `keep-mine` saves the editor's document over the server's revision (the
   * 412's, or `theirs.revision`). `take-theirs` adopts the server's draft, which `theirs` must
   * carry (GET /draft); the editor then shows `theirs.doc` and calls `change` no more for it.
   */
  resolveConflict(
    choice: "keep-mine" | "take-theirs",
    theirs?: { revision: number; doc?: Document },
  ): void {
    if (this.current.state !== "conflict") return;
    if (choice === "take-theirs") {
      if (!theirs?.doc) throw new Error("take-theirs needs the server's draft");
      this.latest = theirs.doc;
      this.stored = theirs.doc;
      this.failures = 0;
      this.setStatus({ state: "saved", revision: theirs.revision });
      return;
    }
    const revision = theirs?.revision ?? this.current.theirRevision;
    if (revision === undefined) throw new Error("keep-mine needs the server's revision");
    // What the server holds at that revision is unknown here, so the document is saved even
    // if the editor's is the one last stored.
    this.stored = null;
    this.setStatus({ state: "dirty", revision });
    void this.run();
  }

  /** Stops timers and ignores the answer of a save under way (the editor is closing). */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.listeners.clear();
  }

  private schedule(ms: number): void {
    this.clearTimer();
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Saves the newest document unless a save is under way or there is nothing to save. */
  private run(): Promise<void> {
    this.clearTimer();
    if (this.disposed || this.inFlight || this.current.state === "conflict") {
      return this.inFlight ?? Promise.resolve();
    }
    if (this.latest === this.stored) {
      this.setStatus({ state: "saved", revision: this.current.revision });
      return Promise.resolve();
    }
    const doc = this.latest;
    const revision = this.current.revision;
    this.setStatus({ state: "saving", revision });
    const attempt = this.saveFn(doc, revision).then(
      (ok) => this.succeeded(doc, ok.revision),
      (err: unknown) => this.failed(err),
    );
    this.inFlight = attempt.finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private succeeded(doc: Document, revision: number): void {
    if (this.disposed) return;
    this.stored = doc;
    this.failures = 0;
    if (this.latest === doc) {
      this.setStatus({ state: "saved", revision });
      return;
    }
    // Changed during the save: save again once the author pauses (at once if they already have).
    this.setStatus({ state: "dirty", revision });
    const quiet = this.timers.now() - this.lastChangeAt;
    this.schedule(Math.max(0, this.debounceMs - quiet));
  }

  private failed(err: unknown): void {
    if (this.disposed) return;
    this.failures++;
    const { revision } = this.current;
    const kind = classifyFailure(err);
    if (kind === "conflict") {
      this.setStatus({ state: "conflict", revision, theirRevision: currentRevisionOf(err) });
    } else if (kind === "offline") {
      const delay = Math.min(this.maxRetryMs, this.retryMs * 2 ** (this.failures - 1));
      const retryAt = this.timers.now() + delay;
      this.setStatus({ state: "offline", revision, error: err, retryAt });
      this.schedule(delay);
    } else {
      this.setStatus({ state: "error", revision, error: err });
    }
  }

  private setStatus(s: SaveStatus): void {
    this.current = s;
    for (const fn of this.listeners) fn(s);
  }
}
