// RFC 9457 problem documents as the app sees them: every failed request becomes a `Problem`,
// whose message is fit to show and whose field errors carry JSON pointers into the request body.
import type { FieldError } from "./types";

export const UNREACHABLE = "Lander cannot be reached. Check your connection and try again.";
const TOO_MANY = "Too many attempts; wait a moment and try again.";

export class Problem extends Error {
  readonly status: number;
  readonly type: string;
  readonly errors: FieldError[];
  readonly requestId: string | null;
  /** On a 412 (stale draft revision): the revision the server holds now. */
  readonly currentRevision: number | null;

  constructor(
    status: number,
    detail: string,
    opts: {
      type?: string;
      errors?: FieldError[];
      requestId?: string | null;
      currentRevision?: number | null;
    } = {},
  ) {
    super(detail);
    this.name = "Problem";
    this.status = status;
    this.type = opts.type ?? "about:blank";
    this.errors = opts.errors ?? [];
    this.requestId = opts.requestId ?? null;
    this.currentRevision = opts.currentRevision ?? null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function fieldErrors(v: unknown): FieldError[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((e) =>
    isRecord(e) && typeof e.pointer === "string" && typeof e.detail === "string"
      ? [{ pointer: e.pointer, detail: e.detail }]
      : [],
  );
}

/**
 * The problem a failed answer describes. `body` is the answer's text: a problem document when
 * Lander wrote it, or anything else when something in between did (a proxy's HTML page).
 */
export function problemFrom(status: number, body: string, requestId?: string | null): Problem {
  let doc: unknown = null;
  try {
    doc = body ? JSON.parse(body) : null;
  } catch {
    doc = null;
  }
  const d = isRecord(doc) ? doc : {};
  const id = typeof d.request_id === "string" ? d.request_id : (requestId ?? null);
  let detail = typeof d.detail === "string" && d.detail ? d.detail : "";
  if (!detail) {
    if (status === 429) detail = TOO_MANY;
    else if (status >= 500) detail = "Lander could not do this just now. Try again in a moment.";
    else detail = `The server answered ${status}.`;
  }
  if (status >= 500 && id) detail = `${detail} (request id ${id})`;
  return new Problem(status, detail, {
    type: typeof d.type === "string" ? d.type : undefined,
    errors: fieldErrors(d.errors),
    requestId: id,
    currentRevision: typeof d.current_revision === "number" ? d.current_revision : null,
  });
}

/** The problem behind any thrown value, so screens can show every failure the same way. */
export function asProblem(err: unknown): Problem {
  if (err instanceof Problem) return err;
  if (err instanceof Error) return new Problem(0, err.message || "Something went wrong.");
  return new Problem(0, "Something went wrong.");
}

/** The body member a pointer names at its first level (`/slug` -> `slug`; `/a~1b` -> `a/b`). */
export function pointerField(pointer: string): string {
  const first = pointer.replace(/^\//, "").split("/")[0] ?? "";
  return first.replace(/~1/g, "/").replace(/~0/g, "~");
}
