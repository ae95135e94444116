import { describe, expect, it, vi } from "vitest";
import { json, problem, stubFetch } from "../test/fetch";
import { ApiClient, withQuery } from "./client";
import { Problem, UNREACHABLE, pointerField, problemFrom } from "./problem";

describe("problems", () => {
  it("reads detail, field errors and the request id of a problem document", () => {
    const p = problemFrom(
      422,
      JSON.stringify({
        type: "urn:lander:problem:validation",
        title: "The request is invalid",
        status: 422,
        detail: "2 problems; see `errors`",
        errors: [
          { pointer: "/slug", detail: "lowercase letters, digits and hyphens" },
          { pointer: "/title", detail: "cannot be empty" },
          { nonsense: true },
        ],
        request_id: "req-1",
      }),
    );
    expect(p).toBeInstanceOf(Problem);
    expect(p.status).toBe(422);
    expect(p.type).toBe("urn:lander:problem:validation");
    expect(p.message).toBe("2 problems; see `errors`");
    expect(p.errors).toEqual([
      { pointer: "/slug", detail: "lowercase letters, digits and hyphens" },
      { pointer: "/title", detail: "cannot be empty" },
    ]);
    expect(p.requestId).toBe("req-1");
    expect(p.currentRevision).toBeNull();
  });

  it("keeps the current revision of a stale-draft answer, for the editor's conflict", () => {
    const p = problemFrom(
      412,
      JSON.stringify({ type: "urn:lander:problem:stale-revision", detail: "stale", current_revision: 7 }),
    );
    expect(p.status).toBe(412);
    expect(p.currentRevision).toBe(7);
  });

  it("makes sense of answers that are not problem documents", () => {
    expect(problemFrom(502, "<html>Bad gateway</html>", "abc").message).toBe(
      "Lander could not do this just now. Try again in a moment. (request id abc)",
    );
    expect(problemFrom(429, "").message).toMatch(/Too many attempts/);
    expect(problemFrom(404, "{}").message).toBe("The server answered 404.");
    expect(problemFrom(400, "[1,2]").errors).toEqual([]);
  });

  it("quotes the request id of a server error", () => {
    const p = problemFrom(500, JSON.stringify({ detail: "Internal error", request_id: "r-9" }));
    expect(p.message).toBe("Internal error (request id r-9)");
  });

  it("finds the body member a pointer names", () => {
    expect(pointerField("/slug")).toBe("slug");
    expect(pointerField("/settings/title")).toBe("settings");
    expect(pointerField("/a~1b~0c")).toBe("a/b~c");
    expect(pointerField("")).toBe("");
  });
});

describe("the API client", () => {
  it("sends the CSRF token with changes only", async () => {
    const { calls } = stubFetch(() => json({ ok: true }));
    const client = new ApiClient();
    client.csrfToken = "t0k";
    await client.get("/api/v1/pages");
    await client.post("/api/v1/pages", { title: "A" });
    await client.put("/api/v1/auth/session/workspace", { workspace_id: "w" });
    await client.patch("/api/v1/members/1", { role: "viewer" });
    await client.delete("/api/v1/pages/1");
    expect(calls.map((c) => [c.method, c.headers["x-csrf-token"]])).toEqual([
      ["GET", undefined],
      ["POST", "t0k"],
      ["PUT", "t0k"],
      ["PATCH", "t0k"],
      ["DELETE", "t0k"],
    ]);
    expect(calls[1]?.headers["content-type"]).toBe("application/json");
    expect(calls[1]?.body).toEqual({ title: "A" });
    expect(calls[0]?.headers["content-type"]).toBeUndefined();
  });

  it("learns the CSRF token from an answer that carries one", async () => {
    stubFetch((c) =>
      c.url === "/api/v1/auth/signin" ? json({ csrf_token: "fresh", account: {} }) : json({}),
    );
    const client = new ApiClient();
    await client.post("/api/v1/auth/signin", { email: "a@b.c", password: "x" });
    expect(client.csrfToken).toBe("fresh");
  });

  it("names the workspace on workspace requests, not on personal ones", async () => {
    const { calls } = stubFetch(() => json([]));
    const client = new ApiClient();
    await client.get("/api/v1/pages");
    client.workspaceId = "ws-7";
    await client.get("/api/v1/pages");
    await client.get("/api/v1/members");
    await client.get("/api/v1/auth/session");
    await client.delete("/api/v1/account", { password: "x" });
    expect(calls.map((c) => c.headers["lander-workspace"])).toEqual([
      undefined,
      "ws-7",
      "ws-7",
      undefined,
      undefined,
    ]);
  });

  it("builds query strings without empty members", async () => {
    expect(withQuery("/p", { status: "draft", q: "", limit: 50, offset: 0, x: undefined })).toBe(
      "/p?status=draft&limit=50&offset=0",
    );
    expect(withQuery("/p", { q: "a b&c" })).toBe("/p?q=a+b%26c");
    expect(withQuery("/p")).toBe("/p");
  });

  it("throws a Problem for a refusal and tells about a 401", async () => {
    stubFetch((c) =>
      c.url === "/api/v1/pages"
        ? problem(422, "1 problem", [{ pointer: "/slug", detail: "taken" }])
        : problem(401, "Sign in first."),
    );
    const client = new ApiClient();
    const told: string[] = [];
    client.onUnauthorized = (path) => told.push(path);
    const err = await client.post("/api/v1/pages", { title: "A" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Problem);
    expect((err as Problem).errors[0]?.pointer).toBe("/slug");
    expect(told).toEqual([]);
    await expect(client.get("/api/v1/members")).rejects.toThrow("Sign in first.");
    expect(told).toEqual(["/api/v1/members"]);
  });

  it("answers nothing for 204 and explains an unreachable server", async () => {
    stubFetch(() => ({ status: 204 }));
    const client = new ApiClient();
    await expect(client.delete("/api/v1/pages/1")).resolves.toBeUndefined();
    const offline = new ApiClient(vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(offline.get("/api/v1/pages")).rejects.toMatchObject({ status: 0, message: UNREACHABLE });
  });
});
