// The app's screens by path, on the History API. `matchRoute` is pure (path -> screen); the rest
// keeps the screen in step with the address bar.
import type { ComponentChildren, PartialAnchorHTMLAttributes, TargetedMouseEvent } from "preact";
import { useEffect, useState } from "preact/hooks";

export const BASE = "/app";

export type Route =
  | { name: "pages" }
  | { name: "new" }
  | { name: "page"; id: string }
  | { name: "account" }
  | { name: "assets" }
  | { name: "signin" }
  | { name: "signup" }
  | { name: "forgot" }
  | { name: "reset" }
  | { name: "verify" }
  | { name: "invitation" }
  | { name: "notFound" };

const STATIC: Record<string, Route> = {
  "": { name: "pages" },
  "/new": { name: "new" },
  "/account": { name: "account" },
  "/images": { name: "assets" },
  "/signin": { name: "signin" },
  "/signup": { name: "signup" },
  "/forgot": { name: "forgot" },
  "/reset": { name: "reset" },
  "/verify": { name: "verify" },
  "/invitation": { name: "invitation" },
};

/** The screen for a path (`/app/pages/42` -> the page screen); anything else is not found. */
export function matchRoute(pathname: string): Route {
  if (pathname !== BASE && !pathname.startsWith(`${BASE}/`)) return { name: "notFound" };
  let rest = pathname.slice(BASE.length);
  if (rest.length > 1 && rest.endsWith("/")) rest = rest.slice(0, -1);
  if (rest === "/") rest = "";
  const known = STATIC[rest];
  if (known) return known;
  const page = /^\/pages\/([^/]+)$/.exec(rest);
  if (page?.[1]) {
    try {
      return { name: "page", id: decodeURIComponent(page[1]) };
    } catch {
      return { name: "notFound" };
    }
  }
  return { name: "notFound" };
}

/** Screens that need a signed-in browser. */
export function needsSession(route: Route): boolean {
  return ["pages", "new", "page", "account", "assets"].includes(route.name);
}

/** Where to go back to after signing in: only a screen of the app, never another site. */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith(`${BASE}/`) || raw.startsWith("//") || raw.includes("\\")) {
    return BASE;
  }
  return matchRoute(raw.split(/[?#]/)[0] ?? "").name === "notFound" ? BASE : raw;
}

/** The sign-in screen, remembering the screen to come back to (the pages need no reminder). */
export function signInPath(next: string): string {
  const back = safeNext(next);
  return back === BASE || back === `${BASE}/`
    ? `${BASE}/signin`
    : `${BASE}/signin?next=${encodeURIComponent(back)}`;
}

const CHANGE = "lander:navigate";

/** Go to a screen; `state` travels with the history entry (e.g. a message for the next screen). */
export function navigate(to: string, opts: { replace?: boolean; state?: unknown } = {}): void {
  if (opts.replace) history.replaceState(opts.state ?? null, "", to);
  else history.pushState(opts.state ?? null, "", to);
  window.dispatchEvent(new Event(CHANGE));
}

export interface Location {
  pathname: string;
  search: string;
  hash: string;
}

function current(): Location {
  const { pathname, search, hash } = window.location;
  return { pathname, search, hash };
}

/** The address bar, kept fresh across `navigate` and the back and forward buttons. */
export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    window.addEventListener("popstate", update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return loc;
}

type LinkProps = Omit<PartialAnchorHTMLAttributes<HTMLAnchorElement>, "href" | "role"> & {
  href: string;
  children?: ComponentChildren;
};

/** A link to a screen of the app: a real `<a href>` (open in a new tab works) routed in place. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const click = (e: TargetedMouseEvent<HTMLAnchorElement>) => {
    if (typeof onClick === "function") onClick(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
      return;
    }
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={click} {...rest} />;
}
