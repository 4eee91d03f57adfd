import { GcpAssetsCdn, SECURITY_RESPONSE_HEADERS, type GcpAssetsCdnProps } from "../../../constructs/gcp/cdn";
import { onlyConfigOf, synthJson } from "../../support/synth";

const context = { cloud: "gcp" as const, environment: "prod", region: "global", primary: true };
const props: GcpAssetsCdnProps = { context, bucketName: "mockforge-prod-usc1-assets-mockforge-prod", edgeSecurityPolicyId: "projects/p/global/securityPolicies/edge" };
const synth = (overrides: Partial<GcpAssetsCdnProps> = {}) => synthJson((scope) => new GcpAssetsCdn(scope, "cdn", { ...props, ...overrides }));

describe("GcpAssetsCdn", () => {
  const json = synth();
  const backend = onlyConfigOf(json, "google_compute_backend_bucket");

  it("serves the assets bucket through Cloud CDN", () => {
    expect(backend).toMatchObject({ bucket_name: props.bucketName, enable_cdn: true, compression_mode: "AUTOMATIC" });
    expect(backend.cdn_policy).toMatchObject({ cache_mode: "CACHE_ALL_STATIC", default_ttl: 3600, max_ttl: 86400, request_coalescing: true, negative_caching: true });
  });

  it("puts the Cloud Armor edge policy in front of the cache", () => {
    expect(backend.edge_security_policy).toBe(props.edgeSecurityPolicyId);
  });

  it("adds security headers to every response", () => {
    expect(backend.custom_response_headers).toEqual([...SECURITY_RESPONSE_HEADERS]);
    expect(SECURITY_RESPONSE_HEADERS[0]).toMatch(/^Strict-Transport-Security: max-age=31536000/);
  });

  it("keeps the bucket private: only Cloud CDN's fill agent may read it, before the backend exists", () => {
    const grant = onlyConfigOf(json, "google_storage_bucket_iam_member");
    expect(grant).toMatchObject({ bucket: props.bucketName, role: "roles/storage.objectViewer" });
    expect(grant.member).toMatch(/^serviceAccount:service-\$\{data\.google_project\.[^}]+\.number\}@cloud-cdn-fill\.iam\.gserviceaccount\.com$/);
    expect(backend.depends_on).toHaveLength(1);
  });

  it("rejects a max TTL below the default", () => {
    expect(() => synth({ maxTtlSeconds: 60 })).toThrow(/maxTtlSeconds 60 is invalid/);
  });
});
