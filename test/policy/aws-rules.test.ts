/**
 * Every AWS rule, both ways: a minimal violating construct (synthesized with
 * Testing.synthScope, checked through the engine) fires the rule with its id,
 * severity and message; a compliant one passes.
 */
import { AWS_RULES } from "../../policy/rules/aws";
import { availabilityCases, containerCases, monitoringCases, protectionCases, taggingCases } from "./cases/operations";
import { encryptionCases } from "./cases/encryption";
import { iamCases, secretCases } from "./cases/iam-secrets";
import { loggingCases } from "./cases/logging";
import { networkCases } from "./cases/network";
import { transitCases } from "./cases/transit";
import type { RuleCase } from "./cases/types";
import { awsRule, findingsOf, synthScope } from "./support";

const TOPICS: Record<string, RuleCase[]> = {
  encryption: encryptionCases,
  transit: transitCases,
  network: networkCases,
  logging: loggingCases,
  iam: iamCases,
  secrets: secretCases,
  containers: containerCases,
  availability: availabilityCases,
  protection: protectionCases,
  monitoring: monitoringCases,
  tagging: taggingCases,
};

describe.each(Object.entries(TOPICS))("AWS %s rules", (_topic, cases) => {
  const table = cases.map((c) => [`${c.rule}${c.variant ? ` (${c.variant})` : ""}`, c] as const);

  it.each(table)("%s fires on a violating construct", (_name, c) => {
    const rule = awsRule(c.rule);
    const findings = findingsOf(rule, synthScope(c.bad), c.tier);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding).toMatchObject({ rule: c.rule, severity: rule.severity, fix: rule.fix });
    expect(findings.map((f) => f.message)).toEqual(expect.arrayContaining([expect.stringMatching(c.message)]));
  });

  it.each(table)("%s passes a compliant construct", (_name, c) => {
    expect(findingsOf(awsRule(c.rule), synthScope(c.good), c.tier)).toEqual([]);
  });
});

describe("the AWS rule set", () => {
  it("has a violating and a compliant case for every rule", () => {
    const covered = new Set(Object.values(TOPICS).flatMap((cases) => cases.map((c) => c.rule)));
    expect(AWS_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it("gives every rule a unique id, a severity, a one-line title, a fix and AWS resource types", () => {
    expect(new Set(AWS_RULES.map((r) => r.id)).size).toBe(AWS_RULES.length);
    for (const rule of AWS_RULES) {
      expect(rule.id).toMatch(/^MF-AWS-[A-Z0-9]+-\d+$/);
      expect(rule.cloud).toBe("aws");
      expect(["error", "warning"]).toContain(rule.severity);
      expect(rule.title.length).toBeGreaterThan(20);
      expect(rule.title).not.toContain("\n");
      expect(rule.fix.length).toBeGreaterThan(20);
      expect(rule.appliesTo.length).toBeGreaterThan(0);
      for (const type of rule.appliesTo) expect(type === "output" || type.startsWith("aws_")).toBe(true);
      for (const id of rule.mirrors) expect(id).toMatch(/^(CKV2?_AWS_\d+|AVD-AWS-\d{4}|AwsSolutions-[A-Z0-9]+)$/);
    }
  });

  it("is silent about production-only and staging rules in development", () => {
    const tierBound = ["MF-AWS-RDS-5", "MF-AWS-RDS-6", "MF-AWS-RDS-7", "MF-AWS-ECS-3", "MF-AWS-REDIS-1", "MF-AWS-ALB-5", "MF-AWS-EC2-4", "MF-AWS-EBS-2", "MF-AWS-S3-6", "MF-AWS-ECR-4"];
    const cases = Object.values(TOPICS).flat().filter((c) => tierBound.includes(c.rule));
    expect(new Set(cases.map((c) => c.rule))).toEqual(new Set(tierBound));
    for (const c of cases) expect({ rule: c.rule, findings: findingsOf(awsRule(c.rule), synthScope(c.bad), "development") }).toEqual({ rule: c.rule, findings: [] });
  });

  it("keeps production-only rules (Multi-AZ, task count, Sentinel spread) out of staging", () => {
    for (const id of ["MF-AWS-RDS-5", "MF-AWS-ECS-3", "MF-AWS-REDIS-1"]) {
      const c = Object.values(TOPICS).flat().find((x) => x.rule === id)!;
      expect({ id, findings: findingsOf(awsRule(id), synthScope(c.bad), "staging") }).toEqual({ id, findings: [] });
    }
  });
});
