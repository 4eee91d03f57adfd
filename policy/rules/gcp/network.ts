/**
 * Exposure: nothing in the data tier public, hardened VMs, closed firewalls,
 * and a WAF (Cloud Armor) in front of every public entry point.
 *
 * On GCP the edge is Google's front end (the global external Application
 * Load Balancer): it reaches serverless NEGs and backends from Google's own
 * ranges, so no firewall rule ever needs to admit the internet, not even on
 * 80/443.
 */
import type { StackContext, TfBlock } from "../../engine/types";
import { CLOUD_RUN_SERVICE_TYPES, runIngressOf } from "./cloud-run";
import { ANYWHERE, BACKEND_SERVICE_TYPES, blockOf, blocksOf, gcpRule, isExternalBackend, isFalse, isTrue, metadataOf, pointsAt, shown, sqlSettings, stringsOf } from "./helpers";

export const sqlPrivate = gcpRule({
  id: "MF-GCP-SQL-3",
  severity: "error",
  title: "Cloud SQL instances have no public IP (private IP on the VPC only) and authorize no internet range",
  fix: "Set settings.ip_configuration { ipv4_enabled = false, private_network = <VPC> } and no authorized_networks (GcpPostgres does).",
  mirrors: ["CKV_GCP_60", "CKV_GCP_11", "AVD-GCP-0017"],
  appliesTo: ["google_sql_database_instance"],
  check: (db) => {
    const ip = blockOf(sqlSettings(db).ip_configuration);
    const problems: string[] = [];
    if (!isFalse(ip.ipv4_enabled)) {
      problems.push(`settings.ip_configuration.ipv4_enabled is ${shown(ip.ipv4_enabled)}${ip.ipv4_enabled === undefined ? " (true by default)" : ""}: the instance gets a public IPv4 address`);
    }
    for (const network of blocksOf(ip.authorized_networks)) {
      if (ANYWHERE.has(String(network.value))) problems.push(`authorized_networks admits ${network.value}${network.name ? ` (${network.name})` : ""}: anyone on the internet may connect`);
    }
    return problems;
  },
});

export const bucketPrivate = gcpRule({
  id: "MF-GCP-GCS-2",
  severity: "error",
  title: "Cloud Storage buckets enforce public access prevention and uniform bucket-level access (IAM only, no ACLs)",
  fix: 'Set public_access_prevention = "enforced" and uniform_bucket_level_access = true (GcpObjectStorage does); serve public assets through Cloud CDN.',
  mirrors: ["CKV_GCP_114", "CKV_GCP_29", "AVD-GCP-0002"],
  appliesTo: ["google_storage_bucket"],
  check: ({ config }) => {
    const problems: string[] = [];
    if (config.public_access_prevention !== "enforced") {
      problems.push(`public_access_prevention is ${shown(config.public_access_prevention)}: an IAM grant or ACL to allUsers would make objects public`);
    }
    if (!isTrue(config.uniform_bucket_level_access)) problems.push(`uniform_bucket_level_access is ${shown(config.uniform_bucket_level_access)}: object ACLs can grant access outside IAM`);
    return problems;
  },
});

const INSTANCE_TYPES = ["google_compute_instance", "google_compute_instance_template", "google_compute_region_instance_template"];

export const instanceNoExternalIp = gcpRule({
  id: "MF-GCP-GCE-3",
  severity: "error",
  title: "Compute Engine instances (Redis nodes) have no external IP address",
  fix: "Remove access_config and ipv6_access_config from every network_interface; Cloud NAT carries the node's egress.",
  mirrors: ["CKV_GCP_40", "AVD-GCP-0031"],
  appliesTo: INSTANCE_TYPES,
  check: ({ config }) =>
    blocksOf(config.network_interface).flatMap((nic, i) => [
      ...(blocksOf(nic.access_config).length > 0 ? [`network_interface[${i}] has an access_config: the instance gets an external IPv4 address`] : []),
      ...(blocksOf(nic.ipv6_access_config).length > 0 ? [`network_interface[${i}] has an ipv6_access_config: the instance gets an external IPv6 address`] : []),
    ]),
});

