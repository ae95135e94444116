import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { json, problem, stubFetch } from "../../test/fetch";
import { renderSignedIn } from "../../test/render";
import { AssetsScreen, bytes } from "./AssetsScreen";

const asset = (over: Record<string, unknown> = {}) => ({
  id: "a1",
  name: "team.png",
  url: "/assets/0123456789abcdef-1200.png",
  width: 1200,
  height: 800,
  content_type: "image/png",
  size: 240_000,
  variants: [],
  srcset: {
    png: "/assets/0123456789abcdef-480.png 480w, /assets/0123456789abcdef-1200.png 1200w",
    webp: "/assets/0123456789abcdef-480.webp 480w",
  },
  usage: 0,
  created_at: "2026-01-01T00:00:00Z",
  ...over,
});

describe("the image library", () => {
  it("lists images with their size and use, and deletes only unused ones", async () => {
    const { calls } = stubFetch((c) => {
      if (c.url.startsWith("/api/v1/assets?")) {
        return json({ items: [asset(), asset({ id: "a2", name: "hero.jpg", usage: 2 })], total: 2, limit: 200, offset: 0 });
      }
      if (c.method === "DELETE" && c.url === "/api/v1/assets/a1") return { status: 204 };
      return undefined;
    });
    renderSignedIn(<AssetsScreen />);
    const list = await screen.findByRole("list", { name: "Images" });
    const cards = within(list).getAllByRole("listitem");
    expect(cards).toHaveLength(2);
    const team = within(cards[0] as HTMLElement);
    expect(team.getByText(/1200 × 800 · 240 KB · not used yet/)).toBeTruthy();
    expect(cards[0]?.querySelector("img")?.getAttribute("srcset")).toContain("-480.png 480w");
    const hero = within(cards[1] as HTMLElement);
    expect(hero.getByText(/used on 2 pages/)).toBeTruthy();
    expect((hero.getByRole("button", { name: "Delete hero.jpg" }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(team.getByRole("button", { name: "Delete team.png" }));
    await waitFor(() => expect(screen.getByText("team.png was deleted.")).toBeTruthy());
    expect(calls.find((c) => c.method === "DELETE")?.headers["x-csrf-token"]).toBe("csrf-1");
    expect(within(list).getAllByRole("listitem")).toHaveLength(1);
  });

  it("uploads chosen files as multipart and shows a refusal with the file's name", async () => {
    const { calls, fn } = stubFetch((c) => {
      if (c.url.startsWith("/api/v1/assets?")) return json({ items: [], total: 0, limit: 200, offset: 0 });
      return undefined;
    });
    let uploads = 0;
    fn.mockImplementation(async (input: string, init: RequestInit = {}) => {
      calls.push({ method: init.method ?? "GET", url: input, headers: {}, body: init.body });
      if (input.startsWith("/api/v1/assets?")) {
        return new Response(JSON.stringify({ items: [], total: 0, limit: 200, offset: 0 }));
      }
      uploads += 1;
      expect(init.body).toBeInstanceOf(FormData);
      expect((init.headers as Record<string, string>)["Content-Type"]).toBeUndefined();
      if (uploads === 1) return new Response(JSON.stringify(asset({ id: "new", name: "chart.png" })), { status: 201 });
      const p = problem(415, "the file is text; upload PNG, JPEG, GIF or WebP");
      return new Response(JSON.stringify(p.body), { status: 415 });
    });
    renderSignedIn(<AssetsScreen />);
    await screen.findByText("No images yet");
    const input = screen.getByLabelText("Upload images") as HTMLInputElement;
    const files = [new File(["png"], "chart.png", { type: "image/png" }), new File(["txt"], "notes.png")];
    Object.defineProperty(input, "files", { value: files });
    fireEvent.change(input);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("notes.png: the file is text"));
    expect(uploads).toBe(2);
    expect(screen.getByRole("list", { name: "Images" }).textContent).toContain("chart.png");
  });

  it("has no upload for viewers", async () => {
    stubFetch((c) =>
      c.url.startsWith("/api/v1/assets?") ? json({ items: [asset()], total: 1, limit: 200, offset: 0 }) : undefined,
    );
    renderSignedIn(<AssetsScreen />, { workspaces: [{ id: "ws-1", name: "Default workspace", role: "viewer" }] });
    await screen.findByRole("list", { name: "Images" });
    expect(screen.queryByLabelText("Upload images")).toBeNull();
    expect(screen.queryByRole("button", { name: /Delete/ })).toBeNull();
  });

  it("writes sizes people read", () => {
    expect(bytes(240_000)).toBe("240 KB");
    expect(bytes(1_250_000)).toBe("1.3 MB");
    expect(bytes(10)).toBe("1 KB");
  });
});
