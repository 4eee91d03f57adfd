/**
 * Every GCP rule, both ways: a minimal violating construct (synthesized with
 * Testing.synthScope, checked through the engine) fires the rule with its id,
 * severity and message; a compliant one passes. Then the real GCP stacks of
 * every environment: checked with their environment's tier, and clean.
 */
import { REDIS_SENTINEL_ROLE_TAG } from "../../constructs/gcp/redis-sentinel";
import { loadEnvironments } from "../../environments/load";
import { defaultSuppressionsFile } from "../../policy/engine/paths";
import { ruleIndex, runPolicy } from "../../policy/engine/run";
import { loadSuppressionFile } from "../../policy/engine/suppressions";
import { RULE_SETS } from "../../policy/registry";
import { GCP_RULES } from "../../policy/rules/gcp";
import { isSentinelNode, REDIS_SENTINEL_ROLE } from "../../policy/rules/gcp/availability";
import { synthesizeApp } from "../support/app";
import { gcpComputeCases } from "./cases/gcp-compute";
import { gcpDataCases } from "./cases/gcp-data";
import { gcpEdgeCases } from "./cases/gcp-edge";
import { gcpFindingsOf, gcpRule } from "./cases/gcp-support";
import type { RuleCase } from "./cases/types";
import { synthScope } from "./support";

const TOPICS: Record<string, RuleCase[]> = {
  "data tier": gcpDataCases,
  "compute and network": gcpComputeCases,
  "edge and operations": gcpEdgeCases,
};
const ALL_CASES = Object.values(TOPICS).flat();

describe.each(Object.entries(TOPICS))("GCP %s rules", (_topic, cases) => {
  const table = cases.map((c) => [`${c.rule}${c.variant ? ` (${c.variant})` : ""}`, c] as const);

  it.each(table)("%s fires on a violating construct", (_name, c) => {
    const rule = gcpRule(c.rule);
    const findings = gcpFindingsOf(rule, synthScope(c.bad), c.tier);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding).toMatchObject({ rule: c.rule, severity: rule.severity, fix: rule.fix, stack: "mockforge-test-gcp-us-central1" });
    expect(findings.map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringMatching(c.message)]));
  });

  it.each(table)("%s passes a compliant construct", (_name, c) => {
    expect(gcpFindingsOf(gcpRule(c.rule), synthScope(c.good), c.tier)).toEqual([]);
  });
});

