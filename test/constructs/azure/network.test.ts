import { AzureNetwork, DENY_ALL_PRIORITY, azureSubnetCidrs, type AzureNetworkProps } from "../../../constructs/azure/network";
import { POSTGRES_PORT, REDIS_PORT, SENTINEL_PORT } from "../../../constructs/core/runtime-contract";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { configOf, context, ref } from "./fixtures";

const baseProps: AzureNetworkProps = { context, cidr: "10.110.0.0/16", peerCidrs: ["10.111.0.0/16", "10.112.0.0/16"] };

function synth(overrides: Partial<AzureNetworkProps> = {}): { json: SynthJson; network: AzureNetwork } {
  let network!: AzureNetwork;
  const json = synthJson((scope) => {
    network = new AzureNetwork(scope, "network", { ...baseProps, ...overrides });
  });
  return { json, network };
}

/** Every inbound rule of one tier's NSG. */
function rulesOf(json: SynthJson, tier: string): Array<Record<string, any>> {
  const nsgName = ref(json, "azurerm_network_security_group", `network_${tier}-nsg_`, "name");
  return configsOf(json, "azurerm_network_security_rule")
    .filter((r) => r.network_security_group_name === nsgName)
    .sort((a, b) => a.priority - b.priority);
}
const allows = (rules: Array<Record<string, any>>) => rules.filter((r) => r.access === "Allow");
const sources = (r: Record<string, any>) => r.source_address_prefixes ?? [r.source_address_prefix];
const ports = (r: Record<string, any>) => r.destination_port_ranges ?? [r.destination_port_range];

