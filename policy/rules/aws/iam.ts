/**
 * Least privilege: IAM policies and KMS key policies.
 *
 * Key policies follow AWS's own convention: the statement that gives the
 * account root `kms:*` on `*` is AWS's default key policy (it delegates
 * control of the key to IAM in the account, and `*` there means "this key"),
 * so it is exempt; `kms:*` to anyone else, or any wildcard principal, is not.
 * Trust (assume-role) policies are not permission policies and are not checked here.
 */
import type { StackContext, TfBlock } from "../../engine/types";
import { awsRule, blocksOf, isAccountRoot, policyStatements, principalsOf, stringsOf, type PolicyStatement } from "./helpers";

/** The permission policy documents of a block (not trust policies). */
function permissionPolicies(block: TfBlock): Array<{ label: string; policy: unknown }> {
  if (block.type === "aws_iam_role") return blocksOf(block.config.inline_policy).map((p, i) => ({ label: `inline_policy[${i}] ${p.name ?? ""}`.trim(), policy: p.policy }));
  return [{ label: "policy", policy: block.config.policy }];
}

function wildcardProblems(statement: PolicyStatement): string[] {
  if (statement.effect !== "Allow") return [];
  const name = statement.sid ? `statement ${statement.sid}` : "a statement";
  const problems: string[] = [];
  if (statement.notActions) problems.push(`${name} allows every action except ${statement.notActions.join(", ")} (NotAction)`);
  if (statement.notResources) problems.push(`${name} allows its actions on every resource except ${statement.notResources.join(", ")} (NotResource)`);
  const actions = statement.actions ?? [];
  const anyResource = (statement.resources ?? []).includes("*");
  if (actions.includes("*")) problems.push(`${name} allows every action ("Action": "*")`);
  const services = actions.filter((a) => /^[a-z0-9-]+:\*$/i.test(a));
  if (anyResource && services.length > 0) problems.push(`${name} allows ${services.join(", ")} on every resource ("Resource": "*")`);
  return problems;
}

function policyProblems(block: TfBlock, ctx: StackContext, check: (s: PolicyStatement) => string[]): string[] {
  return permissionPolicies(block).flatMap(({ label, policy }) => {
    const read = policyStatements(policy, ctx);
    if ("problem" in read) return [`${label}: ${read.problem}`];
    const found = read.statements.flatMap(check);
    return block.type === "aws_iam_role" ? found.map((message) => `${label}: ${message}`) : found;
  });
}

export const noWildcardPermissions = awsRule({
  id: "MF-AWS-IAM-1",
  severity: "error",
  title: 'IAM policies grant named actions: no "*" action, no "service:*" on "*" resources, no NotAction/NotResource allows',
  fix: "List the actions the role needs and scope them to its resources (ARNs); only actions without resource-level permissions (e.g. ecr:GetAuthorizationToken) may use \"Resource\": \"*\".",
  mirrors: ["CKV_AWS_62", "CKV_AWS_63", "AVD-AWS-0057"],
  appliesTo: ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"],
  check: (block, ctx) => policyProblems(block, ctx, wildcardProblems),
});

const ADMIN_POLICIES = /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

export const noAdminManagedPolicies = awsRule({
  id: "MF-AWS-IAM-2",
  severity: "error",
  title: "No role, user or group gets the AWS-managed AdministratorAccess, PowerUserAccess or IAMFullAccess policy",
  fix: "Attach a policy scoped to the job instead.",
  mirrors: ["CKV_AWS_274"],
  appliesTo: ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_role"],
  check: ({ type, config }) => {
    const arns = type === "aws_iam_role" ? stringsOf(config.managed_policy_arns) : stringsOf(config.policy_arn);
    return arns.filter((arn) => ADMIN_POLICIES.test(arn)).map((arn) => `attaches ${arn}`);
  },
});

function keyPolicyProblems(statement: PolicyStatement): string[] {
  if (statement.effect !== "Allow") return [];
  const name = statement.sid ? `statement ${statement.sid}` : "a statement";
  const principals = principalsOf(statement.principal);
  const problems: string[] = [];
  if (principals.includes("*")) problems.push(`${name} allows any principal ("*")`);
  const everything = (statement.actions ?? []).some((a) => a === "*" || a === "kms:*") || statement.notActions !== undefined;
  const others = principals.filter((p) => p !== "*" && !isAccountRoot(p));
  if (everything && others.length > 0) problems.push(`${name} gives full control of the key (kms:*) to ${others.join(", ")}; only the account root (delegating to IAM) may have it`);
  return problems;
}

export const keyPolicyLeastPrivilege = awsRule({
  id: "MF-AWS-KMS-2",
  severity: "error",
  title: "KMS key policies name their principals: no wildcard principal, and kms:* only for the account root (AWS's default statement)",
  fix: "Keep the account-root administration statement, and grant services or roles only the kms: actions they use (with a condition such as kms:ViaService or the encryption context).",
  mirrors: ["CKV_AWS_33"],
  appliesTo: ["aws_kms_key", "aws_kms_key_policy"],
  check: (block, ctx) => {
    const read = policyStatements(block.config.policy, ctx);
    if ("problem" in read) return [`policy: ${read.problem}`];
    return read.statements.flatMap(keyPolicyProblems);
  },
});

export const iamRules = [noWildcardPermissions, noAdminManagedPolicies, keyPolicyLeastPrivilege];
