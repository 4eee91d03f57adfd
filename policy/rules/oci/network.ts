/**
 * Exposure: no ingress from anywhere except HTTP(S) to the edge, closed
 * default security lists, public addresses only for internet-facing load
 * balancers, private buckets, and a WAF at every public entry point.
 * (OCI Database with PostgreSQL has private endpoints only; the subnet rule
 * below keeps its subnet free of public addresses too.)
 */
import type { StackContext, TfBlock } from "../../engine/types";
import { ANYWHERE, blockAt, blocksOf, EDGE_PORTS, isPublicLoadBalancer, isTrue, LOAD_BALANCER, ociRule, shown, TCP } from "./helpers";

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { all: "all protocols", "1": "ICMP", "6": "TCP", "17": "UDP", "58": "ICMPv6" };

interface IngressRule {
  readonly label: string;
  readonly source: string;
  readonly protocol: string;
  /** Destination port range; undefined means every port. */
  readonly ports?: { readonly min: number; readonly max: number };
}

function portRange(options: Record<string, any> | undefined): IngressRule["ports"] {
  if (!options) return undefined;
  // NSG rules nest the range in destination_port_range; security lists put min/max on tcp_options itself.
  const range = blocksOf(options.destination_port_range)[0] ?? (options.min !== undefined || options.max !== undefined ? options : undefined);
  return range ? { min: Number(range.min), max: Number(range.max) } : undefined;
}

function ingressRulesOf(block: TfBlock): IngressRule[] {
  const { config } = block;
  if (block.type === "oci_core_network_security_group_security_rule") {
    if (config.direction !== "INGRESS") return [];
    const protocol = String(config.protocol);
    return [{ label: "rule", source: String(config.source), protocol, ports: portRange(blockAt(config, [protocol === "17" ? "udp_options" : "tcp_options"])) }];
  }
  return blocksOf(config.ingress_security_rules).map((r, i) => {
    const protocol = String(r.protocol);
    return { label: `ingress_security_rules[${i}]`, source: String(r.source), protocol, ports: portRange(blockAt(r, [protocol === "17" ? "udp_options" : "tcp_options"])) };
  });
}

function describe(rule: IngressRule): string {
  const protocol = PROTOCOL_NAMES[rule.protocol] ?? `protocol ${rule.protocol}`;
  if (rule.protocol === "all" || rule.protocol === "1" || rule.protocol === "58") return protocol;
  if (!rule.ports) return `${protocol}, every port`;
  return rule.ports.min === rule.ports.max ? `${protocol} ${rule.ports.min}` : `${protocol} ${rule.ports.min}-${rule.ports.max}`;
}

function isEdgePort(rule: IngressRule): boolean {
  return rule.protocol === TCP && rule.ports !== undefined && rule.ports.min === rule.ports.max && EDGE_PORTS.includes(rule.ports.min);
}

/** Resources that place network interfaces in a subnet, with the attribute holding it. */
const SUBNET_USERS: ReadonlyArray<readonly [string, (b: TfBlock) => unknown]> = [
  [LOAD_BALANCER, (b) => b.config.subnet_ids],
  ["oci_core_instance", (b) => blockAt(b.config, ["create_vnic_details"])?.subnet_id],
  ["oci_core_instance_configuration", (b) => blockAt(b.config, ["instance_details", "launch_details", "create_vnic_details"])?.subnet_id],
  ["oci_core_instance_pool", (b) => blocksOf(b.config.placement_configurations).map((p) => [blocksOf(p.primary_vnic_subnets).map((s) => s.subnet_id), blocksOf(p.secondary_vnic_subnets).map((s) => s.subnet_id)])],
  ["oci_psql_db_system", (b) => blockAt(b.config, ["network_details"])?.subnet_id],
];

/** What places network interfaces in `subnet`. */
export function subnetUsers(subnet: TfBlock, ctx: StackContext): TfBlock[] {
  return SUBNET_USERS.flatMap(([type, attribute]) => ctx.resources(type).filter((b) => ctx.refersTo(attribute(b), subnet)));
}

/** Does only an internet-facing load balancer (at least one) use this subnet? */
function isEdgeSubnet(subnet: TfBlock, ctx: StackContext): boolean {
  const users = subnetUsers(subnet, ctx);
  return users.length > 0 && users.every((u) => u.type === LOAD_BALANCER && isPublicLoadBalancer(u));
}

