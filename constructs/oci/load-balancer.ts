import { Construct } from "constructs";
import type { LoadBalancerHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import { PORTS } from "../core/runtime-contract";
import type { DeploymentContext, LoadBalancerSpec } from "../core/specs";
import { DnsRrset } from "./bindings/dns-rrset";
import { LoadBalancerBackendSet } from "./bindings/load-balancer-backend-set";
import { LoadBalancerListener } from "./bindings/load-balancer-listener";
import { LoadBalancerLoadBalancer } from "./bindings/load-balancer-load-balancer";
import { LoadBalancerRuleSet } from "./bindings/load-balancer-rule-set";
import { LoadBalancerSslCipherSuite } from "./bindings/load-balancer-ssl-cipher-suite";
import { LoggingLog } from "./bindings/logging-log";
import { LoggingLogGroup } from "./bindings/logging-log-group";
import { WafWebAppFirewall } from "./bindings/waf-web-app-firewall";
import { ociLogRetentionDays } from "./logging";
import type { OciNetworkRef } from "./network-ref";

/** TLS 1.2 AEAD suites with forward secrecy only (no CBC, no static RSA key exchange). */
export const TLS12_CIPHERS: readonly string[] = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
];
/** Protocols the HTTPS listener accepts: TLS 1.2 only (the cipher suite above is TLS 1.2). */
export const TLS_PROTOCOLS: readonly string[] = ["TLSv1.2"];
export const BACKEND_SET_NAME = "mockforge-service";
const CERTIFICATE_OCID = /^ocid1\.certificate\.oc\d+\.[a-z0-9-]*\.[a-z0-9]+$/;

export interface OciLoadBalancerProps extends LoadBalancerSpec {
  readonly context: DeploymentContext;
  readonly compartmentId: string;
  readonly network: OciNetworkRef;
  /** OCI Certificates service certificate for `domainNames` (in this region). */
  readonly certificateId: string;
  /** OCID of the DNS zone `dnsZoneName` (public) where each domain name gets an A record. */
  readonly dnsZoneId: string;
  /**
   * Guaranteed bandwidth of the flexible shape, in Mbps.
   * @default 10
   */
  readonly minimumBandwidthMbps?: number;
  /**
   * Bandwidth ceiling of the flexible shape, in Mbps.
   * @default 100
   */
  readonly maximumBandwidthMbps?: number;
  /**
   * Web app firewall policy enforced on this load balancer.
   * @default no WAF (not allowed for public entry points by the kit)
   */
  readonly wafPolicyId?: string;
  /**
   * Days to keep WAF logs.
   * @default accessLogRetentionDays
   */
  readonly wafLogRetentionDays?: number;
}

/**
 * The region's public entry point: a flexible OCI load balancer in the
 * regional public subnet (so its nodes span every availability and fault
 * domain), HTTPS only with a TLS 1.2 AEAD cipher suite and a certificate from
 * the Certificates service, HTTP redirected to HTTPS, and a backend set whose
 * health checker probes the service's readiness path. Access and error logs
 * go to OCI Logging; a WAF policy is attached when given; each domain name
 * gets an A record.
 */
export class OciLoadBalancer extends Construct implements LoadBalancerHandle {
  readonly loadBalancer: LoadBalancerLoadBalancer;
  readonly loadBalancerId: string;
  readonly backendSet: LoadBalancerBackendSet;
  readonly backendSetName: string;
  readonly cipherSuite: LoadBalancerSslCipherSuite;
  readonly httpsListener: LoadBalancerListener;
  readonly httpListener: LoadBalancerListener;
  readonly redirectRuleSet: LoadBalancerRuleSet;
  readonly logGroup: LoggingLogGroup;
  readonly accessLog: LoggingLog;
  readonly errorLog: LoggingLog;
  readonly webAppFirewall?: WafWebAppFirewall;
  readonly records: readonly DnsRrset[];
  /** The load balancer's public IP address. */
  readonly ipAddress: string;
  /** The main domain name (the record clients and DNS steering resolve). */
  readonly dnsName: string;

