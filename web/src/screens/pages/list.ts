// What the pages list shows: which pages (the filter), in which order (the sort), and how the
// choices live in the address (`/app?q=spring&show=changed&sort=title`).
import type { PageStatus, PageView } from "../../api/types";

export const FILTERS = [
  { value: "all", label: "All" },
  { value: "draft", label: "Drafts" },
  { value: "published", label: "Published" },
  { value: "changed", label: "Changed since publish" },
] as const;
export type Filter = (typeof FILTERS)[number]["value"];

export const SORTS = [
  { value: "edited", label: "Last edited" },
  { value: "title", label: "Title A–Z" },
  { value: "published", label: "Recently published" },
] as const;
export type Sort = (typeof SORTS)[number]["value"];

/** Pages the server sends this many at a time. */
export const PAGE_SIZE = 50;

/** The `status` to ask the server for ("changed" pages are published ones, narrowed here). */
export function serverStatus(filter: Filter): PageStatus | undefined {
  if (filter === "draft") return "draft";
  if (filter === "published" || filter === "changed") return "published";
  return undefined;
}

/** A published page whose draft differs from what visitors see. */
export function changedSincePublish(p: PageView): boolean {
  return p.status === "published" && p.has_unpublished_changes;
}

export function matchesFilter(p: PageView, filter: Filter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "draft":
      return p.status === "draft";
    case "published":
      return p.status === "published";
    case "changed":
      return changedSincePublish(p);
  }
}

const time = (iso: string | null | undefined): number => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? -Infinity : t;
};

const byTitle = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** A sorted copy: never-published pages come last when sorting by publication. */
export function sortPages(items: readonly PageView[], sort: Sort): PageView[] {
  const out = [...items];
  const edited = (a: PageView, b: PageView) => time(b.updated_at) - time(a.updated_at);
  switch (sort) {
    case "edited":
      out.sort(edited);
      break;
    case "title":
      out.sort((a, b) => byTitle.compare(a.title, b.title) || edited(a, b));
      break;
    case "published":
      out.sort((a, b) => {
        const pa = a.status === "published" ? time(a.published_at) : -Infinity;
        const pb = b.status === "published" ? time(b.published_at) : -Infinity;
        if (pa === pb) return edited(a, b);
        return pb > pa ? 1 : -1;
      });
      break;
  }
  return out;
}

/** The pages to show, in order. */
export function visiblePages(items: readonly PageView[], filter: Filter, sort: Sort): PageView[] {
  return sortPages(
    items.filter((p) => matchesFilter(p, filter)),
    sort,
  );
}

export interface ListState {
  q: string;
  filter: Filter;
  sort: Sort;
}

const isFilter = (v: string | null): v is Filter => FILTERS.some((f) => f.value === v);
const isSort = (v: string | null): v is Sort => SORTS.some((s) => s.value === v);

export function stateFromSearch(search: string): ListState {
  const params = new URLSearchParams(search);
  const show = params.get("show");
  const sort = params.get("sort");
  return {
    q: params.get("q") ?? "",
    filter: isFilter(show) ? show : "all",
    sort: isSort(sort) ? sort : "edited",
  };
}

/** The query string for a state, leaving out the defaults (so the plain list is just `/app`). */
export function searchFromState(s: ListState): string {
  const params = new URLSearchParams();
  if (s.q.trim()) params.set("q", s.q.trim());
  if (s.filter !== "all") params.set("show", s.filter);
  if (s.sort !== "edited") params.set("sort", s.sort);
  const qs = params.toString();
  return qs ? `?${qs}` : "";
}
