#!/usr/bin/env node
// The command cdktf.json runs: bring dist/ up to date (in this process, so a
// synth with nothing changed pays no second Node start), then run the app.
import { createRequire } from "node:module";
import { join } from "node:path";
import { enableCompileCache } from "./compile-cache.mjs";
import { root, transpile } from "./transpile.mjs";

try {
  transpile();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
enableCompileCache(root);
createRequire(import.meta.url)(join(root, "dist", "main.js"));
