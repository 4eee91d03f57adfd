import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import type { Construct } from "constructs";
import { bucket } from "./buckets";
import { KEY_ARN, type RuleCase } from "./types";

const WEB_ACL = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/w/1";

/** A VPC with an internet-facing ALB on `lbSg`, a private `appSg`, and one ingress rule added by `open`. */
const securityGroups = (open: (scope: Construct, lbSg: SecurityGroup, appSg: SecurityGroup) => void) => (scope: Construct) => {
  const vpc = new Vpc(scope, "vpc", { cidrBlock: "10.0.0.0/16" });
  const lbSg = new SecurityGroup(scope, "lb-sg", { name: "lb", vpcId: vpc.id });
  const appSg = new SecurityGroup(scope, "app-sg", { name: "app", vpcId: vpc.id });
  new Lb(scope, "alb", { name: "alb", internal: false, securityGroups: [lbSg.id] });
  open(scope, lbSg, appSg);
};

const ingress = (port: number, cidr: "cidrIpv4" | "cidrIpv6", value: string, on: "lb" | "app", ipProtocol = "tcp") =>
  securityGroups((scope, lbSg, appSg) => {
    new VpcSecurityGroupIngressRule(scope, "rule", { securityGroupId: (on === "lb" ? lbSg : appSg).id, ipProtocol, fromPort: port, toPort: port, [cidr]: value });
  });

const node = (associatePublicIpAddress: boolean | undefined, mapPublicIpOnLaunch = false, imds: "required" | "optional" = "required") => (scope: Construct) => {
  const subnet = new Subnet(scope, "subnet", { vpcId: "vpc-1", cidrBlock: "10.0.128.0/20", mapPublicIpOnLaunch });
  new Instance(scope, "node", {
    ami: "ami-12345678",
    instanceType: "t4g.micro",
    subnetId: subnet.id,
    associatePublicIpAddress,
    metadataOptions: { httpEndpoint: "enabled", httpTokens: imds, httpPutResponseHopLimit: 1 },
    rootBlockDevice: { encrypted: true, kmsKeyId: KEY_ARN },
  });
};

const cdn = (webAclId: string | undefined) => (scope: Construct) =>
  new CloudfrontDistribution(scope, "cdn", {
    enabled: true,
    origin: [{ domainName: "origin.example.com", originId: "api", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } }],
    defaultCacheBehavior: { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "api", viewerProtocolPolicy: "redirect-to-https" },
    restrictions: { geoRestriction: { restrictionType: "none" } },
    viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:111122223333:certificate/c", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
    webAclId,
  });

