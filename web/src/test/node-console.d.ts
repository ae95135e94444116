// Node's own console, which the tests' setup quietens (see setup.ts); the app has no Node types.
declare module "node:console" {
  const console: Console;
  export default console;
}
