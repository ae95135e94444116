// The editor's state core: the document model, its operations, undo/redo and autosave. Pure
// TypeScript with no DOM and no Preact, so the visual editor builds on it and tests drive it.
export * from "./model";
export * from "./ops";
export * from "./library";
export * from "./theme";
export * from "./history";
export * from "./autosave";
