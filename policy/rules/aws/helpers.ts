/** Helpers the AWS rules share: reading blocks, policy documents, buckets and their roles. */
import type { Rule, StackContext, TfBlock } from "../../engine/types";
import { blocksOf, isTrue, PROTECTED_TIERS, shown, stringsOf } from "../shared/json";

export { blocksOf, isTrue, PROTECTED_TIERS, shown, stringsOf };

/** An AWS rule (the cloud is implied). */
export function awsRule(rule: Omit<Rule, "cloud">): Rule {
  return { cloud: "aws", ...rule };
}


// ---- IAM-style policy documents -------------------------------------------------------------

export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: string;
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  /** As written: "*", { AWS: ... }, { Service: ... }. */
  readonly principal?: unknown;
  readonly condition?: unknown;
}

/** Statements of a JSON policy document (IAM, key or bucket policy). */
function statementsOfJson(document: any): PolicyStatement[] {
  const list = Array.isArray(document?.Statement) ? document.Statement : document?.Statement ? [document.Statement] : [];
  return list.map((s: any) => ({
    sid: s.Sid,
    effect: s.Effect ?? "Allow",
    actions: s.Action === undefined ? undefined : stringsOf(s.Action),
    notActions: s.NotAction === undefined ? undefined : stringsOf(s.NotAction),
    resources: s.Resource === undefined ? undefined : stringsOf(s.Resource),
    notResources: s.NotResource === undefined ? undefined : stringsOf(s.NotResource),
    principal: s.Principal,
    condition: s.Condition,
  }));
}

/** Statements of a `data.aws_iam_policy_document`, in the JSON-document shape. */
function statementsOfDocument(block: TfBlock): PolicyStatement[] {
  return blocksOf(block.config.statement).map((s) => {
    const principals = blocksOf(s.principals);
    const principal = principals.length === 0 ? undefined : Object.fromEntries(principals.map((p) => [p.type === "*" ? "AWS" : p.type, p.identifiers]));
    return {
      sid: s.sid,
      effect: s.effect ?? "Allow",
      actions: s.actions === undefined ? undefined : stringsOf(s.actions),
      notActions: s.not_actions === undefined ? undefined : stringsOf(s.not_actions),
      resources: s.resources === undefined ? undefined : stringsOf(s.resources),
      notResources: s.not_resources === undefined ? undefined : stringsOf(s.not_resources),
      principal,
      condition: blocksOf(s.condition).length > 0 ? s.condition : undefined,
    };
  });
}

/**
 * The statements of a policy attribute: a JSON string (what JSON.stringify in
 * a construct produces), or a reference to a data.aws_iam_policy_document of
 * the same stack. Anything else cannot be read at synth time.
 */
export function policyStatements(value: unknown, ctx: StackContext): { statements: PolicyStatement[] } | { problem: string } {
  if (value === undefined || value === null || value === "") return { statements: [] };
  if (typeof value === "object") return { statements: statementsOfJson(value) };
  if (typeof value !== "string") return { problem: `the policy is ${typeof value}, not a JSON document` };
  try {
    return { statements: statementsOfJson(JSON.parse(value)) };
  } catch {
    const document = ctx.resolve(value, "aws_iam_policy_document");
    if (document && document.kind === "data") return { statements: statementsOfDocument(document) };
    return {
      problem: "the policy cannot be read at synth time (not a JSON document, nor a data.aws_iam_policy_document of this stack); write it as JSON so the pack can check it",
    };
  }
}

/** Principals of a statement as strings: "*" for anyone, ARNs/account ids/service names otherwise. */
export function principalsOf(principal: unknown): string[] {
  if (principal === undefined) return [];
  if (typeof principal === "string") return [principal];
  if (principal && typeof principal === "object") return Object.values(principal as Record<string, unknown>).flatMap(stringsOf);
  return [];
}

