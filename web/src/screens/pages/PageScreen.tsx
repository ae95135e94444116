// /app/pages/{id}: for now the page's facts and its live address; the editor comes here next.
import { useEffect, useState } from "preact/hooks";
import { pages } from "../../api/lander";
import { asProblem } from "../../api/problem";
import type { PageView } from "../../api/types";
import { Alert } from "../../components/Alert";
import { FramePreview } from "../../components/FramePreview";
import { Heading } from "../../components/Heading";
import { Link } from "../../router";
import { ago, when } from "../../util/format";
import { StatusBadges } from "./PageCard";

export function PageScreen({ id }: { id: string }) {
  const [page, setPage] = useState<PageView | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);

  useEffect(() => {
    setPage(null);
    setError(null);
    pages.get(id).then(setPage, (err: unknown) => {
      const p = asProblem(err);
      setError({ status: p.status, message: p.message });
    });
  }, [id]);

  const title = page ? page.title : error?.status === 404 ? "Page not found" : error ? "Something went wrong" : "Loading the page…";
  return (
    <>
      <p class="back">
        <Link href="/app">← All pages</Link>
      </p>
      <div class="card">
        <Heading title={title} />
        {error ? (
          <>
            <Alert kind="error">
              {error.status === 404
                ? "This page does not exist in this workspace. It may have been deleted."
                : error.message}
            </Alert>
            <Link href="/app">Go to your pages</Link>
          </>
        ) : page ? (
          <>
            <p class="badges">
              <StatusBadges page={page} />
            </p>
            {page.status === "published" ? (
              <div class="thumb page-preview">
                <FramePreview src={page.url} title={`The live page “${page.title}”`} />
              </div>
            ) : null}
            <dl class="facts">
              <dt>Address</dt>
              <dd>{page.url}</dd>
              <dt>Last edited</dt>
              <dd>
                <time dateTime={page.updated_at} title={when(page.updated_at)}>
                  {ago(page.updated_at)}
                </time>
              </dd>
              {page.published_at ? (
                <>
                  <dt>Published</dt>
                  <dd>
                    <time dateTime={page.published_at} title={when(page.published_at)}>
                      {ago(page.published_at)}
                    </time>
                    {page.live_version ? ` (version ${page.live_version})` : null}
                  </dd>
                </>
              ) : null}
            </dl>
            <div class="coming">
              <h2>The editor is coming</h2>
              <p class="muted">
                Soon you'll change this page's words, images and buttons right here, preview it
                on a phone, and publish it.
              </p>
            </div>
            {page.status === "published" ? (
              <a class="button secondary" href={page.url} target="_blank" rel="noopener">
                View the live page<span class="sr-only"> (opens in a new tab)</span>
              </a>
            ) : (
              <p class="muted">This page is not published yet, so it has no live address.</p>
            )}
          </>
        ) : (
          <p class="muted" role="status">
            Loading…
          </p>
        )}
      </div>
    </>
  );
}
