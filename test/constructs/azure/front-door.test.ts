import { TerraformOutput } from "cdktf";
import { AzureEdgeAlarms, FRONT_DOOR_P95_QUERY } from "../../../constructs/azure/edge-alarms";
import { AzureFrontDoor, COMPRESSED_CONTENT_TYPES, type AzureFrontDoorProps } from "../../../constructs/azure/front-door";
import { AzureFrontDoorProfile, FRONT_DOOR_SKU } from "../../../constructs/azure/front-door-profile";
import { configsOf, dataOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";
import { configOf, ref } from "./fixtures";

const baseProps: AzureFrontDoorProps = {
  namePrefix: "mockforge-prod-glb-fd",
  profileId: "profile-id",
  domainName: "api.mockforge.cloud",
  dnsZoneName: "mockforge.cloud",
  dnsZoneResourceGroupName: "mockforge-dns",
  apiOrigins: [
    { name: "eastus", hostName: "app-eus.example.azurecontainerapps.io" },
    { name: "westeurope", hostName: "app-weu.example.azurecontainerapps.io" },
    { name: "centralindia", hostName: "app-cin.example.azurecontainerapps.io" },
  ],
  healthProbePath: "/health/ready",
  assetsOriginHost: "mfprodeusst123456.z13.web.core.windows.net",
  assetsPathPattern: "/assets/*",
  wafPolicyId: "waf-id",
};

function synth(overrides: Partial<AzureFrontDoorProps> = {}): SynthJson {
  return synthJson((scope) => {
    const fd = new AzureFrontDoor(scope, "fd", { ...baseProps, ...overrides });
    new TerraformOutput(scope, "host", { value: fd.endpointHostName });
  });
}

describe("AzureFrontDoorProfile", () => {
  it("is Front Door Premium (managed WAF rule sets need it) and exposes the id sent as X-Azure-FDID", () => {
    const json = synthJson((scope) => {
      const profile = new AzureFrontDoorProfile(scope, "profile", { name: "mockforge-prod-glb-fd", resourceGroupName: "rg" });
      new TerraformOutput(scope, "fdid", { value: profile.resourceGuid });
    });
    expect(onlyConfigOf(json, "azurerm_cdn_frontdoor_profile")).toMatchObject({ sku_name: FRONT_DOOR_SKU, response_timeout_seconds: 60 });
    expect(FRONT_DOOR_SKU).toBe("Premium_AzureFrontDoor");
    expect((json.output as any).fdid.value).toBe(ref(json, "azurerm_cdn_frontdoor_profile", "profile", "resource_guid"));
  });
});

describe("AzureFrontDoor", () => {
  const json = synth();
  const apiGroup = configOf(json, "azurerm_cdn_frontdoor_origin_group", "api-origin-group");
  const apiRoute = configOf(json, "azurerm_cdn_frontdoor_route", "api-route");
  const assetsRoute = configOf(json, "azurerm_cdn_frontdoor_route", "assets-route");
  const domain = onlyConfigOf(json, "azurerm_cdn_frontdoor_custom_domain");

  it("has one API origin group over every region's app, probing the readiness path over HTTPS", () => {
    expect(apiGroup.health_probe).toEqual({ protocol: "Https", request_type: "GET", path: "/health/ready", interval_in_seconds: 30 });
    const origins = configsOf(json, "azurerm_cdn_frontdoor_origin").filter((o) => o.cdn_frontdoor_origin_group_id === ref(json, "azurerm_cdn_frontdoor_origin_group", "api-origin-group"));
    expect(origins.map((o) => o.name).sort()).toEqual(["centralindia", "eastus", "westeurope"]);
    for (const origin of origins) {
      expect(origin.origin_host_header).toBe(origin.host_name);
      expect(origin).toMatchObject({ certificate_name_check_enabled: true, https_port: 443, enabled: true, priority: 1, weight: 1000 });
    }
  });

  it("routes by latency: equal priority and weight, origins within 50 ms of the fastest share traffic", () => {
    expect(apiGroup.load_balancing).toEqual({ sample_size: 4, successful_samples_required: 3, additional_latency_in_milliseconds: 50 });
    expect(apiGroup.session_affinity_enabled).toBe(false);
  });

  it("serves HTTPS only on the custom domain, forwarding over HTTPS, never on the default azurefd.net name", () => {
    for (const route of [apiRoute, assetsRoute]) {
      expect(route).toMatchObject({ supported_protocols: ["Https"], https_redirect_enabled: false, forwarding_protocol: "HttpsOnly", link_to_default_domain: false });
      expect(route.cdn_frontdoor_custom_domain_ids).toEqual([ref(json, "azurerm_cdn_frontdoor_custom_domain", "custom-domain")]);
    }
  });

  it("uses a Front Door managed certificate with TLS 1.2 minimum", () => {
    expect(domain).toMatchObject({ host_name: "api.mockforge.cloud", tls: { certificate_type: "ManagedCertificate", minimum_tls_version: "TLS12" } });
    expect(domain.dns_zone_id).toMatch(/^\$\{data\.azurerm_dns_zone\..*\.id\}$/);
    expect(dataOf(json, "azurerm_dns_zone")).toEqual([expect.objectContaining({ name: "mockforge.cloud", resource_group_name: "mockforge-dns" })]);
  });

  it("never caches the API and caches (compressed) static assets from storage", () => {
    expect(apiRoute.patterns_to_match).toEqual(["/*"]);
    expect(apiRoute.cache).toBeUndefined();
    expect(assetsRoute.patterns_to_match).toEqual(["/assets/*"]);
    expect(assetsRoute.cache).toEqual({ query_string_caching_behavior: "IgnoreQueryString", compression_enabled: true, content_types_to_compress: COMPRESSED_CONTENT_TYPES });
    const assetsOrigin = configOf(json, "azurerm_cdn_frontdoor_origin", "assets-origin");
    expect(assetsOrigin).toMatchObject({ host_name: baseProps.assetsOriginHost, origin_host_header: baseProps.assetsOriginHost, certificate_name_check_enabled: true });
    expect(assetsRoute.cdn_frontdoor_origin_group_id).toBe(ref(json, "azurerm_cdn_frontdoor_origin_group", "assets-origin-group"));
  });

  it("attaches the WAF policy to the domain through a security policy", () => {
    expect(onlyConfigOf(json, "azurerm_cdn_frontdoor_security_policy").security_policies).toEqual({
      firewall: {
        cdn_frontdoor_firewall_policy_id: "waf-id",
        association: { domain: [{ cdn_frontdoor_domain_id: ref(json, "azurerm_cdn_frontdoor_custom_domain", "custom-domain") }], patterns_to_match: ["/*"] },
      },
    });
  });

  it("validates the domain with a TXT record and points it at the endpoint once routes and WAF are in place", () => {
    expect(onlyConfigOf(json, "azurerm_dns_txt_record")).toMatchObject({ name: "_dnsauth.api", record: [{ value: ref(json, "azurerm_cdn_frontdoor_custom_domain", "custom-domain", "validation_token") }] });
    const cname = onlyConfigOf(json, "azurerm_dns_cname_record");
    expect(cname).toMatchObject({ name: "api", record: ref(json, "azurerm_cdn_frontdoor_endpoint", "endpoint", "host_name") });
    expect(cname.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_cdn_frontdoor_security_policy\./), expect.stringMatching(/^azurerm_cdn_frontdoor_route\./)]));
    expect(resourcesOf(json, "azurerm_cdn_frontdoor_custom_domain_association")).toHaveLength(1);
  });

  it("uses an alias A record when the API is the zone apex", () => {
    const apex = synth({ domainName: "mockforge.cloud" });
    expect(configsOf(apex, "azurerm_dns_cname_record")).toHaveLength(0);
    expect(onlyConfigOf(apex, "azurerm_dns_a_record")).toMatchObject({ name: "@", target_resource_id: ref(apex, "azurerm_cdn_frontdoor_endpoint", "endpoint") });
    expect(onlyConfigOf(apex, "azurerm_dns_txt_record").name).toBe("_dnsauth");
  });

  it.each([
    [{ domainName: "api.example.com" }, /domainName "api.example.com" is not inside dnsZoneName "mockforge.cloud"/],
    [{ apiOrigins: [] }, /apiOrigins is empty/],
    [{ assetsPathPattern: "/*" }, /would shadow the API route/],
    [{ healthProbePath: "health" }, /healthProbePath "health" must be an absolute path/],
  ])("rejects %j", (overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});