/** `arn:<partition>:iam::<account>:root` (tokens allowed) or a bare account id: the account itself. */
const ACCOUNT_ROOT = /^(arn:(aws[\w-]*|\$\{[^}]+\}):iam::(\d{12}|\$\{[^}]+\}):root|\d{12})$/;
export function isAccountRoot(principal: string): boolean {
  return ACCOUNT_ROOT.test(principal);
}

// ---- S3 buckets ---------------------------------------------------------------------------

/** Resources of `type` configuring `bucket` (their `bucket` attribute references it or names it). */
export function bucketSettings(ctx: StackContext, bucket: TfBlock, type: string): readonly TfBlock[] {
  const name = bucket.config.bucket;
  return ctx.resources(type).filter((s) => ctx.refersTo(s.config.bucket, bucket) || (typeof name === "string" && s.config.bucket === name));
}

/** Does `value` point at `bucket` (a reference to any of its attributes, or its literal name/ARN)? */
function pointsAtBucket(ctx: StackContext, value: unknown, bucket: TfBlock): boolean {
  if (ctx.refersTo(value, bucket)) return true;
  const name = bucket.config.bucket;
  if (typeof name !== "string") return false;
  return stringsOf(value).some((v) => v === name || v === `arn:aws:s3:::${name}` || v.startsWith(`${name}.s3.`));
}

const logBucketCache = new WeakMap<StackContext, Map<string, string | undefined>>();

/**
 * Why `bucket` is a log bucket, or undefined when it is a data bucket. A log
 * bucket is, by definition here, the destination of an AWS log delivery in
 * the same stack: S3 server access logs, ALB access logs, CloudFront
 * (standard or v2) logs, VPC flow logs, WAF logs or CloudTrail. Log buckets
 * may use SSE-S3 (several AWS log deliveries cannot write to SSE-KMS) and are
 * not themselves access-logged (that would log the logging, recursively).
 */
export function logBucketRole(ctx: StackContext, bucket: TfBlock): string | undefined {
  let cache = logBucketCache.get(ctx);
  if (!cache) logBucketCache.set(ctx, (cache = new Map()));
  if (cache.has(bucket.address)) return cache.get(bucket.address);
  const sources: Array<[string, (b: TfBlock) => unknown]> = [
    ["aws_s3_bucket_logging", (b) => b.config.target_bucket],
    ["aws_s3_bucket", (b) => blocksOf(b.config.logging).map((l) => l.target_bucket)],
    ["aws_lb", (b) => blocksOf(b.config.access_logs).map((l) => l.bucket)],
    ["aws_alb", (b) => blocksOf(b.config.access_logs).map((l) => l.bucket)],
    ["aws_cloudfront_distribution", (b) => blocksOf(b.config.logging_config).map((l) => l.bucket)],
    ["aws_cloudwatch_log_delivery_destination", (b) => blocksOf(b.config.delivery_destination_configuration).map((d) => d.destination_resource_arn)],
    ["aws_flow_log", (b) => b.config.log_destination],
    ["aws_wafv2_web_acl_logging_configuration", (b) => b.config.log_destination_configs],
    ["aws_cloudtrail", (b) => b.config.s3_bucket_name],
  ];
  let role: string | undefined;
  for (const [type, destination] of sources) {
    const writer = ctx.resources(type).find((b) => b !== bucket && pointsAtBucket(ctx, destination(b), bucket));
    if (writer) {
      role = `log destination of ${writer.address}`;
      break;
    }
  }
  cache.set(bucket.address, role);
  return role;
}

// ---- load balancers -----------------------------------------------------------------------

export const LOAD_BALANCER_TYPES = ["aws_lb", "aws_alb"];

export function isApplicationLoadBalancer(block: TfBlock): boolean {
  const type = block.config.load_balancer_type;
  return type === undefined || type === "application";
}

export function isInternetFacing(block: TfBlock): boolean {
  return !isTrue(block.config.internal);
}
