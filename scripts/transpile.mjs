#!/usr/bin/env node
// Transpiles the app's TypeScript to dist/ with swc: no type checking (that is
// `npm run build`/`npm run typecheck`), so every `cdktf synth` starts fast.
// Incremental: only sources newer than their output are rewritten (swc is
// loaded only then), and outputs whose source is gone are removed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist");
const sources = ["main.ts", "constructs", "stacks", "environments", "policy", "scripts"];
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

/** Brings dist/ up to date; returns how many files were written. Throws with the file name on a syntax error. */
export function transpile() {
  const files = sources.filter((s) => existsSync(join(root, s))).flatMap((s) => collect(join(root, s), []));
  const expected = new Set();
  let swc;
  let written = 0;
  for (const file of files) {
    const target = join(outDir, relative(root, file.path)).replace(/\.ts$/, ".js");
    expected.add(target);
    if (existsSync(target) && statSync(target).mtimeMs >= file.mtimeMs) continue;
    swc ??= createRequire(import.meta.url)("@swc/core");
    let code;
    try {
      code = swc.transformFileSync(file.path, options).code;
    } catch (error) {
      throw new Error(`transpile: ${relative(root, file.path)}: ${error.message}`);
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
    written++;
  }
  written += precompileSchema(expected);
  for (const output of outputsIn(outDir, [])) {
    if (!expected.has(output)) rmSync(output);
  }
  return written;
}

/** Writes dist/environments/schema.validator.js when schema.json is newer (see environments/schema-compiler.ts). */
function precompileSchema(expected) {
  const schemaPath = join(root, "environments", "schema.json");
  const compilerPath = join(outDir, "environments", "schema-compiler.js");
  if (!existsSync(schemaPath) || !existsSync(compilerPath)) return 0;
  const target = join(outDir, "environments", "schema.validator.js");
  expected.add(target);
  const newestInput = Math.max(statSync(schemaPath).mtimeMs, statSync(compilerPath).mtimeMs);
  if (existsSync(target) && statSync(target).mtimeMs >= newestInput) return 0;
  const { precompiledSource } = createRequire(import.meta.url)(compilerPath);
  const source = precompiledSource(JSON.parse(readFileSync(schemaPath, "utf8")));
  writeFileSync(target, source);
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const written = transpile();
    if (process.env.TRANSPILE_VERBOSE) process.stderr.write(`transpile: ${written} file(s) written\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
