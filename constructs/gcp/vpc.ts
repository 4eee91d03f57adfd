import { Construct } from "constructs";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import { mustParseCidr } from "../core/cidr";
import { globalName } from "../core/naming";
import type { GcpVpcRef } from "./network-ref";

/** Firewall priority of the explicit deny-all rules: above nothing but GCP's implied rules (65535). */
export const DENY_ALL_PRIORITY = 65534;
const ANYWHERE = "0.0.0.0/0";

export interface GcpVpcProps {
  /** Environment name: the VPC is shared by all regions of the environment. */
  readonly environment: string;
  /** Project that owns the VPC. */
  readonly projectId: string;
  /** Range reserved for private services access (Cloud SQL private IPs), /16 to /24. */
  readonly privateServicesCidr: string;
}

/**
 * The environment's custom-mode VPC (global routing, no auto subnets; each
 * region stack adds its own subnet), the private services access range and
 * peering that give Cloud SQL private IPs in every region, and explicit
 * deny-all ingress and egress rules (logged) under the tier rules that the
 * regions open. Deployed first, in the global stack.
 */
export class GcpVpc extends Construct implements GcpVpcRef {
  readonly network: ComputeNetwork;
  readonly privateServicesRange: ComputeGlobalAddress;
  readonly privateServicesConnection: ServiceNetworkingConnection;
  readonly denyAllIngress: ComputeFirewall;
  readonly denyAllEgress: ComputeFirewall;
  readonly vpcId: string;
  readonly vpcName: string;
  readonly privateServicesCidr: string;
  readonly privateServicesRangeName: string;

  /** The VPC of an environment as regions reference it: deterministic names, no cross-stack reference. */
  static refFor(projectId: string, environment: string, privateServicesCidr: string): GcpVpcRef {
    const vpcName = globalName(environment, "vpc");
    return {
      vpcId: `projects/${projectId}/global/networks/${vpcName}`,
      vpcName,
      privateServicesCidr,
      privateServicesRangeName: globalName(environment, "private-services"),
    };
  }

  constructor(scope: Construct, id: string, props: GcpVpcProps) {
    super(scope, id);
    const range = mustParseCidr(props.privateServicesCidr);
    if (range.prefix < 16 || range.prefix > 24) {
      throw new Error(`GcpVpc: privateServicesCidr "${props.privateServicesCidr}" has prefix /${range.prefix}; use /16 to /24 (Cloud SQL needs at least a /24).`);
    }
    const ref = GcpVpc.refFor(props.projectId, props.environment, props.privateServicesCidr);
    this.vpcName = ref.vpcName;
    this.privateServicesRangeName = ref.privateServicesRangeName;
    this.privateServicesCidr = props.privateServicesCidr;

    this.network = new ComputeNetwork(this, "network", {
      name: ref.vpcName,
      description: `MockForge ${props.environment}: one subnet per region`,
      autoCreateSubnetworks: false,
      routingMode: "GLOBAL",
      // Cloud NAT and Private Google Access use the default internet route; nothing has an external IP.
      deleteDefaultRoutesOnCreate: false,
    });
    this.vpcId = this.network.id;

    const [address, prefix] = props.privateServicesCidr.split("/");
    this.privateServicesRange = new ComputeGlobalAddress(this, "private-services-range", {
      name: ref.privateServicesRangeName,
      description: "Private services access: Cloud SQL private IPs of every region",
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      address,
      prefixLength: Number(prefix),
      network: this.network.id,
    });
    this.privateServicesConnection = new ServiceNetworkingConnection(this, "private-services-connection", {
      network: this.network.id,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: [this.privateServicesRange.name],
      // The peering outlives instances being deleted in the background; removing it is a manual step.
      deletionPolicy: "ABANDON",
    });

    const denyAll = (firewallId: string, direction: "INGRESS" | "EGRESS") =>
      new ComputeFirewall(this, firewallId, {
        name: globalName(props.environment, `deny-all-${direction.toLowerCase()}`),
        description: `Default deny (${direction.toLowerCase()}); each tier opens only what it needs at a higher priority`,
        network: this.network.id,
        direction,
        priority: DENY_ALL_PRIORITY,
        deny: [{ protocol: "all" }],
        ...(direction === "INGRESS" ? { sourceRanges: [ANYWHERE] } : { destinationRanges: [ANYWHERE] }),
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
      });
    this.denyAllIngress = denyAll("deny-all-ingress", "INGRESS");
    this.denyAllEgress = denyAll("deny-all-egress", "EGRESS");
  }
}
