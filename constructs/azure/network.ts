import { Construct } from "constructs";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { cidrSubnet, parseCidr } from "../core/cidr";
import type { NetworkHandle } from "../core/kit";
import { POSTGRES_PORT, REDIS_PORT, SENTINEL_PORT } from "../core/runtime-contract";
import type { DeploymentContext } from "../core/specs";
import { AZURE_MAX_VNET_PREFIX, AZURE_MIN_VNET_PREFIX, AZURE_SUBNET_NEW_BITS } from "./limits";
import { azureName } from "./naming";

/** The subnets of a MockForge VNet. */
export type AzureSubnetTier = "apps" | "postgres" | "redis" | "endpoints";
export const AZURE_SUBNET_TIERS: readonly AzureSubnetTier[] = ["apps", "postgres", "redis", "endpoints"];
/** Priority of the catch-all inbound deny rule: the last one Azure evaluates. */
export const DENY_ALL_PRIORITY = 4096;

/** Subnet CIDRs of a VNet, stable per tier: tier i takes slot i of the VNet split into 16 (room to add tiers without renumbering). */
export function azureSubnetCidrs(vnetCidr: string): Readonly<Record<AzureSubnetTier, string>> {
  const plan = {} as Record<AzureSubnetTier, string>;
  AZURE_SUBNET_TIERS.forEach((tier, slot) => {
    plan[tier] = cidrSubnet(vnetCidr, AZURE_SUBNET_NEW_BITS, slot);
  });
  return plan;
}

export interface AzureNetworkProps {
  readonly context: DeploymentContext;
  /** IPv4 CIDR of the VNet, /16 to /23. */
  readonly cidr: string;
  /**
   * VNet CIDRs of the environment's other regions (peered with this one): their
   * apps reach this region's Postgres (writes go to the primary) and Key Vault
   * (shared secrets live in the primary), and their Postgres replicas this one.
   * @default none: only this region's own subnets are admitted
   */
  readonly peerCidrs?: readonly string[];
  /**
   * Minutes a NAT flow may idle before it is dropped (4-120).
   * @default 10
   */
  readonly natIdleTimeoutMinutes?: number;
}

/**
 * One region's network: a resource group holding everything of the region,
 * a VNet with four subnets and an NSG each, and a NAT gateway for egress.
 *
 * - apps: the Container Apps environment (delegated); reached from the
 *   internet only through the environment's own public ingress, which the
 *   app restricts to Front Door.
 * - postgres: the Flexible Servers (delegated); Postgres only from the apps
 *   subnets (this and peered regions).
 * - redis: the Sentinel VMs; Redis and Sentinel only from the apps subnet and
 *   between the nodes.
 * - endpoints: private endpoints (Key Vault); HTTPS only from apps and redis.
 *
 * Every NSG ends in an explicit deny-all inbound rule, so Azure's default
 * allow-VNet and allow-load-balancer rules never apply: what is not listed is
 * refused. Outbound traffic keeps Azure's defaults (NAT for the internet).
 * Apps and redis subnets reach the internet only through the NAT gateway
 * (default outbound access is off).
 */
export class AzureNetwork extends Construct implements NetworkHandle {
  readonly cidr: string;
  readonly location: string;
  readonly resourceGroup: ResourceGroup;
  readonly resourceGroupName: string;
  readonly virtualNetwork: VirtualNetwork;
  readonly subnets: Readonly<Record<AzureSubnetTier, Subnet>>;
  readonly subnetCidrs: Readonly<Record<AzureSubnetTier, string>>;
  readonly networkSecurityGroups: Readonly<Record<AzureSubnetTier, NetworkSecurityGroup>>;
  /** Every NSG rule, by `<tier>-<rule>`. */
  readonly securityRules: Readonly<Record<string, NetworkSecurityRule>>;
  readonly natGateway: NatGateway;
  readonly natPublicIp: PublicIp;

