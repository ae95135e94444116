import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { json, page, problem, stubFetch } from "../../test/fetch";
import { renderSignedIn } from "../../test/render";
import { NewPageScreen } from "./NewPageScreen";

const TEMPLATES = [
  { id: "saas", name: "SaaS launch", description: "For a software product.", has_form: true },
  { id: "webinar", name: "Webinar", description: "Sign-ups for a live session.", has_form: true },
];

describe("the template gallery", () => {
  it("previews each template live and creates a page from the chosen one", async () => {
    window.history.replaceState(null, "", "/app/new");
    let attempts = 0;
    const { calls } = stubFetch((c) => {
      if (c.url === "/api/v1/templates") return json(TEMPLATES);
      if (c.url === "/api/v1/pages" && c.method === "POST") {
        attempts += 1;
        return attempts === 1
          ? problem(422, "1 problem; see `errors`", [
              { pointer: "/slug", detail: "use lowercase letters, digits and single hyphens" },
            ])
          : json(page({ id: "new-1", title: "Spring" }), 201);
      }
      return undefined;
    });
    renderSignedIn(<NewPageScreen />);
    const gallery = await screen.findByRole("list", { name: "Templates" });
    const cards = within(gallery).getAllByRole("listitem");
    expect(cards).toHaveLength(2);
    const frame = cards[0]?.querySelector("iframe");
    expect(frame?.getAttribute("src")).toBe("/api/v1/templates/saas/preview");
    expect(frame?.getAttribute("title")).toBe("Preview of SaaS launch");
    expect(frame?.getAttribute("loading")).toBe("lazy");

    fireEvent.click(within(cards[0] as HTMLElement).getByRole("button", { name: "Use this template" }));
    const dialog = document.querySelector("dialog") as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(dialog.textContent).toContain("New page from “SaaS launch”");
    const title = screen.getByLabelText("Title");
    expect(document.activeElement).toBe(title);

    fireEvent.input(title, { target: { value: " Spring " } });
    fireEvent.input(screen.getByLabelText("Address (optional)"), { target: { value: "Spring Sale" } });
    fireEvent.click(screen.getByRole("button", { name: "Create page" }));
    await waitFor(() =>
      expect(document.getElementById("new-slug-error")?.textContent).toBe(
        "use lowercase letters, digits and single hyphens",
      ),
    );
    expect(calls.at(-1)?.body).toEqual({ title: "Spring", template: "saas", slug: "Spring Sale" });

    fireEvent.input(screen.getByLabelText("Address (optional)"), { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: "Create page" }));
    await waitFor(() => expect(window.location.pathname).toBe("/app/pages/new-1"));
    expect(calls.at(-1)?.body).toEqual({ title: "Spring", template: "saas" });
  });
});
