import { TerraformOutput, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";
import { CODE_SUPPRESSIONS_KEY, reasonProblem } from "./engine/suppressions";

export interface SuppressPolicyOptions {
  /**
   * Suppress on every Terraform element below `scope` (for a construct that
   * wraps several resources) instead of on `scope` itself.
   * @default false: `scope` must be a resource (or output)
   */
  readonly applyToChildren?: boolean;
}

/**
 * Turns rule `ruleId` off for one resource (or output), next to the code that
 * needs the exception. The reason is written into the resource's "//"
 * metadata of the synthesized JSON (Terraform ignores "//"), so it shows in
 * the policy report and in the reviewed stack snapshots. The rule id is
 * checked against the pack when the policy runs.
 *
 *   suppressPolicy(bucket, "MF-AWS-S3-5", "Replica buckets are written only by S3 replication; ...");
 */
export function suppressPolicy(scope: IConstruct, ruleId: string, reason: string, options: SuppressPolicyOptions = {}): void {
  if (!/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/.test(ruleId)) {
    throw new Error(`suppressPolicy: "${ruleId}" is not a rule id (e.g. MF-AWS-S3-5)`);
  }
  const bad = reasonProblem(reason);
  if (bad) throw new Error(`suppressPolicy(${ruleId}) on ${scope.node.path}: ${bad}`);
  const targets = options.applyToChildren
    ? scope.node.findAll().filter(isCheckable)
    : isCheckable(scope)
      ? [scope]
      : [];
  if (targets.length === 0) {
    throw new Error(
      `suppressPolicy(${ruleId}): ${scope.node.path} is not a Terraform resource or output; pass the resource itself, or { applyToChildren: true } to cover everything below it`,
    );
  }
  for (const element of targets) element.addOverride(`//.${CODE_SUPPRESSIONS_KEY}.${ruleId}`, reason.trim());
}

/** What the pack checks: resources and outputs. */
function isCheckable(construct: IConstruct): construct is TerraformResource | TerraformOutput {
  return construct instanceof TerraformResource || construct instanceof TerraformOutput;
}
