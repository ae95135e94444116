// The few Node functions the editor's tests use (the app itself has no Node types; see
// src/test/node-console.d.ts).
declare module "node:fs" {
  export function readFileSync(path: string | URL, encoding: "utf8"): string;
  export function readdirSync(path: string): string[];
  export function writeFileSync(path: string | URL, data: string): void;
}
declare const process: { env: Record<string, string | undefined> };
