import { Fn } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { MAX_ZONES, parseCidr, subnetCidr, type SubnetTier } from "../core/cidr";
import { resourceName } from "../core/naming";
import { PORTS, POSTGRES_PORT, REDIS_PORT, SENTINEL_PORT } from "../core/runtime-contract";
import type { DeploymentContext, NetworkSpec } from "../core/specs";
import { AwsKmsKey } from "./kms";
import type { AwsNetworkRef } from "./network-ref";
import { awsAccount } from "./account";

/** Retention values CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const ANYWHERE_IPV4 = "0.0.0.0/0";
const ANYWHERE_IPV6 = "::/0";
/** AWS allows VPCs from /16; each of the 12 subnet slots is 4 bits smaller and must stay >= /28. */
const MIN_VPC_PREFIX = 16;
const MAX_VPC_PREFIX = 24;

export interface AwsNetworkProps extends NetworkSpec {
  /** Where the network is deployed: used for names. */
  readonly context: DeploymentContext;
}

/** The subnets of each tier, in availability-zone order. */
export interface AwsTierSubnets {
  readonly public: readonly Subnet[];
  readonly private: readonly Subnet[];
  readonly data: readonly Subnet[];
}

/** The tier security group resources. */
export interface AwsTierSecurityGroups {
  readonly loadBalancer: SecurityGroup;
  readonly service: SecurityGroup;
  readonly database: SecurityGroup;
  readonly redis: SecurityGroup;
}

/**
 * A VPC over `zoneCount` availability zones with three subnet tiers:
 * public (load balancer, NAT), private (service tasks) and data (databases,
 * Redis). Nothing gets a public IP on launch; the only internet ingress path
 * is the load balancer's security group. Flow logs record ALL traffic to a
 * KMS-encrypted log group; the default security group is emptied; S3 is
 * reached through a gateway endpoint. The network owns one security group per
 * tier and every rule between them.
 */
export class AwsNetwork extends Construct implements AwsNetworkRef {
  readonly cidr: string;
  readonly vpc: Vpc;
  readonly vpcId: string;
  readonly availabilityZones: readonly string[];
  readonly subnets: AwsTierSubnets;
  readonly publicSubnetIds: readonly string[];
  readonly privateSubnetIds: readonly string[];
  readonly dataSubnetIds: readonly string[];
  readonly dataSubnetCidrs: readonly string[];
  readonly internetGateway: InternetGateway;
  /** One per zone, or a single shared one (`natGateways: "single"`). */
  readonly natGateways: readonly NatGateway[];
  readonly publicRouteTable: RouteTable;
  /** One per zone, private tier. */
  readonly privateRouteTables: readonly RouteTable[];
  /** One per zone, data tier. */
  readonly dataRouteTables: readonly RouteTable[];
  /** Private and data route tables (the ones peering routes go into). */
  readonly privateRouteTableIds: readonly string[];
  readonly defaultSecurityGroup: DefaultSecurityGroup;
  readonly flowLog: FlowLog;
  readonly flowLogGroup: CloudwatchLogGroup;
  readonly flowLogKey: AwsKmsKey;
  readonly flowLogRole: IamRole;
  readonly s3Endpoint: VpcEndpoint;
  /** Security group ids per tier (the `AwsNetworkRef` contract). */
  readonly securityGroups: { readonly loadBalancer: string; readonly service: string; readonly database: string; readonly redis: string };
  /** The tier security group resources, for escape hatches. */
  readonly securityGroupResources: AwsTierSecurityGroups;

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    validate(props);
    const { context } = props;
    const name = resourceName(context, "vpc");
    this.cidr = props.cidr;

