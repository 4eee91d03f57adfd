/**
 * Exposure: nothing in the data tier reachable from the internet (databases,
 * Redis nodes and their disks, storage, Key Vault), closed NSGs, and a WAF in
 * front of every public entry point.
 */
import type { StackContext, TfBlock } from "../../engine/types";
import { EDGE_PORTS } from "../shared/json";
import { azureRule, blocksOf, isFalse, isTrue, nestedBlocks, PROTECTED_TIERS, sameTarget, shown, stringsOf } from "./helpers";

export const postgresNotPublic = azureRule({
  id: "MF-AZURE-PG-2",
  severity: "error",
  title: "Flexible Servers have no public endpoint and no firewall rule open to the internet or to all of Azure",
  fix: "Set public_network_access_enabled = false and place the server in a delegated subnet (or behind a private endpoint); delete firewall rules for 0.0.0.0-255.255.255.255 and 0.0.0.0-0.0.0.0.",
  mirrors: ["CKV2_AZURE_26"],
  appliesTo: ["azurerm_postgresql_flexible_server", "azurerm_postgresql_flexible_server_firewall_rule"],
  check: ({ type, config }) => {
    if (type === "azurerm_postgresql_flexible_server_firewall_rule") {
      const { start_ip_address: start, end_ip_address: end } = config;
      if (start === "0.0.0.0" && end === "255.255.255.255") return ["admits the whole internet (0.0.0.0-255.255.255.255)"];
      if (start === "0.0.0.0" && end === "0.0.0.0") return ["admits every Azure service of every tenant (0.0.0.0-0.0.0.0)"];
      return [];
    }
    // The provider defaults to true: only an explicit false keeps the endpoint private.
    return isFalse(config.public_network_access_enabled)
      ? []
      : [`public_network_access_enabled is ${shown(config.public_network_access_enabled)}: the server gets an internet-reachable endpoint`];
  },
});

export const storageNoAnonymousAccess = azureRule({
  id: "MF-AZURE-ST-3",
  severity: "error",
  title: "Storage refuses anonymous reads: accounts disallow public blobs and containers are private",
  fix: 'Set allow_nested_items_to_be_public = false on the account (the provider default is true) and container_access_type = "private" on every container.',
  mirrors: ["CKV_AZURE_190", "CKV_AZURE_34", "AVD-AZU-0007"],
  appliesTo: ["azurerm_storage_account", "azurerm_storage_container"],
  check: ({ type, config }) => {
    if (type === "azurerm_storage_container") {
      const access = config.container_access_type ?? "private";
      return access === "private" ? [] : [`container_access_type is ${JSON.stringify(access)}: anyone can read its blobs without credentials`];
    }
    return isFalse(config.allow_nested_items_to_be_public)
      ? []
      : [`allow_nested_items_to_be_public is ${shown(config.allow_nested_items_to_be_public)}: any container may be made anonymously readable`];
  },
});

export const storageNetworkDenied = azureRule({
  id: "MF-AZURE-ST-4",
  severity: "error",
  title: "Storage accounts are not open to every network: public network access off, or network rules that deny by default",
  fix: "Set public_network_access_enabled = false (private endpoints), or network_rules { default_action = Deny } with the allowed networks listed.",
  mirrors: ["CKV_AZURE_35", "CKV_AZURE_59", "AVD-AZU-0012"],
  appliesTo: ["azurerm_storage_account"],
  check: (account, ctx) => {
    if (isFalse(account.config.public_network_access_enabled)) return [];
    const rules = [...blocksOf(account.config.network_rules), ...ctx.referrers(account, "azurerm_storage_account_network_rules", "storage_account_id").map((r) => r.config)];
    if (rules.some((r) => r.default_action === "Deny")) return [];
    return ["accepts requests from every network (public network access on, no network rules denying by default)"];
  },
});

// ---- network security groups ----------------------------------------------------------------

/** Source prefixes that mean "the internet" in an NSG rule. */
const INTERNET = new Set(["*", "0.0.0.0", "0.0.0.0/0", "::/0", "internet", "any"]);
/** Ports the internet may reach, and only on the edge (an Application Gateway's subnet). */
const EDGE_PORT_STRINGS = new Set(EDGE_PORTS.map(String));

