import { Testing, TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import type { Construct } from "constructs";
import { runPolicy } from "../../policy/engine/run";
import type { Finding, Rule, Tier } from "../../policy/engine/types";
import { AWS_RULES } from "../../policy/rules/aws";

/** The AWS rule with this id (fails the test when there is none). */
export function awsRule(id: string): Rule {
  const rule = AWS_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no AWS rule ${id}`);
  return rule;
}

/** The stack name tests use: environment `test`, whose tier each call chooses. */
export const TEST_STACK = "mockforge-test-aws-us-east-1";

/** Runs one rule, through the engine, over a synthesized stack's JSON; returns its findings. */
export function findingsOf(rule: Rule, json: Record<string, any>, tier: Tier = "production"): Finding[] {
  // Real AWS stacks declare the aws provider (synthScope omits it when no provider construct exists).
  const terraform = { ...json.terraform, required_providers: { aws: { source: "aws" }, ...json.terraform?.required_providers } };
  const report = runPolicy([{ name: TEST_STACK, json: { ...json, terraform } }], { ruleSets: { aws: [rule] }, tiers: { test: tier } });
  return [...report.stacks[0].errors, ...report.stacks[0].warnings];
}

/** Synthesizes what `build` adds to a fresh stack, the way unit tests do (Testing.synthScope). */
export function synthScope(build: (scope: Construct) => void): Record<string, any> {
  return JSON.parse(Testing.synthScope(build)) as Record<string, any>;
}

/**
 * Synthesizes a stack keeping cdktf's "//" metadata (Testing.synthScope strips
 * it), as app.synth() writes it: code suppressions live there.
 */
export function synthWithMetadata(build: (scope: Construct) => void): Record<string, any> {
  const stack = new TerraformStack(Testing.app(), TEST_STACK);
  build(stack);
  invokeAspects(stack);
  return JSON.parse(JSON.stringify(stack.toTerraform())) as Record<string, any>;
}

/** Every AWS rule id (for coverage checks). */
export const AWS_RULE_IDS = AWS_RULES.map((r) => r.id);
