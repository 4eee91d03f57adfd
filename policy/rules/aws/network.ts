/** Exposure: nothing in the data tier public, closed security groups, a WAF at every entry point. */
import type { StackContext, TfBlock } from "../../engine/types";
import { ANYWHERE, EDGE_PORTS } from "../shared/json";
import { awsRule, blocksOf, bucketSettings, isApplicationLoadBalancer, isInternetFacing, isTrue, LOAD_BALANCER_TYPES, shown, stringsOf } from "./helpers";

export const rdsNotPublic = awsRule({
  id: "MF-AWS-RDS-4",
  severity: "error",
  title: "Databases have no public endpoint",
  fix: "Set publicly_accessible = false and keep the instance in the data subnets.",
  mirrors: ["CKV_AWS_17", "AVD-AWS-0180"],
  appliesTo: ["aws_db_instance"],
  check: ({ config }) => (isTrue(config.publicly_accessible) ? ["publicly_accessible is true: the database gets an internet-resolvable endpoint"] : []),
});

const PUBLIC_ACCESS_FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

export const bucketPublicAccessBlock = awsRule({
  id: "MF-AWS-S3-1",
  severity: "error",
  title: "S3 buckets block every form of public access (all four public access block settings)",
  fix: "Add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true.",
  mirrors: ["CKV2_AWS_6", "CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "AVD-AWS-0086", "AVD-AWS-0087", "AVD-AWS-0091", "AVD-AWS-0093", "AVD-AWS-0094"],
  appliesTo: ["aws_s3_bucket"],
  check: (bucket, ctx) => {
    const blocks = [...bucketSettings(ctx, bucket, "aws_s3_bucket_public_access_block"), ...ctx.resources("aws_s3_account_public_access_block")];
    if (blocks.length === 0) return ["has no aws_s3_bucket_public_access_block"];
    const complete = blocks.find((b) => PUBLIC_ACCESS_FLAGS.every((flag) => isTrue(b.config[flag])));
    if (complete) return [];
    return blocks.map((b) => `${b.address} leaves ${PUBLIC_ACCESS_FLAGS.filter((flag) => !isTrue(b.config[flag])).join(", ")} off`);
  },
});

export const instanceImdsV2 = awsRule({
  id: "MF-AWS-EC2-2",
  severity: "error",
  title: "EC2 instances require IMDSv2 session tokens for instance metadata",
  fix: "Set metadata_options { http_tokens = required, http_put_response_hop_limit = 1 } (or http_endpoint = disabled).",
  mirrors: ["CKV_AWS_79", "AVD-AWS-0028"],
  appliesTo: ["aws_instance", "aws_launch_template"],
  check: ({ config }) => {
    const options = blocksOf(config.metadata_options)[0] ?? {};
    if (options.http_endpoint === "disabled" || options.http_tokens === "required") return [];
    return [`metadata_options.http_tokens is ${shown(options.http_tokens)}: IMDSv1 lets an SSRF read the instance role's credentials`];
  },
});

export const instanceNoPublicIp = awsRule({
  id: "MF-AWS-EC2-3",
  severity: "error",
  title: "EC2 instances (Redis nodes) get no public IP address",
  fix: "Set associate_public_ip_address = false and launch into a private/data subnet.",
  mirrors: ["CKV_AWS_88", "AVD-AWS-0009"],
  appliesTo: ["aws_instance"],
  check: ({ config }, ctx) => {
    if (isTrue(config.associate_public_ip_address)) return ["associate_public_ip_address is true: the instance is reachable from the internet"];
    if (config.associate_public_ip_address === false) return [];
    const subnet = ctx.resolve(config.subnet_id, "aws_subnet");
    if (subnet && !isTrue(subnet.config.map_public_ip_on_launch)) return [];
    return [
      subnet
        ? `associate_public_ip_address is not set and subnet ${subnet.address} maps public IPs on launch`
        : "associate_public_ip_address is not set and the subnet is not in this stack: whether it gets a public IP is decided elsewhere",
    ];
  },
});


interface IngressRule {
  readonly label: string;
  readonly sources: readonly string[];
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  readonly group: TfBlock | undefined;
}

function ingressRulesOf(block: TfBlock, ctx: StackContext): IngressRule[] {
  const { config } = block;
  switch (block.type) {
    case "aws_security_group":
      return blocksOf(config.ingress).map((r, i) => ({
        label: `ingress[${i}]`,
        sources: [...stringsOf(r.cidr_blocks), ...stringsOf(r.ipv6_cidr_blocks)],
        protocol: String(r.protocol),
        fromPort: r.from_port,
        toPort: r.to_port,
        group: block,
      }));
    case "aws_security_group_rule":
      if (config.type !== "ingress") return [];
      return [
        {
          label: "rule",
          sources: [...stringsOf(config.cidr_blocks), ...stringsOf(config.ipv6_cidr_blocks)],
          protocol: String(config.protocol),
          fromPort: config.from_port,
          toPort: config.to_port,
          group: ctx.resolve(config.security_group_id, "aws_security_group"),
        },
      ];
    default:
      return [
        {
          label: "rule",
          sources: [...stringsOf(config.cidr_ipv4), ...stringsOf(config.cidr_ipv6)],
          protocol: String(config.ip_protocol),
          fromPort: config.from_port,
          toPort: config.to_port,
          group: ctx.resolve(config.security_group_id, "aws_security_group"),
        },
      ];
  }
}

function ports(rule: IngressRule): string {
  if (rule.protocol === "-1" || rule.protocol === "all") return "all protocols and ports";
  if (rule.fromPort === rule.toPort) return `${rule.protocol} ${rule.fromPort}`;
  return `${rule.protocol} ${rule.fromPort}-${rule.toPort}`;
}

/** Is `group` attached to an internet-facing load balancer of this stack? */
function isEdgeGroup(group: TfBlock | undefined, ctx: StackContext): boolean {
  if (!group) return false;
  return LOAD_BALANCER_TYPES.flatMap((t) => ctx.resources(t)).some((lb) => isInternetFacing(lb) && ctx.refersTo(lb.config.security_groups, group));
}

export const noOpenIngress = awsRule({
  id: "MF-AWS-VPC-1",
  severity: "error",
  title: "No ingress from 0.0.0.0/0 or ::/0, except TCP 80/443 to an internet-facing load balancer's security group",
  fix: "Admit the internet only on tcp 80 (redirect) and 443 of the load balancer's security group; every other tier admits security groups or private CIDRs.",
  mirrors: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277", "AVD-AWS-0107"],
  appliesTo: ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"],
  check: (block, ctx) =>
    ingressRulesOf(block, ctx).flatMap((rule) => {
      const open = rule.sources.filter((s) => ANYWHERE.has(s));
      if (open.length === 0) return [];
      const tcp = rule.protocol === "tcp" || rule.protocol === "6";
      const edgePort = tcp && rule.fromPort === rule.toPort && EDGE_PORTS.includes(Number(rule.fromPort));
      if (edgePort && isEdgeGroup(rule.group, ctx)) return [];
      const why = edgePort ? "but the security group is not attached to an internet-facing load balancer" : "to a port other than 80/443";
      return [`${rule.label} admits ${open.join(" and ")} on ${ports(rule)} ${why}`];
    }),
});

export const defaultSecurityGroupClosed = awsRule({
  id: "MF-AWS-VPC-2",
  severity: "error",
  title: "Every VPC's default security group is adopted and has no rules",
  fix: "Adopt it with aws_default_security_group { vpc_id, ingress = [], egress = [] } (AwsNetwork does).",
  mirrors: ["CKV2_AWS_12", "AVD-AWS-0173"],
  appliesTo: ["aws_default_security_group", "aws_vpc"],
  check: (block, ctx) => {
    if (block.type === "aws_vpc") {
      return ctx.referrers(block, "aws_default_security_group", "vpc_id").length > 0
        ? []
        : ["its default security group is not managed here, so it keeps AWS's allow-all-within-the-group rules"];
    }
    const rules = [...blocksOf(block.config.ingress).map(() => "ingress"), ...blocksOf(block.config.egress).map(() => "egress")];
    return rules.length > 0 ? [`the default security group has ${rules.length} rule(s) (${[...new Set(rules)].join(", ")}); it must have none`] : [];
  },
});

export const subnetNoAutoPublicIp = awsRule({
  id: "MF-AWS-VPC-3",
  severity: "warning",
  title: "Subnets do not give instances public IPs by default",
  fix: "Set map_public_ip_on_launch = false; give public addresses explicitly to what needs them (NAT gateways, load balancers).",
  mirrors: ["CKV_AWS_130", "AVD-AWS-0164"],
  appliesTo: ["aws_subnet"],
  check: ({ config }) => (isTrue(config.map_public_ip_on_launch) ? ["map_public_ip_on_launch is true: every instance launched here is reachable from the internet"] : []),
});

export const wafOnEntryPoints = awsRule({
  id: "MF-AWS-WAF-1",
  severity: "error",
  title: "Every public entry point has a WAF: internet-facing ALBs (web ACL association) and CloudFront (web_acl_id)",
  fix: "Associate the regional web ACL with the ALB (aws_wafv2_web_acl_association), and set web_acl_id on the distribution to the CLOUDFRONT-scope web ACL.",
  mirrors: ["CKV2_AWS_28", "CKV_AWS_68", "AVD-AWS-0011"],
  appliesTo: [...LOAD_BALANCER_TYPES, "aws_cloudfront_distribution"],
  check: (block, ctx) => {
    if (block.type === "aws_cloudfront_distribution") return block.config.web_acl_id ? [] : ["has no web_acl_id: the distribution is not protected by a WAF"];
    if (!isApplicationLoadBalancer(block) || !isInternetFacing(block)) return [];
    const associated = ["aws_wafv2_web_acl_association", "aws_wafregional_web_acl_association"].some((t) => ctx.referrers(block, t, "resource_arn").length > 0);
    return associated ? [] : ["no aws_wafv2_web_acl_association references this internet-facing load balancer"];
  },
});

export const networkRules = [rdsNotPublic, bucketPublicAccessBlock, instanceImdsV2, instanceNoPublicIp, noOpenIngress, defaultSecurityGroupClosed, subnetNoAutoPublicIp, wafOnEntryPoints];
