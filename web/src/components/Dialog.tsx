// A modal dialog on the native <dialog>: the browser keeps the focus inside and closes it on
// Escape; this opens it, puts the focus on the element marked `data-autofocus` (or the first
// control), and gives the focus back to where it was when it closes.
import type { ComponentChildren, TargetedEvent } from "preact";
import { useEffect, useId, useRef } from "preact/hooks";

export interface DialogProps {
  open: boolean;
  title: string;
  /** Called when the dialog closes by itself (Escape) or by `open` turning false. */
  onClose: () => void;
  /** While true, Escape does not close it (something is in progress). */
  busy?: boolean;
  children: ComponentChildren;
  class?: string;
}

const FOCUSABLE = "[data-autofocus], button, input, select, textarea, a[href]";

export function Dialog(props: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      const first =
        dialog.querySelector<HTMLElement>("[data-autofocus]") ??
        dialog.querySelector<HTMLElement>(FOCUSABLE);
      first?.focus();
    } else if (!props.open && dialog.open) {
      dialog.close();
    }
  }, [props.open]);

  const closed = () => {
    const back = returnTo.current;
    returnTo.current = null;
    if (back?.isConnected) back.focus();
    else document.querySelector<HTMLElement>("main h1")?.focus();
    props.onClose();
  };

  const cancel = (e: TargetedEvent<HTMLDialogElement>) => {
    if (props.busy) e.preventDefault();
  };

  return (
    <dialog
      ref={ref}
      class={props.class ?? "dialog"}
      aria-labelledby={titleId}
      onClose={closed}
      onCancel={cancel}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.open ? props.children : null}
    </dialog>
  );
}
