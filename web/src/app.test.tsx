import { fireEvent, render, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { App } from "./app";
import { api } from "./api/client";
import { json, problem, session, stubFetch } from "./test/fetch";

/** A server with one account whose password is "right password". */
function server() {
  let signedIn = false;
  return stubFetch((c) => {
    if (c.url === "/api/v1/auth/session") return signedIn ? json(session()) : problem(401, "Sign in first.");
    if (c.url === "/api/v1/auth/providers") return json([]);
    if (c.url === "/api/v1/auth/signin") {
      const body = c.body as { password: string };
      if (body.password !== "right password") {
        return problem(401, "The e-mail address or the password is wrong.");
      }
      signedIn = true;
      return json(session());
    }
    if (c.url === "/api/v1/auth/signout") {
      signedIn = false;
      return { status: 204 };
    }
    if (!signedIn) return problem(401, "Sign in first.");
    if (c.url.startsWith("/api/v1/pages?")) return json({ items: [], total: 0, limit: 50, offset: 0 });
    if (c.url === "/api/v1/auth/sessions") {
      return json([{ id: "ses-1", current: true, created_at: "2025-01-01T00:00:00Z", last_seen_at: "2025-01-01T00:00:00Z", expires_at: "2099-01-01T00:00:00Z" }]);
    }
    if (["/api/v1/members", "/api/v1/invitations", "/api/v1/tokens"].includes(c.url)) return json([]);
    return undefined;
  });
}

async function signIn(password: string) {
  fireEvent.input(await screen.findByLabelText("E-mail address"), { target: { value: "maya@example.com" } });
  fireEvent.input(screen.getByLabelText("Password"), { target: { value: password } });
  fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("the app", () => {
  it("sends a signed-out visit to the sign-in screen and then to the pages", async () => {
    server();
    window.history.replaceState(null, "", "/app");
    render(<App />);
    await screen.findByRole("heading", { name: "Sign in" });
    expect(window.location.pathname + window.location.search).toBe("/app/signin");

    await signIn("wrong");
    expect((await screen.findByRole("alert")).textContent).toContain("password is wrong");

    await signIn("right password");
    await screen.findByRole("heading", { name: "Pages" });
    expect(window.location.pathname).toBe("/app");
    expect(api.csrfToken).toBe("csrf-1");
    expect(await screen.findByRole("link", { name: "Create your first page" })).toBeTruthy();
    expect(screen.getByRole("navigation", { name: "Main" }).textContent).toContain("maya@example.com");
  });

  it("comes back to the screen that asked for signing in", async () => {
    server();
    window.history.replaceState(null, "", "/app/account");
    render(<App />);
    await screen.findByRole("heading", { name: "Sign in" });
    expect(window.location.search).toBe("?next=%2Fapp%2Faccount");
    await signIn("right password");
    await screen.findByRole("heading", { name: "Your account" });
    expect(window.location.pathname).toBe("/app/account");
    expect(await screen.findByText("This browser")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Workspace: Default workspace" })).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Sign out" }));
    await screen.findByRole("heading", { name: "Sign in" });
    expect(window.location.pathname).toBe("/app/signin");
  });

  it("shows Not found for an unknown screen, and moves between screens in place", async () => {
    server();
    window.history.replaceState(null, "", "/app/nowhere");
    render(<App />);
    await screen.findByRole("heading", { name: "Not found" });
    fireEvent.click(screen.getByRole("link", { name: "Go to the sign-in screen" }));
    await screen.findByRole("heading", { name: "Sign in" });
    fireEvent.click(screen.getByRole("link", { name: "Create an account" }));
    await screen.findByRole("heading", { name: "Create your account" });
    expect(window.location.pathname).toBe("/app/signup");
  });
});
