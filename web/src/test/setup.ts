// Every test starts with an empty document, real timers and no leftover mocks.
import nodeConsole from "node:console";
import { cleanup } from "@testing-library/preact";
import { afterEach, vi } from "vitest";
import { api } from "../api/client";

// happy-dom does not load frames (previews and thumbnails) and says so for each one, on the
// console it was given at start-up: Node's own, not the one Vitest collects per test.
const consoleError = nodeConsole.error.bind(nodeConsole);
nodeConsole.error = (...args: unknown[]) => {
  if (args.some((a) => String(a).includes("Iframe page loading is disabled"))) return;
  consoleError(...args);
};

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  api.csrfToken = null;
  api.workspaceId = null;
  api.onUnauthorized = null;
  window.history.replaceState(null, "", "/");
});
