// The signed-in browser as the screens see it: who, which workspace, and the few actions that
// change that (sign in, switch workspace, sign out).
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { MembershipView, Role, SessionView } from "./api/types";
import { ROLES } from "./api/types";

export interface SessionContextValue {
  /** `undefined` while the app asks; `null` when nobody is signed in. */
  session: SessionView | null | undefined;
  /** Take the answer of a sign-in (or any request that signs in) as the session. */
  setSession: (s: SessionView | null) => void;
  /** Ask the server again (after a 401 or a change elsewhere). */
  refresh: () => Promise<SessionView | null>;
  switchWorkspace: (workspaceId: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** The account is gone: say goodbye instead of showing the sign-in screen. */
  accountDeleted: () => void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error("useSession outside the app");
  return ctx;
}

/** The session of a signed-in screen (the router only shows those with one). */
export function useSignedIn(): SessionView & { ctx: SessionContextValue } {
  const ctx = useSession();
  if (!ctx.session) throw new Error("a signed-in screen without a session");
  return { ...ctx.session, ctx };
}

export function currentWorkspace(s: SessionView): MembershipView | null {
  return s.workspaces.find((w) => w.id === s.workspace_id) ?? null;
}

function rank(role: string): number {
  return ROLES.indexOf(role as Role);
}

/** Whether `role` is at least `min` (unknown roles are nothing). */
export function atLeast(role: string | null | undefined, min: Role): boolean {
  return role != null && rank(role) >= 0 && rank(role) >= rank(min);
}

/** The roles someone with `role` may hand out: up to their own. */
export function rolesUpTo(role: string): Role[] {
  return ROLES.slice(0, rank(role) + 1);
}
