/** Running one OCI rule through the engine over a synthesized construct, as the AWS tests do for AWS rules. */
import { runPolicy } from "../../../policy/engine/run";
import type { Finding, Rule, Tier } from "../../../policy/engine/types";
import { OCI_RULES } from "../../../policy/rules/oci";

/** The OCI rule with this id (fails the test when there is none). */
export function ociRule(id: string): Rule {
  const rule = OCI_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no OCI rule ${id}`);
  return rule;
}

/** The stack name OCI rule tests use: environment `test`, whose tier each call chooses. */
export const OCI_TEST_STACK = "mockforge-test-oci-us-ashburn-1";

/** Runs one rule, through the engine, over a synthesized stack's JSON; returns its findings. */
export function ociFindingsOf(rule: Rule, json: Record<string, any>, tier: Tier = "production"): Finding[] {
  // Real OCI stacks declare the oracle/oci provider (synthScope omits it when no provider construct exists).
  const terraform = { ...json.terraform, required_providers: { oci: { source: "oracle/oci" }, ...json.terraform?.required_providers } };
  const report = runPolicy([{ name: OCI_TEST_STACK, json: { ...json, terraform } }], { ruleSets: { oci: [rule] }, tiers: { test: tier } });
  return [...report.stacks[0].errors, ...report.stacks[0].warnings];
}

export const COMPARTMENT = "ocid1.compartment.oc1..aaaaaaaapolicytest";
export const KEY = "ocid1.key.oc1.iad.policytest";
export const SUBNET_OCID = "ocid1.subnet.oc1.iad.policytest";
export const AD = "Uocm:US-ASHBURN-AD-1";
