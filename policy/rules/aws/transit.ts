/** Encryption in transit: TLS-only databases, listeners, CDN and bucket access. */
import type { StackContext, TfBlock } from "../../engine/types";
import { awsRule, blocksOf, bucketSettings, isApplicationLoadBalancer, LOAD_BALANCER_TYPES, policyStatements, shown, stringsOf } from "./helpers";

/** Parameters of a parameter group, by name. */
function parametersOf(group: TfBlock): Map<string, string> {
  return new Map(blocksOf(group.config.parameter).map((p) => [String(p.name), String(p.value)]));
}

function parameterGroupOf(db: TfBlock, ctx: StackContext): TfBlock | undefined {
  const name = db.config.parameter_group_name;
  return ctx.resolve(name, "aws_db_parameter_group") ?? ctx.resources("aws_db_parameter_group").find((g) => g.config.name === name);
}

export const rdsTlsEnforced = awsRule({
  id: "MF-AWS-RDS-3",
  severity: "error",
  title: "RDS refuses unencrypted connections: its parameter group forces TLS (rds.force_ssl = 1, or require_secure_transport = 1 on MySQL/MariaDB)",
  fix: "Give the instance a parameter group of this stack with rds.force_ssl = 1 (PostgreSQL, SQL Server) or require_secure_transport = 1 (MySQL, MariaDB); keep ssl_min_protocol_version at TLSv1.2 or above.",
  mirrors: ["CKV2_AWS_69"],
  appliesTo: ["aws_db_instance"],
  check: (db, ctx) => {
    const name = db.config.parameter_group_name;
    if (!name) return ["uses the engine's default parameter group, which does not force TLS"];
    const group = parameterGroupOf(db, ctx);
    if (!group) return [`parameter group ${shown(name)} is not defined in this stack, so TLS enforcement cannot be verified`];
    const family = String(group.config.family ?? "");
    const params = parametersOf(group);
    const problems: string[] = [];
    if (/^(postgres|sqlserver)/.test(family)) {
      if (params.get("rds.force_ssl") !== "1") problems.push(`${group.address} sets rds.force_ssl to ${shown(params.get("rds.force_ssl"))}, not 1: clients may connect without TLS`);
      const minimum = params.get("ssl_min_protocol_version");
      if (minimum !== undefined && !["TLSv1.2", "TLSv1.3"].includes(minimum)) problems.push(`${group.address} sets ssl_min_protocol_version to ${minimum}; use TLSv1.2 or TLSv1.3`);
    } else if (/^(mysql|mariadb)/.test(family)) {
      const value = params.get("require_secure_transport");
      if (value !== "1" && value?.toUpperCase() !== "ON") problems.push(`${group.address} sets require_secure_transport to ${shown(value)}, not 1: clients may connect without TLS`);
    }
    return problems;
  },
});

export const albDropsInvalidHeaders = awsRule({
  id: "MF-AWS-ALB-1",
  severity: "error",
  title: "Application load balancers drop invalid HTTP header fields (request smuggling guard)",
  fix: "Set drop_invalid_header_fields = true on the aws_lb.",
  mirrors: ["CKV_AWS_131", "AVD-AWS-0052"],
  appliesTo: LOAD_BALANCER_TYPES,
  check: (lb) => (isApplicationLoadBalancer(lb) && lb.config.drop_invalid_header_fields !== true ? [`drop_invalid_header_fields is ${shown(lb.config.drop_invalid_header_fields)}`] : []),
});

/** ELB security policies that accept TLS 1.2 at least (no TLS 1.0/1.1). */
const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)(-|$)/;

