import { Construct } from "constructs";
import { parseCidr, subnetCidr, type SubnetTier } from "../core/cidr";
import { regionCode, resourceName } from "../core/naming";
import { PORTS, POSTGRES_PORT, REDIS_PORT, SENTINEL_PORT } from "../core/runtime-contract";
import type { DeploymentContext, NetworkSpec } from "../core/specs";
import { CoreDefaultSecurityList } from "./bindings/core-default-security-list";
import { CoreDrg } from "./bindings/core-drg";
import { CoreDrgAttachment } from "./bindings/core-drg-attachment";
import { CoreInternetGateway } from "./bindings/core-internet-gateway";
import { CoreNatGateway } from "./bindings/core-nat-gateway";
import { CoreNetworkSecurityGroup } from "./bindings/core-network-security-group";
import { CoreNetworkSecurityGroupSecurityRule } from "./bindings/core-network-security-group-security-rule";
import { CoreRouteTable, type CoreRouteTableRouteRules } from "./bindings/core-route-table";
import { CoreSecurityList } from "./bindings/core-security-list";
import { CoreServiceGateway } from "./bindings/core-service-gateway";
import { CoreSubnet } from "./bindings/core-subnet";
import { CoreVcn } from "./bindings/core-vcn";
import { DataOciCoreServices } from "./bindings/data-core-services";
import { LoggingLog } from "./bindings/logging-log";
import { LoggingLogGroup } from "./bindings/logging-log-group";
import { ociLogRetentionDays } from "./logging";
import type { OciNetworkRef } from "./network-ref";

const ANYWHERE_IPV4 = "0.0.0.0/0";
/** Link-local OCI services every instance needs: metadata (IMDS), DNS resolver, NTP. */
const LINK_LOCAL_SERVICES = "169.254.0.0/16";
/** OCI VCNs are /16 to /30; each of the subnet slots is 4 bits smaller and must stay usable. */
const MIN_VCN_PREFIX = 16;
const MAX_VCN_PREFIX = 24;
/** The Oracle Services Network entry that covers every regional service (Object Storage, OCIR, Vault, ...). */
const ALL_SERVICES_PATTERN = "All .* Services In Oracle Services Network";
const TCP = "6";

export interface OciNetworkProps extends NetworkSpec {
  readonly context: DeploymentContext;
  /** Compartment of every network resource. */
  readonly compartmentId: string;
  /**
   * CIDRs of the other regions of the environment, reached privately through a
   * DRG and remote peering. In the primary region the database NSG admits them
   * on the Postgres port; in a secondary region the service NSG may reach them
   * on the Postgres port (writes go to the primary).
   * @default none: no DRG
   */
  readonly peerCidrs?: readonly string[];
}

/** The network security group resources of each tier. */
export interface OciTierNsgs {
  readonly loadBalancer: CoreNetworkSecurityGroup;
  readonly service: CoreNetworkSecurityGroup;
  readonly database: CoreNetworkSecurityGroup;
  readonly redis: CoreNetworkSecurityGroup;
}

/**
 * A VCN with three regional subnets (OCI regional subnets span every
 * availability and fault domain): public (load balancer), private (service
 * instances) and data (Postgres, Redis). Every subnet carries one empty
 * security list, so all traffic is denied unless a network security group
 * rule allows it, and the network owns every NSG rule between tiers. The
 * VCN's default security list (OCI's admits SSH from anywhere) is taken over
 * and emptied too, so a subnet created without lists denies everything as well.
 *
 * Egress: the internet gateway serves only the public subnet; private and data
 * subnets leave through the NAT gateway (OCI NAT gateways are regional and
 * highly available, so `natGateways` needs no per-zone copies) and reach
 * Oracle services through the service gateway. VCN flow logs record every
 * subnet.
 */