describe("AzureEdgeAlarms", () => {
  const json = synthJson(
    (scope) =>
      new AzureEdgeAlarms(scope, "alarms", {
        namePrefix: "mockforge-prod-glb-fd",
        environment: "prod",
        resourceGroupName: "rg",
        location: "eastus",
        profileId: "profile-id",
        logAnalyticsWorkspaceId: "workspace-id",
        http5xxPercent: 1,
        latencyP95Milliseconds: 500,
        periodMinutes: 5,
        emails: ["oncall@mockforge.cloud"],
      }),
  );
  const alerts = configsOf(json, "azurerm_monitor_metric_alert");

  it("alarms on the share of 5xx responses and on latency, at Front Door, to an action group", () => {
    const metric = (name: string) => alerts.find((a) => a.criteria[0].metric_name === name)!;
    expect(metric("Percentage5XX").criteria[0]).toMatchObject({ metric_namespace: "Microsoft.Cdn/profiles", operator: "GreaterThan", threshold: 1 });
    expect(metric("TotalLatency").criteria[0]).toMatchObject({ operator: "GreaterThan", threshold: 500 });
    for (const alert of alerts) {
      expect(alert).toMatchObject({ scopes: ["profile-id"], window_size: "PT5M" });
      expect(alert.action).toEqual([{ action_group_id: ref(json, "azurerm_monitor_action_group", "action-group") }]);
    }
    expect(onlyConfigOf(json, "azurerm_monitor_action_group").email_receiver).toHaveLength(1);
  });

  it("alarms on the p95 latency with a log search alert over Front Door's access logs (metric alerts have no percentiles)", () => {
    const p95 = onlyConfigOf(json, "azurerm_monitor_scheduled_query_rules_alert_v2");
    expect(p95).toMatchObject({ scopes: ["workspace-id"], location: "eastus", window_duration: "PT5M", evaluation_frequency: "PT5M", enabled: true, severity: 1, skip_query_validation: true });
    expect(p95.criteria).toEqual([
      expect.objectContaining({ query: FRONT_DOOR_P95_QUERY, metric_measure_column: "p95_ms", time_aggregation_method: "Maximum", operator: "GreaterThan", threshold: 500 }),
    ]);
    expect(FRONT_DOOR_P95_QUERY).toMatch(/Category == "FrontDoorAccessLog"[\s\S]*percentile\(todouble\(timeTaken_s\), 95\) \* 1000/);
    expect(p95.action).toEqual({ action_groups: [ref(json, "azurerm_monitor_action_group", "action-group")] });
  });
});