export const listenerTlsPolicy = awsRule({
  id: "MF-AWS-ALB-2",
  severity: "error",
  title: "HTTPS/TLS listeners accept TLS 1.2 or newer only",
  fix: "Set ssl_policy to ELBSecurityPolicy-TLS13-1-2-2021-06 (or another TLS13-1-2/TLS-1-2/FS-1-2 policy).",
  mirrors: ["CKV_AWS_103", "AVD-AWS-0047"],
  appliesTo: ["aws_lb_listener", "aws_alb_listener"],
  check: ({ config }) => {
    if (config.protocol !== "HTTPS" && config.protocol !== "TLS") return [];
    if (!config.ssl_policy) return ["has no ssl_policy: the default ELBSecurityPolicy-2016-08 accepts TLS 1.0 and 1.1"];
    return TLS12_POLICY.test(config.ssl_policy) ? [] : [`ssl_policy ${config.ssl_policy} accepts protocols older than TLS 1.2`];
  },
});

/** True when a listener action sends no content over plain HTTP: a redirect to HTTPS or a fixed response. */
function isSafeHttpAction(action: Record<string, any>): boolean {
  if (action.type === "fixed-response") return true;
  return action.type === "redirect" && blocksOf(action.redirect).every((r) => r.protocol === "HTTPS");
}

function isHttpListener(listener: TfBlock | undefined, ctx: StackContext): boolean {
  if (!listener) return false;
  if (listener.config.protocol !== undefined) return listener.config.protocol === "HTTP";
  const lb = ctx.resolve(listener.config.load_balancer_arn);
  return lb !== undefined && LOAD_BALANCER_TYPES.includes(lb.type) && isApplicationLoadBalancer(lb);
}

export const httpOnlyRedirects = awsRule({
  id: "MF-AWS-ALB-3",
  severity: "error",
  title: "Plain-HTTP listeners (and their rules) only redirect to HTTPS",
  fix: "Make every action of an HTTP listener a redirect with protocol HTTPS (status HTTP_301), and serve traffic on the HTTPS listener.",
  mirrors: ["CKV_AWS_2", "CKV2_AWS_20", "AVD-AWS-0054"],
  appliesTo: ["aws_lb_listener", "aws_alb_listener", "aws_lb_listener_rule", "aws_alb_listener_rule"],
  check: (block, ctx) => {
    const isRule = block.type.endsWith("_rule");
    const listener = isRule ? ctx.resolve(block.config.listener_arn) : block;
    if (!isHttpListener(listener, ctx)) return [];
    const actions = blocksOf(isRule ? block.config.action : block.config.default_action);
    return actions
      .filter((a) => !isSafeHttpAction(a))
      .map((a) => `${isRule ? "rule of the HTTP listener" : `HTTP listener on port ${block.config.port ?? 80}`} has a "${a.type}" action: traffic would be served over plain HTTP`);
  },
});

/** CloudFront viewer policies from TLSv1.2_2021 on (and any TLS 1.3 policy). */
const CLOUDFRONT_TLS = /^TLSv1\.2_20(2[1-9]|[3-9]\d)$|^TLSv1\.3_\d{4}$/;

export const cloudFrontTls = awsRule({
  id: "MF-AWS-CF-1",
  severity: "error",
  title: "CloudFront accepts viewers on TLS 1.2 or newer only (TLSv1.2_2021 policy)",
  fix: "Use an ACM certificate with ssl_support_method sni-only and minimum_protocol_version TLSv1.2_2021.",
  mirrors: ["CKV_AWS_174", "AVD-AWS-0013"],
  appliesTo: ["aws_cloudfront_distribution"],
  check: ({ config }) => {
    const cert = blocksOf(config.viewer_certificate)[0] ?? {};
    if (cert.cloudfront_default_certificate === true) return ["uses the default *.cloudfront.net certificate, which accepts TLSv1"];
    return CLOUDFRONT_TLS.test(String(cert.minimum_protocol_version)) ? [] : [`minimum_protocol_version is ${shown(cert.minimum_protocol_version)}; use TLSv1.2_2021 or newer`];
  },
});

