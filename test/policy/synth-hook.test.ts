/**
 * The pack at synth time: enforcePolicy() over a prepared output folder, and
 * the app process end to end (dist/main.js): an unsuppressed error fails the
 * synth with exit 1, prints rule, stack, address, message and fix without a
 * stack trace, and keeps the previous output; a clean synth writes the report.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseDocument } from "yaml";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { REQUIRED_TAG_KEYS } from "../../constructs/core/naming";
import { enforcePolicy, PolicyError, REPORT_FILE } from "../../policy/enforce";
import { PolicyConfigError } from "../../policy/engine/suppressions";
import type { PolicyReport } from "../../policy/engine/report";
import { synthScope } from "./support";

const root = join(__dirname, "..", "..");
const work = mkdtempSync(join(root, ".tmp", "policy-hook-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const noSuppressions = join(work, "no-suppressions.yaml");
writeFileSync(noSuppressions, "suppressions: []\n");
const sink = () => {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text), text: () => chunks.join("") };
};

/** An output folder as app.synth() writes it: manifest.json plus stacks/<name>/cdk.tf.json. */
function prepareOutdir(name: string, stacks: Record<string, Record<string, any>>): string {
  const outdir = join(work, name);
  const manifest: Record<string, object> = {};
  for (const [stack, json] of Object.entries(stacks)) {
    mkdirSync(join(outdir, "stacks", stack), { recursive: true });
    writeFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), JSON.stringify({ ...json, terraform: { required_providers: { aws: { source: "aws" } } } }));
    manifest[stack] = { synthesizedStackPath: `stacks/${stack}/cdk.tf.json` };
  }
  writeFileSync(join(outdir, "manifest.json"), JSON.stringify({ stacks: manifest }));
  return outdir;
}

const tags = Object.fromEntries(REQUIRED_TAG_KEYS.map((key) => [key, "x"]));
const ENVIRONMENTS = [{ name: "staging", tier: "staging" as const }];

