// A live, shrunken view of a whole page (a template's preview or a published page) in a frame:
// laid out at desktop width and scaled down to the box, loaded only when scrolled near, with no
// scripts, no forms and nothing to focus or click inside.
import { useEffect, useRef } from "preact/hooks";

/** The width the page is laid out at before it is scaled down. */
export const FRAME_WIDTH = 1200;

let observer: ResizeObserver | null = null;

function fit(box: Element): void {
  if (box instanceof HTMLElement && box.clientWidth > 0) {
    // A custom property set through the CSSOM, which the Content-Security-Policy allows.
    box.style.setProperty("--frame-scale", String(box.clientWidth / FRAME_WIDTH));
  }
}

function sizes(): ResizeObserver | null {
  if (!observer && typeof ResizeObserver !== "undefined") {
    observer = new ResizeObserver((entries) => entries.forEach((e) => fit(e.target)));
  }
  return observer;
}

export function FramePreview({ src, title }: { src: string; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    const ro = sizes();
    if (!el || !ro) return;
    fit(el);
    ro.observe(el);
    return () => ro.unobserve(el);
  }, []);
  return (
    <div class="frame-box" ref={box} inert aria-hidden="true">
      <iframe
        src={src}
        title={title}
        loading="lazy"
        sandbox="allow-same-origin"
        referrerpolicy="same-origin"
        tabIndex={-1}
      />
    </div>
  );
}
