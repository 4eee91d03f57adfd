/** OCI cases for the edge and the network: listeners, WAF, load balancer logs, NSGs, security lists, subnets, public IPs, public buckets. */
import type { Construct } from "constructs";
import { CoreDefaultSecurityList } from "../../../constructs/oci/bindings/core-default-security-list";
import { CoreInstance } from "../../../constructs/oci/bindings/core-instance";
import { CoreInstanceConfiguration } from "../../../constructs/oci/bindings/core-instance-configuration";
import { CoreInstancePool } from "../../../constructs/oci/bindings/core-instance-pool";
import { CoreNetworkSecurityGroup } from "../../../constructs/oci/bindings/core-network-security-group";
import { CoreNetworkSecurityGroupSecurityRule, type CoreNetworkSecurityGroupSecurityRuleConfig } from "../../../constructs/oci/bindings/core-network-security-group-security-rule";
import { CoreSecurityList } from "../../../constructs/oci/bindings/core-security-list";
import { CoreSubnet } from "../../../constructs/oci/bindings/core-subnet";
import { CoreVcn } from "../../../constructs/oci/bindings/core-vcn";
import { LoadBalancerListener, type LoadBalancerListenerSslConfiguration } from "../../../constructs/oci/bindings/load-balancer-listener";
import { LoadBalancerLoadBalancer, type LoadBalancerLoadBalancerConfig } from "../../../constructs/oci/bindings/load-balancer-load-balancer";
import { LoadBalancerRuleSet, type LoadBalancerRuleSetItem } from "../../../constructs/oci/bindings/load-balancer-rule-set";
import { LoadBalancerSslCipherSuite } from "../../../constructs/oci/bindings/load-balancer-ssl-cipher-suite";
import { LoggingLog } from "../../../constructs/oci/bindings/logging-log";
import { LoggingLogGroup } from "../../../constructs/oci/bindings/logging-log-group";
import { ObjectstorageBucket } from "../../../constructs/oci/bindings/objectstorage-bucket";
import { WafWebAppFirewall } from "../../../constructs/oci/bindings/waf-web-app-firewall";
import { WafWebAppFirewallPolicy } from "../../../constructs/oci/bindings/waf-web-app-firewall-policy";
import { AD, COMPARTMENT, KEY, SUBNET_OCID } from "./oci-support";
import type { RuleCase } from "./types";

export const loadBalancer = (s: Construct, extra: Partial<LoadBalancerLoadBalancerConfig> = {}, id = "lb") =>
  new LoadBalancerLoadBalancer(s, id, { compartmentId: COMPARTMENT, displayName: id, shape: "flexible", subnetIds: [SUBNET_OCID], ...extra });

/** An enabled OCI service log of `service` on `resource`. */
export function serviceLog(s: Construct, id: string, service: string, resource: string, category: string, enabled = true): LoggingLog {
  const group = (s.node.tryFindChild("log-group") as LoggingLogGroup | undefined) ?? new LoggingLogGroup(s, "log-group", { compartmentId: COMPARTMENT, displayName: "logs" });
  return new LoggingLog(s, id, {
    displayName: id,
    logGroupId: group.id,
    logType: "SERVICE",
    isEnabled: enabled,
    configuration: { compartmentId: COMPARTMENT, source: { sourceType: "OCISERVICE", service, resource, category } },
  });
}

const GCM_CIPHERS = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"];

/** A load balancer with an HTTPS listener; `ssl` overrides its ssl_configuration, `ciphers` the suite of the stack. */
const httpsListener = (ssl: Partial<LoadBalancerListenerSslConfiguration> = {}, ciphers: string[] = GCM_CIPHERS) => (s: Construct) => {
  const lb = loadBalancer(s);
  const suite = new LoadBalancerSslCipherSuite(s, "suite", { loadBalancerId: lb.id, name: "tls12-gcm", ciphers });
  new LoadBalancerListener(s, "https", {
    loadBalancerId: lb.id,
    name: "https",
    port: 443,
    protocol: "HTTP",
    defaultBackendSetName: "backend",
    sslConfiguration: { certificateIds: ["ocid1.certificate.oc1.iad.c"], protocols: ["TLSv1.2"], cipherSuiteName: suite.name, ...ssl },
  });
};

