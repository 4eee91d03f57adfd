#!/usr/bin/env node
// The command cdktf.json runs: bring dist/ and its bundle up to date (in this
// process, so a synth with nothing changed pays no second Node start), then run the app.
import { createRequire } from "node:module";
import { join } from "node:path";
import { ensureBundle } from "./bundle.mjs";
import { enableCompileCache } from "./compile-cache.mjs";
import { root, transpile } from "./transpile.mjs";

try {
  transpile();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
// One bundled file loads faster than ~950 modules; MOCKFORGE_DEBUG=1 (stack traces
// with real file names) and MOCKFORGE_BUNDLE=0 run dist/main.js as it is.
let main = join(root, "dist", "main.js");
if (!process.env.MOCKFORGE_DEBUG && process.env.MOCKFORGE_BUNDLE !== "0") {
  try {
    main = ensureBundle(root);
  } catch (error) {
    process.stderr.write(`${error.message.split("\n")[0]}; running dist/main.js unbundled\n`);
  }
}
enableCompileCache(root);
createRequire(import.meta.url)(main);
