import { beforeEach, describe, expect, it, vi } from "vitest";
import { Autosave, classifyFailure, type SaveFn, type SaveState } from "./autosave";
import type { Document } from "./model";
import { setProp } from "./ops";
import { fixture } from "./testing";

interface Call {
  doc: Document;
  revision: number;
  ok(revision: number): void;
  fail(err: unknown): void;
}

/** A `save` whose answers the test gives, one call at a time. */
function server() {
  const calls: Call[] = [];
  const save: SaveFn = (doc, revision) =>
    new Promise((resolve, reject) => {
      calls.push({ doc, revision, ok: (r) => resolve({ revision: r }), fail: reject });
    });
  const last = (): Call => {
    const c = calls[calls.length - 1];
    if (!c) throw new Error("no save yet");
    return c;
  };
  return { save, calls, last };
}

const d0 = fixture();
const edit = (n: number) => setProp(d0, "h1", ["text"], `Version ${n}`);
const [d1, d2, d3] = [edit(1), edit(2), edit(3)];
const tick = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

function setup(revision = 3) {
  const srv = server();
  const autosave = new Autosave({ save: srv.save, doc: d0, revision });
  const states: SaveState[] = [];
  autosave.subscribe((s) => states.push(s.state));
  return { srv, autosave, states };
}

beforeEach(() => {
  vi.useFakeTimers();
});

