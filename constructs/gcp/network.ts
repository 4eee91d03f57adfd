import { Construct } from "constructs";
import { ComputeFirewall, type ComputeFirewallAllow, type ComputeFirewallConfig } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { parseCidr } from "../core/cidr";
import { resourceName } from "../core/naming";
import { POSTGRES_PORT, REDIS_PORT, SENTINEL_PORT } from "../core/runtime-contract";
import type { DeploymentContext } from "../core/specs";
import { NETWORK_TAGS, type GcpNetworkRef, type GcpVpcRef } from "./network-ref";

/** Priority of the tier rules: above the VPC's deny-all rules. */
export const TIER_RULE_PRIORITY = 1000;
const ANYWHERE = "0.0.0.0/0";
/** Subnet ranges Direct VPC egress and the Redis nodes can live with. */
const MIN_PREFIX = 16;
const MAX_PREFIX = 24;

export interface GcpNetworkProps {
  readonly context: DeploymentContext;
  /** The environment's VPC (created by the global stack). */
  readonly vpc: GcpVpcRef;
  /** Primary IPv4 range of this region's subnet, /16 to /24. */
  readonly cidr: string;
  /**
   * Share of flows the subnet's flow logs sample (0 < x <= 1).
   * @default 0.5
   */
  readonly flowLogSampling?: number;
}

/**
 * One region of the environment's VPC: a subnet with Private Google Access
 * and flow logs (all metadata, 5 s aggregation), a Cloud Router with Cloud
 * NAT for egress without external IPs (errors logged), and the service
 * tier's firewall rules. Under the VPC's deny-all rules nothing is open that
 * a tier does not need: the service (Cloud Run's Direct VPC egress, tag
 * `mockforge-service`) may reach Postgres on the private services range,
 * Redis and Sentinel in this subnet, and HTTPS anywhere. The Redis nodes'
 * own rules (ingress only from this subnet, the service's egress range) live
 * with the nodes, selected by their service account.
 */
export class GcpNetwork extends Construct implements GcpNetworkRef {
  readonly cidr: string;
  readonly vpcId: string;
  readonly vpcName: string;
  readonly privateServicesCidr: string;
  readonly privateServicesRangeName: string;
  readonly subnetwork: ComputeSubnetwork;
  readonly subnetworkId: string;
  readonly router: ComputeRouter;
  readonly nat: ComputeRouterNat;
  /** The service tier's rules, by a stable name. */
  readonly firewallRules: Readonly<Record<string, ComputeFirewall>>;

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, id);
    validate(props);
    const { context, vpc } = props;
    this.cidr = props.cidr;
    this.vpcId = vpc.vpcId;
    this.vpcName = vpc.vpcName;
    this.privateServicesCidr = vpc.privateServicesCidr;
    this.privateServicesRangeName = vpc.privateServicesRangeName;

    this.subnetwork = new ComputeSubnetwork(this, "subnet", {
      name: resourceName(context, "subnet"),
      description: "MockForge Cloud Run egress and Redis nodes",
      network: vpc.vpcId,
      region: context.region,
      ipCidrRange: props.cidr,
      stackType: "IPV4_ONLY",
      // Google APIs (Secret Manager, Cloud Storage, Artifact Registry) without external IPs.
      privateIpGoogleAccess: true,
      logConfig: {
        aggregationInterval: "INTERVAL_5_SEC",
        flowSampling: props.flowLogSampling ?? 0.5,
        metadata: "INCLUDE_ALL_METADATA",
      },
    });
    this.subnetworkId = this.subnetwork.id;

    this.router = new ComputeRouter(this, "router", {
      name: resourceName(context, "router"),
      network: vpc.vpcId,
      region: context.region,
    });
    this.nat = new ComputeRouterNat(this, "nat", {
      name: resourceName(context, "nat"),
      router: this.router.name,
      region: context.region,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
      subnetwork: [{ name: this.subnetwork.id, sourceIpRangesToNat: ["ALL_IP_RANGES"] }],
      enableDynamicPortAllocation: true,
      minPortsPerVm: 64,
      maxPortsPerVm: 4096,
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });

    const tcp = (...ports: number[]): ComputeFirewallAllow[] => [{ protocol: "tcp", ports: ports.map(String) }];
    const rule = (ruleId: string, component: string, description: string, config: Omit<ComputeFirewallConfig, "name" | "description" | "network">) =>
      new ComputeFirewall(this, ruleId, {
        name: resourceName(context, component),
        description,
        network: vpc.vpcId,
        priority: TIER_RULE_PRIORITY,
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
        ...config,
      });
    this.firewallRules = {
      serviceToPostgres: rule("service-egress-postgres", "fw-svc-pg-out", "Service to Cloud SQL private IPs (every region: secondaries write to the primary)", {
        direction: "EGRESS",
        destinationRanges: [vpc.privateServicesCidr],
        targetTags: [NETWORK_TAGS.service],
        allow: tcp(POSTGRES_PORT),
      }),
      serviceToRedis: rule("service-egress-redis", "fw-svc-redis-out", "Service to Redis and Sentinel in this region", {
        direction: "EGRESS",
        destinationRanges: [props.cidr],
        targetTags: [NETWORK_TAGS.service],
        allow: tcp(REDIS_PORT, SENTINEL_PORT),
      }),
      serviceHttps: rule("service-egress-https", "fw-svc-https-out", "Service HTTPS to Google APIs (Private Google Access) and through Cloud NAT", {
        direction: "EGRESS",
        destinationRanges: [ANYWHERE],
        targetTags: [NETWORK_TAGS.service],
        allow: tcp(443),
      }),
    };
  }
}

function validate(props: GcpNetworkProps): void {
  const parsed = parseCidr(props.cidr);
  if ("error" in parsed) throw new Error(`GcpNetwork: cidr "${props.cidr}" is invalid: ${parsed.error}.`);
  if (parsed.prefix < MIN_PREFIX || parsed.prefix > MAX_PREFIX) {
    throw new Error(`GcpNetwork: cidr "${props.cidr}" has prefix /${parsed.prefix}; use /${MIN_PREFIX} to /${MAX_PREFIX} (Direct VPC egress needs room for twice the instances).`);
  }
  const sampling = props.flowLogSampling ?? 0.5;
  if (!(sampling > 0 && sampling <= 1)) throw new Error(`GcpNetwork: flowLogSampling ${sampling} is invalid; use a share above 0 and at most 1.`);
}
