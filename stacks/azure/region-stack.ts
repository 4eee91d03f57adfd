import { TerraformOutput } from "cdktf";
import { MockForgeStack } from "../mockforge-stack";
import type { Construct } from "constructs";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { AzureKit, type AzureKitTypes } from "../../constructs/azure/kit";
import { TlsProvider } from "../../constructs/azure/ssh-key";
import { standardTags } from "../../constructs/core/naming";
import type { DeploymentContext } from "../../constructs/core/specs";
import { TaggingAspect } from "../../constructs/core/tagging";
import type { EnvironmentConfig } from "../../environments/model";
import type { AzureConfig, AzureRegionConfig } from "../../environments/model-azure";
import { composeRegion, type ComposedRegion, type PrimaryRegionRefs } from "../compose-region";
import type { AzureGlobalStack } from "./global-stack";
import { azurermProvider, useAzurermBackend } from "./providers";
import { dnsFor } from "../../environments/dns";

/** Every supported region has three availability zones (AZURE_REGIONS). */
export const AZURE_ZONES = ["1", "2", "3"] as const;

export interface AzureRegionStackProps {
  readonly env: EnvironmentConfig;
  readonly azure: AzureConfig;
  readonly region: AzureRegionConfig;
  /** The environment's global stack: registry, Front Door profile, private DNS zones. */
  readonly global: AzureGlobalStack;
  readonly imageTag: string;
  /** The primary region's stack; set only for secondary regions. */
  readonly primary?: AzureRegionStack;
}

/**
 * One Azure region of an environment: the cloud-neutral composition built
 * with the Azure kit (which, in a secondary region, also peers the VNet with
 * the primary it writes to and reads shared secrets from), plus providers,
 * state and tags.
 */
export class AzureRegionStack extends MockForgeStack {
  readonly context: DeploymentContext;
  readonly kit: AzureKit;
  readonly composed: ComposedRegion<AzureKitTypes>;
  /** What secondary regions take from this one (primary only). */
  readonly sharedRefs?: PrimaryRegionRefs;

  constructor(scope: Construct, id: string, props: AzureRegionStackProps) {
    super(scope, id);
    const { env, azure, region, global } = props;
    this.context = { cloud: "azure", environment: env.name, region: region.name, primary: region.primary };

    azurermProvider(this, "azurerm", azure.subscriptionId);
    // Generated secrets come from random_password; the Redis nodes' unused admin key from tls_private_key.
    new RandomProvider(this, "random");
    new TlsProvider(this, "tls");
    useAzurermBackend(this, azure.state, azure.subscriptionId, id);
    TaggingAspect.apply(this, { ...standardTags(this.context, env.tags.owner, env.tags.costCenter) });

    const primary = props.primary;
    this.kit = new AzureKit({
      context: this.context,
      subscriptionId: azure.subscriptionId,
      zones: AZURE_ZONES,
      peerCidrs: azure.regions.filter((r) => r.name !== region.name).map((r) => r.cidr),
      privateZones: { keyVault: global.privateZones.keyVault, postgres: global.privateZones.postgres },
      keyVaultAllowedIpRanges: azure.keyVault.allowedIpRanges,
      registry: { id: global.registry.registryId, loginServer: global.registry.loginServer },
      frontDoorId: global.frontDoorProfile.resourceGuid,
      containerApps: azure.containerApps,
      database: azure.database,
      redis: azure.redis,
      storage: azure.storage,
      // Like the registry's lock (global stack): everything but development keeps its data disks locked.
      deletionLocks: env.tier !== "development",
      primaryNetwork: primary
        ? {
            region: primary.context.region,
            virtualNetworkId: primary.composed.network.virtualNetwork.id,
            virtualNetworkName: primary.composed.network.virtualNetwork.name,
            resourceGroupName: primary.composed.network.resourceGroupName,
          }
        : undefined,
    });

    this.composed = composeRegion(this, this.kit, env, {
      region: region.name,
      primary: region.primary,
      cidr: region.cidr,
      zoneCount: AZURE_ZONES.length,
      // One NAT gateway per VNet: Azure attaches a NAT gateway to subnets, not zones.
      natGateways: "single",
      replicaRegions: azure.regions.filter((r) => !r.primary).map((r) => r.name),
      fromPrimary: primary?.sharedRefs,
      // Front Door reaches each region at its app's generated FQDN; no regional DNS name is needed.
      originDomain: dnsFor(env, "azure").apiDomain,
      imageRepository: global.imageRepository,
      imageTag: props.imageTag,
    });

    this.sharedRefs = this.composed.sharedRefs;

    new TerraformOutput(this, "app_fqdn", { value: this.composed.service.fqdn });
    new TerraformOutput(this, "assets_container", { value: this.composed.bucket.bucketName });
    new TerraformOutput(this, "database_writer_host", { value: this.composed.postgres.endpoints.writerHost });
    new TerraformOutput(this, "redis_sentinels", { value: this.composed.redis.endpoints.sentinelAddresses.join(",") });
  }
}
