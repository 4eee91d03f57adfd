#!/usr/bin/env node
// Transpiles the app's TypeScript to dist/ with swc: no type checking (that is
// `npm run build`/`npm run typecheck`), so every `cdktf synth` starts in well
// under a second. Incremental: only sources newer than their output are
// rewritten, and outputs whose source is gone are removed.
import { transformFileSync } from "@swc/core";
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist");
const sources = ["main.ts", "constructs", "stacks", "environments", "scripts"];
const options = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: false,
};

function collect(path, found) {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path)) collect(join(path, entry), found);
  } else if (path.endsWith(".ts") && !path.endsWith(".d.ts") && !path.endsWith(".test.ts")) {
    found.push({ path, mtimeMs: stat.mtimeMs });
  }
  return found;
}

function outputsIn(path, found) {
  if (!existsSync(path)) return found;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) outputsIn(full, found);
    else if (entry.name.endsWith(".js")) found.push(full);
  }
  return found;
}

const files = sources.filter((s) => existsSync(join(root, s))).flatMap((s) => collect(join(root, s), []));
const expected = new Set();
let written = 0;
for (const file of files) {
  const target = join(outDir, relative(root, file.path)).replace(/\.ts$/, ".js");
  expected.add(target);
  if (existsSync(target) && statSync(target).mtimeMs >= file.mtimeMs) continue;
  try {
    const { code } = transformFileSync(file.path, options);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
    written++;
  } catch (error) {
    process.stderr.write(`transpile: ${relative(root, file.path)}: ${error.message}\n`);
    process.exit(1);
  }
}
for (const output of outputsIn(outDir, [])) {
  if (!expected.has(output) && !output.startsWith(join(outDir, "workload"))) rmSync(output);
}
if (process.env.TRANSPILE_VERBOSE) process.stderr.write(`transpile: ${written} of ${files.length} files written\n`);
