/**
 * Every Azure rule, both ways: a minimal violating construct (synthesized with
 * Testing.synthScope, checked through the engine) fires the rule with its id,
 * severity and message; a compliant one passes. Then the real Azure stacks of
 * every environment: zero unsuppressed findings, each exception explained.
 */
import { REDIS_SENTINEL_ROLE_TAG } from "../../constructs/azure/redis-sentinel";
import { loadEnvironments } from "../../environments/load";
import { defaultSuppressionsFile } from "../../policy/engine/paths";
import { ruleIndex, runPolicy } from "../../policy/engine/run";
import { loadSuppressionFile } from "../../policy/engine/suppressions";
import { RULE_SETS } from "../../policy/registry";
import { AZURE_RULES } from "../../policy/rules/azure";
import { REDIS_SENTINEL_ROLE } from "../../policy/rules/azure/helpers";
import { synthesizeApp } from "../support/app";
import { azureEncryptionCases, azureTransitCases } from "./cases/azure-encryption-transit";
import { azureIamCases, azureLoggingCases, azureSecretCases } from "./cases/azure-logging-iam-secrets";
import { azureNetworkCases } from "./cases/azure-network";
import { azureAvailabilityCases, azureContainerCases, azureMonitoringCases, azureProtectionCases, azureTaggingCases } from "./cases/azure-operations";
import { azureFindingsOf, azureRule } from "./cases/azure-support";
import type { RuleCase } from "./cases/types";
import { synthScope } from "./support";

const TOPICS: Record<string, RuleCase[]> = {
  encryption: azureEncryptionCases,
  transit: azureTransitCases,
  network: azureNetworkCases,
  logging: azureLoggingCases,
  iam: azureIamCases,
  secrets: azureSecretCases,
  containers: azureContainerCases,
  availability: azureAvailabilityCases,
  protection: azureProtectionCases,
  monitoring: azureMonitoringCases,
  tagging: azureTaggingCases,
};
const ALL_CASES = Object.values(TOPICS).flat();

describe.each(Object.entries(TOPICS))("Azure %s rules", (_topic, cases) => {
  const table = cases.map((c) => [`${c.rule}${c.variant ? ` (${c.variant})` : ""}`, c] as const);

  it.each(table)("%s fires on a violating construct", (_name, c) => {
    const rule = azureRule(c.rule);
    const findings = azureFindingsOf(rule, synthScope(c.bad), c.tier);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding).toMatchObject({ rule: c.rule, severity: rule.severity, fix: rule.fix });
    expect(findings.map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringMatching(c.message)]));
  });

  it.each(table)("%s passes a compliant construct", (_name, c) => {
    expect(azureFindingsOf(azureRule(c.rule), synthScope(c.good), c.tier)).toEqual([]);
  });
});

