// The one way the app talks to Lander: JSON in and out, the session cookie, the CSRF token on
// every change, the workspace the screen shows, and failures as `Problem`s.
import { Problem, UNREACHABLE, problemFrom } from "./problem";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type Query = Record<string, string | number | undefined | null>;

export interface RequestOptions {
  /** Sent as JSON, unless it is `FormData` (sent as multipart, with the browser's boundary). */
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Paths about the signed-in person rather than a workspace: they never name one. */
const PERSONAL = /^\/api\/v1\/(auth|account)(\/|$)/;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export class ApiClient {
  /** Sent as `X-CSRF-Token` with every change; learnt from any answer that carries one. */
  csrfToken: string | null = null;
  /** Sent as `Lander-Workspace`, so a screen acts in the workspace it shows. */
  workspaceId: string | null = null;
  /** Told the path of every 401, so the app can check whether the session has ended. */
  onUnauthorized: ((path: string) => void) | null = null;

  private readonly fetchImpl: Fetch;

  constructor(fetchImpl?: Fetch) {
    this.fetchImpl = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  }

  async request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    const form = opts.body instanceof FormData;
    if (opts.body !== undefined && !form) headers["Content-Type"] = "application/json";
    if (method !== "GET" && this.csrfToken) headers["X-CSRF-Token"] = this.csrfToken;
    if (this.workspaceId && !PERSONAL.test(path)) headers["Lander-Workspace"] = this.workspaceId;
    let res: Response;
    try {
      res = await this.fetchImpl(withQuery(path, opts.query), {
        method,
        headers,
        credentials: "same-origin",
        body:
          opts.body === undefined
            ? undefined
            : form
              ? (opts.body as FormData)
              : JSON.stringify(opts.body),
        signal: opts.signal,
      });
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") throw err;
      throw new Problem(0, UNREACHABLE);
    }
    const text = await res.text();
    if (!res.ok) {
      if (res.status === 401) this.onUnauthorized?.(path);
      throw problemFrom(res.status, text, res.headers.get("x-request-id"));
    }
    if (!text) return undefined as T;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Problem(res.status, "The server's answer could not be read.");
    }
    if (typeof data === "object" && data !== null && "csrf_token" in data) {
      const token = (data as { csrf_token: unknown }).csrf_token;
      if (typeof token === "string") this.csrfToken = token;
    }
    return data as T;
  }

  get<T>(path: string, opts?: RequestOptions): Promise<T> {
    return this.request<T>("GET", path, opts);
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("POST", path, { body });
  }
  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("PUT", path, { body });
  }
  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("PATCH", path, { body });
  }
  delete<T = void>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("DELETE", path, { body });
  }
}

/** The app's client. */
export const api = new ApiClient();
