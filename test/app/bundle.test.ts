/**
 * scripts/bundle.mjs: app.mjs runs the app from one esbuild bundle. The bundled
 * app must write exactly what the unbundled one writes, be rebuilt when an
 * input changes, and be reused (not rebuilt) when nothing did.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const root = join(__dirname, "..", "..");
mkdirSync(join(root, ".tmp"), { recursive: true });
const work = mkdtempSync(join(root, ".tmp", "bundle-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const bundle = join(root, "dist", "app.bundle.cjs");
const meta = join(root, "dist", "app.bundle.json");

function spawnApp(outdir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(root, "scripts", "app.mjs")], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: work, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", ...env },
  });
}

function runApp(outdir: string, env: Record<string, string> = {}) {
  const r = spawnApp(outdir, env);
  expect({ status: r.status, stderr: r.stderr.replace(/^policy: .*\n/m, "") }).toEqual({ status: 0, stderr: "" });
}

function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return out;
}

describe("the bundled app", () => {
  it("writes byte for byte what the unbundled app writes", () => {
    runApp(join(work, "bundled"));
    runApp(join(work, "plain"), { MOCKFORGE_BUNDLE: "0" });
    const a = filesUnder(join(work, "bundled"));
    const b = filesUnder(join(work, "plain"));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(a.size).toBeGreaterThan(40);
    expect([...a].filter(([f, text]) => b.get(f) !== text).map(([f]) => f)).toEqual([]);
    const inputs = Object.keys((JSON.parse(readFileSync(meta, "utf8")) as { inputs: Record<string, unknown> }).inputs);
    expect(inputs).toEqual(expect.arrayContaining(["dist/main.js", "node_modules/cdktf/lib/app.js"]));
  }, 60_000);

  it("is reused while its inputs are unchanged and rebuilt when one changes", () => {
    runApp(join(work, "again"));
    const built = statSync(bundle).mtimeMs;
    runApp(join(work, "unchanged"));
    expect(statSync(bundle).mtimeMs).toBe(built);
    // A newer input (as after a transpile) makes the next run rebuild.
    const entry = join(root, "dist", "main.js");
    const later = new Date(Date.now() + 1000);
    utimesSync(entry, later, later);
    runApp(join(work, "changed"));
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(built);
  }, 60_000);

  it("refuses a bad environment file with the same message as the unbundled app (the precompiled schema validator)", () => {
    const dir = join(work, "bad-environments");
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(root, "environments", "schema.json"), join(dir, "schema.json"));
    const dev = readFileSync(join(root, "environments", "dev.yaml"), "utf8");
    writeFileSync(join(dir, "dev.yaml"), `${dev}\nsurprise: true\n`);
    const bundled = spawnApp(join(work, "bad-bundled"), { MOCKFORGE_ENVIRONMENTS_DIR: dir });
    const plain = spawnApp(join(work, "bad-plain"), { MOCKFORGE_ENVIRONMENTS_DIR: dir, MOCKFORGE_BUNDLE: "0" });
    expect(bundled.status).toBe(1);
    expect(bundled.stderr).toMatch(/dev\.yaml.*surprise/s);
    expect(bundled.stderr).toBe(plain.stderr);
  }, 60_000);
});
