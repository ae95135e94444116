import { describe, expect, it } from "vitest";
import { History } from "./history";
import { setProp } from "./ops";
import { fixture } from "./testing";

/** A clock the test moves by hand. */
function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("history", () => {
  it("undoes and redoes 150 steps", () => {
    const h = new History(0);
    for (let i = 1; i <= 150; i++) h.push(i, `step ${i}`);
    expect(h.present).toBe(150);
    expect(h.depth).toEqual({ undo: 150, redo: 0 });
    for (let i = 149; i >= 0; i--) expect(h.undo()).toBe(i);
    expect(h.canUndo).toBe(false);
    expect(h.undo()).toBeUndefined();
    expect(h.present).toBe(0);
    for (let i = 1; i <= 150; i++) expect(h.redo()).toBe(i);
    expect(h.canRedo).toBe(false);
    expect(h.redo()).toBeUndefined();
  });

  it("keeps 200 steps by default and forgets older ones", () => {
    const h = new History(0);
    for (let i = 1; i <= 250; i++) h.push(i, `step ${i}`);
    let undone = 0;
    while (h.undo() !== undefined) undone++;
    expect(undone).toBe(200);
    expect(h.present).toBe(50);

    const small = new History("a", { capacity: 2 });
    small.push("b", "1");
    small.push("c", "2");
    small.push("d", "3");
    expect(small.undo()).toBe("c");
    expect(small.undo()).toBe("b");
    expect(small.undo()).toBeUndefined();
  });

  it("labels what undo and redo would do", () => {
    const h = new History(0);
    h.push(1, "Add hero");
    h.push(2, "Delete FAQ");
    expect(h.undoLabel).toBe("Delete FAQ");
    h.undo();
    expect(h.undoLabel).toBe("Add hero");
    expect(h.redoLabel).toBe("Delete FAQ");
  });

  it("clears redo on a new push", () => {
    const h = new History(0);
    h.push(1, "a");
    h.push(2, "b");
    h.undo();
    expect(h.canRedo).toBe(true);
    h.push(3, "c");
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toBe(1);
    expect(h.undo()).toBe(0);
  });

  it("ignores pushes that change nothing", () => {
    const doc = fixture();
    const h = new History(doc);
    expect(h.push(setProp(doc, "h1", ["text"], "Heading h1"), "no-op")).toBe(false);
    expect(h.canUndo).toBe(false);
  });

  it("coalesces typing in one field within a second into one step", () => {
    const c = clock();
    const doc = fixture();
    const h = new History(doc, { now: c.now });
    let d = doc;
    for (const text of ["H", "He", "Hel", "Hell", "Hello"]) {
      d = setProp(d, "h1", ["text"], text);
      h.push(d, "Edit heading", { coalesceKey: "h1/text" });
      c.advance(400); // a slow typist still makes one step: the window slides
    }
    expect(h.depth.undo).toBe(1);
    expect(h.undo()).toBe(doc);
    expect(h.redo()).toBe(d);
  });

  it("starts a new step after a pause, in another field, or after an undo", () => {
    const c = clock();
    const h = new History("", { now: c.now });
    h.push("a", "type", { coalesceKey: "title" });
    c.advance(1500);
    h.push("ab", "type", { coalesceKey: "title" }); // after a pause
    c.advance(100);
    h.push("ab!", "type", { coalesceKey: "subtitle" }); // another field
    c.advance(100);
    h.push("ab!?", "type"); // no key: never coalesced
    c.advance(100);
    h.push("ab!?.", "type"); // ...nor coalesces with the next
    expect(h.depth.undo).toBe(5);

    h.push("ab!?.x", "type", { coalesceKey: "title" });
    h.undo();
    h.push("ab!?.y", "type", { coalesceKey: "title" }); // after an undo: new step
    expect(h.undo()).toBe("ab!?.");
  });

  it("notifies subscribers and starts over on reset", () => {
    const h = new History(0);
    let calls = 0;
    const stop = h.subscribe(() => calls++);
    h.push(1, "a");
    h.undo();
    h.redo();
    h.reset(9);
    expect(calls).toBe(4);
    expect(h.present).toBe(9);
    expect(h.canUndo || h.canRedo).toBe(false);
    stop();
    h.push(10, "b");
    expect(calls).toBe(4);
  });
});