export const instanceHardened = gcpRule({
  id: "MF-GCP-GCE-4",
  severity: "error",
  title: "Compute Engine instances are hardened: Shielded VM (secure boot, vTPM, integrity monitoring), no project-wide SSH keys, OS Login kept, no serial port, no IP forwarding",
  fix: 'Set shielded_instance_config { enable_secure_boot = true } (vTPM and integrity monitoring stay on), metadata "block-project-ssh-keys" = "true", no "enable-oslogin" = "FALSE", no "serial-port-enable" = "TRUE", and can_ip_forward false.',
  mirrors: ["CKV_GCP_32", "CKV_GCP_34", "CKV_GCP_35", "CKV_GCP_36", "CKV_GCP_39", "AVD-GCP-0030", "AVD-GCP-0032", "AVD-GCP-0036", "AVD-GCP-0041", "AVD-GCP-0043", "AVD-GCP-0045", "AVD-GCP-0067"],
  appliesTo: INSTANCE_TYPES,
  check: (block) => {
    const { config } = block;
    const metadata = metadataOf(block);
    const shielded = blockOf(config.shielded_instance_config);
    const problems: string[] = [];
    if (!isTrue(shielded.enable_secure_boot)) problems.push(`shielded_instance_config.enable_secure_boot is ${shown(shielded.enable_secure_boot)}: boot-level malware goes unchecked`);
    if (isFalse(shielded.enable_vtpm)) problems.push("shielded_instance_config.enable_vtpm is false");
    if (isFalse(shielded.enable_integrity_monitoring)) problems.push("shielded_instance_config.enable_integrity_monitoring is false");
    if (!isTrue(metadata["block-project-ssh-keys"])) problems.push(`metadata.block-project-ssh-keys is ${shown(metadata["block-project-ssh-keys"])}: every project-wide SSH key opens this instance`);
    if (isFalse(metadata["enable-oslogin"])) problems.push("metadata.enable-oslogin is FALSE: the instance opts out of OS Login (IAM-controlled SSH)");
    if (isTrue(metadata["serial-port-enable"]) || metadata["serial-port-enable"] === "1") problems.push("metadata.serial-port-enable is on: the interactive serial console is reachable");
    if (isTrue(config.can_ip_forward)) problems.push("can_ip_forward is true: the instance may route traffic for other addresses");
    return problems;
  },
});

/** Compute Engine's default service account: `<project number>-compute@developer.gserviceaccount.com`. */
const DEFAULT_COMPUTE_SA = /-compute@developer\.gserviceaccount\.com$/;

export const instanceOwnServiceAccount = gcpRule({
  id: "MF-GCP-GCE-5",
  severity: "error",
  title: "Compute Engine instances run as a dedicated service account, never the Compute Engine default service account (Editor on the project)",
  fix: "Create a google_service_account for the workload, grant it only what it needs, and set service_account.email to it.",
  mirrors: ["CKV_GCP_30", "CKV_GCP_31", "AVD-GCP-0044"],
  appliesTo: INSTANCE_TYPES,
  check: ({ config }) =>
    blocksOf(config.service_account)
      .filter((sa) => sa.email === undefined || sa.email === "default" || DEFAULT_COMPUTE_SA.test(String(sa.email)))
      .map((sa) => `service_account.email is ${shown(sa.email)}: the default service account holds Editor on the whole project${stringsOf(sa.scopes).some((s) => /cloud-platform$/.test(s)) ? ", here with the cloud-platform scope" : ""}`),
});

interface IngressRule {
  readonly sources: readonly string[];
  readonly what: string;
}

function portsOf(protocol: unknown, ports: unknown): string {
  const proto = String(protocol ?? "all");
  if (proto === "all") return "all protocols";
  const list = stringsOf(ports);
  return list.length === 0 ? `${proto} (all ports)` : `${proto}:${list.join(",")}`;
}

/** The internet-open allow rule of a VPC firewall or firewall policy rule, or undefined when it is not one. */
function openIngress(block: TfBlock): IngressRule | undefined {
  const { config } = block;
  if (isTrue(config.disabled) || (config.direction ?? "INGRESS") !== "INGRESS") return undefined;
  if (block.type === "google_compute_firewall") {
    const allows = blocksOf(config.allow);
    if (allows.length === 0) return undefined;
    const ranges = stringsOf(config.source_ranges);
    // With no source at all, GCP applies an ingress rule to every source (0.0.0.0/0).
    const implicit = ranges.length === 0 && stringsOf(config.source_tags).length === 0 && stringsOf(config.source_service_accounts).length === 0;
    const sources = implicit ? ["0.0.0.0/0 (no source given)"] : ranges.filter((r) => ANYWHERE.has(r));
    return { sources, what: allows.map((a) => portsOf(a.protocol, a.ports)).join(", ") };
  }
  if (config.action !== "allow") return undefined;
  const match = blockOf(config.match);
  return {
    sources: stringsOf(match.src_ip_ranges).filter((r) => ANYWHERE.has(r)),
    what: blocksOf(match.layer4_configs).map((l) => portsOf(l.ip_protocol, l.ports)).join(", ") || "all protocols",
  };
}

