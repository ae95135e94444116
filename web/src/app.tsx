// The app: asks who is signed in, keeps the screen in step with the address, sends signed-out
// visits of signed-in screens to the sign-in screen (and back afterwards), and draws the screen.
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api } from "./api/client";
import { auth } from "./api/lander";
import { asProblem } from "./api/problem";
import type { SessionView } from "./api/types";
import { Alert } from "./components/Alert";
import { CardScreen } from "./components/Heading";
import { TopBar } from "./components/TopBar";
import { type Route, matchRoute, navigate, needsSession, safeNext, signInPath, useLocation } from "./router";
import { AccountScreen } from "./screens/account/AccountScreen";
import { AssetsScreen } from "./screens/assets/AssetsScreen";
import {
  ForgotScreen,
  InvitationScreen,
  ResetScreen,
  SignUpScreen,
  VerifyScreen,
} from "./screens/auth/Accounts";
import { SignInScreen } from "./screens/auth/SignIn";
import { NotFoundScreen } from "./screens/NotFound";
import { NewPageScreen } from "./screens/pages/NewPageScreen";
import { PageScreen } from "./screens/pages/PageScreen";
import { PagesScreen } from "./screens/pages/PagesScreen";
import { SessionContext, type SessionContextValue } from "./session";

/** How wide the screen is: forms are narrow, the account page wider, pages the widest. */
function width(route: Route): string | undefined {
  if (route.name === "account") return "wide";
  if (["pages", "new", "page", "assets"].includes(route.name)) return "full";
  return undefined;
}

function Screen({ route, session }: { route: Route; session: SessionView | null }) {
  // Signed-in screens start afresh in another workspace.
  const ws = session?.workspace_id ?? "none";
  switch (route.name) {
    case "pages":
      return <PagesScreen key={ws} />;
    case "new":
      return <NewPageScreen key={ws} />;
    case "page":
      return <PageScreen key={`${ws}/${route.id}`} id={route.id} />;
    case "account":
      return <AccountScreen key={ws} />;
    case "assets":
      return <AssetsScreen key={ws} />;
    case "signin":
      return <SignInScreen />;
    case "signup":
      return <SignUpScreen />;
    case "forgot":
      return <ForgotScreen />;
    case "reset":
      return <ResetScreen />;
    case "verify":
      return <VerifyScreen />;
    case "invitation":
      return <InvitationScreen />;
    case "notFound":
      return <NotFoundScreen signedIn={session !== null} />;
  }
}

export function App() {
  const loc = useLocation();
  const route = matchRoute(loc.pathname);
  const [session, setSessionState] = useState<SessionView | null | undefined>(undefined);
  const [bootError, setBootError] = useState<string | null>(null);
  const signedIn = useRef(false);

  const setSession = useCallback((s: SessionView | null) => {
    api.csrfToken = s?.csrf_token ?? null;
    api.workspaceId = s?.workspace_id ?? null;
    signedIn.current = s !== null;
    setSessionState(s);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const s = await auth.session();
      setBootError(null);
      setSession(s);
      return s;
    } catch (err) {
      const p = asProblem(err);
      if (p.status === 401) {
        setBootError(null);
        setSession(null);
        return null;
      }
      setBootError(p.message);
      throw p;
    }
  }, [setSession]);

  useEffect(() => {
    refresh().catch(() => undefined);
    // A 401 from a workspace request may mean the session ended (elsewhere, or it expired);
    // a 401 from an account action (a wrong password) does not.
    api.onUnauthorized = (path) => {
      if (signedIn.current && !path.startsWith("/api/v1/auth/") && !path.startsWith("/api/v1/account")) {
        refresh().catch(() => undefined);
      }
    };
    return () => {
      api.onUnauthorized = null;
    };
  }, [refresh]);

  // Signed-out visits to signed-in screens go to the sign-in screen, and back after it.
  useEffect(() => {
    if (session === undefined) return;
    if (session === null && needsSession(route)) {
      navigate(signInPath(loc.pathname + loc.search), { replace: true });
    } else if (session && route.name === "signin") {
      navigate(safeNext(new URLSearchParams(loc.search).get("next")), { replace: true });
    }
  }, [session, route.name, loc.pathname, loc.search]);

  const ctx = useMemo<SessionContextValue>(
    () => ({
      session,
      setSession,
      refresh,
      switchWorkspace: async (workspaceId) => {
        setSession(await auth.chooseWorkspace(workspaceId));
        if (matchRoute(window.location.pathname).name === "page") navigate("/app");
      },
      signOut: async () => {
        await auth.signOut();
        setSession(null);
        navigate("/app/signin");
      },
      accountDeleted: () => {
        setSession(null);
        navigate("/app/signin", {
          replace: true,
          state: { notice: "Your account was deleted. Thank you for using Lander." },
        });
      },
    }),
    [session, setSession, refresh],
  );

  let content;
  if (bootError) {
    content = (
      <CardScreen title="Lander cannot be reached">
        <Alert kind="error">{bootError}</Alert>
        <button type="button" class="full" onClick={() => refresh().catch(() => undefined)}>
          Try again
        </button>
      </CardScreen>
    );
  } else if (
    session === undefined ||
    (session === null && needsSession(route)) ||
    (session && route.name === "signin")
  ) {
    // Asking who is signed in, or on the way to another screen.
    content = <p class="muted" role="status">Loading…</p>;
  } else {
    content = <Screen route={route} session={session} />;
  }

  return (
    <SessionContext value={ctx}>
      <TopBar
        route={route}
        session={needsSession(route) || route.name === "notFound" ? (session ?? null) : null}
      />
      <main id="main" class={width(route)}>
        {content}
      </main>
    </SessionContext>
  );
}