/** Is the security list or NSG that holds the rule attached only to internet-facing load balancers? */
function isEdgeFilter(block: TfBlock, ctx: StackContext): boolean {
  if (block.type === "oci_core_network_security_group_security_rule") {
    const nsg = ctx.resolve(block.config.network_security_group_id, "oci_core_network_security_group");
    if (!nsg) return false;
    const users = [
      ...ctx.resources(LOAD_BALANCER).filter((lb) => ctx.refersTo(lb.config.network_security_group_ids, nsg)),
      ...ctx.resources("oci_core_instance").filter((i) => ctx.refersTo(blockAt(i.config, ["create_vnic_details"])?.nsg_ids, nsg)),
      ...ctx.resources("oci_core_instance_configuration").filter((i) => ctx.refersTo(blockAt(i.config, ["instance_details", "launch_details", "create_vnic_details"])?.nsg_ids, nsg)),
      ...ctx.resources("oci_psql_db_system").filter((d) => ctx.refersTo(blockAt(d.config, ["network_details"])?.nsg_ids, nsg)),
    ];
    return users.length > 0 && users.every((u) => u.type === LOAD_BALANCER && isPublicLoadBalancer(u));
  }
  const subnets = ctx.resources("oci_core_subnet").filter((s) => ctx.refersTo(s.config.security_list_ids, block));
  return subnets.length > 0 && subnets.every((s) => isEdgeSubnet(s, ctx));
}

export const noOpenIngress = ociRule({
  id: "MF-OCI-VCN-1",
  severity: "error",
  title: "No ingress from 0.0.0.0/0 or ::/0, except TCP 80/443 to an internet-facing load balancer (its NSG, or a security list of its subnet)",
  fix: "Admit the internet only on tcp 80 (redirect) and 443 of the load balancer's NSG; every other tier admits NSGs or private CIDRs (OciNetwork does).",
  mirrors: ["CKV_OCI_19", "CKV_OCI_20", "CKV_OCI_22", "CKV2_OCI_2"],
  appliesTo: ["oci_core_network_security_group_security_rule", "oci_core_security_list", "oci_core_default_security_list"],
  check: (block, ctx) =>
    ingressRulesOf(block).flatMap((rule) => {
      if (!ANYWHERE.has(rule.source)) return [];
      if (isEdgePort(rule) && isEdgeFilter(block, ctx)) return [];
      const why = isEdgePort(rule) ? "but it does not protect an internet-facing load balancer only" : "to something other than TCP 80/443";
      return [`${rule.label} admits ${rule.source} on ${describe(rule)} ${why}`];
    }),
});

export const defaultSecurityListClosed = ociRule({
  id: "MF-OCI-VCN-2",
  severity: "error",
  title: "Every VCN's default security list is managed here and has no rules (OCI's default admits SSH from 0.0.0.0/0)",
  fix: "Add an oci_core_default_security_list with manage_default_resource_id = the VCN's default_security_list_id and no rules (OciNetwork does).",
  mirrors: [],
  appliesTo: ["oci_core_vcn", "oci_core_default_security_list"],
  check: (block, ctx) => {
    if (block.type === "oci_core_vcn") {
      const managed = ctx.resources("oci_core_default_security_list").some((d) => ctx.refersTo(d.config.manage_default_resource_id, block, ["default_security_list_id"]));
      return managed ? [] : ["its default security list is not managed here, so it keeps OCI's rules (SSH from 0.0.0.0/0, all egress)"];
    }
    const ingress = blocksOf(block.config.ingress_security_rules).length;
    const egress = blocksOf(block.config.egress_security_rules).length;
    return ingress + egress > 0 ? [`the default security list has ${ingress} ingress and ${egress} egress rule(s); it must have none (subnets use their own lists and NSGs)`] : [];
  },
});

export const publicIpsOnlyAtTheEdge = ociRule({
  id: "MF-OCI-VCN-3",
  severity: "error",
  title: "Subnets prohibit public IPs on VNICs, except a subnet that holds only internet-facing load balancers",
  fix: "Set prohibit_public_ip_on_vnic = true on every subnet but the load balancer's public subnet; put instances and databases in private subnets.",
  mirrors: [],
  appliesTo: ["oci_core_subnet"],
  check: (subnet, ctx) => {
    if (isTrue(subnet.config.prohibit_public_ip_on_vnic)) return [];
    const users = subnetUsers(subnet, ctx);
    if (users.length === 0) return ["allows public IPs (prohibit_public_ip_on_vnic is not true) but no internet-facing load balancer uses it"];
    const others = users.filter((u) => !(u.type === LOAD_BALANCER && isPublicLoadBalancer(u)));
    return others.length > 0 ? [`allows public IPs (prohibit_public_ip_on_vnic is ${shown(subnet.config.prohibit_public_ip_on_vnic)}) and holds ${others.map((u) => u.address).join(", ")}`] : [];
  },
});

