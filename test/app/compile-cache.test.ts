/**
 * scripts/compile-cache.mjs: the V8 code cache app.mjs turns on. It must be
 * invisible to the modules (require, require.resolve, __dirname, module.exports
 * behave as under Node's own loader), hit on the second run, miss and prune when
 * a file changes, and stay off with MOCKFORGE_COMPILE_CACHE=0.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const root = join(__dirname, "..", "..");
mkdirSync(join(root, ".tmp"), { recursive: true });
const work = mkdtempSync(join(root, ".tmp", "compile-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cacheDir = join(work, "cache");
const entry = `
import { createRequire } from "node:module";
import { enableCompileCache } from ${JSON.stringify(pathToFileURL(join(root, "scripts", "compile-cache.mjs")).href)};
enableCompileCache(${JSON.stringify(work)}, ${JSON.stringify(cacheDir)});
const lib = createRequire(import.meta.url)(${JSON.stringify(join(work, "lib", "main.js"))});
process.stdout.write(JSON.stringify(lib.describe()));
`;

function run(env: Record<string, string> = {}): { out: Record<string, unknown>; report: string } {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", entry], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", MOCKFORGE_COMPILE_CACHE_REPORT: "1", ...env },
  });
  expect(r.stderr.replace(/compile-cache: .*\n/, "")).toBe("");
  expect(r.status).toBe(0);
  return { out: JSON.parse(r.stdout) as Record<string, unknown>, report: (/compile-cache: (.*)/.exec(r.stderr) ?? [])[1] ?? "" };
}

function cacheFiles(): string[] {
  return readdirSync(cacheDir).flatMap((sub) => readdirSync(join(cacheDir, sub)));
}

beforeAll(() => {
  mkdirSync(join(work, "lib"), { recursive: true });
  writeFileSync(join(work, "lib", "helper.js"), "exports.twice = (n) => n * 2;\n");
  writeFileSync(
    join(work, "lib", "main.js"),
    [
      "const helper = require('./helper');",
      "module.exports.describe = () => ({",
      "  value: helper.twice(21),",
      "  resolved: require.resolve('./helper') === __dirname + '/helper.js',",
      "  paths: Array.isArray(require.resolve.paths('x')),",
      "  filename: __filename.endsWith('/lib/main.js'),",
      "  cached: typeof require.cache === 'object' && require.cache[__filename] === module,",
      "  version: 1,",
      "});",
      "",
    ].join("\n"),
  );
});

describe("the compile cache", () => {
  it("is invisible to the modules, misses on the first run and hits on the second", () => {
    const first = run();
    expect(first.out).toEqual({ value: 42, resolved: true, paths: true, filename: true, cached: true, version: 1 });
    expect(first.report).toBe("0 hits, 2 misses");
    expect(cacheFiles()).toHaveLength(2);
    const second = run();
    expect(second.out).toEqual(first.out);
    expect(second.report).toBe("2 hits, 0 misses");
  });

  it("misses on a changed file, runs the new code and prunes the stale entry", () => {
    writeFileSync(join(work, "lib", "helper.js"), "exports.twice = (n) => n + n + 0; // changed\n");
    const changed = run();
    expect(changed.out.value).toBe(42);
    expect(changed.report).toBe("1 hits, 1 misses");
    expect(cacheFiles()).toHaveLength(2);
    expect(run().report).toBe("2 hits, 0 misses");
  });

  it("keeps runs with other node flags apart instead of evicting each other", () => {
    const r = spawnSync(process.execPath, ["--max-semi-space-size=8", "--input-type=module", "-e", entry], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", MOCKFORGE_COMPILE_CACHE_REPORT: "1" } });
    expect(r.stderr).toContain("0 hits, 2 misses");
    expect(readdirSync(cacheDir)).toHaveLength(2);
    // The cdktf CLI starts the app with NODE_OPTIONS of its own: a set of its own too.
    expect(run({ NODE_OPTIONS: "--max-old-space-size=2048" }).report).toBe("0 hits, 2 misses");
    expect(run({ NODE_OPTIONS: "--max-old-space-size=2048" }).report).toBe("2 hits, 0 misses");
    expect(readdirSync(cacheDir)).toHaveLength(3);
    expect(run().report).toBe("2 hits, 0 misses");
  });

  it("removes another flag set's folder after two weeks unused, when it writes entries", () => {
    const folders = readdirSync(cacheDir);
    expect(folders.length).toBeGreaterThanOrEqual(2);
    run(); // the plain run's folder is the one touched last
    const current = folders.map((f) => [f, statSync(join(cacheDir, f)).mtimeMs] as const).sort((a, b) => b[1] - a[1])[0][0];
    const old = new Date(Date.now() - 15 * 24 * 60 * 60 * 1000);
    for (const f of folders) utimesSync(join(cacheDir, f), old, old);
    writeFileSync(join(work, "lib", "helper.js"), "exports.twice = (n) => 2 * n; // again\n");
    run(); // a miss: it writes, then sweeps
    const left = readdirSync(cacheDir);
    expect(left.length).toBeLessThan(folders.length);
    expect(left).toContain(current);
  });

  it("is off with MOCKFORGE_COMPILE_CACHE=0", () => {
    const off = run({ MOCKFORGE_COMPILE_CACHE: "0" });
    expect(off.out.value).toBe(42);
    expect(off.report).toBe("");
  });
});
