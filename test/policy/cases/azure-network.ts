import type { Construct } from "constructs";
import { TerraformIterator } from "cdktf";
import { ApplicationGateway } from "@cdktf/provider-azurerm/lib/application-gateway";
import { ContainerAppEnvironment } from "@cdktf/provider-azurerm/lib/container-app-environment";
import { KeyVault, type KeyVaultConfig } from "@cdktf/provider-azurerm/lib/key-vault";
import { ManagedDisk, type ManagedDiskConfig } from "@cdktf/provider-azurerm/lib/managed-disk";
import { NetworkInterface } from "@cdktf/provider-azurerm/lib/network-interface";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule, type NetworkSecurityRuleConfig } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { PostgresqlFlexibleServerFirewallRule } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-firewall-rule";
import { StorageAccountNetworkRulesA } from "@cdktf/provider-azurerm/lib/storage-account-network-rules";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { containerApp, frontDoor, placed, postgresServer, storageAccount } from "./azure-support";
import type { RuleCase } from "./types";

/** An NSG with one inbound rule (as a separate resource); `edge` puts the NSG on an Application Gateway's subnet. */
const nsgRule = (rule: Partial<NetworkSecurityRuleConfig>, edge: "app-gateway" | "none" = "none") => (scope: Construct) => {
  const nsg = new NetworkSecurityGroup(scope, "nsg", { ...placed, name: "mockforge-test-nsg" });
  new NetworkSecurityRule(scope, "rule", {
    resourceGroupName: "rg",
    networkSecurityGroupName: nsg.name,
    name: "allow",
    priority: 100,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    sourcePortRange: "*",
    destinationAddressPrefix: "*",
    ...rule,
  });
  if (edge === "app-gateway") {
    const subnet = new Subnet(scope, "gateway-subnet", { name: "gateway", resourceGroupName: "rg", virtualNetworkName: "vnet", addressPrefixes: ["10.0.0.0/24"] });
    new SubnetNetworkSecurityGroupAssociation(scope, "association", { subnetId: subnet.id, networkSecurityGroupId: nsg.id });
    applicationGateway({ subnetId: subnet.id })(scope);
  }
};

/** A minimal Application Gateway; `waf` chooses its tier and WAF. */
const applicationGateway =
  ({ subnetId = "gateway-subnet-id", waf = true }: { subnetId?: string; waf?: boolean } = {}) =>
  (scope: Construct) =>
    new ApplicationGateway(scope, "gateway", {
      ...placed,
      name: "mockforge-test-agw",
      sku: { name: waf ? "WAF_v2" : "Standard_v2", tier: waf ? "WAF_v2" : "Standard_v2", capacity: 2 },
      wafConfiguration: waf ? { enabled: true, firewallMode: "Prevention", ruleSetVersion: "3.2" } : undefined,
      gatewayIpConfiguration: [{ name: "gateway", subnetId }],
      frontendIpConfiguration: [{ name: "public", publicIpAddressId: "pip-id" }],
      frontendPort: [{ name: "https", port: 443 }],
      backendAddressPool: [{ name: "apps" }],
      backendHttpSettings: [{ name: "apps", cookieBasedAffinity: "Disabled", port: 443, protocol: "Https" }],
      httpListener: [{ name: "https", frontendIpConfigurationName: "public", frontendPortName: "https", protocol: "Https", sslCertificateName: "cert" }],
      requestRoutingRule: [{ name: "apps", ruleType: "Basic", httpListenerName: "https", backendAddressPoolName: "apps", backendHttpSettingsName: "apps", priority: 100 }],
    });

const DISK: ManagedDiskConfig = {
  ...placed,
  name: "mockforge-test-redis-1-data",
  storageAccountType: "Premium_LRS",
  createOption: "Empty",
  diskSizeGb: 50,
  zone: "1",
  publicNetworkAccessEnabled: false,
  networkAccessPolicy: "DenyAll",
};
const disk = (overrides: Partial<ManagedDiskConfig> = {}) => (scope: Construct) => new ManagedDisk(scope, "disk", { ...DISK, ...overrides });

const VAULT: KeyVaultConfig = {
  ...placed,
  name: "mfprodeuskv123456",
  tenantId: "tenant-id",
  skuName: "standard",
  rbacAuthorizationEnabled: true,
  purgeProtectionEnabled: true,
  softDeleteRetentionDays: 90,
  publicNetworkAccessEnabled: true,
  networkAcls: { defaultAction: "Deny", bypass: "None", ipRules: ["203.0.113.10"] },
};
export const vault = (overrides: Partial<KeyVaultConfig> = {}) => (scope: Construct) => new KeyVault(scope, "vault", { ...VAULT, ...overrides });

