/**
 * The app as cdktf.json runs it (transpile + compiled JS), end to end:
 * it must synthesize on a machine without Terraform, and a bad environment
 * file must fail with a message for people and leave earlier output intact.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const root = join(__dirname, "..", "..");
const work = mkdtempSync(join(root, ".tmp", "app-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  execFileSync(process.execPath, [join(root, "scripts", "transpile.mjs")], { cwd: root });
}, 60000);

/** Runs dist/main.js with only node's own folder and /bin on PATH (so no terraform binary). */
function runApp(outdir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(root, "dist", "main.js")], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: `${dirname(process.execPath)}:/bin`, HOME: work, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", ...env },
  });
}

describe("main.ts", () => {
  it("synthesizes every stack without terraform on PATH", () => {
    expect(spawnSync("sh", ["-c", "command -v terraform"], { env: { PATH: `${dirname(process.execPath)}:/bin` } }).status).not.toBe(0);
    const outdir = join(work, "out-ok");
    const result = runApp(outdir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).filter((name) => name.includes("-aws-"))).toHaveLength(11);
    expect(existsSync(`${outdir}.partial-${result.pid}`)).toBe(false);
  }, 60000);

  it("rejects a bad environment file without a stack trace and keeps the previous output", () => {
    const outdir = join(work, "out-keep");
    mkdirSync(outdir, { recursive: true });
    writeFileSync(join(outdir, "manifest.json"), "previous");
    const envDir = join(work, "root");
    // A copy of the environment files whose dev.yaml has min > max.
    cpSync(join(root, "environments"), join(envDir, "environments"), { recursive: true });
    const devFile = join(envDir, "environments", "dev.yaml");
    writeFileSync(devFile, readFileSync(devFile, "utf8").replace("minCount: 1", "minCount: 5"));
    const result = runApp(outdir, { MOCKFORGE_ENVIRONMENTS_DIR: join(envDir, "environments") });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("dev.yaml: service.minCount: must be <= service.maxCount (2) (got 5)");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("previous");
  }, 60000);

  it("rejects a mutable image tag override by name", () => {
    const outdir = join(work, "out-tag");
    const result = runApp(outdir, { MOCKFORGE_IMAGE_TAG: "latest" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("MOCKFORGE_IMAGE_TAG");
    expect(result.stderr).toContain("not `latest`");
    expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
  }, 60000);
});
