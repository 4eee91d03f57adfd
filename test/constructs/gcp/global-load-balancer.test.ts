import { GcpGlobalLoadBalancer, LOAD_BALANCING_SCHEME, type GcpGlobalLoadBalancerProps } from "../../../constructs/gcp/global-load-balancer";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { configOf, ref } from "./fixtures";

const context = { cloud: "gcp" as const, environment: "prod", region: "global", primary: true };
const negIds = ["projects/p/regions/us-central1/networkEndpointGroups/a", "projects/p/regions/europe-west1/networkEndpointGroups/b", "projects/p/regions/asia-south1/networkEndpointGroups/c"];
const props: GcpGlobalLoadBalancerProps = {
  context,
  domainName: "api.mockforge.cloud",
  negIds,
  securityPolicyId: "projects/p/global/securityPolicies/api",
  assetsBackendBucketId: "projects/p/global/backendBuckets/assets",
};
const synth = (overrides: Partial<GcpGlobalLoadBalancerProps> = {}): SynthJson => synthJson((scope) => new GcpGlobalLoadBalancer(scope, "lb", { ...props, ...overrides }));

describe("GcpGlobalLoadBalancer", () => {
  const json = synth();
  const backend = onlyConfigOf(json, "google_compute_backend_service");
  const rules = configsOf(json, "google_compute_global_forwarding_rule");
  const urlMap = configOf(json, "google_compute_url_map", "lb_url-map");
  const redirect = configOf(json, "google_compute_url_map", "lb_redirect-url-map");

  it("is a global external Application Load Balancer (EXTERNAL_MANAGED)", () => {
    expect(LOAD_BALANCING_SCHEME).toBe("EXTERNAL_MANAGED");
    expect(backend.load_balancing_scheme).toBe("EXTERNAL_MANAGED");
    for (const rule of rules) expect(rule).toMatchObject({ load_balancing_scheme: "EXTERNAL_MANAGED", ip_address: ref(json, "google_compute_global_address", "", "address") });
    expect(onlyConfigOf(json, "google_compute_global_address")).toMatchObject({ address_type: "EXTERNAL", ip_version: "IPV4" });
  });

  it("terminates HTTPS with a Google-managed certificate for the API name", () => {
    expect(onlyConfigOf(json, "google_compute_managed_ssl_certificate")).toMatchObject({ type: "MANAGED", managed: { domains: ["api.mockforge.cloud"] } });
    expect(onlyConfigOf(json, "google_compute_target_https_proxy")).toMatchObject({
      ssl_certificates: [ref(json, "google_compute_managed_ssl_certificate", "", "id")],
      url_map: ref(json, "google_compute_url_map", "lb_url-map", "id"),
    });
    expect(rules.find((r) => r.port_range === "443")!.target).toBe(ref(json, "google_compute_target_https_proxy", "", "id"));
  });

  it("enforces TLS 1.2 or newer with the MODERN (or RESTRICTED) profile", () => {
    expect(onlyConfigOf(json, "google_compute_ssl_policy")).toMatchObject({ profile: "MODERN", min_tls_version: "TLS_1_2" });
    expect(onlyConfigOf(json, "google_compute_target_https_proxy").ssl_policy).toBe(ref(json, "google_compute_ssl_policy", "", "id"));
    expect(onlyConfigOf(synth({ sslProfile: "RESTRICTED" }), "google_compute_ssl_policy").profile).toBe("RESTRICTED");
  });

  it("redirects HTTP to HTTPS on port 80, and serves nothing there", () => {
    expect(redirect.default_url_redirect).toEqual({ https_redirect: true, redirect_response_code: "MOVED_PERMANENTLY_DEFAULT", strip_query: false });
    expect(redirect.default_service).toBeUndefined();
    expect(onlyConfigOf(json, "google_compute_target_http_proxy").url_map).toBe(ref(json, "google_compute_url_map", "lb_redirect-url-map", "id"));
    expect(rules.find((r) => r.port_range === "80")!.target).toBe(ref(json, "google_compute_target_http_proxy", "", "id"));
  });

  it("puts one serverless NEG per region behind one backend service", () => {
    expect(backend.backend).toEqual(negIds.map((group) => ({ group })));
    expect(configsOf(json, "google_compute_backend_service")).toHaveLength(1);
  });

  it("ejects a failing region so traffic goes to the nearest healthy one", () => {
    expect(backend.outlier_detection).toMatchObject({ consecutive_errors: 5, enforcing_consecutive_errors: 100, interval: { seconds: 10 }, base_ejection_time: { seconds: 30 } });
  });

  it("attaches Cloud Armor to the backend service", () => {
    expect(backend.security_policy).toBe(props.securityPolicyId);
  });

  it("caches the API with Cloud CDN only as the origin's headers allow", () => {
    expect(backend.enable_cdn).toBe(true);
    expect(backend.cdn_policy).toMatchObject({ cache_mode: "USE_ORIGIN_HEADERS" });
    expect(backend.cdn_policy.default_ttl).toBeUndefined();
    const off = onlyConfigOf(synth({ apiCdn: false }), "google_compute_backend_service");
    expect(off.enable_cdn).toBe(false);
    expect(off.cdn_policy).toBeUndefined();
  });

  it("logs every request", () => {
    expect(backend.log_config).toEqual({ enable: true, sample_rate: 1 });
  });

  it("routes the API name to the backend service and /assets/* to the CDN bucket", () => {
    const service = ref(json, "google_compute_backend_service", "", "id");
    expect(urlMap).toMatchObject({
      default_service: service,
      host_rule: [{ hosts: ["api.mockforge.cloud"], path_matcher: "api" }],
      path_matcher: [{ name: "api", default_service: service, path_rule: [{ paths: ["/assets/*"], service: props.assetsBackendBucketId }] }],
    });
  });

  it.each<[string, Partial<GcpGlobalLoadBalancerProps>, RegExp]>([
    ["no regions", { negIds: [] }, /negIds is empty/],
    ["an upper-case domain", { domainName: "API.mockforge.cloud" }, /domainName "API.mockforge.cloud"/],
    ["a path pattern without a slash", { assetsPathPattern: "assets/*" }, /assetsPathPattern "assets\/\*"/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