interface InboundRule {
  readonly label: string;
  readonly sources: readonly string[];
  readonly protocol: string;
  readonly ports: readonly string[];
  readonly group: TfBlock | undefined;
}

function inboundAllowRules(block: TfBlock, ctx: StackContext): InboundRule[] {
  const toRule = (r: Record<string, any>, label: string, group: TfBlock | undefined): InboundRule => ({
    label,
    sources: [...stringsOf(r.source_address_prefix), ...stringsOf(r.source_address_prefixes)],
    protocol: String(r.protocol ?? "*"),
    ports: [...stringsOf(r.destination_port_range), ...stringsOf(r.destination_port_ranges)],
    group,
  });
  const isInboundAllow = (r: Record<string, any>) => r.direction === "Inbound" && r.access === "Allow";
  if (block.type === "azurerm_network_security_group") {
    return blocksOf(block.config.security_rule)
      .filter(isInboundAllow)
      .map((r) => toRule(r, `security_rule ${r.name ?? "?"}`, block));
  }
  if (!isInboundAllow(block.config)) return [];
  const name = block.config.network_security_group_name;
  const group = ctx.resolve(name, "azurerm_network_security_group") ?? ctx.resources("azurerm_network_security_group").find((g) => g.config.name === name);
  return [toRule(block.config, "rule", group)];
}

/** Is `group` the NSG of a subnet that hosts an Application Gateway of this stack (the regional edge)? */
function isEdgeGroup(group: TfBlock | undefined, ctx: StackContext): boolean {
  if (!group) return false;
  const gateways = ctx.resources("azurerm_application_gateway");
  return ctx
    .referrers(group, "azurerm_subnet_network_security_group_association", "network_security_group_id")
    .some((association) => gateways.some((gw) => blocksOf(gw.config.gateway_ip_configuration).some((ip) => sameTarget(ctx, ip.subnet_id, association.config.subnet_id))));
}

export const noOpenIngress = azureRule({
  id: "MF-AZURE-NSG-1",
  severity: "error",
  title: "No NSG rule admits the internet (*, Internet, 0.0.0.0/0, ::/0), except TCP 80/443 to an Application Gateway's subnet",
  fix: "Admit only the subnets, service tags (e.g. AzureLoadBalancer) or private CIDRs that need the port; internet traffic enters through Front Door (and its WAF), never an NSG.",
  mirrors: ["CKV_AZURE_9", "CKV_AZURE_10", "CKV_AZURE_77", "CKV_AZURE_160", "AVD-AZU-0047"],
  appliesTo: ["azurerm_network_security_group", "azurerm_network_security_rule"],
  check: (block, ctx) =>
    inboundAllowRules(block, ctx).flatMap((rule) => {
      const open = rule.sources.filter((s) => INTERNET.has(s.toLowerCase()));
      if (open.length === 0) return [];
      const edgePorts = rule.protocol.toLowerCase() === "tcp" && rule.ports.length > 0 && rule.ports.every((p) => EDGE_PORT_STRINGS.has(p));
      if (edgePorts && isEdgeGroup(rule.group, ctx)) return [];
      const ports = rule.ports.length === 0 ? "no port" : rule.ports.join(", ");
      const why = edgePorts ? "but the NSG does not guard an Application Gateway subnet" : "on ports other than TCP 80/443";
      return [`${rule.label} admits ${open.join(" and ")} (${rule.protocol} ${ports}) ${why}`];
    }),
});

export const nicNoPublicIp = azureRule({
  id: "MF-AZURE-VM-2",
  severity: "error",
  title: "Network interfaces (Redis nodes) have no public IP address and do not forward traffic",
  fix: "Remove public_ip_address_id from every ip_configuration and leave ip_forwarding_enabled false; reach nodes through Bastion or run-command.",
  mirrors: ["CKV_AZURE_119", "CKV_AZURE_118"],
  appliesTo: ["azurerm_network_interface"],
  check: ({ config }) => {
    const problems = blocksOf(config.ip_configuration)
      .filter((ip) => ip.public_ip_address_id)
      .map((ip) => `ip_configuration ${ip.name ?? "?"} has a public IP address: the machine is reachable from the internet`);
    // enable_ip_forwarding is the pre-4.0 name of the same setting.
    if (isTrue(config.ip_forwarding_enabled) || isTrue(config.enable_ip_forwarding)) problems.push("IP forwarding is on: the machine can route other hosts' traffic");
    return problems;
  },
});

