import { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route } from "@cdktf/provider-aws/lib/route";
import { VpcPeeringConnection } from "@cdktf/provider-aws/lib/vpc-peering-connection";
import { VpcPeeringConnectionAccepterA } from "@cdktf/provider-aws/lib/vpc-peering-connection-accepter";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { cidrSubnet, cidrsOverlap, MAX_ZONES, parseCidr, SUBNET_NEW_BITS, SUBNET_TIERS, type SubnetTier } from "../core/cidr";
import { resourceName } from "../core/naming";
import { POSTGRES_PORT } from "../core/runtime-contract";
import type { DeploymentContext } from "../core/specs";

export interface AwsRegionPeeringProps {
  /** The secondary region this stack deploys (the requester side). */
  readonly context: DeploymentContext;
  /** VPC of this (secondary) region. */
  readonly requesterVpcId: string;
  /** CIDR of the requester VPC, planned with `subnetCidr()` like every `AwsNetwork`. */
  readonly requesterCidr: string;
  /** Requester route tables that get a route to the peer CIDR (private and data tiers). */
  readonly requesterRouteTableIds: readonly string[];
  /**
   * Security group of the requester's service tasks. When set, it gets an egress
   * rule to the peer's data tier on the Postgres port (its rules otherwise only
   * reach the local database).
   * @default no egress rule is added; the caller must allow it elsewhere
   */
  readonly requesterServiceSecurityGroupId?: string;
  /** VPC of the primary region. */
  readonly peerVpcId: string;
  /** CIDR of the peer VPC, planned with `subnetCidr()`. */
  readonly peerCidr: string;
  /** Region of the peer VPC. */
  readonly peerRegion: string;
  /** Peer route tables that get a route back to the requester CIDR (private and data tiers). */
  readonly peerRouteTableIds: readonly string[];
  /** The peer's database security group; it admits Postgres from the requester's private tier. */
  readonly peerDatabaseSecurityGroupId: string;
  /** Provider for the peer region (an aliased provider the stack creates). */
  readonly peerProvider: AwsProvider;
}

/** The CIDR covering all zones of one tier of an `AwsNetwork` subnet plan (e.g. private of 10.20.0.0/16 is 10.20.64.0/18). */
export function tierRange(networkCidr: string, tier: SubnetTier): string {
  return cidrSubnet(networkCidr, SUBNET_NEW_BITS - Math.log2(MAX_ZONES), SUBNET_TIERS.indexOf(tier));
}

/**
 * Private reach from a secondary region to the primary region: the service in
 * a secondary region writes to the primary database. Creates an inter-region
 * VPC peering connection, accepts it with the peer region's provider, routes
 * both ways on every given route table, and opens the peer database to the
 * requester's private tier (where service tasks run) on the Postgres port only.
 */
export class AwsRegionPeering extends Construct {
  readonly connection: VpcPeeringConnection;
  readonly accepter: VpcPeeringConnectionAccepterA;
  readonly requesterRoutes: readonly Route[];
  readonly peerRoutes: readonly Route[];
  readonly databaseIngressRule: VpcSecurityGroupIngressRule;
  readonly serviceEgressRule?: VpcSecurityGroupEgressRule;
  /** Source range the peer database admits: the requester's private tier. */
  readonly requesterClientCidr: string;

  constructor(scope: Construct, id: string, props: AwsRegionPeeringProps) {
    super(scope, id);
    validate(props);
    const name = resourceName(props.context, `to-${props.peerRegion}`);

    this.connection = new VpcPeeringConnection(this, "connection", {
      vpcId: props.requesterVpcId,
      peerVpcId: props.peerVpcId,
      // Inter-region peering cannot auto-accept on the requester side; the accepter below does it.
      peerRegion: props.peerRegion,
      tags: { Name: name },
    });
    this.accepter = new VpcPeeringConnectionAccepterA(this, "accepter", {
      provider: props.peerProvider,
      vpcPeeringConnectionId: this.connection.id,
      autoAccept: true,
      tags: { Name: name },
    });

    // Routes use the accepter's id so they are created only once the connection is active.
    this.requesterRoutes = props.requesterRouteTableIds.map(
      (routeTableId, i) =>
        new Route(this, `requester-route-${i}`, {
          routeTableId,
          destinationCidrBlock: props.peerCidr,
          vpcPeeringConnectionId: this.accepter.id,
        }),
    );
    this.peerRoutes = props.peerRouteTableIds.map(
      (routeTableId, i) =>
        new Route(this, `peer-route-${i}`, {
          provider: props.peerProvider,
          routeTableId,
          destinationCidrBlock: props.requesterCidr,
          vpcPeeringConnectionId: this.accepter.id,
        }),
    );

    this.requesterClientCidr = tierRange(props.requesterCidr, "private");
    this.databaseIngressRule = new VpcSecurityGroupIngressRule(this, "peer-database-ingress", {
      provider: props.peerProvider,
      securityGroupId: props.peerDatabaseSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: POSTGRES_PORT,
      toPort: POSTGRES_PORT,
      cidrIpv4: this.requesterClientCidr,
      description: `Postgres from the service tasks of ${props.context.region}`,
    });
    if (props.requesterServiceSecurityGroupId !== undefined) {
      this.serviceEgressRule = new VpcSecurityGroupEgressRule(this, "service-egress-peer-database", {
        securityGroupId: props.requesterServiceSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        cidrIpv4: tierRange(props.peerCidr, "data"),
        description: `To the primary Postgres in ${props.peerRegion}`,
      });
    }
  }
}

function validate(props: AwsRegionPeeringProps): void {
  const requester = parseCidr(props.requesterCidr);
  if ("error" in requester) throw new Error(`AwsRegionPeering: requesterCidr "${props.requesterCidr}" is invalid: ${requester.error}.`);
  const peer = parseCidr(props.peerCidr);
  if ("error" in peer) throw new Error(`AwsRegionPeering: peerCidr "${props.peerCidr}" is invalid: ${peer.error}.`);
  if (cidrsOverlap(requester, peer)) {
    throw new Error(
      `AwsRegionPeering: requesterCidr "${props.requesterCidr}" overlaps peerCidr "${props.peerCidr}"; peered VPCs need disjoint ranges.`,
    );
  }
  if (props.peerRegion === props.context.region) {
    throw new Error(`AwsRegionPeering: peerRegion "${props.peerRegion}" is this stack's own region; peer with another region.`);
  }
  if (props.requesterRouteTableIds.length === 0) throw new Error("AwsRegionPeering: requesterRouteTableIds is empty; pass the private and data route tables.");
  if (props.peerRouteTableIds.length === 0) throw new Error("AwsRegionPeering: peerRouteTableIds is empty; pass the peer's private and data route tables.");
}
