import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import type { RegionKit, RegionKitTypes, ReplicaSource, WafHandle } from "../core/kit";
import type {
  AlarmSpec,
  DeploymentContext,
  LoadBalancerSpec,
  NetworkSpec,
  ObjectStorageSpec,
  PostgresSpec,
  RedisSentinelSpec,
  ServiceSpec,
} from "../core/specs";
import { AzureAlarms } from "./alarms";
import { AzureDiagnostics } from "./diagnostics";
import { AzureKeyVault } from "./key-vault";
import { CONTAINER_APPS_MEMORY_MIB_PER_CPU } from "./limits";
import { AzureLogAnalytics } from "./log-analytics";
import { azureName, dashedUniqueName, keyVaultName, storageAccountName } from "./naming";
import { AZURE_SUBNET_TIERS, AzureNetwork } from "./network";
import { AzureNetworkPeering, type PeeredNetwork } from "./network-peering";
import { AzureObjectStorage, type AzureStorageReplication } from "./object-storage";
import { AzureFrontDoorOrigin } from "./origin";
import { AzurePostgres } from "./postgres";
import { AzurePrivateDnsLinks, type PrivateZoneRef } from "./private-dns";
import { AzureRedisSentinel, type AzureRedisDiskType } from "./redis-sentinel";
import { AzureGeneratedSecret } from "./secret";
import { AzureContainerAppService } from "./service";

/** What `network()` lays down for a region before any building block. */
export interface AzureRegionFoundation {
  readonly network: AzureNetwork;
  readonly logs: AzureLogAnalytics;
  readonly keyVault: AzureKeyVault;
  readonly dnsLinks: AzurePrivateDnsLinks;
  /** Peering with the primary region's VNet (secondary regions only). */
  readonly peering?: AzureNetworkPeering;
}

/** The concrete Azure construct behind each building block. */
export interface AzureKitTypes extends RegionKitTypes {
  readonly network: AzureNetwork;
  /** Unused: Azure's WAF sits on Front Door, in the edge stack. */
  readonly waf: WafHandle;
  readonly loadBalancer: AzureFrontDoorOrigin;
  readonly service: AzureContainerAppService;
  readonly postgres: AzurePostgres;
  readonly redis: AzureRedisSentinel;
  readonly bucket: AzureObjectStorage;
  readonly secret: AzureGeneratedSecret;
}

export interface AzureKitProps {
  readonly context: DeploymentContext;
  readonly subscriptionId: string;
  /** Availability zones of the region. */
  readonly zones: readonly string[];
  /** VNet CIDRs of the environment's other regions (admitted to Postgres and Key Vault). */
  readonly peerCidrs: readonly string[];
  /** The environment's shared private DNS zones (from the global stack). */
  readonly privateZones: { readonly keyVault: PrivateZoneRef; readonly postgres: PrivateZoneRef };
  /** Public CIDRs that may reach the Key Vault (where Terraform runs). */
  readonly keyVaultAllowedIpRanges: readonly string[];
  /** The environment's registry. */
  readonly registry: { readonly id: string; readonly loginServer: string };
  /** Resource GUID of the environment's Front Door profile (the X-Azure-FDID value). */
  readonly frontDoorId: string;
  readonly containerApps: { readonly concurrentRequests: number; readonly zoneRedundant: boolean };
  readonly database: { readonly skuName: string; readonly geoRedundantBackup: boolean };
  readonly redis: { readonly vmSize: string; readonly diskType: AzureRedisDiskType; readonly encryptionAtHost: boolean };
  readonly storage: { readonly replication: AzureStorageReplication };
  /**
   * CanNotDelete locks on the stateful resources the environment file has no
   * deletion flag for (the Redis data disks); the database and storage locks
   * follow database.deletionProtection and storage.forceDestroy.
   */
  readonly deletionLocks: boolean;
  /**
   * The primary region's VNet, in a secondary region: the kit peers with it
   * before anything that talks to the primary (replica, app) is created.
   * @default none (this is the primary region)
   */
  readonly primaryNetwork?: PeeredNetwork;
}

/**
 * MockForge's building blocks on Azure, for the cloud-neutral composition.
 * `network()` lays the region's foundation: the network (with the resource
 * group everything else goes into), the Log Analytics workspace, the Key
 * Vault, the VNet's links to the environment's private DNS zones and, in a
 * secondary region, the peering with the primary. There is no regional WAF:
 * Front Door's policy covers every region at the edge.
 */
export class AzureKit implements RegionKit<AzureKitTypes> {
  readonly context: DeploymentContext;
  private foundation?: AzureRegionFoundation;

