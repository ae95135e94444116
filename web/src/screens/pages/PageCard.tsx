// One page in the list: what it looks like, whether it is live, when it changed, and what you
// can do with it.
import type { PageView } from "../../api/types";
import { FramePreview } from "../../components/FramePreview";
import { Link } from "../../router";
import { ago, when } from "../../util/format";
import { changedSincePublish } from "./list";

export function pagePath(id: string): string {
  return `/app/pages/${encodeURIComponent(id)}`;
}

export function StatusBadges({ page }: { page: PageView }) {
  return (
    <>
      {page.status === "published" ? (
        <span class="badge published">Published</span>
      ) : (
        <span class="badge draft">Draft</span>
      )}
      {changedSincePublish(page) ? (
        <span class="badge changed">Changed since publish</span>
      ) : null}
    </>
  );
}

export function Thumbnail({ page }: { page: PageView }) {
  if (page.status === "published") {
    return <FramePreview src={page.url} title={`The live page “${page.title}”`} />;
  }
  return (
    <div class="thumb-placeholder" aria-hidden="true">
      <span class="thumb-title">{page.title}</span>
      <span class="thumb-note">{page.latest_version ? "Offline" : "Not published yet"}</span>
    </div>
  );
}

export interface PageCardProps {
  page: PageView;
  canEdit: boolean;
  canDelete: boolean;
  duplicating: boolean;
  onDuplicate: (page: PageView) => void;
  onDelete: (page: PageView) => void;
}

export function PageCard({ page, canEdit, canDelete, duplicating, ...on }: PageCardProps) {
  const href = pagePath(page.id);
  return (
    <li class="page-card" data-page={page.id}>
      <div class="thumb">
        <Thumbnail page={page} />
      </div>
      <div class="page-card-body">
        <h2 class="page-title">
          <Link href={href}>{page.title}</Link>
        </h2>
        <p class="badges">
          <StatusBadges page={page} />
        </p>
        <p class="page-meta">
          <span>
            Edited{" "}
            <time dateTime={page.updated_at} title={when(page.updated_at)}>
              {ago(page.updated_at)}
            </time>
          </span>
          <span class="slug">/{page.slug}</span>
        </p>
        <div class="card-actions">
          <Link class="button secondary small" href={href}>
            Open<span class="sr-only"> “{page.title}”</span>
          </Link>
          {canEdit ? (
            <button
              type="button"
              class="secondary small"
              disabled={duplicating}
              onClick={() => on.onDuplicate(page)}
            >
              {duplicating ? "Duplicating…" : "Duplicate"}
              <span class="sr-only"> “{page.title}”</span>
            </button>
          ) : null}
          {canDelete ? (
            <button type="button" class="link danger-link" onClick={() => on.onDelete(page)}>
              Delete<span class="sr-only"> “{page.title}”</span>
            </button>
          ) : null}
        </div>
      </div>
    </li>
  );
}