export const networkCases: RuleCase[] = [
  {
    rule: "MF-AWS-RDS-4",
    bad: (s) => new DbInstance(s, "db", { instanceClass: "db.t4g.micro", publiclyAccessible: true }),
    message: /publicly_accessible is true/,
    good: (s) => new DbInstance(s, "db", { instanceClass: "db.t4g.micro", publiclyAccessible: false }),
  },
  {
    rule: "MF-AWS-S3-1",
    variant: "no public access block",
    bad: (s) => bucket(s, "data", { publicAccessBlock: "none" }),
    message: /has no aws_s3_bucket_public_access_block/,
    good: (s) => bucket(s, "data"),
  },
  {
    rule: "MF-AWS-S3-1",
    variant: "one setting off",
    bad: (s) => bucket(s, "data", { publicAccessBlock: "partial" }),
    message: /leaves restrict_public_buckets off/,
    good: (s) => bucket(s, "data", { publicAccessBlock: "all" }),
  },
  {
    rule: "MF-AWS-EC2-2",
    bad: node(false, false, "optional"),
    message: /metadata_options.http_tokens is "optional"/,
    good: node(false, false, "required"),
  },
  {
    rule: "MF-AWS-EC2-3",
    variant: "public IP requested",
    bad: node(true),
    message: /associate_public_ip_address is true/,
    good: node(false),
  },
  {
    rule: "MF-AWS-EC2-3",
    variant: "left to a public subnet",
    bad: node(undefined, true),
    message: /maps public IPs on launch/,
    good: node(undefined, false),
  },
  {
    rule: "MF-AWS-VPC-1",
    variant: "SSH from anywhere (aws_vpc_security_group_ingress_rule)",
    bad: ingress(22, "cidrIpv4", "0.0.0.0/0", "app"),
    message: /admits 0.0.0.0\/0 on tcp 22 to a port other than 80\/443/,
    good: ingress(443, "cidrIpv4", "0.0.0.0/0", "lb"),
  },
  {
    rule: "MF-AWS-VPC-1",
    variant: "HTTPS from anywhere to a tier that is not the edge",
    bad: ingress(443, "cidrIpv6", "::/0", "app"),
    message: /admits ::\/0 on tcp 443 but the security group is not attached to an internet-facing load balancer/,
    good: ingress(443, "cidrIpv6", "::/0", "lb"),
  },
  {
    rule: "MF-AWS-VPC-1",
    variant: "all traffic on the edge group",
    bad: ingress(0, "cidrIpv4", "0.0.0.0/0", "lb", "-1"),
    message: /admits 0.0.0.0\/0 on all protocols and ports/,
    good: ingress(80, "cidrIpv4", "0.0.0.0/0", "lb"),
  },
  {
    rule: "MF-AWS-VPC-1",
    variant: "aws_security_group_rule",
    bad: securityGroups((s, _lb, app) => {
      new SecurityGroupRule(s, "rule", { type: "ingress", securityGroupId: app.id, protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/0"] });
    }),
    message: /rule admits 0.0.0.0\/0 on tcp 5432/,
    good: securityGroups((s, _lb, app) => {
      new SecurityGroupRule(s, "rule", { type: "ingress", securityGroupId: app.id, protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.64.0/18"] });
    }),
  },
  {
    rule: "MF-AWS-VPC-1",
    variant: "inline ingress of aws_security_group",
    bad: (s) => new SecurityGroup(s, "sg", { name: "db", ingress: [{ fromPort: 6379, toPort: 6379, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }] }),
    message: /ingress\[0\] admits 0.0.0.0\/0 on tcp 6379/,
    good: (s) => new SecurityGroup(s, "sg", { name: "db", ingress: [{ fromPort: 6379, toPort: 6379, protocol: "tcp", cidrBlocks: ["10.0.0.0/16"] }] }),
  },
  {
    rule: "MF-AWS-VPC-2",
    variant: "default group with rules",
    bad: (s) => {
      const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
      new DefaultSecurityGroup(s, "default", { vpcId: vpc.id, ingress: [{ fromPort: 0, toPort: 0, protocol: "-1", selfAttribute: true }], egress: [] });
    },
    message: /the default security group has 1 rule\(s\) \(ingress\)/,
    good: (s) => {
      const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
      new DefaultSecurityGroup(s, "default", { vpcId: vpc.id, ingress: [], egress: [] });
    },
  },
  {
    rule: "MF-AWS-VPC-2",
    variant: "default group not adopted",
    bad: (s) => new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" }),
    message: /its default security group is not managed here/,
    good: (s) => {
      const vpc = new Vpc(s, "vpc", { cidrBlock: "10.0.0.0/16" });
      new DefaultSecurityGroup(s, "default", { vpcId: vpc.id, ingress: [], egress: [] });
    },
  },
  {
    rule: "MF-AWS-VPC-3",
    bad: (s) => new Subnet(s, "subnet", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/20", mapPublicIpOnLaunch: true }),
    message: /map_public_ip_on_launch is true/,
    good: (s) => new Subnet(s, "subnet", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/20", mapPublicIpOnLaunch: false }),
  },
  {
    rule: "MF-AWS-WAF-1",
    variant: "internet-facing ALB",
    bad: (s) => new Lb(s, "alb", { name: "alb", internal: false }),
    message: /no aws_wafv2_web_acl_association references this internet-facing load balancer/,
    good: (s) => {
      const lb = new Lb(s, "alb", { name: "alb", internal: false });
      new Wafv2WebAclAssociation(s, "waf", { resourceArn: lb.arn, webAclArn: WEB_ACL });
      // Internal load balancers are not entry points.
      new Lb(s, "internal", { name: "internal", internal: true });
    },
  },
  {
    rule: "MF-AWS-WAF-1",
    variant: "CloudFront",
    bad: cdn(undefined),
    message: /has no web_acl_id/,
    good: cdn("arn:aws:wafv2:us-east-1:111122223333:global/webacl/w/1"),
  },
];
