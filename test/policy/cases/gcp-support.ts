/** Running one GCP rule through the engine over a synthesized construct, as the AWS tests do for AWS rules. */
import { runPolicy } from "../../../policy/engine/run";
import type { Finding, Rule, Tier } from "../../../policy/engine/types";
import { GCP_RULES } from "../../../policy/rules/gcp";

/** The GCP rule with this id (fails the test when there is none). */
export function gcpRule(id: string): Rule {
  const rule = GCP_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no GCP rule ${id}`);
  return rule;
}

/** The stack name GCP rule tests use: environment `test`, whose tier each call chooses. */
export const GCP_TEST_STACK = "mockforge-test-gcp-us-central1";

/** Runs one rule, through the engine, over a synthesized stack's JSON; returns its findings. */
export function gcpFindingsOf(rule: Rule, json: Record<string, any>, tier: Tier = "production"): Finding[] {
  // Real GCP stacks declare the google provider (synthScope omits it when no provider construct exists).
  const terraform = { ...json.terraform, required_providers: { google: { source: "google" }, ...json.terraform?.required_providers } };
  const report = runPolicy([{ name: GCP_TEST_STACK, json: { ...json, terraform } }], { ruleSets: { gcp: [rule] }, tiers: { test: tier } });
  return [...report.stacks[0].errors, ...report.stacks[0].warnings];
}

export const PROJECT = "mockforge-test";
export const KEY = "projects/mockforge-test/locations/us-central1/keyRings/test/cryptoKeys/test";
export const VPC = "projects/mockforge-test/global/networks/mockforge-test-vpc";
export const SUBNET = "projects/mockforge-test/regions/us-central1/subnetworks/mockforge-test-subnet";
/** An image of the project's own registry, by tag. */
export const OWN_IMAGE = "us-central1-docker.pkg.dev/mockforge-test/mockforge-test-images/server:1.2.3";
