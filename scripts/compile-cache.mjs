// A V8 code cache for the CommonJS modules the app loads (cdktf, the providers' deep
// imports, dist/): the app spends a quarter of a synth parsing and compiling the same
// unchanged JavaScript on every run. Node >= 22.1 has this built in
// (module.enableCompileCache), and it is used when present; on Node 20 this does the
// same through vm.Script's cachedData.
//
// - One cache file per module, keyed by path, size and mtime, in a folder per Node
//   version and flag set; a changed file simply misses (V8 also rejects a foreign cache).
// - The cache is written when the process exits, after the run, so it also holds the
//   functions V8 compiled lazily while synthesizing (a cache made right after loading
//   holds little more than the top level).
// - Entries not used by a run that missed are pruned, so the folder tracks the tree;
//   folders of other Node versions or flag sets go after two weeks unused.
// - MOCKFORGE_COMPILE_CACHE=0 turns it off; MOCKFORGE_COMPILE_CACHE_REPORT=1 prints
//   hits and misses at exit; the folder is node_modules/.cache/mockforge-compile-cache
//   (or `dir`).
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import vm from "node:vm";

/** A flag set's folder unused this long is removed by the next run that writes entries. */
const STALE_MS = 14 * 24 * 60 * 60 * 1000;

/** Turns the cache on for every CommonJS module loaded from now on. Returns the folder, or undefined when off. */
export function enableCompileCache(root, dir = join(root, "node_modules", ".cache", "mockforge-compile-cache")) {
  if (process.env.MOCKFORGE_COMPILE_CACHE === "0") return undefined;
  if (typeof Module.enableCompileCache === "function") {
    Module.enableCompileCache(dir);
    return dir;
  }
  // One sub-folder per Node version, architecture and flag set, so runs with different
  // flags neither reject nor prune each other's entries.
  // NODE_OPTIONS counts: the cdktf CLI starts the app with its own (V8 rejects a cache made under other flags).
  const salt = `${process.version}|${process.arch}|${process.execArgv.join(" ")}|${process.env.NODE_OPTIONS ?? ""}`;
  const parent = dir;
  dir = join(parent, createHash("sha1").update(salt).digest("hex").slice(0, 16));
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    return undefined; // read-only checkout: run uncached
  }
  const used = new Set();
  const pending = [];
  let hits = 0;
  let missed = false;
  const originalCompile = Module.prototype._compile;

  Module.prototype._compile = function compileWithCache(content, filename) {
    let stat;
    try {
      stat = statSync(filename);
    } catch {
      return originalCompile.call(this, content, filename);
    }
    const key = createHash("sha1").update(`${filename}|${stat.size}|${stat.mtimeMs}`).digest("hex");
    const file = join(dir, key);
    used.add(key);
    let cachedData;
    try {
      cachedData = readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) {
      missed = true;
      pending.push([file, script]);
    } else hits++;
    const compiled = script.runInThisContext({ displayErrors: true });
    return compiled.call(this.exports, this.exports, makeRequire(this), this, filename, dirname(filename));
  };

  process.once("exit", () => {
    if (process.env.MOCKFORGE_COMPILE_CACHE_REPORT === "1") process.stderr.write(`compile-cache: ${hits} hits, ${pending.length} misses\n`);
    try {
      const now = new Date();
      utimesSync(dir, now, now); // in use: see the sweep below
      if (!missed) return;
      for (const [file, script] of pending) writeFileSync(file, script.createCachedData());
      for (const name of readdirSync(dir)) if (!used.has(name)) rmSync(join(dir, name), { force: true });
      // Folders of other Node versions or flag sets not used for two weeks go too.
      for (const other of readdirSync(parent)) {
        const path = join(parent, other);
        if (path !== dir && now.getTime() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
      }
    } catch {
      // A cache that cannot be written only costs the next run its speed.
    }
  });
  return dir;
}

/** The `require` CommonJS gives a module (as Node's own loader builds it). */
function makeRequire(mod) {
  const req = (id) => mod.require(id);
  req.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  req.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  req.main = process.mainModule;
  req.extensions = Module._extensions;
  req.cache = Module._cache;
  return req;
}
