import { TerraformOutput } from "cdktf";
import { MockForgeStack } from "../mockforge-stack";
import type { Construct } from "constructs";
import { standardTags } from "../../constructs/core/naming";
import type { DeploymentContext } from "../../constructs/core/specs";
import { GcpAssetsCdn } from "../../constructs/gcp/cdn";
import { GcpPublicDnsRecord } from "../../constructs/gcp/dns";
import { GcpGlobalLoadBalancer } from "../../constructs/gcp/global-load-balancer";
import { GcpCloudArmorPolicy, GcpEdgeSecurityPolicy } from "../../constructs/gcp/waf";
import type { EnvironmentConfig } from "../../environments/model";
import type { GcpConfig } from "../../environments/model-gcp";
import { applyGcpLabels } from "./labels";
import { googleProvider, useGcsBackend } from "./providers";
import { dnsFor } from "../../environments/dns";

/** The edge's resources are global: their names and labels say so. */
export const EDGE_LOCATION = "global";

export interface GcpEdgeStackProps {
  readonly env: EnvironmentConfig;
  readonly gcp: GcpConfig;
  /** Default region of the provider (the primary region). */
  readonly region: string;
  /** Serverless NEG ids of every region (cross-stack references). */
  readonly negIds: readonly string[];
  /** Name of the primary region's assets bucket (a cross-stack reference). */
  readonly assetsBucketName: string;
}

/**
 * The environment's public entry point on GCP: the global external
 * Application Load Balancer over every region's serverless NEG, Cloud Armor
 * (OWASP rules, rate ban, adaptive protection) on the API, Cloud CDN on the
 * API (origin-controlled) and on the assets bucket (behind an edge policy),
 * and the API's DNS record. Deployed last: it reads every region's NEG and
 * the primary's bucket.
 */
export class GcpEdgeStack extends MockForgeStack {
  readonly armor: GcpCloudArmorPolicy;
  readonly edgePolicy: GcpEdgeSecurityPolicy;
  readonly assetsCdn: GcpAssetsCdn;
  readonly loadBalancer: GcpGlobalLoadBalancer;
  readonly dnsRecord: GcpPublicDnsRecord;

  constructor(scope: Construct, id: string, props: GcpEdgeStackProps) {
    super(scope, id);
    const { env, gcp } = props;
    const context: DeploymentContext = { cloud: "gcp", environment: env.name, region: EDGE_LOCATION, primary: true };
    googleProvider(this, "google", gcp.projectId, props.region);
    useGcsBackend(this, gcp.state, id);
    applyGcpLabels(this, { ...standardTags(context, env.tags.owner, env.tags.costCenter) });

    this.armor = new GcpCloudArmorPolicy(this, "waf", {
      context,
      rateLimitPer5Minutes: env.edge.wafRateLimitPer5Minutes,
      mode: env.edge.wafMode,
      logRetentionDays: env.edge.logRetentionDays,
      adaptiveProtection: gcp.edge.adaptiveProtection,
    });
    this.edgePolicy = new GcpEdgeSecurityPolicy(this, "edge-waf", { context });
    this.assetsCdn = new GcpAssetsCdn(this, "assets-cdn", {
      context,
      bucketName: props.assetsBucketName,
      edgeSecurityPolicyId: this.edgePolicy.wafId,
    });
    this.loadBalancer = new GcpGlobalLoadBalancer(this, "load-balancer", {
      context,
      domainName: dnsFor(env, "gcp").apiDomain,
      negIds: props.negIds,
      securityPolicyId: this.armor.wafId,
      assetsBackendBucketId: this.assetsCdn.backendBucketId,
      apiCdn: gcp.edge.apiCdn,
    });
    this.dnsRecord = new GcpPublicDnsRecord(this, "dns", {
      managedZone: gcp.dnsManagedZone,
      domainName: dnsFor(env, "gcp").apiDomain,
      ipv4Address: this.loadBalancer.ipAddress,
    });

    new TerraformOutput(this, "load_balancer_ip", { value: this.loadBalancer.ipAddress });
    new TerraformOutput(this, "api_url", { value: `https://${dnsFor(env, "gcp").apiDomain}` });
  }
}