describe("autosave", () => {
  it("waits for a pause of 800 ms, then saves the newest document", async () => {
    const { srv, autosave, states } = setup();
    autosave.change(d1);
    expect(autosave.state).toBe("dirty");
    await tick(500);
    autosave.change(d2);
    await tick(700);
    expect(srv.calls).toHaveLength(0);
    await tick(100);
    expect(srv.calls).toHaveLength(1);
    expect(srv.last().doc).toBe(d2);
    expect(srv.last().revision).toBe(3);
    expect(autosave.state).toBe("saving");
    srv.last().ok(4);
    await tick();
    expect(autosave.status).toEqual({ state: "saved", revision: 4 });
    expect(states).toEqual(["dirty", "dirty", "saving", "saved"]);
  });

  it("keeps one save in flight and saves changes made during it afterwards", async () => {
    const { srv, autosave } = setup();
    autosave.change(d1);
    await tick(800);
    autosave.change(d2);
    await tick(10_000);
    expect(srv.calls).toHaveLength(1);
    expect(autosave.state).toBe("saving");
    srv.last().ok(4);
    await tick();
    // The author paused long ago: the next save starts at once, on the new revision.
    expect(srv.calls).toHaveLength(2);
    expect(srv.last().doc).toBe(d2);
    expect(srv.last().revision).toBe(4);
    srv.last().ok(5);
    await tick();
    expect(autosave.status).toEqual({ state: "saved", revision: 5 });
  });

  it("after a save, still waits for the author to pause", async () => {
    const { srv, autosave } = setup();
    autosave.change(d1);
    await tick(800);
    await tick(300);
    autosave.change(d2);
    srv.last().ok(4);
    await tick();
    expect(autosave.state).toBe("dirty");
    await tick(799);
    expect(srv.calls).toHaveLength(1);
    await tick(1);
    expect(srv.calls).toHaveLength(2);
  });

  it("does not save when the author undoes back to what is stored", async () => {
    const { srv, autosave } = setup();
    autosave.change(d1);
    autosave.change(d0);
    expect(autosave.state).toBe("saved");
    await tick(5000);
    expect(srv.calls).toHaveLength(0);
  });

  it("stops on a 412 and keeps the author's version on request", async () => {
    const { srv, autosave } = setup();
    autosave.change(d1);
    await tick(800);
    srv.last().fail({ status: 412, current_revision: 7 });
    await tick();
    expect(autosave.status).toEqual({ state: "conflict", revision: 3, theirRevision: 7 });
    autosave.change(d2);
    await tick(60_000);
    expect(srv.calls).toHaveLength(1);
    expect(autosave.state).toBe("conflict");

    autosave.resolveConflict("keep-mine");
    expect(srv.calls).toHaveLength(2);
    expect(srv.last().doc).toBe(d2);
    expect(srv.last().revision).toBe(7);
    srv.last().ok(8);
    await tick();
    expect(autosave.status).toEqual({ state: "saved", revision: 8 });
  });

  it("keeps mine even when mine is what was stored before", async () => {
    const { srv, autosave } = setup();
    autosave.change(d1);
    await tick(800);
    srv.last().fail({ status: 412, current_revision: 7 });
    await tick();
    autosave.change(d0); // undone to the loaded version: still differs from theirs
    autosave.resolveConflict("keep-mine");
    expect(srv.last().doc).toBe(d0);
    expect(srv.last().revision).toBe(7);
  });

  it("takes their version on request", async () => {
    const { srv, autosave } = setup();
    autosave.change(d1);
    await tick(800);
    srv.last().fail({ status: 412 });
    await tick();
    expect(() => autosave.resolveConflict("keep-mine")).toThrow(/revision/);
    expect(() => autosave.resolveConflict("take-theirs")).toThrow(/draft/);
    autosave.resolveConflict("take-theirs", { revision: 9, doc: d3 });
    expect(autosave.status).toEqual({ state: "saved", revision: 9 });
    autosave.change(d3); // the editor now shows theirs: nothing to save
    await tick(5000);
    expect(srv.calls).toHaveLength(1);
    autosave.change(d2);
    await tick(800);
    expect(srv.last().doc).toBe(d2);
    expect(srv.last().revision).toBe(9);
  });

  it("retries with backoff while offline, saving the newest document", async () => {
    const { srv, autosave } = setup();
    autosave.change(d1);
    await tick(800);
    srv.last().fail(new TypeError("Failed to fetch"));
    await tick();
    expect(autosave.state).toBe("offline");
    expect(autosave.status.retryAt).toBe(Date.now() + 1000);
    autosave.change(d2); // waits for the retry
    await tick(999);
    expect(srv.calls).toHaveLength(1);
    await tick(1);
    expect(srv.calls).toHaveLength(2);
    expect(srv.last().doc).toBe(d2);
    srv.last().fail({ status: 0 }); // the app's Problem for "unreachable"
    await tick();
    await tick(1999);
    expect(srv.calls).toHaveLength(2);
    await tick(1);
    expect(srv.calls).toHaveLength(3);
    srv.last().fail({ status: 503 });
    await tick();
    expect(autosave.state).toBe("offline");
    autosave.retryNow(); // the browser is back online
    expect(srv.calls).toHaveLength(4);
    srv.last().ok(4);
    await tick();
    expect(autosave.status).toEqual({ state: "saved", revision: 4 });
  });

  it("caps the backoff", async () => {
    const srv = server();
    const autosave = new Autosave({ save: srv.save, doc: d0, revision: 1, retryMs: 1000, maxRetryMs: 4000 });
    autosave.change(d1);
    await tick(800);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      srv.last().fail(new TypeError("offline"));
      await tick();
      delays.push((autosave.status.retryAt ?? 0) - Date.now());
      await tick(delays[i]);
    }
    expect(delays).toEqual([1000, 2000, 4000, 4000, 4000]);
  });

  it("stops on a refusal until the next change", async () => {
    const { srv, autosave } = setup();
    autosave.change(d1);
    await tick(800);
    const invalid = { status: 422, errors: [{ pointer: "/sections/0/blocks/0/props/text" }] };
    srv.last().fail(invalid);
    await tick();
    expect(autosave.status).toEqual({ state: "error", revision: 3, error: invalid });
    await tick(60_000);
    expect(srv.calls).toHaveLength(1);
    autosave.change(d2);
    expect(autosave.state).toBe("dirty");
    await tick(800);
    expect(srv.calls).toHaveLength(2);
  });

  it("flushes at once and resolves when saved", async () => {
    const { srv, autosave } = setup();
    autosave.change(d1);
    const flushed = autosave.flush();
    expect(srv.calls).toHaveLength(1);
    srv.last().ok(4);
    await flushed;
    expect(autosave.status).toEqual({ state: "saved", revision: 4 });
    await tick(5000);
    expect(srv.calls).toHaveLength(1);
  });

  it("flush waits for a save under way, then saves what changed", async () => {
    const { srv, autosave } = setup();
    autosave.change(d1);
    await tick(800);
    autosave.change(d2);
    const flushed = autosave.flush();
    srv.last().ok(4);
    await tick();
    expect(srv.calls).toHaveLength(2);
    srv.last().ok(5);
    await flushed;
    expect(autosave.status).toEqual({ state: "saved", revision: 5 });
  });

  it("stops when disposed", async () => {
    const { srv, autosave } = setup();
    autosave.change(d1);
    autosave.dispose();
    await tick(5000);
    expect(srv.calls).toHaveLength(0);
  });

  it("classifies failures", () => {
    expect(classifyFailure({ status: 412 })).toBe("conflict");
    expect(classifyFailure(new TypeError("Failed to fetch"))).toBe("offline");
    expect(classifyFailure({ status: 0 })).toBe("offline");
    expect(classifyFailure({ status: 502 })).toBe("offline");
    expect(classifyFailure({ status: 429 })).toBe("offline");
    expect(classifyFailure({ status: 422 })).toBe("error");
    expect(classifyFailure({ status: 403 })).toBe("error");
  });
});