  constructor(private readonly props: AzureKitProps) {
    this.context = props.context;
  }

  /** What `network()` laid down for the region. */
  get region(): AzureRegionFoundation {
    if (!this.foundation) throw new Error(`AzureKit (${this.context.region}): network() must come first; it creates the resource group, logs and Key Vault.`);
    return this.foundation;
  }

  network(scope: Construct, id: string, spec: NetworkSpec): AzureNetwork {
    const ctx = this.context;
    const network = new AzureNetwork(scope, id, { context: ctx, cidr: spec.cidr, peerCidrs: this.props.peerCidrs });
    const placed = { location: ctx.region, resourceGroupName: network.resourceGroupName };
    const logs = new AzureLogAnalytics(scope, "logs", { ...placed, name: azureName(ctx, "logs"), retentionDays: spec.flowLogRetentionDays });
    const dnsLinks = new AzurePrivateDnsLinks(scope, "private-dns-links", {
      name: azureName(ctx, "vnet", 80),
      virtualNetworkId: network.virtualNetwork.id,
      zones: this.props.privateZones,
    });
    const keyVault = new AzureKeyVault(scope, "key-vault", {
      ...placed,
      name: keyVaultName(ctx, this.props.subscriptionId),
      privateEndpointSubnetId: network.subnets.endpoints.id,
      privateDnsZoneId: this.props.privateZones.keyVault.id,
      allowedIpRanges: this.props.keyVaultAllowedIpRanges,
    });
    const nsgs: Record<string, string> = {};
    for (const tier of AZURE_SUBNET_TIERS) nsgs[`nsg-${tier}`] = network.networkSecurityGroups[tier].id;
    new AzureDiagnostics(scope, "network-diagnostics", { targets: nsgs, logAnalyticsWorkspaceId: logs.workspaceId, metrics: false });
    new AzureDiagnostics(scope, "foundation-diagnostics", {
      targets: { vnet: network.virtualNetwork.id, "key-vault": keyVault.vaultId },
      logAnalyticsWorkspaceId: logs.workspaceId,
    });
    const primary = this.props.primaryNetwork;
    const peering = primary
      ? new AzureNetworkPeering(scope, "peering-to-primary", {
          local: {
            region: ctx.region,
            virtualNetworkId: network.virtualNetwork.id,
            virtualNetworkName: network.virtualNetwork.name,
            resourceGroupName: network.resourceGroupName,
          },
          remote: primary,
        })
      : undefined;
    this.foundation = { network, logs, keyVault, dnsLinks, peering };
    return network;
  }

  objectStorage(scope: Construct, id: string, spec: ObjectStorageSpec, deps: { network: AzureNetwork }): AzureObjectStorage {
    const storage = new AzureObjectStorage(scope, id, {
      accountName: storageAccountName(this.context, this.props.subscriptionId),
      location: this.context.region,
      resourceGroupName: deps.network.resourceGroupName,
      // Geo-redundancy is the account's own (GZRS), not the spec's per-region replicas.
      replication: this.props.storage.replication,
      versioning: spec.versioning,
      noncurrentVersionExpirationDays: spec.noncurrentVersionExpirationDays,
      coolAfterDays: spec.infrequentAccessAfterDays,
      deletionLock: !spec.forceDestroy,
    });
    new AzureDiagnostics(scope, `${id}-diagnostics`, {
      targets: { blob: `${storage.account.id}/blobServices/default` },
      logAnalyticsWorkspaceId: this.region.logs.workspaceId,
      metricCategories: ["Transaction"],
    });
    return storage;
  }

  appSecret(scope: Construct, id: string, name: string): AzureGeneratedSecret {
    return new AzureGeneratedSecret(scope, id, { keyVault: this.region.keyVault, name });
  }

