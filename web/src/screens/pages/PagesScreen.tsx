// /app: the pages of the current workspace, to find, open, duplicate and delete, and the way
// to a new one.
import { useEffect, useRef, useState } from "preact/hooks";
import { pages } from "../../api/lander";
import { asProblem } from "../../api/problem";
import type { PageView } from "../../api/types";
import { Alert } from "../../components/Alert";
import { Heading } from "../../components/Heading";
import { Link } from "../../router";
import { atLeast, currentWorkspace, useSignedIn } from "../../session";
import { DeletePageDialog } from "./DeletePageDialog";
import { PageCard, pagePath } from "./PageCard";
import {
  FILTERS,
  PAGE_SIZE,
  SORTS,
  type Filter,
  type Sort,
  searchFromState,
  serverStatus,
  stateFromSearch,
  visiblePages,
} from "./list";

/** How long typing pauses before the search is sent. */
export const SEARCH_DELAY_MS = 250;

type Notice = { kind: "ok" | "error"; text: string; open?: PageView };

export function PagesScreen() {
  const session = useSignedIn();
  const workspace = currentWorkspace(session);
  const role = workspace?.role;
  const [init] = useState(() => stateFromSearch(window.location.search));
  const [q, setQ] = useState(init.q);
  const [query, setQuery] = useState(init.q.trim());
  const [filter, setFilter] = useState<Filter>(init.filter);
  const [sort, setSort] = useState<Sort>(init.sort);
  const [items, setItems] = useState<PageView[]>([]);
  const [total, setTotal] = useState(0);
  // How far into the server's list we have read (the offset of the next "Load more").
  const [offset, setOffset] = useState(0);
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const [loadError, setLoadError] = useState("");
  const [reload, setReload] = useState(0);
  const [fetching, setFetching] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [duplicating, setDuplicating] = useState<string | null>(null);
  const [toDelete, setToDelete] = useState<PageView | null>(null);
  const [focusPage, setFocusPage] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const status = serverStatus(filter);

  useEffect(() => {
    const t = setTimeout(() => setQuery(q.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [q]);

  useEffect(() => {
    const search = searchFromState({ q: query, filter, sort });
    if (window.location.pathname.startsWith("/app") && window.location.search !== search) {
      history.replaceState(history.state, "", `/app${search}`);
    }
  }, [query, filter, sort]);

  useEffect(() => {
    const ctl = new AbortController();
    // A search keeps the current cards on screen until its answer arrives.
    setState((s) => (s === "ready" ? "ready" : "loading"));
    setFetching(true);
    setLoadingMore(false);
    pages
      .list({ status, q: query || undefined, limit: PAGE_SIZE, offset: 0 }, ctl.signal)
      .then((list) => {
        setItems(list.items);
        setTotal(list.total);
        setOffset(list.items.length);
        setState("ready");
        setFetching(false);
      })
      .catch((err: unknown) => {
        if (ctl.signal.aborted) return;
        setLoadError(asProblem(err).message);
        setState("error");
        setFetching(false);
      });
    return () => ctl.abort();
  }, [query, status, reload]);

  useEffect(() => {
    if (!focusPage) return;
    listRef.current
      ?.querySelector<HTMLElement>(`[data-page="${CSS.escape(focusPage)}"] .page-title a`)
      ?.focus();
    setFocusPage(null);
  }, [focusPage, items]);

  const canEdit = atLeast(role, "editor");
  const canDelete = atLeast(role, "publisher");
  const shown = visiblePages(items, filter, sort);
  const hasMore = offset < total;
  const narrowed = query !== "" || filter !== "all";

  const loadMore = async () => {
    setLoadingMore(true);
    try {
      const list = await pages.list({ status, q: query || undefined, limit: PAGE_SIZE, offset });
      const known = new Set(items.map((p) => p.id));
      const fresh = list.items.filter((p) => !known.has(p.id));
      setItems((old) => [...old, ...fresh]);
      setTotal(list.total);
      setOffset((o) => o + list.items.length);
      const first = fresh.find((p) => visiblePages([p], filter, sort).length);
      if (first) setFocusPage(first.id);
    } catch (err) {
      setNotice({ kind: "error", text: asProblem(err).message });
    } finally {
      setLoadingMore(false);
    }
  };

  const duplicate = async (page: PageView) => {
    setDuplicating(page.id);
    setNotice(null);
    try {
      const copy = await pages.duplicate(page.id);
      const listed =
        status !== "published" && (!query || copy.title.toLowerCase().includes(query.toLowerCase()));
      if (listed) {
        setItems((old) => [copy, ...old]);
        setTotal((t) => t + 1);
        setOffset((o) => o + 1);
      }
      setNotice({ kind: "ok", text: `“${copy.title}” was created as a copy of “${page.title}”.`, open: copy });
    } catch (err) {
      setNotice({ kind: "error", text: asProblem(err).message });
    } finally {
      setDuplicating(null);
    }
  };

  const deleted = (page: PageView) => {
    setToDelete(null);
    setItems((old) => old.filter((p) => p.id !== page.id));
    setTotal((t) => Math.max(0, t - 1));
    setOffset((o) => Math.max(0, o - 1));
    setNotice({
      kind: "ok",
      text:
        page.status === "published"
          ? `“${page.title}” was deleted and is offline.`
          : `“${page.title}” was deleted.`,
    });
  };

  const clear = () => {
    setQ("");
    setQuery("");
    setFilter("all");
  };

  return (
    <>
      <div class="screen-head">
        <div>
          <Heading title="Pages" />
          {workspace ? <p class="muted">In {workspace.name}</p> : null}
        </div>
        {canEdit ? (
          <Link class="button" href="/app/new">
            New page
          </Link>
        ) : null}
      </div>

      {!workspace ? (
        <div class="card">
          <p class="muted">You're not in a workspace yet. Ask an admin for an invitation.</p>
        </div>
      ) : (
        <>
          {/* An empty workspace has nothing to search: only the way to its first page. */}
          {state === "ready" && total === 0 && !narrowed ? null : (
            <Toolbar
              q={q}
              filter={filter}
              sort={sort}
              onQ={setQ}
              onSearch={() => setQuery(q.trim())}
              onFilter={setFilter}
              onSort={setSort}
            />
          )}

          {notice ? (
            <Alert kind={notice.kind}>
              {notice.text}{" "}
              {notice.open ? <Link href={pagePath(notice.open.id)}>Open it</Link> : null}
            </Alert>
          ) : null}

          {state === "error" ? (
            <div class="card">
              <Alert kind="error">{loadError}</Alert>
              <button type="button" class="secondary" onClick={() => setReload((n) => n + 1)}>
                Try again
              </button>
            </div>
          ) : state === "loading" ? (
            <p class="muted" role="status">
              Loading pages…
            </p>
          ) : (
            <>
              {/* Read out after every search; shown only when there are cards to count. */}
              <p class={shown.length || fetching ? "muted count" : "sr-only"} role="status">
                {fetching ? "Searching…" : countText(shown.length, items.length, total, filter)}
              </p>
              {shown.length ? (
                <ul class="page-grid" ref={listRef} aria-label="Pages" aria-busy={fetching}>
                  {shown.map((p) => (
                    <PageCard
                      key={p.id}
                      page={p}
                      canEdit={canEdit}
                      canDelete={canDelete}
                      duplicating={duplicating === p.id}
                      onDuplicate={duplicate}
                      onDelete={setToDelete}
                    />
                  ))}
                </ul>
              ) : narrowed ? (
                <div class="card empty">
                  <h2>No pages match</h2>
                  <p class="muted">
                    {query
                      ? `No page title contains “${query}”${filter !== "all" ? " among these pages" : ""}.`
                      : "No page is in this state."}
                  </p>
                  <button type="button" class="secondary" onClick={clear}>
                    Show all pages
                  </button>
                </div>
              ) : (
                <div class="card empty">
                  <h2>No pages yet</h2>
                  {canEdit ? (
                    <>
                      <p class="muted">
                        Start from a template: it already looks finished, and you change the words
                        and pictures to make it yours.
                      </p>
                      <Link class="button" href="/app/new">
                        Create your first page
                      </Link>
                    </>
                  ) : (
                    <p class="muted">Nobody has made a page in this workspace yet.</p>
                  )}
                </div>
              )}
              {hasMore ? (
                <p class="more">
                  <button type="button" class="secondary" disabled={loadingMore} onClick={loadMore}>
                    {loadingMore ? "Loading…" : "Load more pages"}
                  </button>
                </p>
              ) : null}
            </>
          )}
        </>
      )}
      <DeletePageDialog page={toDelete} onCancel={() => setToDelete(null)} onDeleted={deleted} />
    </>
  );
}

function Toolbar(props: {
  q: string;
  filter: Filter;
  sort: Sort;
  onQ: (q: string) => void;
  onSearch: () => void;
  onFilter: (f: Filter) => void;
  onSort: (s: Sort) => void;
}) {
  return (
    <form
      class="toolbar"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSearch();
      }}
    >
      <div class="field grow">
        <label for="pages-q">Search pages</label>
        <input
          id="pages-q"
          type="search"
          placeholder="Title contains…"
          value={props.q}
          onInput={(e) => props.onQ(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="pages-filter">Show</label>
        <select
          id="pages-filter"
          value={props.filter}
          onChange={(e) => props.onFilter(e.currentTarget.value as Filter)}
        >
          {FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="pages-sort">Sort by</label>
        <select
          id="pages-sort"
          value={props.sort}
          onChange={(e) => props.onSort(e.currentTarget.value as Sort)}
        >
          {SORTS.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}

export function countText(shown: number, loaded: number, total: number, filter: Filter): string {
  const pages = (n: number) => (n === 1 ? "1 page" : `${n} pages`);
  if (filter === "changed") {
    return loaded < total
      ? `${pages(shown)} changed since publish among the first ${loaded} published`
      : `${pages(shown)} changed since publish`;
  }
  return loaded < total ? `Showing ${loaded} of ${pages(total)}` : pages(total);
}
