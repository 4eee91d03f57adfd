import { TerraformOutput } from "cdktf";
import { MockForgeStack } from "../mockforge-stack";
import type { Construct } from "constructs";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { standardTags } from "../../constructs/core/naming";
import type { DeploymentContext } from "../../constructs/core/specs";
import { TaggingAspect } from "../../constructs/core/tagging";
import { DataOciCoreImages } from "../../constructs/oci/bindings/data-core-images";
import { DataOciIdentityAvailabilityDomains } from "../../constructs/oci/bindings/data-identity-availability-domains";
import { DataOciObjectstorageNamespace } from "../../constructs/oci/bindings/data-objectstorage-namespace";
import type { OciProvider } from "../../constructs/oci/bindings/provider";
import { OciKit, type OciKitTypes } from "../../constructs/oci/kit";
import { OciBucketReplica } from "../../constructs/oci/object-storage";
import { ociRegionInfo } from "../../constructs/oci/region-info";
import { OciContainerRepository } from "../../constructs/oci/registry";
import { OciRemotePeering } from "../../constructs/oci/remote-peering";
import { OciVault } from "../../constructs/oci/vault";
import type { EnvironmentConfig } from "../../environments/model";
import type { OciConfig, OciRegionConfig } from "../../environments/model-oci";
import { composeRegion, type ComposedRegion, type PrimaryRegionRefs } from "../compose-region";
import { useOciBackend } from "./backend";
import { ociProvider } from "./providers";
import { regionalOriginDomain, repositoryName } from "./stack-names";
import { dnsFor } from "../../environments/dns";

export interface OciRegionStackProps {
  readonly env: EnvironmentConfig;
  readonly oci: OciConfig;
  readonly region: OciRegionConfig;
  /** The other regions' VCN CIDRs this region routes to over remote peering. */
  readonly peerRegions: readonly OciRegionConfig[];
  readonly imageTag: string;
  /** The primary region's stack; set only for secondary regions. */
  readonly primary?: OciRegionStack;
  /**
   * Hold the replica of the primary's assets bucket (OCI allows one
   * replication policy per bucket, so one secondary region holds it).
   * @default false
   */
  readonly holdsBucketReplica?: boolean;
}

/** Platform images: instances run the newest image of each OS at apply time (changes to it do not replace Redis nodes). */
const SERVICE_IMAGE = { operatingSystem: "Oracle Linux", operatingSystemVersion: "9" } as const;
const REDIS_IMAGE = { operatingSystem: "Canonical Ubuntu", operatingSystemVersion: "24.04" } as const;

/**
 * One OCI region of an environment: the cloud-neutral composition built with
 * the OCI kit, plus what only OCI needs (the region's Vault and keys, remote
 * peering between the primary's and the secondaries' DRGs, the bucket replica).
 */
export class OciRegionStack extends MockForgeStack {
  readonly context: DeploymentContext;
  readonly composed: ComposedRegion<OciKitTypes>;
  readonly provider: OciProvider;
  readonly vault: OciVault;
  /** What secondary regions take from this one (primary only). */
  readonly sharedRefs?: PrimaryRegionRefs;
  /** Accepting remote peering connections, by secondary region (primary only). */
  readonly peerings: Readonly<Record<string, OciRemotePeering>> = {};
  /** The requesting remote peering connection to the primary (secondaries only). */
  readonly peeringToPrimary?: OciRemotePeering;
  readonly bucketReplica?: OciBucketReplica;

