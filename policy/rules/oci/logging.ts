/**
 * Access and audit logs through OCI Logging service logs: load balancer
 * access logs, WAF logs, bucket read and write logs, subnet flow logs.
 * A log counts when it is enabled and its source names the resource.
 */
import { LOAD_BALANCER, logsOf, ociRule } from "./helpers";

export const loadBalancerAccessLogs = ociRule({
  id: "MF-OCI-LB-3",
  severity: "error",
  title: "Load balancers write access logs to OCI Logging",
  fix: "Add an oci_logging_log (log_type SERVICE, source service loadbalancer, category access, resource = the load balancer) (OciLoadBalancer does).",
  mirrors: [],
  appliesTo: [LOAD_BALANCER],
  check: (lb, ctx) => (logsOf(ctx, "loadbalancer", lb).some((s) => s.category === "access") ? [] : ["has no enabled access log (service loadbalancer, category access)"]),
});

export const wafLogs = ociRule({
  id: "MF-OCI-WAF-2",
  severity: "error",
  title: "Every web app firewall logs its requests to OCI Logging",
  fix: "Add an oci_logging_log (log_type SERVICE, source service waf, category all, resource = the web app firewall).",
  mirrors: [],
  appliesTo: ["oci_waf_web_app_firewall"],
  check: (firewall, ctx) => (logsOf(ctx, "waf", firewall).length > 0 ? [] : ["has no enabled WAF log (service waf)"]),
});

export const bucketAccessLogs = ociRule({
  id: "MF-OCI-OS-3",
  severity: "error",
  title: "Object Storage buckets log read and write access to OCI Logging",
  fix: "Add oci_logging_log service logs (service objectstorage, resource = the bucket name) for categories read and write (OciObjectStorage does).",
  mirrors: [],
  appliesTo: ["oci_objectstorage_bucket"],
  check: (bucket, ctx) => {
    const name = typeof bucket.config.name === "string" && !bucket.config.name.includes("${") ? bucket.config.name : undefined;
    const categories = new Set(logsOf(ctx, "objectstorage", bucket, name).map((s) => s.category));
    const missing = ["read", "write"].filter((c) => !categories.has(c));
    return missing.length > 0 ? [`has no enabled ${missing.join(" or ")} access log (service objectstorage, category ${missing.join("/")})`] : [];
  },
});

export const subnetFlowLogs = ociRule({
  id: "MF-OCI-VCN-4",
  severity: "error",
  title: "Every subnet has VCN flow logs (on the subnet or its VCN)",
  fix: "Add an oci_logging_log (log_type SERVICE, source service flowlogs, category all, resource = the subnet) (OciNetwork does, per subnet).",
  mirrors: [],
  appliesTo: ["oci_core_subnet"],
  check: (subnet, ctx) => {
    if (logsOf(ctx, "flowlogs", subnet).length > 0) return [];
    const vcn = ctx.resolve(subnet.config.vcn_id, "oci_core_vcn");
    if (vcn && logsOf(ctx, "flowlogs", vcn).length > 0) return [];
    return ["has no enabled flow log (service flowlogs) on itself or its VCN"];
  },
});

export const loggingRules = [loadBalancerAccessLogs, wafLogs, bucketAccessLogs, subnetFlowLogs];
