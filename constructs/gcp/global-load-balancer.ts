import { Construct } from "constructs";
import { ComputeBackendService } from "@cdktf/provider-google/lib/compute-backend-service";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeGlobalForwardingRule } from "@cdktf/provider-google/lib/compute-global-forwarding-rule";
import { ComputeManagedSslCertificate } from "@cdktf/provider-google/lib/compute-managed-ssl-certificate";
import { ComputeSslPolicy } from "@cdktf/provider-google/lib/compute-ssl-policy";
import { ComputeTargetHttpProxy } from "@cdktf/provider-google/lib/compute-target-http-proxy";
import { ComputeTargetHttpsProxy } from "@cdktf/provider-google/lib/compute-target-https-proxy";
import { ComputeUrlMap } from "@cdktf/provider-google/lib/compute-url-map";
import { resourceName } from "../core/naming";
import type { DeploymentContext } from "../core/specs";
import { SECURITY_RESPONSE_HEADERS } from "./cdn";

/** Global external Application Load Balancer (Envoy-based), the scheme Cloud Armor and outlier detection need. */
export const LOAD_BALANCING_SCHEME = "EXTERNAL_MANAGED";
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export interface GcpGlobalLoadBalancerProps {
  readonly context: DeploymentContext;
  /** Public API host name; the Google-managed certificate covers it. */
  readonly domainName: string;
  /** Serverless NEG ids, one per region: the backends of the one API backend service. */
  readonly negIds: readonly string[];
  /** Cloud Armor backend security policy of the API. */
  readonly securityPolicyId: string;
  /** Backend bucket that serves `assetsPathPattern` (through Cloud CDN). */
  readonly assetsBackendBucketId: string;
  /**
   * Path pattern routed to the assets bucket.
   * @default "/assets/*"
   */
  readonly assetsPathPattern?: string;
  /**
   * Cloud CDN on the API backend service, caching only what the origin's
   * Cache-Control allows (USE_ORIGIN_HEADERS).
   * @default true
   */
  readonly apiCdn?: boolean;
  /**
   * SSL policy profile (TLS 1.2 minimum either way).
   * @default "MODERN"
   */
  readonly sslProfile?: "MODERN" | "RESTRICTED";
}

/**
 * The environment's public entry point on GCP: a global external
 * Application Load Balancer (EXTERNAL_MANAGED) on one anycast IPv4 address.
 *
 * - HTTPS with a Google-managed certificate and an SSL policy (MODERN or
 *   RESTRICTED, TLS >= 1.2); port 80 only redirects to HTTPS (301).
 * - One backend service over every region's serverless NEG: each request
 *   goes to the nearest region, and outlier detection ejects a region that
 *   keeps failing, so traffic moves to the next nearest healthy one.
 * - Cloud Armor on the backend service, Cloud CDN with origin-controlled
 *   caching, security response headers, request logging of every request.
 * - `/assets/*` goes to the assets backend bucket (Cloud CDN, edge policy).
 */
export class GcpGlobalLoadBalancer extends Construct {
  readonly address: ComputeGlobalAddress;
  readonly certificate: ComputeManagedSslCertificate;
  readonly sslPolicy: ComputeSslPolicy;
  readonly backendService: ComputeBackendService;
  readonly urlMap: ComputeUrlMap;
  readonly httpsProxy: ComputeTargetHttpsProxy;
  readonly httpsForwardingRule: ComputeGlobalForwardingRule;
  readonly redirectUrlMap: ComputeUrlMap;
  readonly httpProxy: ComputeTargetHttpProxy;
  readonly httpForwardingRule: ComputeGlobalForwardingRule;
  /** The anycast IPv4 address the DNS record points at. */
  readonly ipAddress: string;