  constructor(scope: Construct, id: string, props: OciRegionStackProps) {
    super(scope, id);
    const { env, oci, region } = props;
    this.context = { cloud: "oci", environment: env.name, region: region.name, primary: region.primary };
    const info = ociRegionInfo(region.name);
    const compartmentId = oci.compartmentId;

    this.provider = ociProvider(this, "oci", region.name, oci.tenancyId);
    // Generated secrets (database and Redis passwords, admin signing key) come from random_password.
    new RandomProvider(this, "random");
    useOciBackend(this, oci.state, id);
    TaggingAspect.apply(this, { ...standardTags(this.context, env.tags.owner, env.tags.costCenter) }, "freeformTags");

    const availabilityDomains = new DataOciIdentityAvailabilityDomains(this, "availability-domains", { compartmentId: oci.tenancyId });
    const namespace = new DataOciObjectstorageNamespace(this, "namespace", { compartmentId }).namespace;
    const image = (imageId: string, os: { operatingSystem: string; operatingSystemVersion: string }, shape: string) =>
      new DataOciCoreImages(this, imageId, { compartmentId, ...os, shape, sortBy: "TIMECREATED", sortOrder: "DESC", state: "AVAILABLE" }).firstImageId;

    this.vault = new OciVault(this, "vault", { context: this.context, compartmentId, vaultType: oci.vaultType });
    const keys = {
      vaultId: this.vault.vaultId,
      storageKeyId: this.vault.addKey("storage-key", "storage").id,
      computeKeyId: this.vault.addKey("compute-key", "compute").id,
      secretsKeyId: this.vault.addKey("secrets-key", "secrets").id,
    };

    const secondaries = region.primary ? props.peerRegions : [];
    const kit = new OciKit({
      context: this.context,
      compartmentId,
      namespace,
      availabilityDomains: Array.from({ length: info.availabilityDomains }, (_, i) => availabilityDomains.nameAt(i)),
      keys,
      serviceImageId: image("service-image", SERVICE_IMAGE, oci.service.shape),
      redisImageId: image("redis-image", REDIS_IMAGE, oci.redis.shape),
      serviceShape: oci.service.shape,
      serviceOcpus: oci.service.ocpus,
      serviceMemoryGb: oci.service.memoryGb,
      redis: oci.redis,
      database: oci.database,
      repositoryUrl: OciContainerRepository.repositoryUrlFor(region.name, namespace, repositoryName(env.name)),
      certificateId: region.certificateId,
      dnsZoneId: oci.dnsZoneId,
      loadBalancerBandwidthMbps: { minimum: oci.loadBalancer.minimumBandwidthMbps, maximum: oci.loadBalancer.maximumBandwidthMbps },
      peerCidrs: props.peerRegions.map((r) => r.cidr),
      backupCopyRegions: secondaries.map((r) => r.name),
    });

    const primary = props.primary;
    this.composed = composeRegion(this, kit, env, {
      region: region.name,
      primary: region.primary,
      cidr: region.cidr,
      zoneCount: info.availabilityDomains,
      // Regional subnets and one NAT gateway per VCN: OCI's NAT gateway is a regional, highly available service.
      natGateways: "single",
      // Bucket replication is written by the replica's stack (one policy per source bucket).
      replicaRegions: [],
      fromPrimary: primary?.sharedRefs,
      originDomain: regionalOriginDomain(region.name, dnsFor(env, "oci").apiDomain),
      imageRepository: repositoryName(env.name),
      imageTag: props.imageTag,
    });
    const drgId = this.composed.network.drgId;

    if (region.primary) {
      this.sharedRefs = this.composed.sharedRefs;
      const peerings: Record<string, OciRemotePeering> = {};
      for (const secondary of secondaries) {
        peerings[secondary.name] = new OciRemotePeering(this, `peering-${secondary.name}`, {
          context: this.context,
          compartmentId,
          drgId: drgId!,
          peerRegion: secondary.name,
        });
      }
      this.peerings = peerings;
    } else if (primary) {
      // Secondary regions write to the primary database: reach it privately through the DRGs.
      const acceptor = primary.peerings[region.name];
      if (!acceptor) throw new Error(`OciRegionStack ${id}: the primary region has no peering connection for ${region.name}`);
      this.peeringToPrimary = new OciRemotePeering(this, "peering-to-primary", {
        context: this.context,
        compartmentId,
        drgId: drgId!,
        peerRegion: primary.context.region,
        peerRpcId: acceptor.connectionId,
      });
      if (props.holdsBucketReplica && env.storage.crossRegionReplication) {
        this.bucketReplica = new OciBucketReplica(this, "assets-replica", {
          context: this.context,
          compartmentId,
          namespace,
          kmsKeyId: keys.storageKeyId,
          sourceBucketName: primary.composed.bucket.bucketName,
          sourceRegion: primary.context.region,
          sourceProvider: ociProvider(this, "oci-primary", primary.context.region, oci.tenancyId, "primary"),
          infrequentAccessAfterDays: env.storage.infrequentAccessAfterDays,
          noncurrentVersionExpirationDays: env.storage.noncurrentVersionExpirationDays,
          accessLogRetentionDays: env.edge.logRetentionDays,
          preventDestroy: !env.storage.forceDestroy,
        });
      }
    }

    new TerraformOutput(this, "load_balancer_ip", { value: this.composed.loadBalancer.ipAddress });
    new TerraformOutput(this, "origin_domain", { value: regionalOriginDomain(region.name, dnsFor(env, "oci").apiDomain) });
    new TerraformOutput(this, "assets_bucket", { value: this.composed.bucket.bucketName });
    new TerraformOutput(this, "database_writer_host", { value: this.composed.postgres.endpoints.writerHost });
    new TerraformOutput(this, "redis_sentinels", { value: this.composed.redis.endpoints.sentinelAddresses.join(",") });
  }
}
