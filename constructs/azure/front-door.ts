import { Construct } from "constructs";
import { CdnFrontdoorCustomDomain } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain";
import { CdnFrontdoorCustomDomainAssociation } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain-association";
import { CdnFrontdoorEndpoint } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-endpoint";
import { CdnFrontdoorOrigin } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-origin";
import { CdnFrontdoorOriginGroup } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-origin-group";
import { CdnFrontdoorRoute } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-route";
import { CdnFrontdoorSecurityPolicy } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-security-policy";
import { DataAzurermDnsZone } from "@cdktf/provider-azurerm/lib/data-azurerm-dns-zone";
import { DnsARecord } from "@cdktf/provider-azurerm/lib/dns-a-record";
import { DnsCnameRecord } from "@cdktf/provider-azurerm/lib/dns-cname-record";
import { DnsTxtRecord } from "@cdktf/provider-azurerm/lib/dns-txt-record";

/** Content types Front Door compresses on the cached assets route. */
export const COMPRESSED_CONTENT_TYPES = [
  "application/javascript",
  "application/json",
  "image/svg+xml",
  "text/css",
  "text/html",
  "text/javascript",
  "text/plain",
];
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const DNS_TTL_SECONDS = 3600;

/** One region's Container App, as an origin of the API origin group. */
export interface FrontDoorApiOrigin {
  /** Stable origin name (the region), e.g. `eastus`. */
  readonly name: string;
  /** The app's ingress FQDN. */
  readonly hostName: string;
}

export interface AzureFrontDoorProps {
  /** Prefix of every child name, e.g. `mockforge-prod-glb`. */
  readonly namePrefix: string;
  /** The profile (from the global stack). */
  readonly profileId: string;
  /** Public API host name, e.g. `api.mockforge.cloud`; inside `dnsZoneName`. */
  readonly domainName: string;
  /** Existing public Azure DNS zone that holds the API record. */
  readonly dnsZoneName: string;
  readonly dnsZoneResourceGroupName: string;
  /** Every region's app; Front Door sends each request to the fastest healthy one. */
  readonly apiOrigins: readonly FrontDoorApiOrigin[];
  /** Path of the readiness probe on the apps. */
  readonly healthProbePath: string;
  /** Host of the static website endpoint serving the assets (primary region's storage). */
  readonly assetsOriginHost: string;
  /** Path pattern served from storage and cached, e.g. `/assets/*`. */
  readonly assetsPathPattern: string;
  /** The WAF policy protecting the domain. */
  readonly wafPolicyId: string;
  /**
   * Origins within this many milliseconds of the fastest also get traffic (latency-based routing).
   * @default 50
   */
  readonly additionalLatencyMilliseconds?: number;
  /**
   * Seconds between health probes from each Front Door location.
   * @default 30
   */
  readonly healthProbeIntervalSeconds?: number;
}

/**
 * The environment's public entry point on Front Door Premium: one endpoint
 * serving the API domain only (HTTPS only, a Front Door managed certificate,
 * TLS 1.2 minimum), an API origin group over every region's Container App
 * (health probe on the readiness path, latency-based routing, never cached)
 * and a cached route for static assets from the primary region's storage
 * website endpoint. The WAF policy is attached through a security policy;
 * DNS records validate the domain and point it at the endpoint.
 */
export class AzureFrontDoor extends Construct {
  readonly endpoint: CdnFrontdoorEndpoint;
  readonly apiOriginGroup: CdnFrontdoorOriginGroup;
  readonly apiOrigins: readonly CdnFrontdoorOrigin[];
  readonly assetsOriginGroup: CdnFrontdoorOriginGroup;
  readonly assetsOrigin: CdnFrontdoorOrigin;
  readonly apiRoute: CdnFrontdoorRoute;
  readonly assetsRoute: CdnFrontdoorRoute;
  readonly customDomain: CdnFrontdoorCustomDomain;
  readonly customDomainAssociation: CdnFrontdoorCustomDomainAssociation;
  readonly securityPolicy: CdnFrontdoorSecurityPolicy;
  readonly validationRecord: DnsTxtRecord;
  /** CNAME to the endpoint, or an alias A record when the domain is the zone apex. */
  readonly routingRecord: DnsCnameRecord | DnsARecord;
  /** Host name of the endpoint (`<name>-<hash>.z01.azurefd.net`). */
  readonly endpointHostName: string;

