// The app as one CommonJS file: dist/main.js and everything it requires (cdktf,
// the providers' deep imports, constructs, ...) bundled by esbuild into
// dist/app.bundle.cjs. Resolving, reading and wrapping ~950 modules one by one
// costs a synth about 0.1 s more than loading one file. Same JavaScript, same
// order of evaluation: test/app/bundle.test.ts compares the output of both.
//
// Incremental: dist/app.bundle.json lists every input with its size and mtime;
// while none changed (a transpile rewrites only changed files), the bundle is
// reused and esbuild is not even loaded. Both files are written atomically, so
// synths running side by side never read half a bundle.
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

const require = createRequire(import.meta.url);

/** Returns the bundle's path, rebuilding it when an input changed. Throws with esbuild's message on failure. */
export function ensureBundle(root) {
  const bundle = join(root, "dist", "app.bundle.cjs");
  const metaFile = join(root, "dist", "app.bundle.json");
  if (upToDate(root, bundle, metaFile)) return bundle;
  const esbuild = require("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [join(root, "dist", "main.js")],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${process.versions.node.split(".")[0]}`,
    outfile: bundle,
    write: false,
    metafile: true,
    logLevel: "silent",
    // Resolved at run time on purpose: the policy rules read the providers' own files.
    logOverride: { "require-resolve-not-external": "silent" },
  });
  if (result.errors.length > 0) throw new Error(`bundle: ${result.errors.map((e) => e.text).join("; ")}`);
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const stat = statSync(join(root, input));
    inputs[relative(root, join(root, input))] = [stat.size, stat.mtimeMs];
  }
  writeAtomically(bundle, result.outputFiles[0].contents);
  writeAtomically(metaFile, JSON.stringify({ esbuild: esbuild.version, node: process.version, bundle: statSync(bundle).size, inputs }));
  return bundle;
}

function writeAtomically(file, contents) {
  const scratch = `${file}.${process.pid}.tmp`;
  writeFileSync(scratch, contents);
  renameSync(scratch, file);
}

function upToDate(root, bundle, metaFile) {
  let meta;
  try {
    meta = JSON.parse(readFileSync(metaFile, "utf8"));
    if (statSync(bundle).size !== meta.bundle) return false;
  } catch {
    return false;
  }
  if (meta.node !== process.version || meta.inputs === null || typeof meta.inputs !== "object") return false;
  for (const [file, [size, mtimeMs]] of Object.entries(meta.inputs)) {
    let stat;
    try {
      stat = statSync(join(root, file));
    } catch {
      return false;
    }
    if (stat.size !== size || stat.mtimeMs !== mtimeMs) return false;
  }
  return true;
}