    const zones = new DataAwsAvailabilityZones(this, "zones", {
      state: "available",
      // Local and Wavelength zones are opt-in and lack most services: use only the region's standard AZs.
      filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
    });
    const zoneIndexes = Array.from({ length: props.zoneCount }, (_, i) => i);
    this.availabilityZones = zoneIndexes.map((i) => Fn.element(zones.names, i) as string);

    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: name },
    });
    this.vpcId = this.vpc.id;

    // Adopt the default security group and strip every rule from it, so nothing can fall back on it.
    this.defaultSecurityGroup = new DefaultSecurityGroup(this, "default-security-group", {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${name}-default-unused` },
    });

    const makeSubnets = (tier: SubnetTier): Subnet[] =>
      zoneIndexes.map(
        (i) =>
          new Subnet(this, `${tier}-subnet-${i}`, {
            vpcId: this.vpc.id,
            availabilityZone: this.availabilityZones[i],
            cidrBlock: subnetCidr(props.cidr, tier, i),
            // Nothing is launched with a public IP: the ALB and NAT gateways get theirs explicitly.
            mapPublicIpOnLaunch: false,
            tags: { Name: `${name}-${tier}-${i}`, tier },
          }),
      );
    this.subnets = { public: makeSubnets("public"), private: makeSubnets("private"), data: makeSubnets("data") };
    this.publicSubnetIds = this.subnets.public.map((s) => s.id);
    this.privateSubnetIds = this.subnets.private.map((s) => s.id);
    this.dataSubnetIds = this.subnets.data.map((s) => s.id);
    this.dataSubnetCidrs = zoneIndexes.map((i) => subnetCidr(props.cidr, "data", i));

    this.internetGateway = new InternetGateway(this, "internet-gateway", { vpcId: this.vpc.id, tags: { Name: name } });

    this.publicRouteTable = new RouteTable(this, "public-route-table", { vpcId: this.vpc.id, tags: { Name: `${name}-public` } });
    // Routes are separate resources (never inline blocks) so peering can add its own to the same tables.
    new Route(this, "public-default-route", {
      routeTableId: this.publicRouteTable.id,
      destinationCidrBlock: ANYWHERE_IPV4,
      gatewayId: this.internetGateway.id,
    });
    this.subnets.public.forEach((subnet, i) => {
      new RouteTableAssociation(this, `public-route-table-association-${i}`, { subnetId: subnet.id, routeTableId: this.publicRouteTable.id });
    });

    const natCount = props.natGateways === "one-per-zone" ? props.zoneCount : 1;
    this.natGateways = Array.from({ length: natCount }, (_, i) => {
      const eip = new Eip(this, `nat-eip-${i}`, { domain: "vpc", tags: { Name: `${name}-nat-${i}` } });
      return new NatGateway(this, `nat-gateway-${i}`, {
        allocationId: eip.allocationId,
        subnetId: this.subnets.public[i].id,
        tags: { Name: `${name}-nat-${i}` },
        dependsOn: [this.internetGateway],
      });
    });
    // A zone uses its own NAT gateway when there is one per zone, so losing a zone never cuts egress elsewhere.
    const natFor = (zone: number): NatGateway => this.natGateways[Math.min(zone, natCount - 1)];

    const makeRouteTables = (tier: "private" | "data"): RouteTable[] =>
      zoneIndexes.map((i) => {
        const table = new RouteTable(this, `${tier}-route-table-${i}`, { vpcId: this.vpc.id, tags: { Name: `${name}-${tier}-${i}` } });
        new RouteTableAssociation(this, `${tier}-route-table-association-${i}`, { subnetId: this.subnets[tier][i].id, routeTableId: table.id });
        // Private tier: tasks reach AWS APIs and ECR through NAT. Data tier: there is no IGW route at
        // all; the NAT route exists only because Redis nodes install their packages at boot (and reach
        // Secrets Manager), and NAT admits no inbound connections.
        new Route(this, `${tier}-default-route-${i}`, {
          routeTableId: table.id,
          destinationCidrBlock: ANYWHERE_IPV4,
          natGatewayId: natFor(i).id,
        });
        return table;
      });
    this.privateRouteTables = makeRouteTables("private");
    this.dataRouteTables = makeRouteTables("data");
    this.privateRouteTableIds = [...this.privateRouteTables, ...this.dataRouteTables].map((t) => t.id);

    // S3 traffic (assets, image layers from ECR) stays on the AWS network and skips NAT charges.
    this.s3Endpoint = new VpcEndpoint(this, "s3-endpoint", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${context.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [...this.privateRouteTableIds],
      tags: { Name: `${name}-s3` },
    });

    const flowLogs = this.createFlowLogs(context, name, props.flowLogRetentionDays);
    this.flowLog = flowLogs.flowLog;
    this.flowLogGroup = flowLogs.logGroup;
    this.flowLogKey = flowLogs.key;
    this.flowLogRole = flowLogs.role;

    this.securityGroupResources = this.createSecurityGroups(context);
    const sg = this.securityGroupResources;
    this.securityGroups = { loadBalancer: sg.loadBalancer.id, service: sg.service.id, database: sg.database.id, redis: sg.redis.id };
  }

  private createFlowLogs(context: DeploymentContext, name: string, retentionDays: number) {
    const account = awsAccount(this);
    const logGroupName = `/aws/vpc-flow-logs/${name}`;
    const logGroupArn = `arn:${account.partition}:logs:${context.region}:${account.accountId}:log-group:${logGroupName}`;

    const key = new AwsKmsKey(this, "flow-log-key", {
      context,
      name: "flow-logs",
      description: `Encrypts the VPC flow logs of ${name}`,
      serviceGrants: [
        {
          servicePrincipal: `logs.${context.region}.amazonaws.com`,
          conditions: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
        },
      ],
    });

    const logGroup = new CloudwatchLogGroup(this, "flow-log-group", {
      name: logGroupName,
      retentionInDays: retentionDays,
      kmsKeyId: key.arn,
    });

    const role = new IamRole(this, "flow-log-role", {
      name: resourceName(context, "vpc-flow-logs", 64),
      description: "Lets VPC flow logs write to their one log group",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            // Confused-deputy guard: only flow logs of this account may assume the role.
            Condition: {
              StringEquals: { "aws:SourceAccount": account.accountId },
              ArnLike: { "aws:SourceArn": `arn:${account.partition}:ec2:${context.region}:${account.accountId}:vpc-flow-log/*` },
            },
          },
        ],
      }),
    });
    new IamRolePolicy(this, "flow-log-role-policy", {
      name: "write-flow-logs",
      role: role.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [logGroup.arn, `${logGroup.arn}:*`],
          },
        ],
      }),
    });

    const flowLog = new FlowLog(this, "flow-log", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      tags: { Name: name },
    });
    return { flowLog, logGroup, key, role };
  }

  private createSecurityGroups(context: DeploymentContext): AwsTierSecurityGroups {
    const group = (id: string, component: string, description: string): SecurityGroup =>
      new SecurityGroup(this, id, {
        name: resourceName(context, component),
        description,
        vpcId: this.vpc.id,
        tags: { Name: resourceName(context, component) },
      });
    const lb = group("load-balancer-sg", "alb-sg", "MockForge public load balancer");
    const service = group("service-sg", "service-sg", "MockForge service tasks");
    const database = group("database-sg", "database-sg", "MockForge Postgres");
    const redis = group("redis-sg", "redis-sg", "MockForge Redis Sentinel nodes");

    type Peer = { cidrIpv4: string } | { cidrIpv6: string } | { referencedSecurityGroupId: string };
    const ingress = (id: string, target: SecurityGroup, port: number, peer: Peer, description: string) =>
      new VpcSecurityGroupIngressRule(this, id, { securityGroupId: target.id, ipProtocol: "tcp", fromPort: port, toPort: port, description, ...peer });
    const egress = (id: string, source: SecurityGroup, port: number, peer: Peer, description: string) =>
      new VpcSecurityGroupEgressRule(this, id, { securityGroupId: source.id, ipProtocol: "tcp", fromPort: port, toPort: port, description, ...peer });

    // Load balancer: the only tier open to the internet. Port 80 exists only to redirect to HTTPS.
    ingress("lb-ingress-https-ipv4", lb, 443, { cidrIpv4: ANYWHERE_IPV4 }, "HTTPS from the internet (IPv4)");
    ingress("lb-ingress-https-ipv6", lb, 443, { cidrIpv6: ANYWHERE_IPV6 }, "HTTPS from the internet (IPv6)");
    ingress("lb-ingress-http-ipv4", lb, 80, { cidrIpv4: ANYWHERE_IPV4 }, "HTTP from the internet (IPv4), redirected to HTTPS");
    ingress("lb-ingress-http-ipv6", lb, 80, { cidrIpv6: ANYWHERE_IPV6 }, "HTTP from the internet (IPv6), redirected to HTTPS");
    egress("lb-egress-service", lb, PORTS.http, { referencedSecurityGroupId: service.id }, "To service tasks on the HTTP port");

    // Service: traffic only from the load balancer, and only on the public HTTP port (admin/metrics stay closed).
    ingress("service-ingress-lb", service, PORTS.http, { referencedSecurityGroupId: lb.id }, "From the load balancer on the HTTP port");
    egress("service-egress-https", service, 443, { cidrIpv4: ANYWHERE_IPV4 }, "HTTPS to AWS APIs, ECR and Secrets Manager through NAT");
    egress("service-egress-database", service, POSTGRES_PORT, { referencedSecurityGroupId: database.id }, "To Postgres");
    egress("service-egress-redis", service, REDIS_PORT, { referencedSecurityGroupId: redis.id }, "To Redis");
    egress("service-egress-sentinel", service, SENTINEL_PORT, { referencedSecurityGroupId: redis.id }, "To Redis Sentinel");

    // Database: reachable from the service only; it initiates nothing (no egress rules).
    ingress("database-ingress-service", database, POSTGRES_PORT, { referencedSecurityGroupId: service.id }, "Postgres from service tasks");

    // Redis: clients from the service; replication and Sentinel gossip between the nodes themselves.
    ingress("redis-ingress-service", redis, REDIS_PORT, { referencedSecurityGroupId: service.id }, "Redis from service tasks");
    ingress("redis-ingress-service-sentinel", redis, SENTINEL_PORT, { referencedSecurityGroupId: service.id }, "Sentinel from service tasks");
    ingress("redis-ingress-self", redis, REDIS_PORT, { referencedSecurityGroupId: redis.id }, "Redis replication between nodes");
    ingress("redis-ingress-self-sentinel", redis, SENTINEL_PORT, { referencedSecurityGroupId: redis.id }, "Sentinel gossip between nodes");
    egress("redis-egress-self", redis, REDIS_PORT, { referencedSecurityGroupId: redis.id }, "Redis replication between nodes");
    egress("redis-egress-self-sentinel", redis, SENTINEL_PORT, { referencedSecurityGroupId: redis.id }, "Sentinel gossip between nodes");
    egress("redis-egress-https", redis, 443, { cidrIpv4: ANYWHERE_IPV4 }, "HTTPS for package install and Secrets Manager at boot");
    egress("redis-egress-http", redis, 80, { cidrIpv4: ANYWHERE_IPV4 }, "HTTP for OS package mirrors at boot");

    return { loadBalancer: lb, service, database, redis };
  }
}

function validate(props: AwsNetworkProps): void {
  if (!Number.isInteger(props.zoneCount) || props.zoneCount < 1 || props.zoneCount > MAX_ZONES) {
    throw new Error(`AwsNetwork: zoneCount ${props.zoneCount} is invalid; use a whole number from 1 to ${MAX_ZONES}.`);
  }
  const parsed = parseCidr(props.cidr);
  if ("error" in parsed) throw new Error(`AwsNetwork: cidr "${props.cidr}" is invalid: ${parsed.error}.`);
  if (parsed.prefix < MIN_VPC_PREFIX || parsed.prefix > MAX_VPC_PREFIX) {
    throw new Error(
      `AwsNetwork: cidr "${props.cidr}" has prefix /${parsed.prefix}; use /${MIN_VPC_PREFIX} to /${MAX_VPC_PREFIX} ` +
        `(AWS allows /16 at most, and each of the 12 subnet slots is 4 bits smaller, at least /28).`,
    );
  }
  if (props.natGateways !== "one-per-zone" && props.natGateways !== "single") {
    throw new Error(`AwsNetwork: natGateways "${String(props.natGateways)}" is invalid; use "one-per-zone" or "single".`);
  }
  if (!LOG_RETENTION_DAYS.includes(props.flowLogRetentionDays)) {
    throw new Error(
      `AwsNetwork: flowLogRetentionDays ${props.flowLogRetentionDays} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION_DAYS.join(", ")}.`,
    );
  }
}