const REDIRECT_ALL: LoadBalancerRuleSetItem = {
  action: "REDIRECT",
  conditions: [{ attributeName: "PATH", attributeValue: "/", operator: "FORCE_LONGEST_PREFIX_MATCH" }],
  redirectUri: { protocol: "HTTPS", port: 443 },
  responseCode: 301,
};

/** A load balancer with a port-80 listener using a rule set of `items` (none: no rule set). */
const httpListener = (items?: LoadBalancerRuleSetItem[], protocol = "HTTP") => (s: Construct) => {
  const lb = loadBalancer(s);
  const set = items ? new LoadBalancerRuleSet(s, "redirect", { loadBalancerId: lb.id, name: "redirect", items }) : undefined;
  new LoadBalancerListener(s, "http", {
    loadBalancerId: lb.id,
    name: "http",
    port: 80,
    protocol,
    defaultBackendSetName: "backend",
    ruleSetNames: set ? [set.getStringAttribute("name")] : undefined,
  });
};

/** A load balancer with a web app firewall (and its policy); `rules` false leaves the policy without protection rules. */
const firewalled = (options: { rules?: boolean; log?: boolean; isPrivate?: boolean } = {}) => (s: Construct) => {
  const lb = loadBalancer(s, { isPrivate: options.isPrivate ?? false });
  const policy = new WafWebAppFirewallPolicy(s, "waf-policy", {
    compartmentId: COMPARTMENT,
    actions: [{ name: "block", type: "RETURN_HTTP_RESPONSE", code: 403 }],
    requestProtection:
      options.rules === false
        ? undefined
        : { rules: [{ name: "owasp", type: "PROTECTION", actionName: "block", protectionCapabilities: [{ key: "9420000", version: 2 }] }] },
  });
  const waf = new WafWebAppFirewall(s, "waf", { compartmentId: COMPARTMENT, backendType: "LOAD_BALANCER", loadBalancerId: lb.id, webAppFirewallPolicyId: policy.id });
  if (options.log) serviceLog(s, "waf-log", "waf", waf.id, "all");
};

const vcn = (s: Construct) => new CoreVcn(s, "vcn", { compartmentId: COMPARTMENT, cidrBlocks: ["10.0.0.0/16"] });
const subnet = (s: Construct, id: string, prohibitPublicIpOnVnic: boolean, vcnId = "ocid1.vcn.oc1.iad.v") =>
  new CoreSubnet(s, id, { compartmentId: COMPARTMENT, vcnId, cidrBlock: "10.0.0.0/24", prohibitPublicIpOnVnic });
const nsg = (s: Construct, id = "nsg") => new CoreNetworkSecurityGroup(s, id, { compartmentId: COMPARTMENT, vcnId: "ocid1.vcn.oc1.iad.v" });
const nsgRule = (s: Construct, id: string, group: CoreNetworkSecurityGroup, rule: Partial<CoreNetworkSecurityGroupSecurityRuleConfig>) =>
  new CoreNetworkSecurityGroupSecurityRule(s, id, { networkSecurityGroupId: group.id, direction: "INGRESS", protocol: "6", sourceType: "CIDR_BLOCK", stateless: false, ...rule });
const tcpPort = (port: number) => ({ destinationPortRange: { min: port, max: port } });

/** An instance (the Redis-node shape) in `subnetId`, with assignPublicIp as given. */
const instance = (s: Construct, subnetId: string, assignPublicIp?: boolean, nsgIds?: string[]) =>
  new CoreInstance(s, "node", {
    availabilityDomain: AD,
    compartmentId: COMPARTMENT,
    shape: "VM.Standard.E5.Flex",
    sourceDetails: { sourceType: "image", sourceId: "ocid1.image.oc1.iad.i", kmsKeyId: KEY },
    createVnicDetails: { subnetId, assignPublicIp, nsgIds },
  });

