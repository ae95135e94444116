// The bar at the top of every screen: the logo, and for a signed-in person the workspace
// switcher, the main links, who is signed in, and signing out.
import { useState } from "preact/hooks";
import { asProblem } from "../api/problem";
import type { SessionView } from "../api/types";
import { Link, type Route } from "../router";
import { useSession } from "../session";

export function TopBar({ route, session }: { route: Route; session: SessionView | null }) {
  const { switchWorkspace, signOut } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (fn: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      setError(asProblem(err).message);
    } finally {
      setBusy(false);
    }
  };

  const current = (names: Route["name"][]) =>
    names.includes(route.name) ? ("page" as const) : undefined;

  return (
    <header class="top">
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.querySelector<HTMLElement>("main h1")?.focus();
        }}
      >
        Skip to the content
      </a>
      <Link class="logo" href="/app">
        Lander
      </Link>
      {session ? (
        <nav aria-label="Main">
          {session.workspaces.length > 1 ? (
            <span class="switcher">
              <label for="workspace-switch" class="sr-only">
                Workspace
              </label>
              <select
                id="workspace-switch"
                value={session.workspace_id ?? ""}
                disabled={busy}
                onChange={(e) => {
                  const id = e.currentTarget.value;
                  void act(() => switchWorkspace(id));
                }}
              >
                {session.workspaces.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name}
                  </option>
                ))}
              </select>
            </span>
          ) : null}
          <Link href="/app" aria-current={current(["pages", "new", "page"])}>
            Pages
          </Link>
          <Link href="/app/images" aria-current={current(["assets"])}>
            Images
          </Link>
          <Link href="/app/account" aria-current={current(["account"])}>
            Account
          </Link>
          <span class="muted email">{session.account.email}</span>
          <button type="button" class="secondary" disabled={busy} onClick={() => act(signOut)}>
            Sign out
          </button>
        </nav>
      ) : null}
      {error ? (
        <div class="alert error top-error" role="alert">
          {error}
        </div>
      ) : null}
    </header>
  );
}
