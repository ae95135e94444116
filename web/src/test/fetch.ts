// A stand-in for `fetch` that answers from a table and remembers every request.
import { vi } from "vitest";

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export type Answer = { status?: number; body?: unknown; type?: string };
export type Handler = (call: Call) => Answer | undefined;

export function json(body: unknown, status = 200): Answer {
  return { status, body };
}

export function problem(status: number, detail: string, errors?: { pointer: string; detail: string }[]): Answer {
  return {
    status,
    type: "application/problem+json",
    body: { type: "urn:test", title: "Problem", status, detail, ...(errors ? { errors } : {}) },
  };
}

/** Installs the stand-in as the global `fetch`; unanswered requests get a 404 problem. */
export function stubFetch(handler: Handler) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: string, init: RequestInit = {}) => {
    const headers = Object.fromEntries(
      Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const call: Call = {
      method: init.method ?? "GET",
      url: input,
      headers,
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const a = handler(call) ?? problem(404, `no stand-in for ${call.method} ${call.url}`);
    const status = a.status ?? 200;
    const text = a.body === undefined ? "" : JSON.stringify(a.body);
    return new Response(status === 204 ? null : text, {
      status,
      headers: { "Content-Type": a.type ?? "application/json" },
    });
  });
  vi.stubGlobal("fetch", fn);
  return { calls, fn };
}

export const session = (over: Record<string, unknown> = {}) => ({
  account: {
    id: "acc-1",
    email: "maya@example.com",
    email_verified: true,
    has_password: true,
    created_at: "2025-01-01T00:00:00Z",
  },
  session_id: "ses-1",
  csrf_token: "csrf-1",
  workspace_id: "ws-1",
  workspaces: [{ id: "ws-1", name: "Default workspace", role: "owner" }],
  expires_at: "2099-01-01T00:00:00Z",
  ...over,
});

export function page(over: Record<string, unknown> = {}) {
  return {
    id: "p1",
    title: "Spring launch",
    slug: "spring-launch",
    status: "draft",
    url: "/spring-launch",
    draft_revision: 1,
    live_version: null,
    latest_version: null,
    has_unpublished_changes: true,
    published_at: null,
    created_at: "2025-03-01T10:00:00Z",
    updated_at: "2025-03-02T10:00:00Z",
    ...over,
  };
}