  constructor(scope: Construct, id: string, props: AzureNetworkProps) {
    super(scope, id);
    validate(props);
    const { context } = props;
    this.cidr = props.cidr;
    this.location = context.region;
    const plan = azureSubnetCidrs(props.cidr);
    this.subnetCidrs = plan;
    const peerPlans = (props.peerCidrs ?? []).map(azureSubnetCidrs);

    this.resourceGroup = new ResourceGroup(this, "resource-group", { name: azureName(context, "rg", 90), location: context.region });
    this.resourceGroupName = this.resourceGroup.name;
    const placed = { location: context.region, resourceGroupName: this.resourceGroup.name };

    this.virtualNetwork = new VirtualNetwork(this, "vnet", { ...placed, name: azureName(context, "vnet", 64), addressSpace: [props.cidr] });

    const delegation = (service: string) => [
      { name: service.split("/")[0], serviceDelegation: { name: service, actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] } },
    ];
    const subnet = (tier: AzureSubnetTier, extra: Partial<ConstructorParameters<typeof Subnet>[2]>) =>
      new Subnet(this, `${tier}-subnet`, {
        name: `${tier}`,
        resourceGroupName: this.resourceGroup.name,
        virtualNetworkName: this.virtualNetwork.name,
        addressPrefixes: [plan[tier]],
        ...extra,
      });
    this.subnets = {
      // Workload-profiles environments need the delegation; they egress through the NAT gateway.
      apps: subnet("apps", { delegation: delegation("Microsoft.App/environments"), defaultOutboundAccessEnabled: false }),
      postgres: subnet("postgres", { delegation: delegation("Microsoft.DBforPostgreSQL/flexibleServers") }),
      redis: subnet("redis", { defaultOutboundAccessEnabled: false }),
      // NSG rules apply to private endpoints only with network policies enabled.
      endpoints: subnet("endpoints", { privateEndpointNetworkPolicies: "Enabled", defaultOutboundAccessEnabled: false }),
    };

    const nsgs = {} as Record<AzureSubnetTier, NetworkSecurityGroup>;
    for (const tier of AZURE_SUBNET_TIERS) {
      nsgs[tier] = new NetworkSecurityGroup(this, `${tier}-nsg`, { ...placed, name: azureName(context, `${tier}-nsg`, 80) });
      new SubnetNetworkSecurityGroupAssociation(this, `${tier}-nsg-association`, {
        subnetId: this.subnets[tier].id,
        networkSecurityGroupId: nsgs[tier].id,
      });
    }
    this.networkSecurityGroups = nsgs;

    const rules: Record<string, NetworkSecurityRule> = {};
    type Rule = { name: string; priority: number; from: string | string[]; ports: string | string[]; protocol?: string; description: string };
    const allow = (tier: AzureSubnetTier, r: Rule) => {
      const sources = Array.isArray(r.from) ? r.from : [r.from];
      const ports = Array.isArray(r.ports) ? r.ports : [r.ports];
      rules[`${tier}-${r.name}`] = new NetworkSecurityRule(this, `${tier}-${r.name}`, {
        name: r.name,
        description: r.description,
        resourceGroupName: this.resourceGroup.name,
        networkSecurityGroupName: nsgs[tier].name,
        priority: r.priority,
        direction: "Inbound",
        access: "Allow",
        protocol: r.protocol ?? "Tcp",
        sourcePortRange: "*",
        ...(sources.length === 1 ? { sourceAddressPrefix: sources[0] } : { sourceAddressPrefixes: sources }),
        ...(ports.length === 1 ? { destinationPortRange: ports[0] } : { destinationPortRanges: ports }),
        destinationAddressPrefix: plan[tier],
      });
    };
    const peerApps = peerPlans.map((p) => p.apps);
    const peerPostgres = peerPlans.map((p) => p.postgres);

    // apps: Front Door reaches the environment through its public endpoint, not this subnet.
    allow("apps", { name: "allow-azure-load-balancer", priority: 100, from: "AzureLoadBalancer", ports: "*", protocol: "*", description: "Platform load balancer health probes" });
    allow("apps", { name: "allow-within-subnet", priority: 110, from: plan.apps, ports: "*", protocol: "*", description: "Traffic inside the Container Apps environment" });