export const noOpenIngress = gcpRule({
  id: "MF-GCP-FW-1",
  severity: "error",
  title: "No firewall rule admits the internet (0.0.0.0/0 or ::/0): the edge is Google's front end, which needs no open port in the VPC",
  fix: "Admit only the ranges a tier needs (the service's subnet, Google's load balancer and health-check ranges 35.191.0.0/16 and 130.211.0.0/22); deny rules may name 0.0.0.0/0.",
  mirrors: ["CKV_GCP_2", "CKV_GCP_3", "CKV_GCP_88", "CKV_GCP_106", "CKV2_GCP_12", "AVD-GCP-0027", "AVD-GCP-0070", "AVD-GCP-0071"],
  appliesTo: ["google_compute_firewall", "google_compute_network_firewall_policy_rule", "google_compute_region_network_firewall_policy_rule", "google_compute_firewall_policy_rule"],
  check: (block) => {
    const rule = openIngress(block);
    return rule && rule.sources.length > 0 ? [`allows ${rule.what} from ${rule.sources.join(" and ")}`] : [];
  },
});

export const runBehindLoadBalancer = gcpRule({
  id: "MF-GCP-RUN-1",
  severity: "error",
  title: "Cloud Run services take no traffic straight from the internet: ingress is internal (and Cloud Load Balancing), so the WAF-protected load balancer is the only public entry point",
  fix: "Set ingress = INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER (v1: annotation run.googleapis.com/ingress = internal-and-cloud-load-balancing) and serve the public through the global load balancer.",
  mirrors: [],
  appliesTo: CLOUD_RUN_SERVICE_TYPES,
  check: (service) => {
    const ingress = runIngressOf(service);
    return ingress === "INGRESS_TRAFFIC_ALL" ? [`ingress is ${ingress}${service.config.ingress === undefined && service.type !== "google_cloud_run_service" ? " (the default)" : ""}: the run.app URL bypasses the load balancer and Cloud Armor`] : [];
  },
});

export const wafOnEntryPoints = gcpRule({
  id: "MF-GCP-ARMOR-1",
  severity: "error",
  title: "Every public entry point has a WAF: external backend services a Cloud Armor security policy, backend buckets (Cloud CDN) an edge security policy",
  fix: "Set security_policy on every EXTERNAL/EXTERNAL_MANAGED backend service (GcpCloudArmorPolicy) and edge_security_policy on every backend bucket (GcpEdgeSecurityPolicy).",
  mirrors: [],
  appliesTo: [...BACKEND_SERVICE_TYPES, "google_compute_backend_bucket"],
  check: (block) => {
    if (block.type === "google_compute_backend_bucket") return block.config.edge_security_policy ? [] : ["has no edge_security_policy: cached and uncached assets are served without Cloud Armor"];
    if (!isExternalBackend(block)) return [];
    return block.config.security_policy ? [] : [`serves an external load balancer (${block.config.load_balancing_scheme ?? "EXTERNAL by default"}) without a Cloud Armor security_policy`];
  },
});

/** Rules of a security policy: its inline `rule` blocks and the google_compute_security_policy_rule resources for it. */
export function securityPolicyRules(policy: TfBlock, ctx: StackContext): Record<string, any>[] {
  const separate = ctx.resources("google_compute_security_policy_rule").filter((r) => pointsAt(ctx, r.config.security_policy, policy));
  return [...blocksOf(policy.config.rule), ...separate.map((r) => r.config)];
}

/** The preconfigured WAF rule sets every API policy must deny on (OWASP CRS). */
const REQUIRED_RULE_SETS = ["sqli", "xss"];

export const owaspRules = gcpRule({
  id: "MF-GCP-ARMOR-3",
  severity: "error",
  title: "Cloud Armor backend policies deny on Google's preconfigured OWASP rules: SQL injection and cross-site scripting at least",
  fix: "Add rules with action deny(403) and match.expr evaluatePreconfiguredWaf('sqli-v33-stable') and ('xss-v33-stable') (GcpCloudArmorPolicy adds LFI, RCE and scanner detection too).",
  mirrors: [],
  appliesTo: ["google_compute_security_policy"],
  check: (policy, ctx) => {
    // Edge and network policies match on IPs and regions only; the OWASP rules live in backend policies.
    if ((policy.config.type ?? "CLOUD_ARMOR") !== "CLOUD_ARMOR") return [];
    const denying = securityPolicyRules(policy, ctx)
      .filter((r) => String(r.action ?? "").startsWith("deny"))
      .map((r) => String(blockOf(blockOf(r.match).expr).expression ?? ""));
    return REQUIRED_RULE_SETS.filter((set) => !denying.some((e) => new RegExp(`evaluatePreconfigured(Waf|Expr)\\(\\s*['"]${set}-`).test(e))).map(
      (set) => `no deny rule evaluates the preconfigured ${set} rule set`,
    );
  },
});

export const networkRules = [sqlPrivate, bucketPrivate, instanceNoExternalIp, instanceHardened, instanceOwnServiceAccount, noOpenIngress, runBehindLoadBalancer, wafOnEntryPoints, owaspRules];