  constructor(scope: Construct, id: string, props: GcpGlobalLoadBalancerProps) {
    super(scope, id);
    validate(props);
    const { context } = props;
    const name = (component: string) => resourceName(context, component);
    const apiCdn = props.apiCdn ?? true;

    this.address = new ComputeGlobalAddress(this, "address", { name: name("lb-ip"), addressType: "EXTERNAL", ipVersion: "IPV4" });
    this.ipAddress = this.address.address;
    this.certificate = new ComputeManagedSslCertificate(this, "certificate", {
      name: name("api-cert"),
      type: "MANAGED",
      managed: { domains: [props.domainName] },
      // The proxy must hold the new certificate before it lets go of the old one.
      lifecycle: { createBeforeDestroy: true },
    });
    this.sslPolicy = new ComputeSslPolicy(this, "ssl-policy", {
      name: name("tls"),
      description: "TLS 1.2 or newer, modern ciphers only",
      profile: props.sslProfile ?? "MODERN",
      minTlsVersion: "TLS_1_2",
    });

    this.backendService = new ComputeBackendService(this, "backend-service", {
      name: name("api-backend"),
      description: "MockForge API: every region's Cloud Run service",
      loadBalancingScheme: LOAD_BALANCING_SCHEME,
      protocol: "HTTPS",
      backend: props.negIds.map((group) => ({ group })),
      securityPolicy: props.securityPolicyId,
      // A region whose service keeps answering 5xx is ejected; requests go to the next nearest region.
      outlierDetection: {
        consecutiveErrors: 5,
        enforcingConsecutiveErrors: 100,
        interval: { seconds: 10 },
        baseEjectionTime: { seconds: 30 },
        maxEjectionPercent: 50,
      },
      enableCdn: apiCdn,
      cdnPolicy: apiCdn
        ? {
            // The server decides: only responses it marks cacheable are cached.
            cacheMode: "USE_ORIGIN_HEADERS",
            requestCoalescing: true,
            cacheKeyPolicy: { includeHost: true, includeProtocol: true, includeQueryString: true },
          }
        : undefined,
      customResponseHeaders: [...SECURITY_RESPONSE_HEADERS],
      logConfig: { enable: true, sampleRate: 1 },
    });

    this.urlMap = new ComputeUrlMap(this, "url-map", {
      name: name("api-urls"),
      description: "API to Cloud Run; assets to the CDN bucket",
      defaultService: this.backendService.id,
      hostRule: [{ hosts: [props.domainName], pathMatcher: "api" }],
      pathMatcher: [
        {
          name: "api",
          defaultService: this.backendService.id,
          pathRule: [{ paths: [props.assetsPathPattern ?? "/assets/*"], service: props.assetsBackendBucketId }],
        },
      ],
    });
    this.httpsProxy = new ComputeTargetHttpsProxy(this, "https-proxy", {
      name: name("https-proxy"),
      urlMap: this.urlMap.id,
      sslCertificates: [this.certificate.id],
      sslPolicy: this.sslPolicy.id,
    });
    this.httpsForwardingRule = new ComputeGlobalForwardingRule(this, "https-forwarding-rule", {
      name: name("https"),
      loadBalancingScheme: LOAD_BALANCING_SCHEME,
      ipProtocol: "TCP",
      portRange: "443",
      ipAddress: this.address.address,
      target: this.httpsProxy.id,
    });

    this.redirectUrlMap = new ComputeUrlMap(this, "redirect-url-map", {
      name: name("http-redirect"),
      description: "HTTP is only a redirect to HTTPS",
      defaultUrlRedirect: { httpsRedirect: true, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT", stripQuery: false },
    });
    this.httpProxy = new ComputeTargetHttpProxy(this, "http-proxy", { name: name("http-proxy"), urlMap: this.redirectUrlMap.id });
    this.httpForwardingRule = new ComputeGlobalForwardingRule(this, "http-forwarding-rule", {
      name: name("http"),
      loadBalancingScheme: LOAD_BALANCING_SCHEME,
      ipProtocol: "TCP",
      portRange: "80",
      ipAddress: this.address.address,
      target: this.httpProxy.id,
    });
  }
}

function validate(props: GcpGlobalLoadBalancerProps): void {
  if (!DNS_NAME.test(props.domainName)) throw new Error(`GcpGlobalLoadBalancer: domainName "${props.domainName}" is not a lower-case DNS host name.`);
  if (props.negIds.length === 0) throw new Error("GcpGlobalLoadBalancer: negIds is empty; give one serverless NEG per region.");
  const pattern = props.assetsPathPattern ?? "/assets/*";
  if (!/^\/[A-Za-z0-9._~\/-]*\*?$/.test(pattern)) {
    throw new Error(`GcpGlobalLoadBalancer: assetsPathPattern "${pattern}" is not a URL map path (starts with /, at most one trailing *).`);
  }
}