const PRIVATE_DISK_POLICIES = new Set(["DenyAll", "AllowPrivate"]);

export const diskNotExportable = azureRule({
  id: "MF-AZURE-DISK-1",
  severity: "error",
  title: "Managed disks (Redis data) cannot be exported or imported over the internet",
  fix: "Set public_network_access_enabled = false and network_access_policy = DenyAll (or AllowPrivate with a disk access resource).",
  mirrors: [],
  appliesTo: ["azurerm_managed_disk"],
  check: ({ config }) => {
    const problems: string[] = [];
    if (!isFalse(config.public_network_access_enabled)) problems.push(`public_network_access_enabled is ${shown(config.public_network_access_enabled)} (the provider defaults to true)`);
    if (!PRIVATE_DISK_POLICIES.has(config.network_access_policy)) {
      problems.push(`network_access_policy is ${shown(config.network_access_policy)}: anyone with a SAS URL can download the disk (AllowAll is the default)`);
    }
    return problems;
  },
});

export const keyVaultFirewall = azureRule({
  id: "MF-AZURE-KV-1",
  severity: "error",
  title: "Key Vaults deny network access by default (private endpoint, listed deployer addresses only)",
  fix: "Set network_acls { default_action = Deny, bypass = None } (listing deployer CIDRs in ip_rules), or public_network_access_enabled = false.",
  mirrors: ["CKV_AZURE_109", "AVD-AZU-0013"],
  appliesTo: ["azurerm_key_vault"],
  check: ({ config }) => {
    if (isFalse(config.public_network_access_enabled)) return [];
    const acl = blocksOf(config.network_acls)[0];
    return acl?.default_action === "Deny" ? [] : [`network_acls.default_action is ${shown(acl?.default_action)}: any network can reach the vault's data plane`];
  },
});

// ---- public entry points --------------------------------------------------------------------

export const containerAppEdgeOnly = azureRule({
  id: "MF-AZURE-APP-2",
  severity: "error",
  title: "Externally reachable Container Apps admit only the edge (Front Door's addresses), so the WAF cannot be bypassed",
  fix: "Give the external ingress Allow-only ip_security_restriction rules for the AzureFrontDoor.Backend ranges (AzureFrontDoorOrigin does) and check X-Azure-FDID in the server, or make the ingress internal.",
  mirrors: [],
  appliesTo: ["azurerm_container_app"],
  check: (app, ctx) => {
    const ingress = blocksOf(app.config.ingress)[0];
    if (!ingress || !isTrue(ingress.external_enabled)) return [];
    const environment = ctx.resolve(app.config.container_app_environment_id, "azurerm_container_app_environment");
    if (environment && isTrue(environment.config.internal_load_balancer_enabled)) return [];
    const restrictions = nestedBlocks(ingress, "ip_security_restriction");
    if (restrictions.length === 0) return ["has external ingress without ip_security_restriction: anyone on the internet can reach it, around Front Door and its WAF"];
    const problems: string[] = [];
    for (const { block, dynamic } of restrictions) {
      const label = dynamic ? "the generated ip_security_restriction rules" : `ip_security_restriction ${block.name ?? "?"}`;
      if (block.action !== "Allow") problems.push(`${label} use action ${shown(block.action)}: mixing Deny rules in leaves every other address admitted`);
      if (INTERNET.has(String(block.ip_address_range).toLowerCase())) problems.push(`${label} admit ${block.ip_address_range}, the whole internet`);
    }
    return problems;
  },
});

