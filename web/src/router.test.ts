import { describe, expect, it } from "vitest";
import { matchRoute, needsSession, safeNext, signInPath } from "./router";

describe("the router", () => {
  it("maps paths to screens", () => {
    expect(matchRoute("/app")).toEqual({ name: "pages" });
    expect(matchRoute("/app/")).toEqual({ name: "pages" });
    expect(matchRoute("/app/new")).toEqual({ name: "new" });
    expect(matchRoute("/app/account")).toEqual({ name: "account" });
    expect(matchRoute("/app/account/")).toEqual({ name: "account" });
    expect(matchRoute("/app/images")).toEqual({ name: "assets" });
    expect(matchRoute("/app/pages/0b7d3c1e-aaaa")).toEqual({ name: "page", id: "0b7d3c1e-aaaa" });
    expect(matchRoute("/app/pages/a%20b")).toEqual({ name: "page", id: "a b" });
    for (const name of ["signin", "signup", "forgot", "reset", "verify", "invitation"]) {
      expect(matchRoute(`/app/${name}`)).toEqual({ name });
    }
  });

  it("shows Not found for anything else", () => {
    for (const path of [
      "/app/nope",
      "/app/pages",
      "/app/pages/",
      "/app/pages/1/2",
      "/app/pages/%E0%A4%A",
      "/application",
      "/",
      "/app//account",
    ]) {
      expect(matchRoute(path), path).toEqual({ name: "notFound" });
    }
  });

  it("knows which screens need a session", () => {
    expect(needsSession(matchRoute("/app"))).toBe(true);
    expect(needsSession(matchRoute("/app/new"))).toBe(true);
    expect(needsSession(matchRoute("/app/pages/1"))).toBe(true);
    expect(needsSession(matchRoute("/app/account"))).toBe(true);
    expect(needsSession(matchRoute("/app/images"))).toBe(true);
    expect(needsSession(matchRoute("/app/signin"))).toBe(false);
    expect(needsSession(matchRoute("/app/invitation"))).toBe(false);
    expect(needsSession(matchRoute("/app/zzz"))).toBe(false);
  });

  it("comes back only to screens of the app", () => {
    expect(safeNext("/app/account")).toBe("/app/account");
    expect(safeNext("/app/pages/1?x=1")).toBe("/app/pages/1?x=1");
    expect(safeNext(null)).toBe("/app");
    expect(safeNext("https://evil.example/app/")).toBe("/app");
    expect(safeNext("//evil.example/app/")).toBe("/app");
    expect(safeNext("/app/\\evil")).toBe("/app");
    expect(safeNext("/app/unknown")).toBe("/app");
  });

  it("remembers where to come back to, except the pages", () => {
    expect(signInPath("/app")).toBe("/app/signin");
    expect(signInPath("/app/")).toBe("/app/signin");
    expect(signInPath("/app/account")).toBe("/app/signin?next=%2Fapp%2Faccount");
  });
});
