// "Delete this page?": names the page, says what goes (and that a live page goes offline), and
// deletes only when confirmed.
import { useState } from "preact/hooks";
import { pages } from "../../api/lander";
import { asProblem } from "../../api/problem";
import type { PageView } from "../../api/types";
import { Alert } from "../../components/Alert";
import { Dialog } from "../../components/Dialog";

export function DeletePageDialog(props: {
  page: PageView | null;
  onCancel: () => void;
  onDeleted: (page: PageView) => void;
}) {
  const { page } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setError(null);
    props.onCancel();
  };

  const confirm = async () => {
    if (!page) return;
    setBusy(true);
    setError(null);
    try {
      await pages.remove(page.id);
      props.onDeleted(page);
    } catch (err) {
      setError(asProblem(err).message);
    } finally {
      setBusy(false);
    }
  };

  const live = page?.status === "published";
  return (
    <Dialog
      open={page !== null}
      busy={busy}
      title={page ? `Delete “${page.title}”?` : "Delete the page?"}
      onClose={close}
    >
      {page ? (
        <>
          {live ? (
            <p>
              This page is live at <strong>{page.url}</strong>. Deleting it also takes it
              offline at once: visitors will find nothing there.
            </p>
          ) : (
            <p>This page was never published, so nothing goes offline.</p>
          )}
          <p class="muted">
            Its draft and every published version are deleted too. This cannot be undone.
          </p>
          {error ? <Alert kind="error">{error}</Alert> : null}
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={confirm}>
              {busy ? "Deleting…" : live ? "Delete and take offline" : "Delete page"}
            </button>
            <button type="button" class="secondary" data-autofocus disabled={busy} onClick={close}>
              Cancel
            </button>
          </div>
        </>
      ) : null}
    </Dialog>
  );
}