describe("the Azure rule set", () => {
  it("has a violating and a compliant case for every rule", () => {
    const covered = new Set(ALL_CASES.map((c) => c.rule));
    expect(AZURE_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it("gives every rule a unique id, a severity, a one-line title, a fix, azurerm resource types and public mirror ids", () => {
    expect(new Set(AZURE_RULES.map((r) => r.id)).size).toBe(AZURE_RULES.length);
    for (const rule of AZURE_RULES) {
      expect(rule.id).toMatch(/^MF-AZURE-[A-Z0-9]+-\d+$/);
      expect(rule.cloud).toBe("azure");
      expect(["error", "warning"]).toContain(rule.severity);
      expect(rule.title.length).toBeGreaterThan(20);
      expect(rule.title).not.toContain("\n");
      expect(rule.fix.length).toBeGreaterThan(20);
      expect(rule.appliesTo.length).toBeGreaterThan(0);
      for (const type of rule.appliesTo) expect(type === "output" || type.startsWith("azurerm_")).toBe(true);
      for (const id of rule.mirrors) expect(id).toMatch(/^(CKV2?_AZURE_\d+|AVD-AZU-\d{4})$/);
    }
  });

  it("is registered for Azure stacks", () => {
    expect(RULE_SETS.azure).toBe(AZURE_RULES);
  });

  const TIER_BOUND = ["MF-AZURE-PG-3", "MF-AZURE-PG-4", "MF-AZURE-APP-6", "MF-AZURE-APP-7", "MF-AZURE-REDIS-1", "MF-AZURE-ST-6", "MF-AZURE-LOCK-1", "MF-AZURE-WAF-2"];
  const PRODUCTION_ONLY = ["MF-AZURE-PG-3", "MF-AZURE-APP-6", "MF-AZURE-APP-7", "MF-AZURE-REDIS-1", "MF-AZURE-ST-6"];

  it("is silent about production-only and staging rules in development (Detection-mode WAF, no locks, one zone)", () => {
    const cases = ALL_CASES.filter((c) => TIER_BOUND.includes(c.rule) && c.variant !== "no managed rules");
    expect(new Set(cases.map((c) => c.rule))).toEqual(new Set(TIER_BOUND));
    for (const c of cases) expect({ rule: c.rule, findings: azureFindingsOf(azureRule(c.rule), synthScope(c.bad), "development") }).toEqual({ rule: c.rule, findings: [] });
  });

  it("keeps production-only rules (zone redundancy, replica count, Sentinel spread, geo-redundant backups) out of staging", () => {
    for (const id of PRODUCTION_ONLY) {
      const c = ALL_CASES.find((x) => x.rule === id && x.tier === undefined)!;
      expect({ id, findings: azureFindingsOf(azureRule(id), synthScope(c.bad), "staging") }).toEqual({ id, findings: [] });
    }
    const geo = ALL_CASES.find((c) => c.variant === "production backups in one region")!;
    expect(azureFindingsOf(azureRule("MF-AZURE-PG-4"), synthScope(geo.bad), "staging")).toEqual([]);
  });

  it("finds Redis Sentinel nodes by the tag the construct sets", () => {
    expect(REDIS_SENTINEL_ROLE).toEqual(REDIS_SENTINEL_ROLE_TAG);
  });
});

describe("the Azure rule set on the real app", () => {
  const environments = loadEnvironments();
  const app = synthesizeApp();
  const azureStacks = [...app.stacks].filter(([name]) => name.includes("-azure-")).map(([name, json]) => ({ name, json: json as Record<string, any> }));
  const fileSuppressions = loadSuppressionFile(defaultSuppressionsFile(), new Set(ruleIndex(RULE_SETS).keys()));
  const tiers = Object.fromEntries(environments.map((e) => [e.name, e.tier]));
  const report = runPolicy(azureStacks, { ruleSets: { azure: AZURE_RULES }, tiers, fileSuppressions });

  it("checks every Azure stack of every environment with the tier of its environment file, and finds nothing unsuppressed", () => {
    expect(report.stacks.length).toBe(azureStacks.length);
    expect(report.stacks.length).toBeGreaterThanOrEqual(3 * environments.filter((e) => e.azure).length);
    for (const stack of report.stacks) {
      const env = environments.find((e) => e.name === stack.environment);
      expect({ stack: stack.name, tier: stack.tier, source: stack.tierSource, checked: stack.rulesChecked > 0 }).toEqual({
        stack: stack.name,
        tier: env?.tier,
        source: "stack name",
        checked: true,
      });
    }
    const problems = report.stacks.flatMap((s) => [...s.errors, ...s.warnings]).map((f) => `${f.rule} ${f.stack} ${f.address}: ${f.message}`);
    expect(problems).toEqual([]);
    // A region stack exercises most of the set; the edge stack the Front Door rules.
    expect(report.stacks.find((s) => s.name === "mockforge-prod-azure-eastus")!.rulesChecked).toBeGreaterThanOrEqual(30);
    expect(report.stacks.find((s) => s.name === "mockforge-prod-azure-edge")!.rulesChecked).toBeGreaterThanOrEqual(8);
  });

  it("suppresses only the assets accounts' open network (Front Door's website origin), in code, with the reason", () => {
    const suppressed = report.stacks.flatMap((s) => s.suppressed);
    const regionStacks = report.stacks.filter((s) => !/-(global|edge)$/.test(s.name));
    expect(suppressed.map((s) => `${s.rule} ${s.stack} ${s.address}`).sort()).toEqual(
      regionStacks.map((s) => `MF-AZURE-ST-4 ${s.name} azurerm_storage_account.assets_account_CD66C022`).sort(),
    );
    for (const s of suppressed) {
      expect(s.source).toEqual({ kind: "code" });
      expect(s.reason).toMatch(/static website endpoint is Front Door's assets origin/);
    }
    expect(report.unusedSuppressions.filter((u) => u.rule.startsWith("MF-AZURE-"))).toEqual([]);
  });

  it("would catch the gaps the constructs closed: unlocked Redis data disks and a missing p95 latency alert", () => {
    const prod = azureStacks.find((s) => s.name === "mockforge-prod-azure-eastus")!.json;
    const unlocked = structuredClone(prod);
    delete unlocked.resource.azurerm_management_lock;
    // The whole set runs (the stacks carry code suppressions naming other Azure rules).
    const errorsOf = (name: string, json: Record<string, any>, id: string) =>
      runPolicy([{ name, json }], { ruleSets: { azure: AZURE_RULES }, tiers }).stacks[0].errors.filter((f) => f.rule === id);
    expect(errorsOf("mockforge-prod-azure-eastus", unlocked, "MF-AZURE-LOCK-1").map((f) => f.address)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^azurerm_managed_disk\.redis_data-disk-1_/)]),
    );

    const edge = structuredClone(azureStacks.find((s) => s.name === "mockforge-prod-azure-edge")!.json);
    delete edge.resource.azurerm_monitor_scheduled_query_rules_alert_v2;
    expect(errorsOf("mockforge-prod-azure-edge", edge, "MF-AZURE-MON-1").map((f) => f.message)).toEqual([expect.stringMatching(/no p95 latency alert/)]);
  });

  it("stays fast: the whole Azure set over every Azure stack in well under 100 ms once warm", () => {
    const started = process.hrtime.bigint();
    runPolicy(azureStacks, { ruleSets: { azure: AZURE_RULES }, tiers, fileSuppressions });
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(100);
  });
});
