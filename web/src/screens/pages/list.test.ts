import { describe, expect, it } from "vitest";
import type { PageView } from "../../api/types";
import { page } from "../../test/fetch";
import {
  matchesFilter,
  searchFromState,
  serverStatus,
  sortPages,
  stateFromSearch,
  visiblePages,
} from "./list";
import { countText } from "./PagesScreen";

const p = (over: Partial<PageView>): PageView => page(over) as PageView;

const draft = p({ id: "d", title: "zebra offer", status: "draft", updated_at: "2025-03-05T00:00:00Z" });
const live = p({
  id: "l",
  title: "Apple launch",
  status: "published",
  has_unpublished_changes: false,
  published_at: "2025-03-01T00:00:00Z",
  updated_at: "2025-03-01T00:00:00Z",
});
const changed = p({
  id: "c",
  title: "banana sale",
  status: "published",
  has_unpublished_changes: true,
  published_at: "2025-03-03T00:00:00Z",
  updated_at: "2025-03-04T00:00:00Z",
});
const all = [live, changed, draft];

describe("the pages list", () => {
  it("asks the server for the status, narrowing 'changed' itself", () => {
    expect(serverStatus("all")).toBeUndefined();
    expect(serverStatus("draft")).toBe("draft");
    expect(serverStatus("published")).toBe("published");
    expect(serverStatus("changed")).toBe("published");
  });

  it("filters by status and by changes since publishing", () => {
    expect(all.filter((x) => matchesFilter(x, "all")).map((x) => x.id)).toEqual(["l", "c", "d"]);
    expect(all.filter((x) => matchesFilter(x, "draft")).map((x) => x.id)).toEqual(["d"]);
    expect(all.filter((x) => matchesFilter(x, "published")).map((x) => x.id)).toEqual(["l", "c"]);
    // A draft always "has unpublished changes", but it is not *changed since publish*.
    expect(all.filter((x) => matchesFilter(x, "changed")).map((x) => x.id)).toEqual(["c"]);
  });

  it("sorts by last edit, by title ignoring case, and by publication", () => {
    expect(sortPages(all, "edited").map((x) => x.id)).toEqual(["d", "c", "l"]);
    expect(sortPages(all, "title").map((x) => x.title)).toEqual([
      "Apple launch",
      "banana sale",
      "zebra offer",
    ]);
    expect(sortPages(all, "published").map((x) => x.id)).toEqual(["c", "l", "d"]);
    expect(all.map((x) => x.id)).toEqual(["l", "c", "d"]);
  });

  it("sorts titles with numbers as people count", () => {
    const pages = [p({ id: "10", title: "Offer 10" }), p({ id: "9", title: "Offer 9" })];
    expect(sortPages(pages, "title").map((x) => x.id)).toEqual(["9", "10"]);
  });

  it("combines filter and sort", () => {
    expect(visiblePages(all, "published", "title").map((x) => x.id)).toEqual(["l", "c"]);
  });

  it("keeps its choices in the address, leaving out the defaults", () => {
    expect(searchFromState({ q: "", filter: "all", sort: "edited" })).toBe("");
    const s = searchFromState({ q: " spring ", filter: "changed", sort: "title" });
    expect(s).toBe("?q=spring&show=changed&sort=title");
    expect(stateFromSearch(s)).toEqual({ q: "spring", filter: "changed", sort: "title" });
    expect(stateFromSearch("?show=bogus&sort=nope")).toEqual({ q: "", filter: "all", sort: "edited" });
  });

  it("counts what it shows", () => {
    expect(countText(1, 1, 1, "all")).toBe("1 page");
    expect(countText(50, 50, 120, "all")).toBe("Showing 50 of 120 pages");
    expect(countText(3, 50, 60, "changed")).toBe("3 pages changed since publish among the first 50 published");
  });
});