const nic = (ipConfiguration: Record<string, unknown>, forwarding = false) => (scope: Construct) =>
  new NetworkInterface(scope, "nic", {
    ...placed,
    name: "mockforge-test-redis-1-nic",
    ipForwardingEnabled: forwarding,
    ipConfiguration: [{ name: "primary", subnetId: "redis-subnet", privateIpAddressAllocation: "Static", privateIpAddress: "10.0.32.10", ...ipConfiguration }],
  });

export const azureNetworkCases: RuleCase[] = [
  {
    rule: "MF-AZURE-PG-2",
    variant: "public endpoint",
    // Not setting it is public: the provider defaults to true.
    bad: (s) => postgresServer(s, "server", { publicNetworkAccessEnabled: undefined, delegatedSubnetId: undefined }),
    message: /public_network_access_enabled is not set: the server gets an internet-reachable endpoint/,
    good: (s) => postgresServer(s),
  },
  {
    rule: "MF-AZURE-PG-2",
    variant: "firewall open to the internet",
    bad: (s) => new PostgresqlFlexibleServerFirewallRule(s, "fw", { name: "all", serverId: postgresServer(s).id, startIpAddress: "0.0.0.0", endIpAddress: "255.255.255.255" }),
    message: /admits the whole internet \(0.0.0.0-255.255.255.255\)/,
    good: (s) => new PostgresqlFlexibleServerFirewallRule(s, "fw", { name: "office", serverId: postgresServer(s).id, startIpAddress: "203.0.113.10", endIpAddress: "203.0.113.10" }),
  },
  {
    rule: "MF-AZURE-PG-2",
    variant: "firewall open to all of Azure",
    bad: (s) => new PostgresqlFlexibleServerFirewallRule(s, "fw", { name: "azure", serverId: "server-id", startIpAddress: "0.0.0.0", endIpAddress: "0.0.0.0" }),
    message: /admits every Azure service of every tenant/,
    good: (s) => postgresServer(s),
  },
  {
    rule: "MF-AZURE-ST-3",
    variant: "account allows public blobs",
    bad: (s) => storageAccount(s, "account", { allowNestedItemsToBePublic: undefined }),
    message: /allow_nested_items_to_be_public is not set: any container may be made anonymously readable/,
    good: (s) => storageAccount(s),
  },
  {
    rule: "MF-AZURE-ST-3",
    variant: "public container",
    bad: (s) => new StorageContainer(s, "container", { name: "assets", storageAccountId: storageAccount(s).id, containerAccessType: "blob" }),
    message: /container_access_type is "blob": anyone can read its blobs without credentials/,
    good: (s) => new StorageContainer(s, "container", { name: "assets", storageAccountId: storageAccount(s).id }),
  },
  {
    rule: "MF-AZURE-ST-4",
    bad: (s) => storageAccount(s, "account", { publicNetworkAccessEnabled: true }),
    message: /accepts requests from every network/,
    // Public access with a firewall that denies by default (here as a separate network rules resource).
    good: (s) => {
      const account = storageAccount(s, "account", { publicNetworkAccessEnabled: true });
      new StorageAccountNetworkRulesA(s, "rules", { storageAccountId: account.id, defaultAction: "Deny", virtualNetworkSubnetIds: ["apps-subnet"] });
    },
  },
  {
    rule: "MF-AZURE-NSG-1",
    variant: "SSH from the internet",
    bad: nsgRule({ sourceAddressPrefix: "*", destinationPortRange: "22" }),
    message: /rule admits \* \(Tcp 22\) on ports other than TCP 80\/443/,
    good: nsgRule({ sourceAddressPrefix: "10.0.0.0/16", destinationPortRange: "22" }),
  },
  {
    rule: "MF-AZURE-NSG-1",
    variant: "HTTPS from the internet to a non-edge subnet",
    bad: nsgRule({ sourceAddressPrefixes: ["Internet"], destinationPortRange: "443" }),
    message: /admits Internet \(Tcp 443\) but the NSG does not guard an Application Gateway subnet/,
    good: nsgRule({ sourceAddressPrefixes: ["Internet"], destinationPortRanges: ["80", "443"] }, "app-gateway"),
  },
  {
    rule: "MF-AZURE-NSG-1",
    variant: "inline rule, all ports",
    bad: (s) =>
      new NetworkSecurityGroup(s, "nsg", {
        ...placed,
        name: "mockforge-test-nsg",
        securityRule: [{ name: "all", priority: 100, direction: "Inbound", access: "Allow", protocol: "*", sourceAddressPrefix: "0.0.0.0/0", sourcePortRange: "*", destinationPortRange: "*", destinationAddressPrefix: "*" }],
      }),
    message: /security_rule all admits 0.0.0.0\/0 \(\* \*\)/,
    // Deny rules from anywhere (the catch-all at the end of every MockForge NSG) are what they should be.
    good: (s) =>
      new NetworkSecurityGroup(s, "nsg", {
        ...placed,
        name: "mockforge-test-nsg",
        securityRule: [{ name: "deny-all", priority: 4096, direction: "Inbound", access: "Deny", protocol: "*", sourceAddressPrefix: "*", sourcePortRange: "*", destinationPortRange: "*", destinationAddressPrefix: "*" }],
      }),
  },
  {
    rule: "MF-AZURE-VM-2",
    variant: "public IP",
    bad: nic({ publicIpAddressId: "pip-id" }),
    message: /ip_configuration primary has a public IP address/,
    good: nic({}),
  },
  {
    rule: "MF-AZURE-VM-2",
    variant: "IP forwarding",
    bad: nic({}, true),
    message: /IP forwarding is on/,
    good: nic({}),
  },
  {
    rule: "MF-AZURE-DISK-1",
    bad: disk({ publicNetworkAccessEnabled: undefined, networkAccessPolicy: undefined }),
    message: /network_access_policy is not set: anyone with a SAS URL can download the disk/,
    good: disk({ networkAccessPolicy: "AllowPrivate", diskAccessId: "disk-access-id" }),
  },
  {
    rule: "MF-AZURE-KV-1",
    bad: vault({ networkAcls: { defaultAction: "Allow", bypass: "AzureServices" } }),
    message: /network_acls.default_action is "Allow": any network can reach the vault's data plane/,
    good: vault({ networkAcls: undefined, publicNetworkAccessEnabled: false }),
  },
  {
    rule: "MF-AZURE-APP-2",
    variant: "no restriction",
    bad: (s) =>
      containerApp(s, "app", { ingress: { externalEnabled: true, targetPort: 3000, trafficWeight: [{ latestRevision: true, percentage: 100 }] } }),
    message: /has external ingress without ip_security_restriction/,
    // An ingress that is external only to the VNet (internal environment) needs none.
    good: (s) => {
      const environment = new ContainerAppEnvironment(s, "environment", { ...placed, name: "cae", internalLoadBalancerEnabled: true, infrastructureSubnetId: "apps-subnet" });
      containerApp(s, "app", {
        containerAppEnvironmentId: environment.id,
        ingress: { externalEnabled: true, targetPort: 3000, trafficWeight: [{ latestRevision: true, percentage: 100 }] },
      });
    },
  },
  {
    rule: "MF-AZURE-APP-2",
    variant: "restriction open to everyone",
    bad: (s) =>
      containerApp(s, "app", {
        ingress: {
          externalEnabled: true,
          targetPort: 3000,
          trafficWeight: [{ latestRevision: true, percentage: 100 }],
          ipSecurityRestriction: [
            { name: "bad-actor", action: "Deny", ipAddressRange: "198.51.100.0/24" },
            { name: "everyone", action: "Allow", ipAddressRange: "0.0.0.0/0" },
          ],
        },
      }),
    message: /ip_security_restriction everyone admit 0.0.0.0\/0, the whole internet/,
    // Allow rules generated for each Front Door range (a dynamic block, as AzureFrontDoorOrigin writes them).
    good: (s) => {
      const ranges = TerraformIterator.fromList(["13.107.224.0/24", "13.107.226.0/24"]);
      containerApp(s, "app", {
        ingress: {
          externalEnabled: true,
          targetPort: 3000,
          trafficWeight: [{ latestRevision: true, percentage: 100 }],
          ipSecurityRestriction: ranges.dynamic({ name: "front-door", action: "Allow", ip_address_range: ranges.value }),
        },
      });
    },
  },
  {
    rule: "MF-AZURE-WAF-1",
    variant: "endpoint's default domain not covered",
    bad: (s) => frontDoor(s, { wafCovers: "custom-domain" }),
    message: /serves the endpoint's default domain .* which no security policy associates with a firewall policy/,
    good: (s) => frontDoor(s, { wafCovers: "custom-domain", route: { linkToDefaultDomain: false } }),
  },
  {
    rule: "MF-AZURE-WAF-1",
    variant: "no security policy",
    bad: (s) => frontDoor(s, { wafCovers: "none" }),
    message: /serves custom domain \$\{azurerm_cdn_frontdoor_custom_domain\.domain\.id\}, which no security policy/,
    good: (s) => frontDoor(s),
  },
  {
    rule: "MF-AZURE-WAF-1",
    variant: "Application Gateway without WAF",
    bad: applicationGateway({ waf: false }),
    message: /sku tier "Standard_v2" without an enabled WAF/,
    good: applicationGateway(),
  },
  {
    rule: "MF-AZURE-WAF-2",
    variant: "Detection in staging",
    tier: "staging",
    bad: (s) => frontDoor(s, { waf: { mode: "Detection" } }),
    message: /mode is "Detection" in staging: attacks are logged, not blocked/,
    good: (s) => frontDoor(s),
  },
  {
    rule: "MF-AZURE-WAF-2",
    variant: "no managed rules",
    bad: (s) => frontDoor(s, { waf: { managedRule: [] } }),
    message: /has no managed_rule/,
    good: (s) => frontDoor(s),
  },
];
