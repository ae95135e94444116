import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { json, page, stubFetch } from "../../test/fetch";
import { renderSignedIn } from "../../test/render";
import { PagesScreen } from "./PagesScreen";

const live = page({
  id: "p2",
  title: "Autumn sale",
  slug: "autumn-sale",
  url: "/autumn-sale",
  status: "published",
  has_unpublished_changes: true,
  published_at: "2025-03-01T00:00:00Z",
  live_version: 1,
  latest_version: 1,
});
const draft = page();

describe("the pages screen", () => {
  it("shows each page with its status, thumbnail and actions", async () => {
    window.history.replaceState(null, "", "/app");
    const { calls } = stubFetch((c) =>
      c.url.startsWith("/api/v1/pages?") ? json({ items: [live, draft], total: 2, limit: 50, offset: 0 }) : undefined,
    );
    renderSignedIn(<PagesScreen />);
    const list = await screen.findByRole("list", { name: "Pages" });
    const cards = within(list).getAllByRole("listitem");
    expect(cards).toHaveLength(2);
    const autumn = cards.find((c) => c.textContent?.includes("Autumn sale"));
    expect(autumn).toBeDefined();
    const a = within(autumn as HTMLElement);
    expect(a.getByText("Published")).toBeTruthy();
    expect(a.getByText("Changed since publish")).toBeTruthy();
    expect(autumn?.querySelector("iframe")?.getAttribute("src")).toBe("/autumn-sale");
    expect(autumn?.querySelector("iframe")?.getAttribute("loading")).toBe("lazy");
    expect(a.getByRole("link", { name: "Autumn sale" }).getAttribute("href")).toBe("/app/pages/p2");
    expect(a.getByRole("button", { name: /Delete/ })).toBeTruthy();

    const spring = within(cards.find((c) => c.textContent?.includes("Spring launch")) as HTMLElement);
    expect(spring.getByText("Draft")).toBeTruthy();
    expect(spring.queryByText("Changed since publish")).toBeNull();
    expect(spring.getByText("Not published yet")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe("2 pages");
    expect(calls[0]?.url).toBe("/api/v1/pages?limit=50&offset=0");
    expect(calls[0]?.headers["lander-workspace"]).toBe("ws-1");
  });

  it("asks the server for a search and a status, and narrows 'changed' itself", async () => {
    window.history.replaceState(null, "", "/app");
    const { calls } = stubFetch((c) => {
      if (!c.url.startsWith("/api/v1/pages?")) return undefined;
      const published = c.url.includes("status=published");
      return json({ items: published ? [live] : [live, draft], total: published ? 1 : 2, limit: 50, offset: 0 });
    });
    renderSignedIn(<PagesScreen />);
    await screen.findByRole("list", { name: "Pages" });

    fireEvent.input(screen.getByLabelText("Search pages"), { target: { value: "autumn" } });
    await waitFor(() => expect(calls.at(-1)?.url).toBe("/api/v1/pages?q=autumn&limit=50&offset=0"));
    await waitFor(() => expect(window.location.search).toBe("?q=autumn"));

    fireEvent.change(screen.getByLabelText("Show"), { target: { value: "changed" } });
    await waitFor(() => expect(calls.at(-1)?.url).toBe("/api/v1/pages?status=published&q=autumn&limit=50&offset=0"));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("1 page changed since publish"));
    expect(window.location.search).toBe("?q=autumn&show=changed");
  });

  it("invites to create the first page when there is none", async () => {
    window.history.replaceState(null, "", "/app");
    stubFetch(() => json({ items: [], total: 0, limit: 50, offset: 0 }));
    renderSignedIn(<PagesScreen />);
    expect(await screen.findByRole("heading", { name: "No pages yet" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Create your first page" }).getAttribute("href")).toBe("/app/new");
  });

  it("offers more pages beyond the first fifty", async () => {
    window.history.replaceState(null, "", "/app");
    const many = Array.from({ length: 50 }, (_, i) =>
      page({ id: `p${i}`, title: `Page ${i}`, updated_at: new Date(Date.UTC(2025, 0, 1) + (60 - i) * 86_400_000).toISOString() }),
    );
    const { calls } = stubFetch((c) =>
      c.url.includes("offset=50")
        ? json({ items: [page({ id: "last", title: "The last one", updated_at: "2024-01-01T00:00:00Z" })], total: 51, limit: 50, offset: 50 })
        : json({ items: many, total: 51, limit: 50, offset: 0 }),
    );
    renderSignedIn(<PagesScreen />);
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Showing 50 of 51 pages"));
    fireEvent.click(screen.getByRole("button", { name: "Load more pages" }));
    await screen.findByRole("link", { name: "The last one" });
    expect(calls.at(-1)?.url).toBe("/api/v1/pages?limit=50&offset=50");
    expect(screen.queryByRole("button", { name: "Load more pages" })).toBeNull();
    expect(screen.getByRole("status").textContent).toBe("51 pages");
  });

  it("hides what the role does not allow", async () => {
    window.history.replaceState(null, "", "/app");
    stubFetch(() => json({ items: [draft], total: 1, limit: 50, offset: 0 }));
    renderSignedIn(<PagesScreen />, {
      workspaces: [{ id: "ws-1", name: "Default workspace", role: "viewer" }],
    });
    await screen.findByRole("list", { name: "Pages" });
    expect(screen.queryByRole("link", { name: "New page" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Duplicate/ })).toBeNull();
    expect(screen.queryByRole("button", { name: /Delete/ })).toBeNull();
  });

  it("duplicates a page and says so", async () => {
    window.history.replaceState(null, "", "/app");
    const { calls } = stubFetch((c) => {
      if (c.method === "POST") return json(page({ id: "p9", title: "Spring launch (copy)", slug: "spring-launch-copy" }), 201);
      return json({ items: [draft], total: 1, limit: 50, offset: 0 });
    });
    renderSignedIn(<PagesScreen />);
    fireEvent.click(await screen.findByRole("button", { name: /Duplicate/ }));
    const status = await screen.findByText(/was created as a copy/);
    expect(status.textContent).toContain("“Spring launch (copy)” was created as a copy of “Spring launch”.");
    expect(calls.at(-1)).toMatchObject({ method: "POST", url: "/api/v1/pages/p1/duplicate", body: {} });
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
  });
});
