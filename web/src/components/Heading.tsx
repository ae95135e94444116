// The screen's title: an h1 that takes the focus when the screen opens (so keyboard and screen
// reader users start at the top of what changed) and names the browser tab.
import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Lander`;
  }, [title]);
}

export function Heading({ title, children }: { title: string; children?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(title);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children ?? title}
    </h1>
  );
}

/** A narrow card with a title and a lead: the sign-in, sign-up and similar screens. */
export function CardScreen(props: {
  title: string;
  lead?: string | null;
  children?: ComponentChildren;
}) {
  return (
    <div class="card">
      <Heading title={props.title} />
      {props.lead ? <p class="muted">{props.lead}</p> : null}
      {props.children}
    </div>
  );
}
