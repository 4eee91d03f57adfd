/** Encryption in transit: TLS-only databases, TLS >= 1.2 at the load balancer (and its Cloud CDN), HTTP only redirecting. */
import type { StackContext, TfBlock } from "../../engine/types";
import { blockOf, findTarget, gcpRule, isTrue, shown, sqlSettings } from "./helpers";

const TLS_ONLY_SSL_MODES = ["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];

export const sqlTlsOnly = gcpRule({
  id: "MF-GCP-SQL-2",
  severity: "error",
  title: "Cloud SQL refuses unencrypted connections (ssl_mode ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED)",
  fix: "Set settings.ip_configuration.ssl_mode = ENCRYPTED_ONLY (GcpPostgres does); clients connect with sslmode=require or stricter.",
  mirrors: ["CKV_GCP_6", "AVD-GCP-0015"],
  appliesTo: ["google_sql_database_instance"],
  check: (db) => {
    const ip = blockOf(sqlSettings(db).ip_configuration);
    if (TLS_ONLY_SSL_MODES.includes(ip.ssl_mode)) return [];
    // The deprecated require_ssl still counts when ssl_mode is not set.
    if (ip.ssl_mode === undefined && isTrue(ip.require_ssl)) return [];
    return [`settings.ip_configuration.ssl_mode is ${shown(ip.ssl_mode)}: clients may connect without TLS`];
  },
});

const MODERN_TLS = ["TLS_1_2", "TLS_1_3"];
export const SSL_POLICY_TYPES = ["google_compute_ssl_policy", "google_compute_region_ssl_policy"];

/** What is weak about an SSL policy (TLS versions or ciphers), empty when it is TLS >= 1.2 with MODERN/RESTRICTED/CUSTOM ciphers. */
export function sslPolicyProblems(policy: TfBlock): string[] {
  const problems: string[] = [];
  const version = policy.config.min_tls_version ?? "TLS_1_0";
  if (!MODERN_TLS.includes(version)) problems.push(`min_tls_version is ${shown(policy.config.min_tls_version)}${policy.config.min_tls_version === undefined ? " (TLS_1_0 by default)" : ""}: TLS 1.0 and 1.1 clients are accepted`);
  const profile = policy.config.profile ?? "COMPATIBLE";
  if (profile === "COMPATIBLE") problems.push(`profile is ${shown(policy.config.profile)}${policy.config.profile === undefined ? " (COMPATIBLE by default)" : ""}, which keeps weak CBC and 3DES cipher suites`);
  return problems;
}

export const sslPolicyModern = gcpRule({
  id: "MF-GCP-LB-1",
  severity: "error",
  title: "SSL policies accept TLS 1.2 or newer only, with MODERN, RESTRICTED or CUSTOM cipher suites",
  fix: "Set min_tls_version = TLS_1_2 and profile = MODERN (or RESTRICTED) on the google_compute_ssl_policy.",
  mirrors: ["CKV_GCP_4", "AVD-GCP-0039"],
  appliesTo: SSL_POLICY_TYPES,
  check: (policy) => sslPolicyProblems(policy),
});

export const proxyHasSslPolicy = gcpRule({
  id: "MF-GCP-LB-2",
  severity: "error",
  title: "HTTPS and SSL proxies (the load balancer and its Cloud CDN) use an SSL policy of TLS 1.2 or newer, not Google's default",
  fix: "Set ssl_policy on the target proxy to a google_compute_ssl_policy with min_tls_version TLS_1_2 and profile MODERN (GcpGlobalLoadBalancer does).",
  mirrors: [],
  appliesTo: ["google_compute_target_https_proxy", "google_compute_region_target_https_proxy", "google_compute_target_ssl_proxy"],
  check: (proxy, ctx) => {
    const ref = proxy.config.ssl_policy;
    if (!ref) return ["has no ssl_policy: Google's default policy (COMPATIBLE) accepts TLS 1.0 and 1.1"];
    const policy = findTarget(ctx, ref, SSL_POLICY_TYPES);
    if (!policy) return [`ssl_policy ${shown(ref)} is not an SSL policy of this stack, so its TLS versions cannot be verified`];
    return sslPolicyProblems(policy).length > 0 ? [`uses ${policy.address}, which accepts TLS older than 1.2 or weak ciphers`] : [];
  },
});

const URL_MAP_TYPES = ["google_compute_url_map", "google_compute_region_url_map"];

/** Why a URL map serves content rather than only redirecting to HTTPS, or empty when it only redirects. */
function redirectProblems(urlMap: TfBlock): string[] {
  const { config } = urlMap;
  const problems: string[] = [];
  const redirect = blockOf(config.default_url_redirect);
  if (!isTrue(redirect.https_redirect)) problems.push(`${urlMap.address} has no default_url_redirect with https_redirect = true`);
  const serving = ["default_service", "default_route_action", "host_rule", "path_matcher"].filter((k) => config[k] !== undefined && config[k] !== null);
  if (serving.length > 0) problems.push(`${urlMap.address} routes plain-HTTP requests to backends (${serving.join(", ")})`);
  return problems;
}

function urlMapOf(proxy: TfBlock, ctx: StackContext): TfBlock | undefined {
  return findTarget(ctx, proxy.config.url_map, URL_MAP_TYPES);
}

export const httpOnlyRedirects = gcpRule({
  id: "MF-GCP-LB-3",
  severity: "error",
  title: "Plain-HTTP proxies only redirect to HTTPS: their URL map is a default_url_redirect with https_redirect, routing to no backend",
  fix: "Give the target HTTP proxy a URL map with only default_url_redirect { https_redirect = true, redirect_response_code = MOVED_PERMANENTLY_DEFAULT }.",
  mirrors: ["CKV2_GCP_37", "CKV2_GCP_38"],
  appliesTo: ["google_compute_target_http_proxy", "google_compute_region_target_http_proxy"],
  check: (proxy, ctx) => {
    const urlMap = urlMapOf(proxy, ctx);
    if (!urlMap) return [`url_map ${shown(proxy.config.url_map)} is not a URL map of this stack, so whether it only redirects cannot be verified`];
    return redirectProblems(urlMap);
  },
});

export const transitRules = [sqlTlsOnly, sslPolicyModern, proxyHasSslPolicy, httpOnlyRedirects];
