import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "../../scripts/cli";


/** Runs a tiny program around runMain (the compiled scripts/cli.ts from dist/). */
function runMainWith(body: string): { status: number | null; stderr: string } {
  const dist = join(__dirname, "..", "..", "dist", "scripts", "cli.js");
  const r = spawnSync(process.execPath, ["-e", `const { runMain } = require(${JSON.stringify(dist)}); runMain(${body});`], { encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}

beforeAll(() => {
  spawnSync(process.execPath, [join(__dirname, "..", "..", "scripts", "transpile.mjs")], { encoding: "utf8" });
});

describe("runMain", () => {
  it("exits with the code main returns, and 1 with the message (no stack) when it throws", () => {
    expect(runMainWith("() => 3").status).toBe(3);
    const failed = runMainWith("async () => { throw new Error('the widget is missing'); }");
    expect(failed.status).toBe(1);
    expect(failed.stderr).toBe("the widget is missing\n");
  });

  it("fails a main whose promise never settles instead of exiting 0 when nothing is left to wait on", () => {
    const hung = runMainWith("() => new Promise(() => {})");
    expect(hung.status).toBe(1);
    expect(hung.stderr).toMatch(/exited before finishing/);
  });
});

describe("parseArgs", () => {
  it("splits comma lists, takes --key=value, and names unknown options", () => {
    const a = parseArgs(["--env", "dev,staging", "--region=eu-west-1", "--dry-run", "x"], ["env", "region"], ["dry-run"]);
    expect(a.values.get("env")).toEqual(["dev", "staging"]);
    expect(a.values.get("region")).toEqual(["eu-west-1"]);
    expect(a.flags.has("dry-run")).toBe(true);
    expect(a.positional).toEqual(["x"]);
    expect(() => parseArgs(["--nope"], ["env"], [])).toThrow(/unknown option --nope; expected --env/);
  });
});
