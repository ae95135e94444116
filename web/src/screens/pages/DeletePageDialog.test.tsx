import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { describe, expect, it } from "vitest";
import { api } from "../../api/client";
import type { PageView } from "../../api/types";
import { page, problem, stubFetch } from "../../test/fetch";
import { DeletePageDialog } from "./DeletePageDialog";

const live = page({ status: "published", has_unpublished_changes: false }) as PageView;

function Harness({ target }: { target: PageView }) {
  const [open, setOpen] = useState<PageView | null>(null);
  const [gone, setGone] = useState("");
  return (
    <main>
      <h1>Pages</h1>
      <button type="button" onClick={() => setOpen(target)}>
        Delete
      </button>
      <DeletePageDialog
        page={open}
        onCancel={() => setOpen(null)}
        onDeleted={(p) => {
          setOpen(null);
          setGone(p.title);
        }}
      />
      <p data-testid="gone">{gone}</p>
    </main>
  );
}

const dialog = () => document.querySelector("dialog") as HTMLDialogElement;

describe("deleting a page", () => {
  it("asks first, names the page, warns it goes offline, and cancelling deletes nothing", async () => {
    const { calls } = stubFetch(() => ({ status: 204 }));
    render(<Harness target={live} />);
    const opener = screen.getByRole("button", { name: "Delete" });
    opener.focus();
    fireEvent.click(opener);

    expect(dialog().open).toBe(true);
    expect(dialog().textContent).toContain("Delete “Spring launch”?");
    expect(dialog().textContent).toContain("offline");
    const cancel = screen.getByRole("button", { name: "Cancel" });
    expect(document.activeElement).toBe(cancel);

    fireEvent.click(cancel);
    await waitFor(() => expect(dialog().open).toBe(false));
    expect(calls).toEqual([]);
    expect(document.activeElement).toBe(opener);
  });

  it("closes on Escape without deleting", async () => {
    const { calls } = stubFetch(() => ({ status: 204 }));
    render(<Harness target={live} />);
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    // What the browser does on Escape: a cancel event, then the dialog closes.
    const cancelled = fireEvent(dialog(), new Event("cancel", { cancelable: true }));
    expect(cancelled).toBe(true);
    dialog().close();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull());
    expect(calls).toEqual([]);
  });

  it("deletes only once confirmed, with the CSRF token", async () => {
    api.csrfToken = "csrf-9";
    const { calls } = stubFetch(() => ({ status: 204 }));
    render(<Harness target={live} />);
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(calls).toEqual([]);
    fireEvent.click(screen.getByRole("button", { name: "Delete and take offline" }));
    await waitFor(() => expect(screen.getByTestId("gone").textContent).toBe("Spring launch"));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: "DELETE", url: "/api/v1/pages/p1" });
    expect(calls[0]?.headers["x-csrf-token"]).toBe("csrf-9");
    await waitFor(() => expect(dialog().open).toBe(false));
  });

  it("says why when the server refuses, and stays open", async () => {
    stubFetch(() => problem(403, "Deleting pages needs the publisher role."));
    render(<Harness target={page() as PageView} />);
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(dialog().textContent).toContain("never published");
    fireEvent.click(screen.getByRole("button", { name: "Delete page" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("Deleting pages needs the publisher role.");
    expect(dialog().open).toBe(true);
  });
});
