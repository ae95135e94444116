// /app/images: the workspace's image library. Upload by file picker, drag-and-drop or paste;
// search by file name; see where an image is used; delete it (refused while a page uses it).
import { useEffect, useRef, useState } from "preact/hooks";
import { assets } from "../../api/lander";
import { asProblem } from "../../api/problem";
import type { AssetView } from "../../api/types";
import { Alert } from "../../components/Alert";
import { Heading } from "../../components/Heading";
import { atLeast, currentWorkspace, useSignedIn } from "../../session";

type Notice = { kind: "ok" | "error"; text: string };

/** "1.2 MB", "840 KB". */
export function bytes(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1000))} KB`;
}

export function AssetsScreen() {
  const session = useSignedIn();
  const canEdit = atLeast(currentWorkspace(session)?.role, "editor");
  const [items, setItems] = useState<AssetView[] | null>(null);
  const [total, setTotal] = useState(0);
  const [q, setQ] = useState("");
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(0);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const ctl = new AbortController();
    const t = setTimeout(() => {
      assets.list({ q: q.trim() || undefined, limit: 200 }, ctl.signal).then(
        (list) => {
          setItems(list.items);
          setTotal(list.total);
        },
        (err: unknown) => {
          if (!ctl.signal.aborted) setNotice({ kind: "error", text: asProblem(err).message });
        },
      );
    }, 200);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [q]);

  const upload = async (files: File[]) => {
    const images = files.filter((f) => f.size > 0);
    if (!images.length || !canEdit) return;
    setNotice(null);
    setBusy((n) => n + images.length);
    const done: string[] = [];
    for (const file of images) {
      try {
        const asset = await assets.upload(file);
        setItems((list) => [asset, ...(list ?? []).filter((a) => a.id !== asset.id)]);
        done.push(asset.name);
      } catch (err) {
        setNotice({ kind: "error", text: `${file.name}: ${asProblem(err).message}` });
      } finally {
        setBusy((n) => n - 1);
      }
    }
    if (done.length) {
      setTotal((t) => t + done.length);
      setNotice((n) =>
        n?.kind === "error" ? n : { kind: "ok", text: `Uploaded ${done.join(", ")}.` },
      );
    }
  };

  // Pasting an image anywhere on this screen uploads it.
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length) {
        e.preventDefault();
        void upload(files);
      }
    };
    document.addEventListener("paste", onPaste);
    return () => document.removeEventListener("paste", onPaste);
  });

  const remove = async (asset: AssetView) => {
    setNotice(null);
    try {
      await assets.remove(asset.id);
      setItems((list) => (list ?? []).filter((a) => a.id !== asset.id));
      setTotal((t) => Math.max(0, t - 1));
      setNotice({ kind: "ok", text: `${asset.name} was deleted.` });
    } catch (err) {
      setNotice({ kind: "error", text: asProblem(err).message });
    }
  };

  return (
    <>
      <div class="screen-head">
        <div>
          <Heading title="Images" />
          <p class="muted">Upload once, use on any page. Lander makes every size the page needs.</p>
        </div>
      </div>
      {canEdit ? (
        <div
          class={`dropzone${dragging ? " over" : ""}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void upload(Array.from(e.dataTransfer?.files ?? []));
          }}
        >
          <p>
            Drop images here, paste them, or{" "}
            <button type="button" class="link" onClick={() => picker.current?.click()}>
              choose files
            </button>
            . PNG, JPEG, GIF or WebP, up to 10 MB each.
          </p>
          <label class="sr-only" for="asset-file">
            Upload images
          </label>
          <input
            ref={picker}
            id="asset-file"
            class="sr-only"
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            multiple
            onChange={(e) => {
              const input = e.currentTarget;
              void upload(Array.from(input.files ?? [])).then(() => {
                input.value = "";
              });
            }}
          />
          {busy > 0 ? (
            <p class="muted" role="status">
              Uploading {busy === 1 ? "1 image" : `${busy} images`}…
            </p>
          ) : null}
        </div>
      ) : null}
      {notice ? <Alert kind={notice.kind}>{notice.text}</Alert> : null}
      <div class="toolbar">
        <div class="field grow">
          <label for="assets-q">Search images</label>
          <input
            id="assets-q"
            type="search"
            placeholder="File name contains…"
            value={q}
            onInput={(e) => setQ(e.currentTarget.value)}
          />
        </div>
      </div>
      {items === null ? (
        <p class="muted" role="status">
          Loading images…
        </p>
      ) : items.length === 0 ? (
        <div class="card empty">
          <h2>{q ? "No image matches" : "No images yet"}</h2>
          <p class="muted">
            {q ? `No file name contains “${q}”.` : "Images you upload appear here, ready for your pages."}
          </p>
        </div>
      ) : (
        <>
          <p class="muted count" role="status">
            {total === 1 ? "1 image" : `${total} images`}
          </p>
          <ul class="asset-grid" aria-label="Images">
            {items.map((a) => (
              <li key={a.id} class="asset-card">
                <img
                  src={a.url}
                  srcset={Object.entries(a.srcset).find(([format]) => format !== "webp")?.[1]}
                  sizes="16rem"
                  alt=""
                  width={a.width}
                  height={a.height}
                  loading="lazy"
                />
                <div class="asset-body">
                  <p class="asset-name" title={a.name}>
                    {a.name}
                  </p>
                  <p class="muted">
                    {a.width} × {a.height} · {bytes(a.size)} ·{" "}
                    {a.usage ? `used on ${a.usage === 1 ? "1 page" : `${a.usage} pages`}` : "not used yet"}
                  </p>
                  {canEdit ? (
                    <button
                      type="button"
                      class="link danger-link"
                      aria-label={`Delete ${a.name}`}
                      disabled={!!a.usage}
                      title={a.usage ? "Remove it from its pages first" : undefined}
                      onClick={() => void remove(a)}
                    >
                      Delete
                    </button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
