import { TerraformOutput } from "cdktf";
import { MockForgeStack } from "../mockforge-stack";
import type { Construct } from "constructs";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { standardTags } from "../../constructs/core/naming";
import type { DeploymentContext } from "../../constructs/core/specs";
import { GcpKit, type GcpKitTypes } from "../../constructs/gcp/kit";
import { GcpArtifactRegistry } from "../../constructs/gcp/registry";
import { GcpVpc } from "../../constructs/gcp/vpc";
import type { EnvironmentConfig } from "../../environments/model";
import type { GcpConfig, GcpRegionConfig } from "../../environments/model-gcp";
import { composeRegion, type ComposedRegion, type PrimaryRegionRefs } from "../compose-region";
import { applyGcpLabels } from "./labels";
import { googleProvider, useGcsBackend } from "./providers";
import { SERVER_IMAGE_NAME } from "./stack-names";
import { dnsFor } from "../../environments/dns";

export interface GcpRegionStackProps {
  readonly env: EnvironmentConfig;
  readonly gcp: GcpConfig;
  readonly region: GcpRegionConfig;
  /** Regions that replicate this (primary) region's data; empty in secondaries. */
  readonly secondaryRegions: readonly string[];
  /** Where the registry lives (the primary region) and the repository id (global stack). */
  readonly registryLocation: string;
  readonly repositoryId: string;
  readonly imageTag: string;
  /** The primary region's stack; set only for secondary regions. */
  readonly primary?: GcpRegionStack;
}

/**
 * One Google Cloud region of an environment: the cloud-neutral composition
 * built with the GCP kit (subnet, NAT and firewall rules in the shared VPC,
 * Cloud Run behind a serverless NEG, Cloud SQL, Redis Sentinel VMs, Cloud
 * Storage, alerts). A secondary region replicates the primary's database
 * through a cross-stack reference to it, and writes to the primary's writer
 * over the one VPC (no peering needed: the VPC is global).
 */
export class GcpRegionStack extends MockForgeStack {
  readonly context: DeploymentContext;
  readonly composed: ComposedRegion<GcpKitTypes>;
  readonly kit: GcpKit;
  /** What secondary regions take from this one (primary only). */
  readonly sharedRefs?: PrimaryRegionRefs;

  constructor(scope: Construct, id: string, props: GcpRegionStackProps) {
    super(scope, id);
    const { env, gcp, region } = props;
    this.context = { cloud: "gcp", environment: env.name, region: region.name, primary: region.primary };
    googleProvider(this, "google", gcp.projectId, region.name);
    // Generated secrets (database and Redis passwords, admin signing key) come from random_password.
    new RandomProvider(this, "random");
    useGcsBackend(this, gcp.state, id);
    applyGcpLabels(this, { ...standardTags(this.context, env.tags.owner, env.tags.costCenter) });

    this.kit = new GcpKit({
      context: this.context,
      projectId: gcp.projectId,
      vpc: GcpVpc.refFor(gcp.projectId, env.name, gcp.network.privateServicesCidr),
      imageUrl: `${GcpArtifactRegistry.repositoryUrlFor(props.registryLocation, gcp.projectId, props.repositoryId)}/${SERVER_IMAGE_NAME}`,
      databaseTier: gcp.database.tier,
      databaseMaxConnections: gcp.database.maxConnections,
      redisMachineType: gcp.redis.machineType,
      serviceCpu: gcp.service.cpu ?? env.service.cpu,
      serviceMemoryMiB: gcp.service.memoryMiB ?? env.service.memoryMiB,
      multiRegionStorage: gcp.storage.multiRegion,
      deletionProtection: env.database.deletionProtection,
    });

    this.composed = composeRegion(this, this.kit, env, {
      region: region.name,
      primary: region.primary,
      cidr: region.cidr,
      // Zones and NAT are regional services on GCP: nothing to spread or choose.
      zoneCount: 3,
      natGateways: "single",
      replicaRegions: props.secondaryRegions,
      fromPrimary: props.primary?.sharedRefs,
      // The global load balancer answers the public API name itself: there is no regional origin name.
      originDomain: dnsFor(env, "gcp").apiDomain,
      imageRepository: props.repositoryId,
      imageTag: props.imageTag,
    });

    this.sharedRefs = this.composed.sharedRefs;

    new TerraformOutput(this, "serverless_neg", { value: this.composed.loadBalancer.negId });
    new TerraformOutput(this, "assets_bucket", { value: this.composed.bucket.bucketName });
    new TerraformOutput(this, "database_writer_host", { value: this.composed.postgres.endpoints.writerHost });
    new TerraformOutput(this, "redis_sentinels", { value: this.composed.redis.endpoints.sentinelAddresses.join(",") });
  }
}