export class OciNetwork extends Construct implements OciNetworkRef {
  readonly cidr: string;
  readonly vcn: CoreVcn;
  readonly vcnId: string;
  readonly subnets: Readonly<Record<SubnetTier, CoreSubnet>>;
  readonly publicSubnetId: string;
  readonly privateSubnetId: string;
  readonly dataSubnetId: string;
  readonly privateSubnetCidr: string;
  readonly dataSubnetCidr: string;
  /** The empty security list every subnet uses: deny by default. */
  readonly denyAllSecurityList: CoreSecurityList;
  /** The VCN's default security list, emptied. */
  readonly defaultSecurityList: CoreDefaultSecurityList;
  readonly internetGateway: CoreInternetGateway;
  readonly natGateway: CoreNatGateway;
  readonly serviceGateway: CoreServiceGateway;
  readonly publicRouteTable: CoreRouteTable;
  readonly privateRouteTable: CoreRouteTable;
  readonly drg?: CoreDrg;
  readonly drgId?: string;
  readonly nsgResources: OciTierNsgs;
  readonly nsgs: { readonly loadBalancer: string; readonly service: string; readonly database: string; readonly redis: string };
  readonly flowLogGroup: LoggingLogGroup;
  /** One flow log per subnet tier. */
  readonly flowLogs: Readonly<Record<SubnetTier, LoggingLog>>;

  constructor(scope: Construct, id: string, props: OciNetworkProps) {
    super(scope, id);
    validate(props);
    const { context, compartmentId } = props;
    const name = resourceName(context, "vcn");
    const peerCidrs = props.peerCidrs ?? [];
    this.cidr = props.cidr;

    this.vcn = new CoreVcn(this, "vcn", {
      compartmentId,
      cidrBlocks: [props.cidr],
      displayName: name,
      dnsLabel: dnsLabel(`mf${context.environment}${regionCode(context.region)}`),
    });
    this.vcnId = this.vcn.id;

    // OCI's default list admits SSH from 0.0.0.0/0; declared without rules, it has none.
    this.defaultSecurityList = new CoreDefaultSecurityList(this, "default-security-list", {
      manageDefaultResourceId: this.vcn.defaultSecurityListId,
      displayName: `${name}-default-deny-all`,
    });

    // No rules at all: subnets deny everything; NSGs below allow each flow explicitly.
    this.denyAllSecurityList = new CoreSecurityList(this, "deny-all", {
      compartmentId,
      vcnId: this.vcn.id,
      displayName: `${name}-deny-all`,
    });

    this.internetGateway = new CoreInternetGateway(this, "internet-gateway", {
      compartmentId,
      vcnId: this.vcn.id,
      enabled: true,
      displayName: `${name}-igw`,
    });
    this.natGateway = new CoreNatGateway(this, "nat-gateway", {
      compartmentId,
      vcnId: this.vcn.id,
      blockTraffic: false,
      displayName: `${name}-nat`,
    });
    const services = new DataOciCoreServices(this, "oracle-services", {
      filter: [{ name: "name", values: [ALL_SERVICES_PATTERN], regex: true }],
    });
    this.serviceGateway = new CoreServiceGateway(this, "service-gateway", {
      compartmentId,
      vcnId: this.vcn.id,
      services: [{ serviceId: services.firstServiceId }],
      displayName: `${name}-sgw`,
    });

    if (peerCidrs.length > 0) {
      this.drg = new CoreDrg(this, "drg", { compartmentId, displayName: `${name}-drg` });
      new CoreDrgAttachment(this, "drg-attachment", { drgId: this.drg.id, vcnId: this.vcn.id, displayName: `${name}-drg` });
      this.drgId = this.drg.id;
    }

    this.publicRouteTable = new CoreRouteTable(this, "public-route-table", {
      compartmentId,
      vcnId: this.vcn.id,
      displayName: `${name}-public`,
      routeRules: [{ destination: ANYWHERE_IPV4, destinationType: "CIDR_BLOCK", networkEntityId: this.internetGateway.id, description: "Internet (load balancer only)" }],
    });
    const privateRules: CoreRouteTableRouteRules[] = [
      { destination: ANYWHERE_IPV4, destinationType: "CIDR_BLOCK", networkEntityId: this.natGateway.id, description: "Outbound only, through NAT" },
      { destination: services.firstServiceCidrBlock, destinationType: "SERVICE_CIDR_BLOCK", networkEntityId: this.serviceGateway.id, description: "Oracle services, privately" },
      ...peerCidrs.map((cidr) => ({ destination: cidr, destinationType: "CIDR_BLOCK", networkEntityId: this.drgId as string, description: "Peer region, through the DRG" })),
    ];
    this.privateRouteTable = new CoreRouteTable(this, "private-route-table", {
      compartmentId,
      vcnId: this.vcn.id,
      displayName: `${name}-private`,
      routeRules: privateRules,
    });

    const subnet = (tier: SubnetTier): CoreSubnet =>
      new CoreSubnet(this, `${tier}-subnet`, {
        compartmentId,
        vcnId: this.vcn.id,
        cidrBlock: subnetCidr(props.cidr, tier, 0),
        displayName: `${name}-${tier}`,
        dnsLabel: tier,
        // Only the load balancer's subnet may hold public addresses.
        prohibitPublicIpOnVnic: tier !== "public",
        routeTableId: tier === "public" ? this.publicRouteTable.id : this.privateRouteTable.id,
        securityListIds: [this.denyAllSecurityList.id],
      });
    this.subnets = { public: subnet("public"), private: subnet("private"), data: subnet("data") };
    this.publicSubnetId = this.subnets.public.id;
    this.privateSubnetId = this.subnets.private.id;
    this.dataSubnetId = this.subnets.data.id;
    this.privateSubnetCidr = subnetCidr(props.cidr, "private", 0);
    this.dataSubnetCidr = subnetCidr(props.cidr, "data", 0);

    this.flowLogGroup = new LoggingLogGroup(this, "flow-log-group", {
      compartmentId,
      displayName: `${name}-flow-logs`,
      description: `VCN flow logs of ${name}`,
    });
    const flowLog = (tier: SubnetTier): LoggingLog =>
      new LoggingLog(this, `${tier}-flow-log`, {
        displayName: `${name}-${tier}-flow-log`,
        logGroupId: this.flowLogGroup.id,
        logType: "SERVICE",
        isEnabled: true,
        retentionDuration: ociLogRetentionDays(props.flowLogRetentionDays),
        configuration: {
          compartmentId,
          source: { sourceType: "OCISERVICE", service: "flowlogs", resource: this.subnets[tier].id, category: "all" },
        },
      });
    this.flowLogs = { public: flowLog("public"), private: flowLog("private"), data: flowLog("data") };

    this.nsgResources = this.createNsgs(context, compartmentId, peerCidrs);
    const n = this.nsgResources;
    this.nsgs = { loadBalancer: n.loadBalancer.id, service: n.service.id, database: n.database.id, redis: n.redis.id };
  }