/** The domains a Front Door route serves: its custom domains, plus the endpoint's own domain unless unlinked. */
function routeDomains(route: TfBlock): Array<{ label: string; id: unknown }> {
  const domains = stringsOf(route.config.cdn_frontdoor_custom_domain_ids).map((id) => ({ label: `custom domain ${id}`, id: id as unknown }));
  // link_to_default_domain defaults to true: the *.azurefd.net name serves the route too.
  if (!isFalse(route.config.link_to_default_domain)) domains.push({ label: `the endpoint's default domain (${route.config.cdn_frontdoor_endpoint_id})`, id: route.config.cdn_frontdoor_endpoint_id });
  return domains;
}

/** Is `domain` associated with a firewall policy, for every path, by a security policy of this stack? */
function wafCovers(domain: unknown, ctx: StackContext): boolean {
  return ctx.resources("azurerm_cdn_frontdoor_security_policy").some((policy) =>
    blocksOf(policy.config.security_policies)
      .flatMap((p) => blocksOf(p.firewall))
      .some(
        (firewall) =>
          Boolean(firewall.cdn_frontdoor_firewall_policy_id) &&
          blocksOf(firewall.association).some(
            (association) =>
              stringsOf(association.patterns_to_match).includes("/*") &&
              blocksOf(association.domain).some((d) => sameTarget(ctx, d.cdn_frontdoor_domain_id, domain)),
          ),
      ),
  );
}

const WAF_GATEWAY_TIERS = new Set(["WAF", "WAF_v2"]);

export const wafOnEntryPoints = azureRule({
  id: "MF-AZURE-WAF-1",
  severity: "error",
  title: "Every public entry point has a WAF: each domain a Front Door route serves is in a security policy's firewall association (/*), and Application Gateways run WAF",
  fix: "Associate every custom domain (and the endpoint, unless link_to_default_domain = false) with the firewall policy in an azurerm_cdn_frontdoor_security_policy, patterns_to_match [\"/*\"]; give Application Gateways the WAF_v2 tier with a firewall policy.",
  mirrors: ["CKV_AZURE_121", "CKV_AZURE_120"],
  appliesTo: ["azurerm_cdn_frontdoor_route", "azurerm_application_gateway"],
  check: (block, ctx) => {
    if (block.type === "azurerm_application_gateway") {
      const tier = blocksOf(block.config.sku)[0]?.tier;
      const waf = blocksOf(block.config.waf_configuration).some((w) => isTrue(w.enabled)) || Boolean(block.config.firewall_policy_id);
      return WAF_GATEWAY_TIERS.has(tier) && waf ? [] : [`sku tier ${shown(tier)} without an enabled WAF: the gateway is not protected by a WAF`];
    }
    return routeDomains(block)
      .filter((domain) => !wafCovers(domain.id, ctx))
      .map((domain) => `serves ${domain.label}, which no security policy associates with a firewall policy for /*`);
  },
});

export const wafPolicyBlocks = azureRule({
  id: "MF-AZURE-WAF-2",
  severity: "error",
  title: "Front Door WAF policies are enabled with managed rule sets, and block (Prevention mode) in staging and production",
  fix: 'Set enabled = true, mode = "Prevention" (edge.wafMode: block; Detection only in development) and at least one managed_rule (Microsoft_DefaultRuleSet).',
  mirrors: ["CKV_AZURE_123"],
  appliesTo: ["azurerm_cdn_frontdoor_firewall_policy"],
  check: ({ config }, ctx) => {
    const problems: string[] = [];
    if (isFalse(config.enabled)) problems.push("enabled is false: the policy inspects nothing");
    if (blocksOf(config.managed_rule).length === 0) problems.push("has no managed_rule: only custom rules run, no OWASP or bot protection");
    if (PROTECTED_TIERS.has(ctx.tier) && config.mode !== "Prevention") problems.push(`mode is ${shown(config.mode)} in ${ctx.tier}: attacks are logged, not blocked`);
    return problems;
  },
});

export const networkRules = [
  postgresNotPublic,
  storageNoAnonymousAccess,
  storageNetworkDenied,
  noOpenIngress,
  nicNoPublicIp,
  diskNotExportable,
  keyVaultFirewall,
  containerAppEdgeOnly,
  wafOnEntryPoints,
  wafPolicyBlocks,
];