describe("AzureNetwork", () => {
  const { json, network } = synth();
  const plan = azureSubnetCidrs("10.110.0.0/16");
  const peerApps = ["10.111.0.0/20", "10.112.0.0/20"];

  it("creates the region's resource group and a VNet over the whole CIDR", () => {
    expect(onlyConfigOf(json, "azurerm_resource_group")).toMatchObject({ name: "mockforge-prod-eus-rg", location: "eastus" });
    expect(onlyConfigOf(json, "azurerm_virtual_network")).toMatchObject({ name: "mockforge-prod-eus-vnet", address_space: ["10.110.0.0/16"], location: "eastus" });
    expect(network.cidr).toBe("10.110.0.0/16");
  });

  it("plans four subnets in stable slots", () => {
    expect(plan).toEqual({ apps: "10.110.0.0/20", postgres: "10.110.16.0/20", redis: "10.110.32.0/20", endpoints: "10.110.48.0/20" });
    expect(azureSubnetCidrs("10.1.0.0/23").apps).toBe("10.1.0.0/27");
    for (const tier of ["apps", "postgres", "redis", "endpoints"] as const) {
      expect(configOf(json, "azurerm_subnet", `network_${tier}-subnet_`).address_prefixes).toEqual([plan[tier]]);
    }
  });

  it("delegates the apps subnet to Container Apps and the postgres subnet to Flexible Server", () => {
    const delegation = (tier: string) => configOf(json, "azurerm_subnet", `network_${tier}-subnet_`).delegation[0].service_delegation;
    expect(delegation("apps")).toEqual({ name: "Microsoft.App/environments", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] });
    expect(delegation("postgres")).toEqual({ name: "Microsoft.DBforPostgreSQL/flexibleServers", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] });
    expect(configOf(json, "azurerm_subnet", "network_redis-subnet_").delegation).toBeUndefined();
  });

  it("subjects private endpoints to NSG rules and gives apps, redis and endpoints no default outbound access", () => {
    expect(configOf(json, "azurerm_subnet", "network_endpoints-subnet_").private_endpoint_network_policies).toBe("Enabled");
    for (const tier of ["apps", "redis", "endpoints"]) expect(configOf(json, "azurerm_subnet", `network_${tier}-subnet_`).default_outbound_access_enabled).toBe(false);
  });

  it("associates one NSG with every subnet", () => {
    const associations = configsOf(json, "azurerm_subnet_network_security_group_association");
    expect(associations).toHaveLength(4);
    for (const tier of ["apps", "postgres", "redis", "endpoints"]) {
      expect(associations).toContainEqual({
        subnet_id: ref(json, "azurerm_subnet", `network_${tier}-subnet_`),
        network_security_group_id: ref(json, "azurerm_network_security_group", `network_${tier}-nsg_`),
      });
    }
  });

  it("denies all other inbound traffic on every NSG, after every allow rule", () => {
    for (const tier of ["apps", "postgres", "redis", "endpoints"]) {
      const rules = rulesOf(json, tier);
      const deny = rules.filter((r) => r.access === "Deny");
      expect(deny).toEqual([
        expect.objectContaining({
          direction: "Inbound",
          priority: DENY_ALL_PRIORITY,
          protocol: "*",
          source_address_prefix: "*",
          destination_address_prefix: "*",
          destination_port_range: "*",
        }),
      ]);
      for (const r of allows(rules)) {
        expect(r.priority).toBeLessThan(DENY_ALL_PRIORITY);
        expect(r.direction).toBe("Inbound");
        expect(sources(r)).not.toContain("*");
        expect(sources(r)).not.toContain("Internet");
      }
    }
  });

  it("opens Redis and Sentinel only from this region's apps subnet and between the nodes", () => {
    const rules = allows(rulesOf(json, "redis"));
    expect(rules).toHaveLength(2);
    for (const r of rules) {
      expect(r.protocol).toBe("Tcp");
      expect(ports(r).sort()).toEqual([String(REDIS_PORT), String(SENTINEL_PORT)].sort());
      expect(r.destination_address_prefix).toBe(plan.redis);
    }
    expect(rules.map(sources)).toEqual([[plan.apps], [plan.redis]]);
  });

  it("opens Postgres from the apps subnets of this and the peered regions", () => {
    const fromApps = allows(rulesOf(json, "postgres")).find((r) => r.name === "allow-postgres-from-apps")!;
    expect(fromApps).toMatchObject({ protocol: "Tcp", destination_port_range: String(POSTGRES_PORT), destination_address_prefix: plan.postgres });
    expect(sources(fromApps)).toEqual([plan.apps, ...peerApps]);
    const replication = allows(rulesOf(json, "postgres")).find((r) => r.name === "allow-replication-from-peers")!;
    expect(sources(replication)).toEqual(["10.111.16.0/20", "10.112.16.0/20"]);
  });

  it("opens the private endpoints to HTTPS from apps (all regions) and redis only", () => {
    const rules = allows(rulesOf(json, "endpoints"));
    expect(rules.map((r) => [ports(r), sources(r)])).toEqual([
      [["443"], [plan.apps, ...peerApps]],
      [["443"], [plan.redis]],
    ]);
  });

  it("admits nothing to the apps subnet but the platform load balancer and the environment itself", () => {
    expect(allows(rulesOf(json, "apps")).map(sources)).toEqual([["AzureLoadBalancer"], [plan.apps]]);
  });

  it("admits only this region's subnets when there are no peers", () => {
    const single = synth({ peerCidrs: [] }).json;
    const fromApps = allows(rulesOf(single, "postgres")).find((r) => r.name === "allow-postgres-from-apps")!;
    expect(sources(fromApps)).toEqual([plan.apps]);
    expect(allows(rulesOf(single, "postgres")).find((r) => r.name === "allow-replication-from-peers")).toBeUndefined();
  });

  it("egresses through a Standard NAT gateway with a static public IP, for the apps and redis subnets", () => {
    expect(onlyConfigOf(json, "azurerm_public_ip")).toMatchObject({ sku: "Standard", allocation_method: "Static", ip_version: "IPv4" });
    expect(onlyConfigOf(json, "azurerm_nat_gateway")).toMatchObject({ sku_name: "Standard", idle_timeout_in_minutes: 10 });
    expect(onlyConfigOf(json, "azurerm_nat_gateway_public_ip_association")).toEqual({
      nat_gateway_id: ref(json, "azurerm_nat_gateway", "nat-gateway"),
      public_ip_address_id: ref(json, "azurerm_public_ip", "nat-public-ip"),
    });
    const associated = configsOf(json, "azurerm_subnet_nat_gateway_association").map((a) => a.subnet_id);
    expect(associated.sort()).toEqual([ref(json, "azurerm_subnet", "network_apps-subnet_"), ref(json, "azurerm_subnet", "network_redis-subnet_")].sort());
  });

  it.each([
    [{ cidr: "10.96.0.0/12" }, /cidr "10.96.0.0\/12" has prefix \/12; use \/16 to \/23/],
    [{ cidr: "10.110.0.0/24" }, /prefix \/24; use \/16 to \/23 \(each subnet takes 4 more bits and Container Apps needs at least a \/27\)/],
    [{ cidr: "10.110.0.1/16" }, /cidr "10.110.0.1\/16" is invalid: host bits are set/],
    [{ peerCidrs: ["10.110.0.0/16"] }, /peerCidrs\[0\] "10.110.0.0\/16" is this network's own CIDR/],
    [{ natIdleTimeoutMinutes: 2 }, /natIdleTimeoutMinutes 2 is invalid; use a whole number from 4 to 120/],
  ])("rejects %j", (overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