/** An instance configuration (assignPublicIp as given) launched by a pool into a subnet that does or does not prohibit public IPs. */
const pooled = (assignPublicIp: boolean | undefined, prohibit: boolean) => (s: Construct) => {
  const sub = subnet(s, "private", prohibit);
  const config = new CoreInstanceConfiguration(s, "config", {
    compartmentId: COMPARTMENT,
    instanceDetails: { instanceType: "compute", launchDetails: { compartmentId: COMPARTMENT, shape: "VM.Standard.E5.Flex", createVnicDetails: { assignPublicIp } } },
  });
  new CoreInstancePool(s, "pool", { compartmentId: COMPARTMENT, instanceConfigurationId: config.id, size: 2, placementConfigurations: [{ availabilityDomain: AD, primaryVnicSubnets: { subnetId: sub.id } }] });
};

const bucket = (accessType?: string) => (s: Construct) =>
  new ObjectstorageBucket(s, "bucket", { compartmentId: COMPARTMENT, namespace: "ns", name: "mockforge-test-assets", accessType, kmsKeyId: KEY, versioning: "Enabled" });

export const ociTransitCases: RuleCase[] = [
  { rule: "MF-OCI-LB-1", variant: "protocols unset", bad: httpsListener({ protocols: undefined }), message: /protocols is not set: the load balancer's default also accepts TLS 1.0 and 1.1/, good: httpsListener() },
  { rule: "MF-OCI-LB-1", variant: "TLS 1.1 allowed", bad: httpsListener({ protocols: ["TLSv1.1", "TLSv1.2"] }), message: /protocols allows TLSv1.1; use TLSv1.2 and TLSv1.3 only/, good: httpsListener({ protocols: ["TLSv1.2", "TLSv1.3"] }) },
  {
    rule: "MF-OCI-LB-1",
    variant: "unverifiable predefined suite",
    bad: httpsListener({ cipherSuiteName: "oci-wider-compatible-ssl-cipher-suite-v1" }),
    message: /cipher suite "oci-wider-compatible-ssl-cipher-suite-v1" is neither defined in this stack nor oci-modern-ssl-cipher-suite-v1/,
    good: httpsListener({ cipherSuiteName: "oci-modern-ssl-cipher-suite-v1" }),
  },
  { rule: "MF-OCI-LB-1", variant: "no cipher suite", bad: httpsListener({ cipherSuiteName: undefined }), message: /cipher_suite_name is not set: the default suite includes CBC ciphers/, good: httpsListener() },
  {
    rule: "MF-OCI-LB-1",
    variant: "weak ciphers in the stack's suite",
    bad: httpsListener({}, ["ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA", "ECDHE-RSA-DES-CBC3-SHA"]),
    message: /cipher suite "tls12-gcm" includes AES128-SHA, ECDHE-RSA-DES-CBC3-SHA: not a forward-secret AEAD cipher/,
    good: httpsListener({}, ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305", "TLS_AES_256_GCM_SHA384"]),
  },
  { rule: "MF-OCI-LB-2", variant: "no rule set", bad: httpListener(), message: /HTTP listener on port 80 has no rule set redirecting to HTTPS/, good: httpListener([REDIRECT_ALL]) },
  {
    rule: "MF-OCI-LB-2",
    variant: "redirects only some paths",
    bad: httpListener([{ ...REDIRECT_ALL, conditions: [{ attributeName: "PATH", attributeValue: "/api", operator: "PREFIX_MATCH" }] }]),
    message: /none of its rule sets \(oci_load_balancer_rule_set.redirect\) redirects every path to HTTPS/,
    good: httpListener([{ ...REDIRECT_ALL, conditions: undefined }]),
  },
  {
    rule: "MF-OCI-LB-2",
    variant: "redirects to plain HTTP",
    bad: httpListener([{ ...REDIRECT_ALL, redirectUri: { protocol: "HTTP", port: 8080 } }]),
    message: /redirects every path to HTTPS/,
    good: httpListener([REDIRECT_ALL]),
  },
  { rule: "MF-OCI-LB-2", variant: "plain TCP", bad: httpListener(undefined, "TCP"), message: /plain TCP listener on port 80 passes traffic without TLS/, good: httpsListener() },
];

export const ociEdgeCases: RuleCase[] = [
  {
    rule: "MF-OCI-WAF-1",
    variant: "no firewall",
    bad: (s) => loadBalancer(s),
    message: /no oci_waf_web_app_firewall protects this internet-facing load balancer/,
    // A private load balancer needs none.
    good: (s) => {
      firewalled()(s);
      loadBalancer(s, { isPrivate: true }, "internal");
    },
  },
  { rule: "MF-OCI-WAF-1", variant: "policy without protection rules", bad: firewalled({ rules: false }), message: /\(the policy of oci_waf_web_app_firewall.waf\) has no request_protection rules/, good: firewalled() },
  { rule: "MF-OCI-WAF-2", bad: firewalled(), message: /has no enabled WAF log \(service waf\)/, good: firewalled({ log: true }) },
  {
    rule: "MF-OCI-LB-3",
    variant: "no access log",
    bad: (s) => serviceLog(s, "error-log", "loadbalancer", loadBalancer(s).id, "error"),
    message: /has no enabled access log \(service loadbalancer, category access\)/,
    good: (s) => serviceLog(s, "access-log", "loadbalancer", loadBalancer(s).id, "access"),
  },
  {
    rule: "MF-OCI-LB-3",
    variant: "access log disabled",
    bad: (s) => serviceLog(s, "access-log", "loadbalancer", loadBalancer(s).id, "access", false),
    message: /has no enabled access log/,
    good: (s) => serviceLog(s, "access-log", "loadbalancer", loadBalancer(s).id, "access", true),
  },
  {
    rule: "MF-OCI-LB-4",
    tier: "staging",
    bad: (s) => loadBalancer(s, { isDeleteProtectionEnabled: false }),
    message: /is_delete_protection_enabled is false in staging/,
    good: (s) => loadBalancer(s, { isDeleteProtectionEnabled: true }),
  },
];

export const ociNetworkCases: RuleCase[] = [
  {
    rule: "MF-OCI-VCN-1",
    variant: "SSH from anywhere",
    bad: (s) => nsgRule(s, "ssh", nsg(s), { source: "0.0.0.0/0", tcpOptions: tcpPort(22) }),
    message: /rule admits 0.0.0.0\/0 on TCP 22 to something other than TCP 80\/443/,
    good: (s) => nsgRule(s, "ssh", nsg(s), { source: "10.0.0.0/16", tcpOptions: tcpPort(22) }),
  },
  {
    rule: "MF-OCI-VCN-1",
    variant: "every TCP port from ::/0",
    bad: (s) => nsgRule(s, "all-tcp", nsg(s), { source: "::/0" }),
    message: /admits ::\/0 on TCP, every port/,
    good: (s) => nsgRule(s, "egress", nsg(s), { direction: "EGRESS", source: undefined, destination: "0.0.0.0/0", destinationType: "CIDR_BLOCK", tcpOptions: tcpPort(443) }),
  },
  {
    rule: "MF-OCI-VCN-1",
    variant: "HTTPS from anywhere to an instance's NSG",
    bad: (s) => {
      const group = nsg(s);
      nsgRule(s, "https", group, { source: "0.0.0.0/0", tcpOptions: tcpPort(443) });
      instance(s, SUBNET_OCID, false, [group.id]);
    },
    message: /admits 0.0.0.0\/0 on TCP 443 but it does not protect an internet-facing load balancer only/,
    good: (s) => {
      const group = nsg(s);
      nsgRule(s, "https", group, { source: "0.0.0.0/0", tcpOptions: tcpPort(443) });
      nsgRule(s, "http", group, { source: "0.0.0.0/0", tcpOptions: tcpPort(80) });
      loadBalancer(s, { networkSecurityGroupIds: [group.id] });
    },
  },
  {
    rule: "MF-OCI-VCN-1",
    variant: "security list (hand-written override)",
    bad: (s) => {
      const list = new CoreSecurityList(s, "list", { compartmentId: COMPARTMENT, vcnId: "ocid1.vcn.oc1.iad.v" });
      list.addOverride("ingress_security_rules", [{ protocol: "all", source: "::/0" }]);
    },
    message: /ingress_security_rules\[0\] admits ::\/0 on all protocols to something other than TCP 80\/443/,
    good: (s) => {
      const list = new CoreSecurityList(s, "list", { compartmentId: COMPARTMENT, vcnId: "ocid1.vcn.oc1.iad.v" });
      list.addOverride("ingress_security_rules", [{ protocol: "6", source: "10.0.0.0/8", tcp_options: [{ min: 22, max: 22 }] }]);
      // 443 from anywhere is fine on the list of a subnet that holds only an internet-facing load balancer.
      const edge = new CoreSecurityList(s, "edge-list", { compartmentId: COMPARTMENT, vcnId: "ocid1.vcn.oc1.iad.v" });
      edge.addOverride("ingress_security_rules", [{ protocol: "6", source: "0.0.0.0/0", tcp_options: [{ min: 443, max: 443 }] }]);
      const pub = new CoreSubnet(s, "public", { compartmentId: COMPARTMENT, vcnId: "v", cidrBlock: "10.0.0.0/24", securityListIds: [edge.id] });
      loadBalancer(s, { subnetIds: [pub.id] });
    },
  },
  {
    rule: "MF-OCI-VCN-2",
    variant: "default list not managed",
    bad: vcn,
    message: /its default security list is not managed here, so it keeps OCI's rules \(SSH from 0.0.0.0\/0, all egress\)/,
    good: (s) => new CoreDefaultSecurityList(s, "default-list", { manageDefaultResourceId: vcn(s).defaultSecurityListId }),
  },
  {
    rule: "MF-OCI-VCN-2",
    variant: "default list keeps rules",
    bad: (s) => new CoreDefaultSecurityList(s, "default-list", { manageDefaultResourceId: vcn(s).defaultSecurityListId }).addOverride("ingress_security_rules", [{ protocol: "6", source: "0.0.0.0/0" }]),
    message: /the default security list has 1 ingress and 0 egress rule\(s\); it must have none/,
    good: (s) => new CoreDefaultSecurityList(s, "default-list", { manageDefaultResourceId: vcn(s).defaultSecurityListId }),
  },
  {
    rule: "MF-OCI-VCN-3",
    variant: "instance in a public subnet",
    bad: (s) => instance(s, subnet(s, "public", false).id, false),
    message: /allows public IPs \(prohibit_public_ip_on_vnic is false\) and holds oci_core_instance.node/,
    good: (s) => {
      loadBalancer(s, { subnetIds: [subnet(s, "public", false).id] });
      instance(s, subnet(s, "data", true).id, false);
    },
  },
  { rule: "MF-OCI-VCN-3", variant: "public subnet with no load balancer", bad: (s) => subnet(s, "public", false), message: /allows public IPs .* but no internet-facing load balancer uses it/, good: (s) => subnet(s, "private", true) },
  {
    rule: "MF-OCI-VCN-4",
    bad: (s) => subnet(s, "data", true),
    message: /has no enabled flow log \(service flowlogs\) on itself or its VCN/,
    good: (s) => {
      const network = vcn(s);
      const flowed = subnet(s, "data", true, network.id);
      serviceLog(s, "subnet-flow", "flowlogs", flowed.id, "all");
      // A VCN-level flow log covers its subnets too.
      subnet(s, "other", true, network.id);
      serviceLog(s, "vcn-flow", "flowlogs", network.id, "all");
    },
  },
  {
    rule: "MF-OCI-COMPUTE-3",
    variant: "public IP requested",
    bad: (s) => instance(s, SUBNET_OCID, true),
    message: /create_vnic_details.assign_public_ip is true: the instance is reachable from the internet/,
    good: (s) => instance(s, SUBNET_OCID, false),
  },
  {
    rule: "MF-OCI-COMPUTE-3",
    variant: "unset, subnet unknown",
    bad: (s) => instance(s, SUBNET_OCID, undefined),
    message: /assign_public_ip is not set and its subnet is not known to prohibit public IPs/,
    good: (s) => instance(s, subnet(s, "data", true).id, undefined),
  },
  {
    rule: "MF-OCI-COMPUTE-3",
    variant: "instance configuration, pool in a public subnet",
    bad: pooled(undefined, false),
    message: /assign_public_ip is not set and its subnet is not known to prohibit public IPs/,
    good: pooled(undefined, true),
  },
  { rule: "MF-OCI-OS-2", bad: bucket("ObjectRead"), message: /access_type is "ObjectRead": anyone on the internet can read its objects/, good: bucket("NoPublicAccess") },
];