export const cloudFrontViewerHttps = awsRule({
  id: "MF-AWS-CF-2",
  severity: "error",
  title: "CloudFront serves viewers over HTTPS only (HTTP is redirected)",
  fix: "Set viewer_protocol_policy to redirect-to-https (or https-only) on the default and every ordered cache behavior.",
  mirrors: ["CKV_AWS_34", "AVD-AWS-0012"],
  appliesTo: ["aws_cloudfront_distribution"],
  check: ({ config }) => {
    const behaviors = [
      ...blocksOf(config.default_cache_behavior).map((b) => ({ b, name: "default_cache_behavior" })),
      ...blocksOf(config.ordered_cache_behavior).map((b) => ({ b, name: `ordered_cache_behavior ${b.path_pattern ?? "?"}` })),
    ];
    return behaviors
      .filter(({ b }) => b.viewer_protocol_policy !== "redirect-to-https" && b.viewer_protocol_policy !== "https-only")
      .map(({ b, name }) => `${name} has viewer_protocol_policy ${shown(b.viewer_protocol_policy)}`);
  },
});

export const cloudFrontOriginTls = awsRule({
  id: "MF-AWS-CF-3",
  severity: "error",
  title: "CloudFront reaches custom origins over HTTPS with TLS 1.2 only",
  fix: "Set custom_origin_config.origin_protocol_policy = https-only and origin_ssl_protocols = [TLSv1.2].",
  mirrors: ["CKV2_AWS_72", "CKV2_AWS_54"],
  appliesTo: ["aws_cloudfront_distribution"],
  check: ({ config }) =>
    blocksOf(config.origin).flatMap((origin) =>
      blocksOf(origin.custom_origin_config).flatMap((custom) => {
        const problems: string[] = [];
        if (custom.origin_protocol_policy !== "https-only") problems.push(`origin ${origin.origin_id} has origin_protocol_policy ${shown(custom.origin_protocol_policy)}`);
        const old = stringsOf(custom.origin_ssl_protocols).filter((p) => p !== "TLSv1.2");
        if (old.length > 0) problems.push(`origin ${origin.origin_id} allows ${old.join(", ")}`);
        return problems;
      }),
    ),
});

/** A Deny statement for requests without TLS: Bool aws:SecureTransport = false, on all S3 actions. */
function deniesInsecureTransport(statement: { effect: string; actions?: readonly string[]; condition?: any }): boolean {
  if (statement.effect !== "Deny") return false;
  if (!(statement.actions ?? []).some((a) => a === "s3:*" || a === "*")) return false;
  const condition = statement.condition ?? {};
  const isFalse = (v: unknown) => v === false || v === "false";
  return ["Bool", "BoolIfExists"].some((operator) => {
    const value = condition[operator]?.["aws:SecureTransport"];
    return Array.isArray(value) ? value.some(isFalse) : isFalse(value);
  });
}

export const bucketTlsOnly = awsRule({
  id: "MF-AWS-S3-4",
  severity: "error",
  title: "S3 bucket policies deny every request made without TLS",
  fix: 'Add a bucket policy statement: Effect Deny, Principal "*", Action "s3:*", Resource [bucket, bucket/*], Condition Bool aws:SecureTransport = "false".',
  mirrors: ["AwsSolutions-S10"],
  appliesTo: ["aws_s3_bucket"],
  check: (bucket, ctx) => {
    const policies = [...bucketSettings(ctx, bucket, "aws_s3_bucket_policy").map((p) => p.config.policy), ...(bucket.config.policy ? [bucket.config.policy] : [])];
    for (const policy of policies) {
      const read = policyStatements(policy, ctx);
      if ("problem" in read) return [`bucket policy: ${read.problem}`];
      if (read.statements.some(deniesInsecureTransport)) return [];
    }
    return [policies.length === 0 ? "has no bucket policy, so plain-HTTP requests are not refused" : "its bucket policy does not deny requests with aws:SecureTransport = false"];
  },
});

export const transitRules = [rdsTlsEnforced, albDropsInvalidHeaders, listenerTlsPolicy, httpOnlyRedirects, cloudFrontTls, cloudFrontViewerHttps, cloudFrontOriginTls, bucketTlsOnly];
