import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { runPolicy } from "../../policy/engine/run";
import { globToRegExp, loadSuppressionFile, PolicyConfigError } from "../../policy/engine/suppressions";
import { RULE_SETS } from "../../policy/registry";
import { suppressPolicy } from "../../policy/suppress";
import { awsRule, synthWithMetadata, TEST_STACK } from "./support";

const root = join(__dirname, "..", "..");
const work = mkdtempSync(join(root, ".tmp", "policy-suppressions-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const KNOWN = new Set(["MF-AWS-S3-3", "MF-AWS-S3-5"]);
const REASON = "The log bucket is written only by AWS log delivery and expires objects by lifecycle.";
let fileCount = 0;
function file(text: string): string {
  const path = join(work, `suppressions-${++fileCount}.yaml`);
  writeFileSync(path, text);
  return path;
}
const shown = (path: string) => relative(process.cwd(), path);
function problemsOf(path: string): string[] {
  try {
    loadSuppressionFile(path, KNOWN);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyConfigError);
    return [...(error as PolicyConfigError).problems];
  }
  throw new Error("expected the suppression file to be refused");
}

/** One versioning-less bucket: MF-AWS-S3-3 fires on it. */
const unversionedStack = () => synthWithMetadata((scope) => new S3Bucket(scope, "logs", { bucket: "logs" }));
const S3_3 = { aws: [awsRule("MF-AWS-S3-3")] };

describe("policy/suppressions.yaml", () => {
  it("loads entries with globs for stack and resource", () => {
    const path = file(`suppressions:\n  - rule: MF-AWS-S3-3\n    stack: mockforge-*-aws-edge\n    resource: aws_s3_bucket.cdn_log-bucket_*\n    reason: ${REASON}\n`);
    const [entry] = loadSuppressionFile(path, KNOWN);
    expect(entry).toMatchObject({ rule: "MF-AWS-S3-3", reason: REASON, source: { kind: "file", file: shown(path), entry: 1, line: 2 } });
    expect(entry.matches("mockforge-prod-aws-edge", "aws_s3_bucket.cdn_log-bucket_78154B25")).toBe(true);
    expect(entry.matches("mockforge-prod-aws-us-east-1", "aws_s3_bucket.cdn_log-bucket_78154B25")).toBe(false);
    expect(entry.matches("mockforge-prod-aws-edge", "aws_s3_bucket.assets_log-bucket_1")).toBe(false);
  });

  it("refuses an entry without a reason, naming the file, line and entry", () => {
    const path = file(`suppressions:\n  - rule: MF-AWS-S3-3\n    stack: "*"\n    resource: aws_s3_bucket.logs\n  - rule: MF-AWS-S3-5\n    stack: "*"\n    resource: aws_s3_bucket.x\n    reason: ""\n`);
    expect(problemsOf(path)).toEqual([
      `${shown(path)}:2: entry 1 (MF-AWS-S3-3 on aws_s3_bucket.logs): has no reason; write why this exception is deliberate (at least 20 characters)`,
      `${shown(path)}:5: entry 2 (MF-AWS-S3-5 on aws_s3_bucket.x): has no reason; write why this exception is deliberate (at least 20 characters)`,
    ]);
  });

  it("refuses trivial reasons: too short, or a placeholder", () => {
    const path = file(`suppressions:\n  - rule: MF-AWS-S3-3\n    stack: "*"\n    resource: aws_s3_bucket.a\n    reason: not needed\n  - rule: MF-AWS-S3-3\n    stack: "*"\n    resource: aws_s3_bucket.b\n    reason: TODO TODO TODO TODO TODO\n`);
    const problems = problemsOf(path);
    expect(problems[0]).toContain('entry 1 (MF-AWS-S3-3 on aws_s3_bucket.a): reason "not needed" is too short (10 characters)');
    expect(problems[1]).toContain('entry 2 (MF-AWS-S3-3 on aws_s3_bucket.b): reason "TODO TODO TODO TODO TODO" is a placeholder');
  });

  it("refuses an unknown rule id, unknown keys, missing fields and non-addresses", () => {
    const path = file(
      `suppressions:\n  - rule: MF-AWS-S3-99\n    stack: "*"\n    resource: aws_s3_bucket.a\n    reason: ${REASON}\n  - rule: MF-AWS-S3-3\n    resource: not an address\n    reasons: ${REASON}\n`,
    );
    const problems = problemsOf(path);
    expect(problems).toContain(`${shown(path)}:2: entry 1 (MF-AWS-S3-99 on aws_s3_bucket.a): rule "MF-AWS-S3-99" is not a rule of the pack; see the rule list in policy-report.json or \`npm run policy\``);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('entry 2 (MF-AWS-S3-3 on not an address): unknown key "reasons"'),
        expect.stringContaining("entry 2 (MF-AWS-S3-3 on not an address): stack is missing"),
        expect.stringContaining('entry 2 (MF-AWS-S3-3 on not an address): resource "not an address" is not a Terraform address'),
        expect.stringContaining("entry 2 (MF-AWS-S3-3 on not an address): has no reason"),
      ]),
    );
  });

  it("refuses a file of the wrong shape or bad YAML; a missing or empty file means no suppressions", () => {
    expect(problemsOf(file("- rule: MF-AWS-S3-3\n"))[0]).toMatch(/must be a mapping with one key, `suppressions`/);
    expect(problemsOf(file("suppressions: [\n"))[0]).toMatch(/:\d+: invalid YAML/);
    expect(loadSuppressionFile(join(work, "absent.yaml"), KNOWN)).toEqual([]);
    expect(loadSuppressionFile(file("suppressions: []\n"), KNOWN)).toEqual([]);
    expect(loadSuppressionFile(file(""), KNOWN)).toEqual([]);
  });

  it("turns a matching finding into a listed suppression, and reports entries that matched nothing", () => {
    const path = file(
      `suppressions:\n  - rule: MF-AWS-S3-3\n    stack: mockforge-test-*\n    resource: aws_s3_bucket.logs\n    reason: ${REASON}\n  - rule: MF-AWS-S3-3\n    stack: mockforge-other-*\n    resource: aws_s3_bucket.logs\n    reason: ${REASON}\n`,
    );
    const fileSuppressions = loadSuppressionFile(path, KNOWN);
    const report = runPolicy([{ name: TEST_STACK, json: unversionedStack() }], { ruleSets: S3_3, tiers: {}, fileSuppressions });
    expect(report.ok).toBe(true);
    expect(report.stacks[0].errors).toEqual([]);
    expect(report.stacks[0].suppressed).toEqual([
      expect.objectContaining({ rule: "MF-AWS-S3-3", address: "aws_s3_bucket.logs", message: "versioning is not enabled", reason: REASON, source: { kind: "file", file: shown(path), entry: 1, line: 2 } }),
    ]);
    expect(report.totals.suppressed).toBe(1);
    expect(report.unusedSuppressions).toEqual([{ rule: "MF-AWS-S3-3", stack: "mockforge-other-*", resource: "aws_s3_bucket.logs", source: expect.objectContaining({ entry: 2 }) }]);
  });

  it("matches globs literally except for * and ?", () => {
    expect(globToRegExp("a.b*").test("a.bcd")).toBe(true);
    expect(globToRegExp("a.b*").test("axbcd")).toBe(false);
    expect(globToRegExp("n?de").test("node")).toBe(true);
  });
});

