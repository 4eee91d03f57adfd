/**
 * Every OCI rule, both ways: a minimal violating construct (synthesized with
 * Testing.synthScope, checked through the engine) fires the rule with its id,
 * severity and message; a compliant one passes. Then the real app: every OCI
 * stack of every environment passes with zero unsuppressed findings, and the
 * rules bite on the real stacks' shapes when a protection is taken away.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REDIS_SENTINEL_ROLE_TAG } from "../../constructs/oci/redis-sentinel";
import { loadEnvironments } from "../../environments/load";
import { defaultSuppressionsFile } from "../../policy/engine/paths";
import { cloudsOf, ruleIndex, runPolicy } from "../../policy/engine/run";
import { loadSuppressionFile } from "../../policy/engine/suppressions";
import { RULE_SETS } from "../../policy/registry";
import { OCI_RULES } from "../../policy/rules/oci";
import { REDIS_SENTINEL_ROLE } from "../../policy/rules/oci/availability";
import { TYPES_WITHOUT_FREEFORM_TAGS } from "../../policy/rules/oci/tagging";
import { synthesizeApp } from "../support/app";
import { ociComputeCases } from "./cases/oci-compute";
import { ociDatabaseCases, ociEncryptionCases, ociStorageCases } from "./cases/oci-data";
import { ociEdgeCases, ociNetworkCases, ociTransitCases } from "./cases/oci-edge";
import { ociIamCases, ociMonitoringCases, ociSecretOutputCases, ociTaggingCases } from "./cases/oci-operations";
import { ociFindingsOf, ociRule } from "./cases/oci-support";
import type { RuleCase } from "./cases/types";
import { synthScope } from "./support";

const TOPICS: Record<string, RuleCase[]> = {
  encryption: ociEncryptionCases,
  transit: ociTransitCases,
  edge: ociEdgeCases,
  network: ociNetworkCases,
  compute: ociComputeCases,
  storage: ociStorageCases,
  database: ociDatabaseCases,
  monitoring: ociMonitoringCases,
  iam: ociIamCases,
  outputs: ociSecretOutputCases,
  tagging: ociTaggingCases,
};
const ALL_CASES = Object.values(TOPICS).flat();

describe.each(Object.entries(TOPICS))("OCI %s rules", (_topic, cases) => {
  const table = cases.map((c) => [`${c.rule}${c.variant ? ` (${c.variant})` : ""}`, c] as const);

  it.each(table)("%s fires on a violating construct", (_name, c) => {
    const rule = ociRule(c.rule);
    const findings = ociFindingsOf(rule, synthScope(c.bad), c.tier);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding).toMatchObject({ rule: c.rule, severity: rule.severity, fix: rule.fix });
    expect(findings.map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringMatching(c.message)]));
  });

  it.each(table)("%s passes a compliant construct", (_name, c) => {
    expect(ociFindingsOf(ociRule(c.rule), synthScope(c.good), c.tier)).toEqual([]);
  });
});

describe("the OCI rule set", () => {
  it("has a violating and a compliant case for every rule", () => {
    const covered = new Set(ALL_CASES.map((c) => c.rule));
    expect(OCI_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it("gives every rule a unique id, a severity, a one-line title, a fix and OCI resource types", () => {
    expect(new Set(OCI_RULES.map((r) => r.id)).size).toBe(OCI_RULES.length);
    for (const rule of OCI_RULES) {
      expect(rule.id).toMatch(/^MF-OCI-[A-Z0-9]+-\d+$/);
      expect(rule.cloud).toBe("oci");
      expect(["error", "warning"]).toContain(rule.severity);
      expect(rule.title.length).toBeGreaterThan(20);
      expect(rule.title).not.toContain("\n");
      expect(rule.fix.length).toBeGreaterThan(20);
      expect(rule.appliesTo.length).toBeGreaterThan(0);
      for (const type of rule.appliesTo) expect(type === "output" || type.startsWith("oci_")).toBe(true);
      for (const id of rule.mirrors) expect(id).toMatch(/^(CKV2?_OCI_\d+|AVD-OCI-\d{4})$/);
    }
  });

  it("is registered for the oci cloud, next to the other clouds' sets without clashing ids", () => {
    expect(RULE_SETS.oci).toBe(OCI_RULES);
    expect(() => ruleIndex(RULE_SETS)).not.toThrow();
  });

  const TIER_BOUND = ["MF-OCI-KMS-1", "MF-OCI-LB-4", "MF-OCI-OS-5", "MF-OCI-BV-2", "MF-OCI-COMPUTE-7", "MF-OCI-PSQL-2", "MF-OCI-PSQL-3", "MF-OCI-PSQL-4", "MF-OCI-PSQL-5", "MF-OCI-POOL-1", "MF-OCI-REDIS-1"];
  const PRODUCTION_ONLY = ["MF-OCI-PSQL-4", "MF-OCI-POOL-1", "MF-OCI-REDIS-1"];

  it("is silent about staging and production rules in development", () => {
    const cases = ALL_CASES.filter((c) => TIER_BOUND.includes(c.rule));
    expect(new Set(cases.map((c) => c.rule))).toEqual(new Set(TIER_BOUND));
    for (const c of cases) expect({ rule: c.rule, findings: ociFindingsOf(ociRule(c.rule), synthScope(c.bad), "development") }).toEqual({ rule: c.rule, findings: [] });
  });

  it("keeps production-only rules (database HA, pool size, Sentinel spread) out of staging", () => {
    for (const c of ALL_CASES.filter((x) => PRODUCTION_ONLY.includes(x.rule))) {
      expect({ rule: c.rule, findings: ociFindingsOf(ociRule(c.rule), synthScope(c.bad), "staging") }).toEqual({ rule: c.rule, findings: [] });
    }
  });

  it("knows which types take no freeform_tags, exactly as the provider documents them", () => {
    const docs = join(__dirname, "..", "constructs", "oci", "bindings-docs");
    const resources = readdirSync(docs)
      .filter((f) => f.startsWith("oci_") && f.endsWith(".json"))
      .map((f) => JSON.parse(readFileSync(join(docs, f), "utf8")) as { type: string; arguments: string[] });
    expect(resources.length).toBeGreaterThanOrEqual(45);
    const untagged = resources.filter((r) => !r.arguments.includes("freeform_tags")).map((r) => r.type);
    expect([...TYPES_WITHOUT_FREEFORM_TAGS].sort()).toEqual(untagged.sort());
  });

  it("finds Sentinel nodes by the freeform tag OciRedisSentinel sets", () => {
    expect(REDIS_SENTINEL_ROLE).toEqual(REDIS_SENTINEL_ROLE_TAG);
  });
});

describe("cloud detection of OCI stacks", () => {
  it("maps the oracle/oci provider (required_providers key oci) to the oci cloud, and only it", () => {
    expect(cloudsOf({ terraform: { required_providers: { oci: { source: "oracle/oci", version: "~> 7.19" }, random: { source: "hashicorp/random" } } } })).toEqual(["oci"]);
    expect(cloudsOf({ terraform: { required_providers: { aws: { source: "aws" } } } })).toEqual(["aws"]);
  });

  it("falls back to oci_ resource types when a stack declares no providers", () => {
    expect(cloudsOf({ resource: { oci_core_vcn: { v: {} } } })).toEqual(["oci"]);
  });
});

describe("the OCI rules on the real app", () => {
  const environments = loadEnvironments();
  const app = synthesizeApp();
  const tiers = Object.fromEntries(environments.map((e) => [e.name, e.tier]));
  const fileSuppressions = loadSuppressionFile(defaultSuppressionsFile(), new Set(ruleIndex(RULE_SETS).keys()));
  const ociStacks = [...app.stacks].filter(([name]) => name.includes("-oci-")).map(([name, json]) => ({ name, json: json as Record<string, any> }));
  const started = process.hrtime.bigint();
  const report = runPolicy(ociStacks, { ruleSets: RULE_SETS, tiers, fileSuppressions });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;

  it("checks every OCI stack of every environment as oci, with the tier of its environment file", () => {
    expect(ociStacks.length).toBeGreaterThanOrEqual(2 * environments.filter((e) => e.oci).length);
    for (const stack of report.stacks) {
      expect({ stack: stack.name, clouds: stack.clouds, unchecked: stack.cloudsWithoutRules }).toEqual({ stack: stack.name, clouds: ["oci"], unchecked: [] });
      const env = environments.find((e) => e.name === stack.environment);
      expect({ stack: stack.name, tier: stack.tier, source: stack.tierSource }).toEqual({ stack: stack.name, tier: env?.tier, source: "stack name" });
    }
    // A region stack exercises nearly the whole OCI set; the global stack its IAM, registry and tag rules.
    expect(report.stacks.find((s) => s.name === "mockforge-prod-oci-us-ashburn-1")!.rulesChecked).toBeGreaterThanOrEqual(36);
    expect(report.stacks.find((s) => s.name === "mockforge-prod-oci-global")!.rulesChecked).toBeGreaterThanOrEqual(5);
  });

  it("finds no unsuppressed error or warning in any OCI stack", () => {
    const problems = report.stacks.flatMap((s) => [...s.errors, ...s.warnings]).map((f) => `${f.rule} ${f.stack} ${f.address}: ${f.message}`);
    expect(problems).toEqual([]);
    // No OCI exception is needed: the constructs comply.
    expect(report.stacks.flatMap((s) => s.suppressed).filter((s) => s.rule.startsWith("MF-OCI-"))).toEqual([]);
  });

  it("sees the three Sentinel nodes of every region stack", () => {
    for (const { name, json } of ociStacks.filter((s) => !s.name.endsWith("-global"))) {
      const nodes = Object.values<any>(json.resource?.oci_core_instance ?? {}).filter((n) => n.freeform_tags?.[REDIS_SENTINEL_ROLE.key] === REDIS_SENTINEL_ROLE.value);
      expect({ name, nodes: nodes.length }).toEqual({ name, nodes: 3 });
    }
  });

  it("stays fast: the whole OCI pass takes tens of milliseconds, not seconds", () => {
    // Generous for a loaded CI machine; a quadratic regex over user data once cost 2.6 s here.
    expect(elapsedMs).toBeLessThan(500);
  });

  /** The prod primary region with one protection taken away: the rule that guards it must fire. */
  const primary = ociStacks.find((s) => s.name === "mockforge-prod-oci-us-ashburn-1")!;
  const withTaken = (take: (json: Record<string, any>) => void) => {
    const json = JSON.parse(JSON.stringify(primary.json));
    take(json);
    const result = runPolicy([{ name: primary.name, json }], { ruleSets: RULE_SETS, tiers });
    return result.stacks[0].errors.map((f) => f.rule);
  };

  it.each([
    ["the VCN's default security list", "MF-OCI-VCN-2", (j: any) => delete j.resource.oci_core_default_security_list],
    ["point-in-time recovery", "MF-OCI-PSQL-3", (j: any) => Object.values<any>(j.resource.oci_psql_db_system).forEach((db) => delete db.management_policy[0].pitr_policy)],
    [
      "bucket access logs",
      "MF-OCI-OS-3",
      (j: any) => {
        for (const [id, log] of Object.entries<any>(j.resource.oci_logging_log)) if (log.configuration[0].source[0].service === "objectstorage") delete j.resource.oci_logging_log[id];
      },
    ],
    ["the Redis nodes' fault domains", "MF-OCI-REDIS-1", (j: any) => Object.values<any>(j.resource.oci_core_instance).forEach((n) => ((n.availability_domain = "same-ad"), delete n.fault_domain))],
    ["the WAF", "MF-OCI-WAF-1", (j: any) => delete j.resource.oci_waf_web_app_firewall],
    ["the HTTP redirect", "MF-OCI-LB-2", (j: any) => delete j.resource.oci_load_balancer_rule_set],
  ])("fires on the real prod stack without %s", (_what, rule, take) => {
    expect(withTaken(take as (json: Record<string, any>) => void)).toContain(rule);
  });
});