describe("the GCP rule set", () => {
  it("has a violating and a compliant case for every rule", () => {
    const covered = new Set(ALL_CASES.map((c) => c.rule));
    expect(GCP_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it("gives every rule a unique id, a severity, a one-line title, a fix, GCP resource types and real mirrored ids", () => {
    expect(new Set(GCP_RULES.map((r) => r.id)).size).toBe(GCP_RULES.length);
    for (const rule of GCP_RULES) {
      expect(rule.id).toMatch(/^MF-GCP-[A-Z0-9]+-\d+$/);
      expect(rule.cloud).toBe("gcp");
      expect(["error", "warning"]).toContain(rule.severity);
      expect(rule.title.length).toBeGreaterThan(20);
      expect(rule.title).not.toContain("\n");
      expect(rule.fix.length).toBeGreaterThan(20);
      expect(rule.appliesTo.length).toBeGreaterThan(0);
      for (const type of rule.appliesTo) expect(type === "output" || type.startsWith("google_")).toBe(true);
      for (const id of rule.mirrors) expect(id).toMatch(/^(CKV2?_GCP_\d+|AVD-GCP-\d{4})$/);
    }
  });

  it("is registered for GCP stacks", () => {
    expect(RULE_SETS.gcp).toBe(GCP_RULES);
  });

  const PRODUCTION_ONLY = ["MF-GCP-SQL-5", "MF-GCP-RUN-4", "MF-GCP-REDIS-1"];
  const STAGING_AND_PRODUCTION = ["MF-GCP-SQL-6", "MF-GCP-SQL-7", "MF-GCP-GCE-7", "MF-GCP-GCE-8", "MF-GCP-GCS-5", "MF-GCP-KMS-2", "MF-GCP-SM-1", "MF-GCP-MON-2"];

  it("is silent about production-only and staging rules in development", () => {
    const tierBound = [...PRODUCTION_ONLY, ...STAGING_AND_PRODUCTION];
    const cases = ALL_CASES.filter((c) => tierBound.includes(c.rule));
    expect(new Set(cases.map((c) => c.rule))).toEqual(new Set(tierBound));
    for (const c of cases) expect({ rule: c.rule, findings: gcpFindingsOf(gcpRule(c.rule), synthScope(c.bad), "development") }).toEqual({ rule: c.rule, findings: [] });
  });

  it("keeps production-only rules (regional databases, warm instances, Sentinel spread) out of staging", () => {
    for (const c of ALL_CASES.filter((x) => PRODUCTION_ONLY.includes(x.rule))) {
      expect({ rule: c.rule, findings: gcpFindingsOf(gcpRule(c.rule), synthScope(c.bad), "staging") }).toEqual({ rule: c.rule, findings: [] });
    }
  });

  it("applies staging rules in staging too", () => {
    for (const id of STAGING_AND_PRODUCTION) {
      const c = ALL_CASES.find((x) => x.rule === id && (x.tier ?? "production") === "staging") ?? ALL_CASES.find((x) => x.rule === id)!;
      expect({ id, fires: gcpFindingsOf(gcpRule(id), synthScope(c.bad), "staging").length > 0 }).toEqual({ id, fires: true });
    }
  });
});

describe("the GCP rule set on the real app", () => {
  const environments = loadEnvironments();
  const app = synthesizeApp();
  const fileSuppressions = loadSuppressionFile(defaultSuppressionsFile(), new Set(ruleIndex(RULE_SETS).keys()));
  const gcpInputs = [...app.stacks].filter(([name]) => name.includes("-gcp-")).map(([name, json]) => ({ name, json: json as Record<string, any> }));
  const tiers = Object.fromEntries(environments.map((e) => [e.name, e.tier]));
  const report = runPolicy(gcpInputs, { ruleSets: RULE_SETS, tiers, fileSuppressions });

  it("checks every GCP stack of every environment, with the tier of its environment file, and finds nothing unsuppressed", () => {
    expect(report.stacks.length).toBeGreaterThanOrEqual(3 * environments.filter((e) => e.gcp).length);
    for (const stack of report.stacks) {
      const env = environments.find((e) => e.name === stack.environment);
      expect({ stack: stack.name, clouds: stack.clouds, tier: stack.tier, source: stack.tierSource, checked: stack.rulesChecked > 0 }).toEqual({
        stack: stack.name,
        clouds: ["gcp"],
        tier: env?.tier,
        source: "stack name",
        checked: true,
      });
    }
    expect(report.stacks.flatMap((s) => [...s.errors, ...s.warnings]).map((f) => `${f.rule} ${f.stack} ${f.address}: ${f.message}`)).toEqual([]);
    // A region stack exercises most of the GCP set.
    expect(report.stacks.find((s) => s.name === "mockforge-prod-gcp-us-central1")!.rulesChecked).toBeGreaterThanOrEqual(35);
  });

  it("suppresses only the unversioned usage-log bucket, next to the code that makes it, in every region", () => {
    const suppressed = report.stacks.flatMap((s) => s.suppressed);
    const regions = report.stacks.filter((s) => !/-(global|edge)$/.test(s.name));
    expect(suppressed.map((s) => [s.rule, s.source.kind])).toEqual(regions.map(() => ["MF-GCP-GCS-4", "code"]));
    for (const s of suppressed) expect(s.address).toMatch(/^google_storage_bucket\.assets_log-bucket_/);
    expect(report.unusedSuppressions.filter((s) => s.rule.startsWith("MF-GCP-"))).toEqual([]);
  });

  it("finds the Redis Sentinel nodes by the label the construct sets", () => {
    expect(REDIS_SENTINEL_ROLE).toEqual(REDIS_SENTINEL_ROLE_TAG);
    const prod = app.stacks.get("mockforge-prod-gcp-europe-west1")!;
    const nodes = Object.entries(prod.resource?.google_compute_instance ?? {}).map(([name, config]) => ({ kind: "resource" as const, type: "google_compute_instance", name, address: name, config }));
    expect(nodes.filter(isSentinelNode)).toHaveLength(3);
  });

  it("fails a real stack whose escape hatch removes a protection (the rules read the synthesized JSON)", () => {
    const name = "mockforge-prod-gcp-us-central1";
    const json = JSON.parse(JSON.stringify(app.stacks.get(name))) as Record<string, any>;
    const [id, writer] = Object.entries<Record<string, any>>(json.resource.google_sql_database_instance).find(([, c]) => c.master_instance_name === undefined)!;
    writer.settings.ip_configuration.ipv4_enabled = true;
    delete writer.encryption_key_name;
    const broken = runPolicy([{ name, json }], { ruleSets: RULE_SETS, tiers, fileSuppressions });
    expect(broken.stacks[0].errors.map((f) => [f.rule, f.address])).toEqual(
      expect.arrayContaining([
        ["MF-GCP-SQL-1", `google_sql_database_instance.${id}`],
        ["MF-GCP-SQL-3", `google_sql_database_instance.${id}`],
      ]),
    );
    expect(broken.ok).toBe(false);
  });
});