  postgres(scope: Construct, id: string, spec: PostgresSpec, deps: { network: AzureNetwork; replicaOf?: ReplicaSource }): AzurePostgres {
    const replica = deps.replicaOf;
    const { dnsLinks, keyVault, logs } = this.region;
    const postgres = new AzurePostgres(scope, id, {
      ...spec,
      name: dashedUniqueName(this.context, this.props.subscriptionId, "pg", 57),
      location: this.context.region,
      resourceGroupName: deps.network.resourceGroupName,
      delegatedSubnetId: deps.network.subnets.postgres.id,
      privateDnsZoneId: this.props.privateZones.postgres.id,
      skuName: this.props.database.skuName,
      keyVault,
      geoRedundantBackup: replica ? false : this.props.database.geoRedundantBackup,
      // A replica and its region's writes reach the primary over the peering.
      dependsOn: [dnsLinks.links.postgres, ...this.peeringDependencies()],
      ...(replica
        ? {
            // Flexible Server neither cascades replicas nor gives a replica a standby.
            highAvailability: false,
            readReplicas: 0,
            replicaOf: { sourceServerId: replica.sourceId, sourceRegion: replica.sourceRegion },
            writerHost: replica.writer.writerHost,
            passwordSecret: replica.writer.passwordSecret,
          }
        : {}),
    });
    const targets: Record<string, string> = {};
    postgres.serverIds.forEach((serverId, i) => (targets[`server-${i}`] = serverId));
    new AzureDiagnostics(scope, `${id}-diagnostics`, { targets, logAnalyticsWorkspaceId: logs.workspaceId });
    return postgres;
  }

  redisSentinel(scope: Construct, id: string, spec: RedisSentinelSpec, deps: { network: AzureNetwork }): AzureRedisSentinel {
    const { dnsLinks, keyVault } = this.region;
    return new AzureRedisSentinel(scope, id, {
      ...spec,
      context: this.context,
      location: this.context.region,
      resourceGroupName: deps.network.resourceGroupName,
      subnetId: deps.network.subnets.redis.id,
      subnetCidr: deps.network.subnetCidrs.redis,
      zones: this.props.zones,
      vmSize: this.props.redis.vmSize,
      diskType: this.props.redis.diskType,
      encryptionAtHost: this.props.redis.encryptionAtHost,
      dataDiskLock: this.props.deletionLocks,
      keyVault,
      // The nodes resolve the vault's private address at boot.
      dependsOn: [dnsLinks.links.keyVault, keyVault.privateEndpoint],
    });
  }

  loadBalancer(scope: Construct, id: string, spec: LoadBalancerSpec, deps: { network: AzureNetwork; waf?: WafHandle }): AzureFrontDoorOrigin {
    return new AzureFrontDoorOrigin(scope, id, {
      location: deps.network.location,
      healthCheckPath: spec.healthCheckPath,
      frontDoorId: this.props.frontDoorId,
    });
  }

  service(
    scope: Construct,
    id: string,
    spec: ServiceSpec,
    deps: { network: AzureNetwork; loadBalancer: AzureFrontDoorOrigin; bucket: AzureObjectStorage },
  ): AzureContainerAppService {
    const { dnsLinks, keyVault, logs } = this.region;
    const service = new AzureContainerAppService(scope, id, {
      ...spec,
      // Container Apps fixes memory by vCPU; the environment's memoryMiB sizes the other clouds.
      memoryMiB: spec.cpu * CONTAINER_APPS_MEMORY_MIB_PER_CPU,
      context: this.context,
      location: this.context.region,
      resourceGroupName: deps.network.resourceGroupName,
      infrastructureSubnetId: deps.network.subnets.apps.id,
      logAnalyticsWorkspaceId: logs.workspaceId,
      zoneRedundant: this.props.containerApps.zoneRedundant,
      registryLoginServer: this.props.registry.loginServer,
      registryId: this.props.registry.id,
      origin: deps.loadBalancer,
      concurrentRequests: this.props.containerApps.concurrentRequests,
      assetsContainerId: deps.bucket.assetsContainerId,
      // Secret references resolve through the vault's private endpoint (and the primary's, over the peering).
      dependsOn: [dnsLinks.links.keyVault, keyVault.privateEndpoint, ...this.peeringDependencies()],
    });
    new AzureDiagnostics(scope, `${id}-diagnostics`, { targets: { app: service.app.id }, logAnalyticsWorkspaceId: logs.workspaceId, categoryGroups: [] });
    return service;
  }

  private peeringDependencies(): ITerraformDependable[] {
    const peering = this.region.peering;
    return peering ? [peering.toRemote, peering.fromRemote] : [];
  }

  alarms(
    scope: Construct,
    id: string,
    spec: AlarmSpec,
    deps: { loadBalancer: AzureFrontDoorOrigin; service: AzureContainerAppService; postgres: AzurePostgres; redis: AzureRedisSentinel },
  ): void {
    new AzureAlarms(scope, id, {
      ...spec,
      context: this.context,
      resourceGroupName: this.region.network.resourceGroupName,
      containerAppId: deps.service.app.id,
      postgresServerIds: deps.postgres.serverIds,
      postgresReplicaIds: deps.postgres.replicaServerIds,
      databaseMaxConnections: deps.postgres.maxConnections,
      redisVmIds: deps.redis.vmIds,
    });
  }
}