export const instanceNoPublicIp = ociRule({
  id: "MF-OCI-COMPUTE-3",
  severity: "error",
  title: "Instances (Redis nodes, service instances) get no public IP address",
  fix: "Set create_vnic_details.assign_public_ip = false (and place the VNIC in a subnet with prohibit_public_ip_on_vnic = true).",
  mirrors: [],
  appliesTo: ["oci_core_instance", "oci_core_instance_configuration"],
  check: (block, ctx) => {
    const vnic = block.type === "oci_core_instance" ? blockAt(block.config, ["create_vnic_details"]) : blockAt(block.config, ["instance_details", "launch_details", "create_vnic_details"]);
    if (isTrue(vnic?.assign_public_ip)) return ["create_vnic_details.assign_public_ip is true: the instance is reachable from the internet"];
    if (vnic?.assign_public_ip === false || vnic?.assign_public_ip === "false") return [];
    // Unset: OCI assigns a public IP when the subnet is public.
    const subnets =
      block.type === "oci_core_instance"
        ? [ctx.resolve(vnic?.subnet_id, "oci_core_subnet")]
        : ctx
            .resources("oci_core_instance_pool")
            .filter((pool) => ctx.refersTo(pool.config.instance_configuration_id, block))
            .flatMap((pool) => blocksOf(pool.config.placement_configurations).flatMap((p) => blocksOf(p.primary_vnic_subnets).map((s) => ctx.resolve(s.subnet_id, "oci_core_subnet"))));
    if (subnets.length > 0 && subnets.every((s) => s !== undefined && isTrue(s.config.prohibit_public_ip_on_vnic))) return [];
    return ["create_vnic_details.assign_public_ip is not set and its subnet is not known to prohibit public IPs: OCI gives VNICs in public subnets a public IP"];
  },
});

const PUBLIC_ACCESS_TYPES = new Set(["ObjectRead", "ObjectReadWithoutList"]);

export const bucketNotPublic = ociRule({
  id: "MF-OCI-OS-2",
  severity: "error",
  title: "Object Storage buckets allow no anonymous (public) access",
  fix: "Set access_type = NoPublicAccess; serve public assets through the load balancer instead.",
  mirrors: ["CKV_OCI_10"],
  appliesTo: ["oci_objectstorage_bucket"],
  check: ({ config }) => (PUBLIC_ACCESS_TYPES.has(config.access_type) ? [`access_type is ${shown(config.access_type)}: anyone on the internet can read its objects`] : []),
});

export const wafOnEntryPoints = ociRule({
  id: "MF-OCI-WAF-1",
  severity: "error",
  title: "Every internet-facing load balancer has a web app firewall with request protection rules",
  fix: "Add an oci_waf_web_app_firewall (backend_type LOAD_BALANCER, load_balancer_id = the load balancer) whose policy has request_protection rules (OciKit.loadBalancer does).",
  mirrors: [],
  appliesTo: [LOAD_BALANCER],
  check: (lb, ctx) => {
    if (!isPublicLoadBalancer(lb)) return [];
    const firewalls = ctx.referrers(lb, "oci_waf_web_app_firewall", "load_balancer_id");
    if (firewalls.length === 0) return ["no oci_waf_web_app_firewall protects this internet-facing load balancer"];
    const problems: string[] = [];
    for (const firewall of firewalls) {
      const policy = ctx.resolve(firewall.config.web_app_firewall_policy_id, "oci_waf_web_app_firewall_policy");
      if (!policy) {
        if (!firewall.config.web_app_firewall_policy_id) problems.push(`${firewall.address} has no web_app_firewall_policy_id`);
        continue;
      }
      const rules = blocksOf(policy.config.request_protection).flatMap((p) => blocksOf(p.rules));
      if (rules.length === 0) problems.push(`${policy.address} (the policy of ${firewall.address}) has no request_protection rules`);
    }
    return problems;
  },
});

export const networkRules = [noOpenIngress, defaultSecurityListClosed, publicIpsOnlyAtTheEdge, instanceNoPublicIp, bucketNotPublic, wafOnEntryPoints];