    allow("postgres", { name: "allow-postgres-from-apps", priority: 100, from: [plan.apps, ...peerApps], ports: String(POSTGRES_PORT), description: "Postgres from the apps subnets (this and peered regions)" });
    allow("postgres", { name: "allow-within-subnet", priority: 110, from: plan.postgres, ports: "*", protocol: "*", description: "High-availability standby and in-region replicas" });
    allow("postgres", { name: "allow-azure-load-balancer", priority: 120, from: "AzureLoadBalancer", ports: "*", protocol: "*", description: "Platform health probes of the managed servers" });
    if (peerPostgres.length > 0) {
      allow("postgres", { name: "allow-replication-from-peers", priority: 130, from: peerPostgres, ports: String(POSTGRES_PORT), description: "Cross-region replication between the regions' servers" });
    }

    const redisPorts = [String(REDIS_PORT), String(SENTINEL_PORT)];
    allow("redis", { name: "allow-redis-from-apps", priority: 100, from: plan.apps, ports: redisPorts, description: "Redis and Sentinel from this region's apps subnet only" });
    allow("redis", { name: "allow-between-nodes", priority: 110, from: plan.redis, ports: redisPorts, description: "Replication and Sentinel gossip between the nodes" });

    allow("endpoints", { name: "allow-https-from-apps", priority: 100, from: [plan.apps, ...peerApps], ports: "443", description: "Key Vault from the apps subnets (this and peered regions)" });
    allow("endpoints", { name: "allow-https-from-redis", priority: 110, from: plan.redis, ports: "443", description: "Key Vault from the Redis nodes (password at boot)" });

    for (const tier of AZURE_SUBNET_TIERS) {
      rules[`${tier}-deny-all-inbound`] = new NetworkSecurityRule(this, `${tier}-deny-all-inbound`, {
        name: "deny-all-inbound",
        description: "Anything not allowed above is refused (overrides Azure's default allow rules)",
        resourceGroupName: this.resourceGroup.name,
        networkSecurityGroupName: nsgs[tier].name,
        priority: DENY_ALL_PRIORITY,
        direction: "Inbound",
        access: "Deny",
        protocol: "*",
        sourcePortRange: "*",
        destinationPortRange: "*",
        sourceAddressPrefix: "*",
        destinationAddressPrefix: "*",
      });
    }
    this.securityRules = rules;

    this.natPublicIp = new PublicIp(this, "nat-public-ip", {
      ...placed,
      name: azureName(context, "nat-pip", 80),
      sku: "Standard",
      allocationMethod: "Static",
      ipVersion: "IPv4",
    });
    this.natGateway = new NatGateway(this, "nat-gateway", {
      ...placed,
      name: azureName(context, "nat", 80),
      skuName: "Standard",
      idleTimeoutInMinutes: props.natIdleTimeoutMinutes ?? 10,
    });
    new NatGatewayPublicIpAssociation(this, "nat-public-ip-association", { natGatewayId: this.natGateway.id, publicIpAddressId: this.natPublicIp.id });
    for (const tier of ["apps", "redis"] as const) {
      new SubnetNatGatewayAssociation(this, `${tier}-nat-association`, { subnetId: this.subnets[tier].id, natGatewayId: this.natGateway.id });
    }
  }
}

function validate(props: AzureNetworkProps): void {
  const fail = (message: string): never => {
    throw new Error(`AzureNetwork (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  const check = (prop: string, cidr: string) => {
    const parsed = parseCidr(cidr);
    if ("error" in parsed) fail(`${prop} "${cidr}" is invalid: ${parsed.error}.`);
    else if (parsed.prefix < AZURE_MIN_VNET_PREFIX || parsed.prefix > AZURE_MAX_VNET_PREFIX) {
      fail(
        `${prop} "${cidr}" has prefix /${parsed.prefix}; use /${AZURE_MIN_VNET_PREFIX} to /${AZURE_MAX_VNET_PREFIX} ` +
          `(each subnet takes ${AZURE_SUBNET_NEW_BITS} more bits and Container Apps needs at least a /27).`,
      );
    }
  };
  check("cidr", props.cidr);
  (props.peerCidrs ?? []).forEach((cidr, i) => {
    check(`peerCidrs[${i}]`, cidr);
    if (cidr === props.cidr) fail(`peerCidrs[${i}] "${cidr}" is this network's own CIDR; list only the other regions' VNets.`);
  });
  const idle = props.natIdleTimeoutMinutes ?? 10;
  if (!Number.isInteger(idle) || idle < 4 || idle > 120) fail(`natIdleTimeoutMinutes ${idle} is invalid; use a whole number from 4 to 120.`);
}
