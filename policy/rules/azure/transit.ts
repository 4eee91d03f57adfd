/** Encryption in transit: TLS-only storage, databases, Front Door and Container Apps ingress. */
import type { StackContext, TfBlock } from "../../engine/types";
import { azureRule, blocksOf, isFalse, isTrue, shown, stringsOf } from "./helpers";

const OLD_STORAGE_TLS = new Set(["TLS1_0", "TLS1_1"]);

export const storageTlsOnly = azureRule({
  id: "MF-AZURE-ST-2",
  severity: "error",
  title: "Storage accounts accept HTTPS only, with TLS 1.2 or newer",
  fix: "Leave https_traffic_only_enabled true and set min_tls_version = TLS1_2 (the provider defaults; never weaken them).",
  mirrors: ["CKV_AZURE_3", "CKV_AZURE_44", "AVD-AZU-0008", "AVD-AZU-0011"],
  appliesTo: ["azurerm_storage_account"],
  check: ({ config }) => {
    const problems: string[] = [];
    // enable_https_traffic_only is the pre-4.0 name of the same setting.
    for (const key of ["https_traffic_only_enabled", "enable_https_traffic_only"]) {
      if (isFalse(config[key])) problems.push(`${key} is false: blobs can be read and written over plain HTTP`);
    }
    if (OLD_STORAGE_TLS.has(config.min_tls_version)) problems.push(`min_tls_version is ${config.min_tls_version}: clients may negotiate TLS older than 1.2`);
    return problems;
  },
});

/** The server parameters of a Flexible Server set in this stack, by name (lower case). */
function serverParameters(server: TfBlock, ctx: StackContext): Map<string, string> {
  return new Map(
    ctx
      .referrers(server, "azurerm_postgresql_flexible_server_configuration", "server_id")
      .map((c) => [String(c.config.name).toLowerCase(), String(c.config.value)] as const),
  );
}

const POSTGRES_TLS = new Set(["TLSv1.2", "TLSv1.3"]);

export const postgresTlsEnforced = azureRule({
  id: "MF-AZURE-PG-1",
  severity: "error",
  title: "Flexible Servers refuse unencrypted connections: require_secure_transport = on and ssl_min_protocol_version TLSv1.2+, pinned in Terraform",
  fix: "Add azurerm_postgresql_flexible_server_configuration resources for the server: require_secure_transport = on and ssl_min_protocol_version = TLSv1.2 (AzurePostgres does, on every server).",
  mirrors: [],
  appliesTo: ["azurerm_postgresql_flexible_server"],
  check: (server, ctx) => {
    const params = serverParameters(server, ctx);
    const problems: string[] = [];
    const secure = params.get("require_secure_transport");
    if (secure === undefined) {
      problems.push("require_secure_transport is not managed here: a change in the portal would let clients connect without TLS and Terraform would never revert it");
    } else if (secure.toLowerCase() !== "on") {
      problems.push(`require_secure_transport is ${JSON.stringify(secure)}: clients may connect without TLS`);
    }
    const minimum = params.get("ssl_min_protocol_version");
    if (minimum === undefined) problems.push("ssl_min_protocol_version is not managed here; pin it to TLSv1.2");
    else if (!POSTGRES_TLS.has(minimum)) problems.push(`ssl_min_protocol_version is ${minimum}; use TLSv1.2 or TLSv1.3`);
    return problems;
  },
});

const FRONT_DOOR_TLS = new Set(["TLS12", "TLS13"]);

export const frontDoorDomainTls = azureRule({
  id: "MF-AZURE-FD-1",
  severity: "error",
  title: "Front Door custom domains accept TLS 1.2 or newer only",
  fix: "Set tls { minimum_tls_version = TLS12 } on the azurerm_cdn_frontdoor_custom_domain (the provider default).",
  mirrors: [],
  appliesTo: ["azurerm_cdn_frontdoor_custom_domain"],
  check: ({ config }) => {
    const tls = blocksOf(config.tls)[0];
    if (tls?.minimum_tls_version === undefined) return [];
    return FRONT_DOOR_TLS.has(tls.minimum_tls_version) ? [] : [`tls.minimum_tls_version is ${tls.minimum_tls_version}: clients may negotiate TLS 1.0`];
  },
});

export const frontDoorHttpsOnly = azureRule({
  id: "MF-AZURE-FD-2",
  severity: "error",
  title: "Front Door routes serve clients over HTTPS only (plain HTTP at most redirected to HTTPS)",
  fix: 'Set supported_protocols = ["Https"], or keep "Http" only with https_redirect_enabled = true.',
  mirrors: [],
  appliesTo: ["azurerm_cdn_frontdoor_route"],
  check: ({ config }) => {
    const protocols = stringsOf(config.supported_protocols);
    if (!protocols.includes("Http")) return [];
    return isFalse(config.https_redirect_enabled) ? ["accepts Http with https_redirect_enabled false: requests and responses travel in clear text"] : [];
  },
});

export const frontDoorOriginTls = azureRule({
  id: "MF-AZURE-FD-3",
  severity: "error",
  title: "Front Door reaches origins over HTTPS only and verifies their certificates",
  fix: "Set forwarding_protocol = HttpsOnly on every route and certificate_name_check_enabled = true on every origin.",
  mirrors: [],
  appliesTo: ["azurerm_cdn_frontdoor_route", "azurerm_cdn_frontdoor_origin"],
  check: ({ type, config }) => {
    if (type === "azurerm_cdn_frontdoor_origin") {
      return isTrue(config.certificate_name_check_enabled)
        ? []
        : [`certificate_name_check_enabled is ${shown(config.certificate_name_check_enabled)}: anyone able to answer for the origin's address can impersonate it`];
    }
    return config.forwarding_protocol === "HttpsOnly" ? [] : [`forwarding_protocol is ${shown(config.forwarding_protocol)}: Front Door may reach the origin over plain HTTP`];
  },
});

export const containerAppHttpsOnly = azureRule({
  id: "MF-AZURE-APP-1",
  severity: "error",
  title: "Container Apps ingress refuses plain HTTP (it redirects to HTTPS)",
  fix: "Leave ingress.allow_insecure_connections false (the default).",
  mirrors: [],
  appliesTo: ["azurerm_container_app"],
  check: ({ config }) =>
    blocksOf(config.ingress).some((i) => isTrue(i.allow_insecure_connections)) ? ["ingress.allow_insecure_connections is true: the app is served over plain HTTP"] : [],
});

export const transitRules = [storageTlsOnly, postgresTlsEnforced, frontDoorDomainTls, frontDoorHttpsOnly, frontDoorOriginTls, containerAppHttpsOnly];
