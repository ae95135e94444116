// Renders a screen inside a signed-in app context, without the app around it.
import { render } from "@testing-library/preact";
import type { ComponentChildren } from "preact";
import { vi } from "vitest";
import { api } from "../api/client";
import type { SessionView } from "../api/types";
import { SessionContext, type SessionContextValue } from "../session";
import { session as sessionFixture } from "./fetch";

export function renderSignedIn(ui: ComponentChildren, over: Record<string, unknown> = {}) {
  const session = sessionFixture(over) as SessionView;
  api.csrfToken = session.csrf_token;
  api.workspaceId = session.workspace_id ?? null;
  const ctx: SessionContextValue = {
    session,
    setSession: vi.fn(),
    refresh: vi.fn(async () => session),
    switchWorkspace: vi.fn(async () => undefined),
    signOut: vi.fn(async () => undefined),
    accountDeleted: vi.fn(),
  };
  return { ...render(<SessionContext value={ctx}>{ui}</SessionContext>), ctx, session };
}
