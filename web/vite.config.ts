// Lander's browser app. Built into `outDir` (crates/lander-web's build script passes one under
// Cargo's OUT_DIR) with content-hashed file names under /app/assets/, which Lander serves as
// immutable. Nothing is loaded from another origin.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/app/",
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" },
  },
  build: {
    outDir: process.env.LANDER_WEB_OUT_DIR || "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    manifest: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  test: {
    environment: "happy-dom",
    setupFiles: ["src/test/setup.ts"],
  },
});
