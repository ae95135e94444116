import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { problemFrom } from "../api/problem";
import { Form, placeProblem } from "./Form";

const fields = [
  { name: "title", label: "Title" },
  { name: "slug", label: "Address (optional)", required: false, hint: "Lowercase letters." },
];

function problem422(errors: { pointer: string; detail: string }[]) {
  return problemFrom(422, JSON.stringify({ detail: `${errors.length} problems`, errors }));
}

describe("a form", () => {
  it("shows a refusal next to the field its pointer names", async () => {
    const onSubmit = vi.fn(async () => {
      throw problem422([{ pointer: "/slug", detail: "must be lowercase letters, digits and hyphens" }]);
    });
    render(<Form fields={fields} submitText="Create page" onSubmit={onSubmit} />);
    fireEvent.input(screen.getByLabelText("Title"), { target: { value: "Spring" } });
    fireEvent.input(screen.getByLabelText("Address (optional)"), { target: { value: "Spring!" } });
    fireEvent.click(screen.getByRole("button", { name: "Create page" }));

    const slug = screen.getByLabelText("Address (optional)");
    await waitFor(() => expect(slug.getAttribute("aria-invalid")).toBe("true"));
    const error = document.getElementById("f-slug-error");
    expect(error?.hidden).toBe(false);
    expect(error?.textContent).toBe("must be lowercase letters, digits and hyphens");
    expect(slug.getAttribute("aria-describedby")).toBe("f-slug-hint f-slug-error");
    await waitFor(() => expect(document.activeElement).toBe(slug));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(onSubmit).toHaveBeenCalledWith({ title: "Spring", slug: "Spring!" });
    expect(screen.getByLabelText("Title").getAttribute("aria-invalid")).toBeNull();
  });

  it("shows a refusal without a field in an alert", async () => {
    render(
      <Form
        fields={fields}
        submitText="Create page"
        onSubmit={async () => {
          throw problemFrom(403, JSON.stringify({ detail: "Your role does not allow this." }));
        }}
      />,
    );
    fireEvent.click(screen.getByRole("button", { name: "Create page" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("Your role does not allow this.");
    expect(document.getElementById("f-title-error")?.hidden).toBe(true);
  });

  it("clears the fields after success when asked", async () => {
    render(
      <Form prefix="token" fields={fields} submitText="Create" resetOnSuccess onSubmit={async () => undefined} />,
    );
    const title = screen.getByLabelText("Title") as HTMLInputElement;
    expect(title.id).toBe("token-title");
    fireEvent.input(title, { target: { value: "ci deploys" } });
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() => expect(title.value).toBe(""));
  });
});

describe("placing a problem", () => {
  it("puts what has no field in the alert", () => {
    const placed = placeProblem(
      problem422([
        { pointer: "/title", detail: "cannot be empty" },
        { pointer: "/doc/sections/0", detail: "unknown block" },
      ]),
      ["title", "slug"],
    );
    expect(placed.fieldErrors).toEqual({ title: "cannot be empty" });
    expect(placed.alert).toBe("/doc/sections/0: unknown block");
    expect(placeProblem(new Error("boom"), ["title"]).alert).toBe("boom");
  });
});