  private createNsgs(context: DeploymentContext, compartmentId: string, peerCidrs: readonly string[]): OciTierNsgs {
    const nsg = (id: string, component: string) =>
      new CoreNetworkSecurityGroup(this, id, { compartmentId, vcnId: this.vcn.id, displayName: resourceName(context, component) });
    const lb = nsg("load-balancer-nsg", "lb-nsg");
    const service = nsg("service-nsg", "service-nsg");
    const database = nsg("database-nsg", "database-nsg");
    const redis = nsg("redis-nsg", "redis-nsg");

    type Peer = { cidr: string } | { nsg: CoreNetworkSecurityGroup };
    const peerArgs = (direction: "INGRESS" | "EGRESS", peer: Peer) => {
      const value = "cidr" in peer ? peer.cidr : peer.nsg.id;
      const type = "cidr" in peer ? "CIDR_BLOCK" : "NETWORK_SECURITY_GROUP";
      return direction === "INGRESS" ? { source: value, sourceType: type } : { destination: value, destinationType: type };
    };
    const tcp = (id: string, owner: CoreNetworkSecurityGroup, direction: "INGRESS" | "EGRESS", port: number, peer: Peer, description: string) =>
      new CoreNetworkSecurityGroupSecurityRule(this, id, {
        networkSecurityGroupId: owner.id,
        direction,
        protocol: TCP,
        stateless: false,
        description,
        tcpOptions: { destinationPortRange: { min: port, max: port } },
        ...peerArgs(direction, peer),
      });
    const linkLocal = (id: string, owner: CoreNetworkSecurityGroup) =>
      new CoreNetworkSecurityGroupSecurityRule(this, id, {
        networkSecurityGroupId: owner.id,
        direction: "EGRESS",
        protocol: "all",
        stateless: false,
        description: "Instance metadata, DNS and NTP (link-local OCI services)",
        destination: LINK_LOCAL_SERVICES,
        destinationType: "CIDR_BLOCK",
      });
    const anywhere = { cidr: ANYWHERE_IPV4 };

    // Load balancer: the only tier open to the internet; port 80 only redirects to HTTPS.
    tcp("lb-in-https", lb, "INGRESS", 443, anywhere, "HTTPS from the internet");
    tcp("lb-in-http", lb, "INGRESS", 80, anywhere, "HTTP from the internet (redirected to HTTPS)");
    tcp("lb-out-service", lb, "EGRESS", PORTS.http, { nsg: service }, "To the service instances");

    // Service: traffic only from the load balancer; out to its data stores and, through NAT
    // and the service gateway, to OCIR, Vault and package mirrors over HTTPS.
    tcp("service-in-lb", service, "INGRESS", PORTS.http, { nsg: lb }, "From the load balancer");
    tcp("service-out-postgres", service, "EGRESS", POSTGRES_PORT, { nsg: database }, "To Postgres");
    tcp("service-out-redis", service, "EGRESS", REDIS_PORT, { nsg: redis }, "To Redis");
    tcp("service-out-sentinel", service, "EGRESS", SENTINEL_PORT, { nsg: redis }, "To Redis Sentinel");
    tcp("service-out-https", service, "EGRESS", 443, anywhere, "HTTPS: OCIR, Vault, packages");
    tcp("service-out-http", service, "EGRESS", 80, anywhere, "HTTP: package mirrors");
    linkLocal("service-out-link-local", service);

    // Postgres: only the service (and, in the primary region, the services of peer regions).
    tcp("database-in-service", database, "INGRESS", POSTGRES_PORT, { nsg: service }, "From the service");

    // Redis: the service, and the nodes among themselves (replication, Sentinel gossip).
    tcp("redis-in-service", redis, "INGRESS", REDIS_PORT, { nsg: service }, "Redis from the service");
    tcp("redis-in-service-sentinel", redis, "INGRESS", SENTINEL_PORT, { nsg: service }, "Sentinel from the service");
    tcp("redis-in-redis", redis, "INGRESS", REDIS_PORT, { nsg: redis }, "Replication between nodes");
    tcp("redis-in-redis-sentinel", redis, "INGRESS", SENTINEL_PORT, { nsg: redis }, "Sentinel between nodes");
    tcp("redis-out-redis", redis, "EGRESS", REDIS_PORT, { nsg: redis }, "Replication between nodes");
    tcp("redis-out-redis-sentinel", redis, "EGRESS", SENTINEL_PORT, { nsg: redis }, "Sentinel between nodes");
    tcp("redis-out-https", redis, "EGRESS", 443, anywhere, "HTTPS: Vault, packages");
    tcp("redis-out-http", redis, "EGRESS", 80, anywhere, "HTTP: package mirrors");
    linkLocal("redis-out-link-local", redis);

    peerCidrs.forEach((cidr, i) => {
      if (context.primary) {
        tcp(`database-in-peer-${i}`, database, "INGRESS", POSTGRES_PORT, { cidr }, `From the service of peer region ${cidr}`);
      } else {
        tcp(`service-out-peer-postgres-${i}`, service, "EGRESS", POSTGRES_PORT, { cidr }, `To the primary region's Postgres (${cidr})`);
      }
    });
    return { loadBalancer: lb, service, database, redis };
  }
}

/** A VCN DNS label: letters and digits only, starting with a letter, at most 15 characters. */
export function dnsLabel(text: string): string {
  const label = text.toLowerCase().replace(/[^a-z0-9]/g, "");
  return label.slice(0, 15);
}

function validate(props: OciNetworkProps): void {
  const fail = (message: string): never => {
    throw new Error(`OciNetwork (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  const parsed = parseCidr(props.cidr);
  if ("error" in parsed) fail(`cidr "${props.cidr}" is invalid: ${parsed.error}.`);
  else if (parsed.prefix < MIN_VCN_PREFIX || parsed.prefix > MAX_VCN_PREFIX) {
    fail(`cidr "${props.cidr}" has prefix /${parsed.prefix}; use /${MIN_VCN_PREFIX} to /${MAX_VCN_PREFIX} (each subnet is 4 bits smaller).`);
  }
  for (const peer of props.peerCidrs ?? []) {
    const p = parseCidr(peer);
    if ("error" in p) fail(`peerCidrs entry "${peer}" is invalid: ${p.error}.`);
  }
  if (!/^[a-z]/.test(dnsLabel(`mf${props.context.environment}`))) fail("the environment name must start with a letter (VCN DNS label).");
}