describe("suppressPolicy() in code", () => {
  it("records the reason in the resource's synthesized \"//\" metadata, and the report lists it as a code suppression", () => {
    const json = synthWithMetadata((scope) => {
      const logs = new S3Bucket(scope, "logs", { bucket: "logs" });
      suppressPolicy(logs, "MF-AWS-S3-3", REASON);
    });
    expect(json.resource.aws_s3_bucket.logs["//"].policy_suppressions).toEqual({ "MF-AWS-S3-3": REASON });
    const report = runPolicy([{ name: TEST_STACK, json }], { ruleSets: S3_3, tiers: {} });
    expect(report.ok).toBe(true);
    expect(report.stacks[0].suppressed).toEqual([expect.objectContaining({ rule: "MF-AWS-S3-3", address: "aws_s3_bucket.logs", reason: REASON, source: { kind: "code" } })]);
  });

  it("covers every resource and output below a construct with applyToChildren, and lists code suppressions that matched nothing", () => {
    const json = synthWithMetadata((scope) => {
      const group = new Construct(scope, "group");
      new S3Bucket(group, "a", { bucket: "a" });
      new TerraformOutput(group, "name", { value: "a" });
      suppressPolicy(group, "MF-AWS-S3-3", REASON, { applyToChildren: true });
    });
    const report = runPolicy([{ name: TEST_STACK, json }], { ruleSets: S3_3, tiers: {} });
    expect(report.stacks[0].suppressed.map((s) => s.address)).toEqual([expect.stringMatching(/^aws_s3_bucket\.group_a_/)]);
    expect(report.unusedSuppressions).toEqual([expect.objectContaining({ rule: "MF-AWS-S3-3", resource: expect.stringMatching(/^output\./), source: { kind: "code" } })]);
  });

  it("refuses a missing or trivial reason, a malformed id and a construct that is not a resource", () => {
    synthWithMetadata((scope) => {
      const bucket = new S3Bucket(scope, "b", { bucket: "b" });
      expect(() => suppressPolicy(bucket, "MF-AWS-S3-3", "")).toThrow(/suppressPolicy\(MF-AWS-S3-3\) on .*\/b: has no reason/);
      expect(() => suppressPolicy(bucket, "MF-AWS-S3-3", "because")).toThrow(/is too short/);
      expect(() => suppressPolicy(bucket, "versioning", REASON)).toThrow('suppressPolicy: "versioning" is not a rule id');
      expect(() => suppressPolicy(new Construct(scope, "plain"), "MF-AWS-S3-3", REASON)).toThrow(/is not a Terraform resource or output; pass the resource itself, or \{ applyToChildren: true \}/);
    });
  });

  it("fails the run on a code suppression naming a rule the pack does not have, naming the stack and resource", () => {
    const json = synthWithMetadata((scope) => suppressPolicy(new S3Bucket(scope, "logs", { bucket: "logs" }), "MF-AWS-S3-99", REASON));
    expect(() => runPolicy([{ name: TEST_STACK, json }], { ruleSets: RULE_SETS, tiers: {} })).toThrow(
      `${TEST_STACK} aws_s3_bucket.logs (logs): suppressPolicy() names rule "MF-AWS-S3-99", which is not a rule of the pack`,
    );
  });

  it("fails the run on a reason edited into the JSON below the minimum (escape hatches are checked too)", () => {
    const json = unversionedStack();
    json.resource.aws_s3_bucket.logs["//"].policy_suppressions = { "MF-AWS-S3-3": "short" };
    expect(() => runPolicy([{ name: TEST_STACK, json }], { ruleSets: RULE_SETS, tiers: {} })).toThrow(/suppressPolicy\(MF-AWS-S3-3\) reason "short" is too short/);
  });
});