describe("enforcePolicy (the main.ts hook)", () => {
  it("throws PolicyError listing rule id, stack, address, message and fix for an unsuppressed error", () => {
    const outdir = prepareOutdir("violating", {
      "mockforge-staging-aws-us-east-1": synthScope((s) => new DbInstance(s, "db", { instanceClass: "db.t4g.micro", publiclyAccessible: true, tags })),
    });
    const out = sink();
    let thrown: unknown;
    try {
      enforcePolicy(outdir, ENVIRONMENTS, { suppressionsFile: noSuppressions, out, err: sink() });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PolicyError);
    const message = (thrown as PolicyError).message;
    expect(message).toMatch(/^Policy check failed: \d+ errors \(the previous synth output is kept\):/);
    expect(message).toContain("  ERROR MF-AWS-RDS-4 mockforge-staging-aws-us-east-1 aws_db_instance.db\n        publicly_accessible is true: the database gets an internet-resolvable endpoint\n        fix: Set publicly_accessible = false");
    // Staging-tier rules apply too: the tier came from the environment list.
    expect(message).toContain("MF-AWS-RDS-6 mockforge-staging-aws-us-east-1 aws_db_instance.db");
    expect(message).toContain("MF-AWS-RDS-7 mockforge-staging-aws-us-east-1 aws_db_instance.db");
    expect(out.text()).toBe("");
    expect((thrown as PolicyError).report.ok).toBe(false);
  });

  it("prints warnings, writes the report into the output folder and prints a one-line summary when nothing errs", () => {
    const outdir = prepareOutdir("warning-only", {
      "mockforge-staging-aws-us-east-1": synthScope((s) => new Subnet(s, "subnet", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/20", mapPublicIpOnLaunch: true, tags })),
    });
    const out = sink();
    const err = sink();
    const report = enforcePolicy(outdir, ENVIRONMENTS, { suppressionsFile: noSuppressions, out, err, displayOutdir: "cdktf.out" });
    expect(report.totals).toEqual({ stacks: 1, errors: 0, warnings: 1, suppressed: 0 });
    expect(err.text()).toContain("Policy warnings:\n  WARN  MF-AWS-VPC-3 mockforge-staging-aws-us-east-1 aws_subnet.subnet");
    expect(out.text()).toMatch(/^policy: 1 stack checked against \d+ rules: 0 errors, 1 warning, 0 suppressed -> cdktf.out\/policy-report.json \(\d+ ms\)\n$/);
    const written = JSON.parse(readFileSync(join(outdir, REPORT_FILE), "utf8")) as PolicyReport;
    expect(written).toMatchObject({ version: 1, ok: true, totals: report.totals });
    expect(written.rules.length).toBeGreaterThan(40);
  });

  it("refuses a suppression file with an entry lacking a reason before checking anything", () => {
    const outdir = prepareOutdir("bad-suppressions", { "mockforge-staging-aws-us-east-1": { resource: {} } });
    const file = join(work, "reasonless.yaml");
    writeFileSync(file, "suppressions:\n  - rule: MF-AWS-S3-3\n    stack: '*'\n    resource: aws_s3_bucket.logs\n");
    expect(() => enforcePolicy(outdir, ENVIRONMENTS, { suppressionsFile: file, out: sink(), err: sink() })).toThrow(PolicyConfigError);
    expect(() => enforcePolicy(outdir, ENVIRONMENTS, { suppressionsFile: file, out: sink(), err: sink() })).toThrow(/reasonless\.yaml:2: entry 1 \(MF-AWS-S3-3 on aws_s3_bucket\.logs\): has no reason/);
    expect(existsSync(join(outdir, REPORT_FILE))).toBe(false);
  });
});

describe("the app process with the pack", () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, "scripts", "transpile.mjs")], { cwd: root });
  }, 60000);

  /**
   * A copy of the environment files with one environment kept, its other
   * clouds dropped (this checks the AWS pack, not their constructs), and `edit`
   * applied to the parsed document.
   */
  function environmentsWith(name: string, keep: string, edit: (doc: ReturnType<typeof parseDocument>) => void): string {
    const dir = join(work, name, "environments");
    cpSync(join(root, "environments"), dir, { recursive: true });
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml") && f !== `${keep}.yaml`)) rmSync(join(dir, file));
    const path = join(dir, `${keep}.yaml`);
    const doc = parseDocument(readFileSync(path, "utf8"));
    for (const cloud of ["gcp", "azure", "oci"]) doc.delete(cloud);
    edit(doc);
    writeFileSync(path, doc.toString());
    return dir;
  }

  function runApp(outdir: string, environmentsDir: string) {
    return spawnSync(process.execPath, [join(root, "dist", "main.js")], {
      cwd: root,
      encoding: "utf8",
      env: { PATH: `${dirname(process.execPath)}:/bin`, HOME: work, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1", MOCKFORGE_ENVIRONMENTS_DIR: environmentsDir },
    });
  }

  it("fails the synth on a policy error (exit 1, no stack trace) and keeps the previous output", () => {
    // Staging with 3 days of backups passes the environment schema but not the pack (MF-AWS-RDS-6 wants 7).
    const environments = environmentsWith("short-backups", "staging", (doc) => doc.setIn(["database", "backupRetentionDays"], 3));
    const outdir = join(work, "out-keep");
    mkdirSync(outdir, { recursive: true });
    writeFileSync(join(outdir, "manifest.json"), "previous");
    const result = runApp(outdir, environments);
    expect(result.stderr).toContain("Policy check failed:");
    expect(result.stderr).toMatch(/ERROR MF-AWS-RDS-6 mockforge-staging-aws-us-east-1 aws_db_instance\.postgres_instance_\w+ \(postgres\/instance\)\n {8}backup_retention_period is 3: staging needs at least 7 days of point-in-time recovery\n {8}fix: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.status).toBe(1);
    expect(readFileSync(join(outdir, "manifest.json"), "utf8")).toBe("previous");
    expect(existsSync(join(outdir, REPORT_FILE))).toBe(false);
    expect(existsSync(`${outdir}.partial-${result.pid}`)).toBe(false);
  }, 60000);

  it("writes policy-report.json next to the stacks and prints the summary line on a clean synth", () => {
    const environments = environmentsWith("clean", "dev", () => undefined);
    const outdir = join(work, "out-clean");
    const result = runApp(outdir, environments);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/policy: 3 stacks checked against \d+ rules: 0 errors, 0 warnings, \d+ suppressed -> .*out-clean\/policy-report.json \(\d+ ms\)/);
    const report = JSON.parse(readFileSync(join(outdir, REPORT_FILE), "utf8")) as PolicyReport;
    expect(report.ok).toBe(true);
    expect(report.stacks.map((s) => s.name).sort()).toEqual(["mockforge-dev-aws-edge", "mockforge-dev-aws-global", "mockforge-dev-aws-us-east-1"]);
  }, 60000);
});