  constructor(scope: Construct, id: string, props: OciLoadBalancerProps) {
    super(scope, id);
    validate(props);
    const { context, compartmentId, network } = props;
    const name = resourceName(context, "lb");

    this.loadBalancer = new LoadBalancerLoadBalancer(this, "load-balancer", {
      compartmentId,
      displayName: name,
      shape: "flexible",
      shapeDetails: {
        minimumBandwidthInMbps: props.minimumBandwidthMbps ?? 10,
        maximumBandwidthInMbps: props.maximumBandwidthMbps ?? 100,
      },
      // One regional subnet: OCI places the primary and standby nodes in different fault domains (and ADs).
      subnetIds: [network.publicSubnetId],
      isPrivate: false,
      networkSecurityGroupIds: [network.nsgs.loadBalancer],
      isDeleteProtectionEnabled: props.deletionProtection,
      isRequestIdEnabled: true,
    });
    this.loadBalancerId = this.loadBalancer.id;
    this.ipAddress = this.loadBalancer.ipAddress;

    this.backendSet = new LoadBalancerBackendSet(this, "backend-set", {
      loadBalancerId: this.loadBalancer.id,
      name: BACKEND_SET_NAME,
      policy: "LEAST_CONNECTIONS",
      healthChecker: {
        protocol: "HTTP",
        port: PORTS.http,
        urlPath: props.healthCheckPath,
        returnCode: 200,
        intervalMs: 10000,
        timeoutInMillis: 3000,
        retries: 3,
      },
    });
    this.backendSetName = BACKEND_SET_NAME;

    this.cipherSuite = new LoadBalancerSslCipherSuite(this, "cipher-suite", {
      loadBalancerId: this.loadBalancer.id,
      name: "mockforge-tls12-ecdhe-gcm",
      ciphers: [...TLS12_CIPHERS],
    });

    this.httpsListener = new LoadBalancerListener(this, "https-listener", {
      loadBalancerId: this.loadBalancer.id,
      name: "https",
      port: 443,
      protocol: "HTTP",
      defaultBackendSetName: this.backendSet.name,
      connectionConfiguration: { idleTimeoutInSeconds: String(props.idleTimeoutSeconds) },
      sslConfiguration: {
        certificateIds: [props.certificateId],
        cipherSuiteName: this.cipherSuite.name,
        protocols: [...TLS_PROTOCOLS],
        serverOrderPreference: "ENABLED",
        // Server-side TLS only: without this the provider asks for client CA bundles (mutual TLS).
        verifyPeerCertificate: false,
      },
    });

    this.redirectRuleSet = new LoadBalancerRuleSet(this, "https-redirect", {
      loadBalancerId: this.loadBalancer.id,
      name: "redirect_to_https",
      items: [
        {
          action: "REDIRECT",
          conditions: [{ attributeName: "PATH", attributeValue: "/", operator: "FORCE_LONGEST_PREFIX_MATCH" }],
          redirectUri: { protocol: "HTTPS", port: 443, host: "{host}", path: "{path}", query: "{query}" },
          responseCode: 301,
        },
      ],
    });
    this.httpListener = new LoadBalancerListener(this, "http-listener", {
      loadBalancerId: this.loadBalancer.id,
      name: "http",
      port: 80,
      protocol: "HTTP",
      // Never reached: the rule set answers every request with a redirect.
      defaultBackendSetName: this.backendSet.name,
      ruleSetNames: [this.redirectRuleSet.getStringAttribute("name")],
    });

    const retention = ociLogRetentionDays(props.accessLogRetentionDays);
    this.logGroup = new LoggingLogGroup(this, "log-group", {
      compartmentId,
      displayName: `${name}-logs`,
      description: `Access, error and WAF logs of ${name}`,
    });
    const serviceLog = (logId: string, service: string, resource: string, category: string, days: number) =>
      new LoggingLog(this, logId, {
        displayName: `${name}-${logId}`,
        logGroupId: this.logGroup.id,
        logType: "SERVICE",
        isEnabled: true,
        retentionDuration: days,
        configuration: { compartmentId, source: { sourceType: "OCISERVICE", service, resource, category } },
      });
    this.accessLog = serviceLog("access", "loadbalancer", this.loadBalancer.id, "access", retention);
    this.errorLog = serviceLog("error", "loadbalancer", this.loadBalancer.id, "error", retention);

    if (props.wafPolicyId !== undefined) {
      this.webAppFirewall = new WafWebAppFirewall(this, "web-app-firewall", {
        compartmentId,
        displayName: `${name}-waf`,
        backendType: "LOAD_BALANCER",
        loadBalancerId: this.loadBalancer.id,
        webAppFirewallPolicyId: props.wafPolicyId,
      });
      serviceLog("waf", "waf", this.webAppFirewall.id, "all", ociLogRetentionDays(props.wafLogRetentionDays ?? props.accessLogRetentionDays));
    }

    this.records = props.domainNames.map(
      (domain, i) =>
        new DnsRrset(this, `record-${i}`, {
          zoneNameOrId: props.dnsZoneId,
          domain,
          rtype: "A",
          items: [{ domain, rdata: this.ipAddress, rtype: "A", ttl: 60 }],
        }),
    );
    this.dnsName = props.domainNames[0];
  }
}

function validate(props: OciLoadBalancerProps): void {
  const fail = (message: string): never => {
    throw new Error(`OciLoadBalancer (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  if (props.domainNames.length === 0) fail("domainNames is empty; give at least the main host name.");
  for (const domain of props.domainNames) {
    if (domain !== props.dnsZoneName && !domain.endsWith(`.${props.dnsZoneName}`)) {
      fail(`domain name "${domain}" is not inside dnsZoneName "${props.dnsZoneName}".`);
    }
  }
  if (!props.healthCheckPath.startsWith("/")) fail(`healthCheckPath "${props.healthCheckPath}" must start with "/".`);
  if (!Number.isInteger(props.idleTimeoutSeconds) || props.idleTimeoutSeconds < 1 || props.idleTimeoutSeconds > 7200) {
    fail(`idleTimeoutSeconds is ${props.idleTimeoutSeconds}; OCI allows 1 to 7200 seconds.`);
  }
  const min = props.minimumBandwidthMbps ?? 10;
  const max = props.maximumBandwidthMbps ?? 100;
  if (!Number.isInteger(min) || min < 10 || min > 8000) fail(`minimumBandwidthMbps is ${min}; use 10 to 8000.`);
  if (!Number.isInteger(max) || max < min || max > 8000) fail(`maximumBandwidthMbps is ${max}; use minimumBandwidthMbps (${min}) to 8000.`);
  if (!CERTIFICATE_OCID.test(props.certificateId) && !props.certificateId.includes("${")) {
    fail(`certificateId "${props.certificateId}" is not an OCI Certificates certificate OCID (ocid1.certificate.oc1.<region>.<id>).`);
  }
}
