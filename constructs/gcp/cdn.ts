import { Construct } from "constructs";
import { ComputeBackendBucket } from "@cdktf/provider-google/lib/compute-backend-bucket";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { resourceName } from "../core/naming";
import type { DeploymentContext } from "../core/specs";
import { serviceAgents } from "./service-agents";

/** Headers on every response: an API and its assets are never framed and never sniffed. */
export const SECURITY_RESPONSE_HEADERS: readonly string[] = [
  "Strict-Transport-Security: max-age=31536000; includeSubDomains",
  "X-Content-Type-Options: nosniff",
  "X-Frame-Options: DENY",
  "Referrer-Policy: no-referrer",
];

export interface GcpAssetsCdnProps {
  readonly context: DeploymentContext;
  /** The (private) assets bucket to serve. */
  readonly bucketName: string;
  /** Id of the Cloud Armor edge security policy in front of the cache. */
  readonly edgeSecurityPolicyId: string;
  /**
   * Seconds an asset without Cache-Control stays cached at the edge.
   * @default 3600
   */
  readonly defaultTtlSeconds?: number;
  /**
   * Upper bound on the edge TTL, whatever the object says.
   * @default 86400
   */
  readonly maxTtlSeconds?: number;
}

/**
 * Cloud CDN for the static assets: a backend bucket with CDN on
 * (CACHE_ALL_STATIC, request coalescing, stale-while-revalidate, short
 * negative caching), automatic compression, security headers and a Cloud
 * Armor edge policy. The bucket stays private (public access prevention):
 * only Cloud CDN's cache-fill service agent may read its objects.
 */
export class GcpAssetsCdn extends Construct {
  readonly backendBucket: ComputeBackendBucket;
  readonly fillGrant: StorageBucketIamMember;
  readonly backendBucketId: string;

  constructor(scope: Construct, id: string, props: GcpAssetsCdnProps) {
    super(scope, id);
    const defaultTtl = props.defaultTtlSeconds ?? 3600;
    const maxTtl = props.maxTtlSeconds ?? 86400;
    if (!Number.isInteger(defaultTtl) || defaultTtl < 0 || defaultTtl > 31622400) {
      throw new Error(`GcpAssetsCdn: defaultTtlSeconds ${defaultTtl} is invalid; use a whole number of seconds from 0 to 31622400 (a year).`);
    }
    if (!Number.isInteger(maxTtl) || maxTtl < defaultTtl || maxTtl > 31622400) {
      throw new Error(`GcpAssetsCdn: maxTtlSeconds ${maxTtl} is invalid; use a whole number from defaultTtlSeconds (${defaultTtl}) to 31622400.`);
    }
    const project = new DataGoogleProject(this, "project");
    this.fillGrant = new StorageBucketIamMember(this, "cdn-fill-read", {
      bucket: props.bucketName,
      role: "roles/storage.objectViewer",
      member: `serviceAccount:${serviceAgents.cdnFill(project.number)}`,
    });
    this.backendBucket = new ComputeBackendBucket(this, "backend-bucket", {
      name: resourceName(props.context, "assets-cdn"),
      description: "MockForge static assets through Cloud CDN",
      bucketName: props.bucketName,
      enableCdn: true,
      compressionMode: "AUTOMATIC",
      edgeSecurityPolicy: props.edgeSecurityPolicyId,
      customResponseHeaders: [...SECURITY_RESPONSE_HEADERS],
      cdnPolicy: {
        cacheMode: "CACHE_ALL_STATIC",
        defaultTtl,
        maxTtl,
        clientTtl: defaultTtl,
        serveWhileStale: 86400,
        requestCoalescing: true,
        negativeCaching: true,
        negativeCachingPolicy: [
          { code: 404, ttl: 60 },
          { code: 410, ttl: 60 },
        ],
      },
      dependsOn: [this.fillGrant],
    });
    this.backendBucketId = this.backendBucket.id;
  }
}