  constructor(scope: Construct, id: string, props: AzureFrontDoorProps) {
    super(scope, id);
    validate(props);
    const prefix = props.namePrefix;
    const profile = { cdnFrontdoorProfileId: props.profileId };
    const zone = new DataAzurermDnsZone(this, "zone", { name: props.dnsZoneName, resourceGroupName: props.dnsZoneResourceGroupName });

    this.endpoint = new CdnFrontdoorEndpoint(this, "endpoint", { ...profile, name: `${prefix}-api`, enabled: true });
    this.endpointHostName = this.endpoint.hostName;

    this.apiOriginGroup = new CdnFrontdoorOriginGroup(this, "api-origin-group", {
      ...profile,
      name: `${prefix}-api`,
      sessionAffinityEnabled: false,
      restoreTrafficTimeToHealedOrNewEndpointInMinutes: 5,
      healthProbe: { protocol: "Https", requestType: "GET", path: props.healthProbePath, intervalInSeconds: props.healthProbeIntervalSeconds ?? 30 },
      loadBalancing: { sampleSize: 4, successfulSamplesRequired: 3, additionalLatencyInMilliseconds: props.additionalLatencyMilliseconds ?? 50 },
    });
    // Equal priority and weight: Front Door picks among healthy origins by measured latency.
    this.apiOrigins = props.apiOrigins.map(
      (origin) =>
        new CdnFrontdoorOrigin(this, `api-origin-${origin.name}`, {
          name: origin.name,
          cdnFrontdoorOriginGroupId: this.apiOriginGroup.id,
          enabled: true,
          hostName: origin.hostName,
          // Container Apps routes by host name: send the app's own.
          originHostHeader: origin.hostName,
          httpsPort: 443,
          certificateNameCheckEnabled: true,
          priority: 1,
          weight: 1000,
        }),
    );

    // A single origin needs no health probe (Front Door would send traffic to it regardless).
    this.assetsOriginGroup = new CdnFrontdoorOriginGroup(this, "assets-origin-group", {
      ...profile,
      name: `${prefix}-assets`,
      sessionAffinityEnabled: false,
      loadBalancing: { sampleSize: 4, successfulSamplesRequired: 3 },
    });
    this.assetsOrigin = new CdnFrontdoorOrigin(this, "assets-origin", {
      name: "storage",
      cdnFrontdoorOriginGroupId: this.assetsOriginGroup.id,
      enabled: true,
      hostName: props.assetsOriginHost,
      originHostHeader: props.assetsOriginHost,
      httpsPort: 443,
      certificateNameCheckEnabled: true,
      priority: 1,
      weight: 1000,
    });

    this.customDomain = new CdnFrontdoorCustomDomain(this, "custom-domain", {
      ...profile,
      name: props.domainName.replace(/\./g, "-"),
      hostName: props.domainName,
      dnsZoneId: zone.id,
      tls: { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
    });

    // HTTPS only end to end: plain HTTP is not served (not even redirected), origins are reached over HTTPS.
    const https = {
      cdnFrontdoorEndpointId: this.endpoint.id,
      cdnFrontdoorCustomDomainIds: [this.customDomain.id],
      linkToDefaultDomain: false,
      supportedProtocols: ["Https"],
      httpsRedirectEnabled: false,
      forwardingProtocol: "HttpsOnly",
      enabled: true,
    };
    this.apiRoute = new CdnFrontdoorRoute(this, "api-route", {
      ...https,
      name: "api",
      cdnFrontdoorOriginGroupId: this.apiOriginGroup.id,
      cdnFrontdoorOriginIds: this.apiOrigins.map((o) => o.id),
      patternsToMatch: ["/*"],
      // No cache block: API responses are never cached.
    });
    this.assetsRoute = new CdnFrontdoorRoute(this, "assets-route", {
      ...https,
      name: "assets",
      cdnFrontdoorOriginGroupId: this.assetsOriginGroup.id,
      cdnFrontdoorOriginIds: [this.assetsOrigin.id],
      patternsToMatch: [props.assetsPathPattern],
      cache: { queryStringCachingBehavior: "IgnoreQueryString", compressionEnabled: true, contentTypesToCompress: COMPRESSED_CONTENT_TYPES },
    });
    this.customDomainAssociation = new CdnFrontdoorCustomDomainAssociation(this, "custom-domain-association", {
      cdnFrontdoorCustomDomainId: this.customDomain.id,
      cdnFrontdoorRouteIds: [this.apiRoute.id, this.assetsRoute.id],
    });

    this.securityPolicy = new CdnFrontdoorSecurityPolicy(this, "security-policy", {
      ...profile,
      name: `${prefix}-waf`,
      securityPolicies: {
        firewall: {
          cdnFrontdoorFirewallPolicyId: props.wafPolicyId,
          association: { domain: [{ cdnFrontdoorDomainId: this.customDomain.id }], patternsToMatch: ["/*"] },
        },
      },
    });

    const apex = props.domainName === props.dnsZoneName;
    const relative = apex ? "@" : props.domainName.slice(0, -(props.dnsZoneName.length + 1));
    const dnsPlaced = { zoneName: zone.name, resourceGroupName: props.dnsZoneResourceGroupName, ttl: DNS_TTL_SECONDS };
    this.validationRecord = new DnsTxtRecord(this, "validation-record", {
      ...dnsPlaced,
      name: apex ? "_dnsauth" : `_dnsauth.${relative}`,
      record: [{ value: this.customDomain.validationToken }],
    });
    // Point the name at Front Door only once its routes and WAF are in place.
    const routed = [this.apiRoute, this.assetsRoute, this.securityPolicy, this.customDomainAssociation];
    this.routingRecord = apex
      ? new DnsARecord(this, "routing-record", { ...dnsPlaced, name: "@", targetResourceId: this.endpoint.id, dependsOn: routed })
      : new DnsCnameRecord(this, "routing-record", { ...dnsPlaced, name: relative, record: this.endpoint.hostName, dependsOn: routed });
  }
}

function validate(props: AzureFrontDoorProps): void {
  const fail = (message: string): never => {
    throw new Error(`AzureFrontDoor: ${message}`);
  };
  if (!DNS_NAME.test(props.domainName)) fail(`domainName "${props.domainName}" is not a lower-case DNS name.`);
  if (props.domainName !== props.dnsZoneName && !props.domainName.endsWith(`.${props.dnsZoneName}`)) {
    fail(`domainName "${props.domainName}" is not inside dnsZoneName "${props.dnsZoneName}".`);
  }
  if (props.apiOrigins.length === 0) fail("apiOrigins is empty; give every region's app.");
  const names = props.apiOrigins.map((o) => o.name);
  if (new Set(names).size !== names.length) fail(`apiOrigins names [${names.join(", ")}] repeat; use one origin per region.`);
  if (!props.healthProbePath.startsWith("/")) fail(`healthProbePath "${props.healthProbePath}" must be an absolute path.`);
  if (!props.assetsPathPattern.startsWith("/") || props.assetsPathPattern === "/*") {
    fail(`assetsPathPattern "${props.assetsPathPattern}" must be a path pattern below the root (e.g. /assets/*), or it would shadow the API route.`);
  }
  const latency = props.additionalLatencyMilliseconds ?? 50;
  if (!Number.isInteger(latency) || latency < 0 || latency > 1000) fail(`additionalLatencyMilliseconds ${latency} is invalid; use 0 to 1000.`);
  const interval = props.healthProbeIntervalSeconds ?? 30;
  if (!Number.isInteger(interval) || interval < 5 || interval > 31536000) fail(`healthProbeIntervalSeconds ${interval} is invalid; use 5 or more.`);
}
