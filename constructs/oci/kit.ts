import type { Construct } from "constructs";
import type { RegionKit, RegionKitTypes, ReplicaSource } from "../core/kit";
import type {
  AlarmSpec,
  DeploymentContext,
  LoadBalancerSpec,
  NetworkSpec,
  ObjectStorageSpec,
  PostgresSpec,
  RedisSentinelSpec,
  SecretRef,
  ServiceSpec,
  WafSpec,
} from "../core/specs";
import { OciAlarms } from "./alarms";
import { OciWebAppAcceleration } from "./cdn";
import { OciLoadBalancer } from "./load-balancer";
import { OciNetwork } from "./network";
import { OciObjectStorage } from "./object-storage";
import { OciPostgres } from "./postgres";
import { OciRedisSentinel } from "./redis-sentinel";
import { OciGeneratedSecret } from "./secret";
import { OciInstancePoolService, type OciServiceSecret } from "./service";
import { OciWafPolicy } from "./waf";

/** The concrete OCI construct behind each building block. */
export interface OciKitTypes extends RegionKitTypes {
  readonly network: OciNetwork;
  readonly waf: OciWafPolicy;
  readonly loadBalancer: OciLoadBalancer;
  readonly service: OciInstancePoolService;
  readonly postgres: OciPostgres;
  readonly redis: OciRedisSentinel;
  readonly bucket: OciObjectStorage;
  readonly secret: OciGeneratedSecret;
}

/** OCPUs and memory of a flexible shape. */
export interface OciShapeSize {
  readonly shape: string;
  readonly ocpus: number;
  readonly memoryGb: number;
}

/** The region's Vault and the keys the building blocks use. */
export interface OciKitKeys {
  readonly vaultId: string;
  /** Encrypts buckets. */
  readonly storageKeyId: string;
  /** Encrypts boot and block volumes. */
  readonly computeKeyId: string;
  /** Encrypts secrets. */
  readonly secretsKeyId: string;
}

export interface OciKitProps {
  readonly context: DeploymentContext;
  readonly compartmentId: string;
  /** The tenancy's Object Storage namespace. */
  readonly namespace: string;
  /** Availability domain names of the region, in a stable order. */
  readonly availabilityDomains: readonly string[];
  readonly keys: OciKitKeys;
  /** Platform images: Oracle Linux 9 (service) and Canonical Ubuntu (Redis nodes). */
  readonly serviceImageId: string;
  readonly redisImageId: string;
  /** Service shape; OCPUs and memory default to the shared service size. */
  readonly serviceShape: string;
  readonly serviceOcpus?: number;
  readonly serviceMemoryGb?: number;
  readonly redis: OciShapeSize;
  readonly database: OciShapeSize & { readonly maxConnections: number };
  /** Repository URL (without tag) the service pulls from. */
  readonly repositoryUrl: string;
  /** Certificates service certificate of the load balancer (this region). */
  readonly certificateId: string;
  /** Public DNS zone of the load balancer's A record. */
  readonly dnsZoneId: string;
  readonly loadBalancerBandwidthMbps: { readonly minimum: number; readonly maximum: number };
  /** CIDRs of the other regions (routed through the DRG). */
  readonly peerCidrs: readonly string[];
  /** Regions the primary database copies its backups to. */
  readonly backupCopyRegions: readonly string[];
}

/** MockForge's building blocks on OCI, for the cloud-neutral composition. */
export class OciKit implements RegionKit<OciKitTypes> {
  readonly context: DeploymentContext;
  /** Secrets this kit created, by OCID token: everything else lives in the primary region. */
  private readonly localSecrets = new Map<string, string>();
  private primaryRegion?: string;

  constructor(private readonly props: OciKitProps) {
    this.context = props.context;
    if (props.context.primary) this.primaryRegion = props.context.region;
  }

  network(scope: Construct, id: string, spec: NetworkSpec): OciNetwork {
    return new OciNetwork(scope, id, { ...spec, context: this.context, compartmentId: this.props.compartmentId, peerCidrs: this.props.peerCidrs });
  }

  waf(scope: Construct, id: string, spec: WafSpec): OciWafPolicy {
    return new OciWafPolicy(scope, id, { ...spec, context: this.context, compartmentId: this.props.compartmentId });
  }

  objectStorage(scope: Construct, id: string, spec: ObjectStorageSpec): OciObjectStorage {
    // Replication is wired by the replica region's stack (OciBucketReplica): OCI allows one policy per bucket.
    return new OciObjectStorage(scope, id, {
      context: this.context,
      compartmentId: this.props.compartmentId,
      namespace: this.props.namespace,
      kmsKeyId: this.props.keys.storageKeyId,
      versioning: spec.versioning,
      infrequentAccessAfterDays: spec.infrequentAccessAfterDays,
      noncurrentVersionExpirationDays: spec.noncurrentVersionExpirationDays,
      accessLogRetentionDays: spec.accessLogRetentionDays,
      preventDestroy: !spec.forceDestroy,
    });
  }

  appSecret(scope: Construct, id: string, name: string): OciGeneratedSecret {
    return this.track(
      new OciGeneratedSecret(scope, id, {
        context: this.context,
        name,
        compartmentId: this.props.compartmentId,
        vaultId: this.props.keys.vaultId,
        keyId: this.props.keys.secretsKeyId,
      }),
    );
  }

  postgres(scope: Construct, id: string, spec: PostgresSpec, deps: { network: OciNetwork; replicaOf?: ReplicaSource }): OciPostgres {
    const replica = deps.replicaOf;
    if (replica) this.primaryRegion = replica.sourceRegion;
    const postgres = new OciPostgres(scope, id, {
      ...spec,
      context: this.context,
      compartmentId: this.props.compartmentId,
      network: deps.network,
      shape: this.props.database.shape,
      ocpus: this.props.database.ocpus,
      memoryGb: this.props.database.memoryGb,
      maxConnections: this.props.database.maxConnections,
      vaultId: this.props.keys.vaultId,
      secretsKeyId: this.props.keys.secretsKeyId,
      backupCopyRegions: replica ? [] : this.props.backupCopyRegions,
      standbyOf: replica
        ? {
            primaryDbSystemId: replica.sourceId,
            primaryRegion: replica.sourceRegion,
            writerHost: replica.writer.writerHost,
            passwordSecret: replica.writer.passwordSecret,
          }
        : undefined,
    });
    if (postgres.password) this.track(postgres.password);
    return postgres;
  }

  redisSentinel(scope: Construct, id: string, spec: RedisSentinelSpec, deps: { network: OciNetwork }): OciRedisSentinel {
    const redis = new OciRedisSentinel(scope, id, {
      ...spec,
      context: this.context,
      compartmentId: this.props.compartmentId,
      network: deps.network,
      availabilityDomains: this.props.availabilityDomains,
      shape: this.props.redis.shape,
      ocpus: this.props.redis.ocpus,
      memoryGb: this.props.redis.memoryGb,
      imageId: this.props.redisImageId,
      kmsKeyId: this.props.keys.computeKeyId,
      vaultId: this.props.keys.vaultId,
      secretsKeyId: this.props.keys.secretsKeyId,
    });
    this.track(redis.secret);
    return redis;
  }

  loadBalancer(scope: Construct, id: string, spec: LoadBalancerSpec, deps: { network: OciNetwork; waf?: OciWafPolicy }): OciLoadBalancer {
    // Every public entry point gets a WAF; this kit always makes a regional one.
    if (!deps.waf) throw new Error(`OciKit.loadBalancer (${this.context.region}): the load balancer needs the WAF policy from waf()`);
    const lb = new OciLoadBalancer(scope, id, {
      ...spec,
      context: this.context,
      compartmentId: this.props.compartmentId,
      network: deps.network,
      certificateId: this.props.certificateId,
      dnsZoneId: this.props.dnsZoneId,
      minimumBandwidthMbps: this.props.loadBalancerBandwidthMbps.minimum,
      maximumBandwidthMbps: this.props.loadBalancerBandwidthMbps.maximum,
      wafPolicyId: deps.waf.wafId,
      wafLogRetentionDays: deps.waf.logRetentionDays,
    });
    // OCI has no global CDN: caching and compression run on the load balancer (Web Application Acceleration).
    new OciWebAppAcceleration(scope, `${id}-acceleration`, {
      context: this.context,
      compartmentId: this.props.compartmentId,
      loadBalancerId: lb.loadBalancerId,
    });
    return lb;
  }

  service(
    scope: Construct,
    id: string,
    spec: ServiceSpec,
    deps: { network: OciNetwork; loadBalancer: OciLoadBalancer; bucket: OciObjectStorage },
  ): OciInstancePoolService {
    const { secrets, ...rest } = spec;
    return new OciInstancePoolService(scope, id, {
      ...rest,
      secrets: this.secretLocations(secrets),
      context: this.context,
      compartmentId: this.props.compartmentId,
      network: deps.network,
      availabilityDomains: this.props.availabilityDomains,
      shape: this.props.serviceShape,
      ocpus: this.props.serviceOcpus,
      memoryGb: this.props.serviceMemoryGb,
      imageId: this.props.serviceImageId,
      repositoryUrl: this.props.repositoryUrl,
      kmsKeyId: this.props.keys.computeKeyId,
      loadBalancerId: deps.loadBalancer.loadBalancerId,
      backendSetName: deps.loadBalancer.backendSetName,
    });
  }

  alarms(
    scope: Construct,
    id: string,
    spec: AlarmSpec,
    deps: { loadBalancer: OciLoadBalancer; service: OciInstancePoolService; postgres: OciPostgres; redis: OciRedisSentinel },
  ): void {
    new OciAlarms(scope, id, {
      ...spec,
      context: this.context,
      compartmentId: this.props.compartmentId,
      loadBalancerId: deps.loadBalancer.loadBalancerId,
      instancePoolId: deps.service.instancePoolId,
      dbSystemId: deps.postgres.dbSystemId,
      databaseMaxConnections: deps.postgres.maxConnections,
      databaseReplicates: deps.postgres.instanceCount > 1 || !this.context.primary,
      redisInstanceIds: deps.redis.instanceIds,
    });
  }

  private track<S extends OciGeneratedSecret>(secret: S): S {
    this.localSecrets.set(secret.secretId, secret.region);
    return secret;
  }

  /** Where each secret lives: this region for the kit's own, else the primary region (shared secrets). */
  private secretLocations(secrets: Readonly<Record<string, SecretRef>>): Record<string, OciServiceSecret> {
    const out: Record<string, OciServiceSecret> = {};
    for (const [name, ref] of Object.entries(secrets)) {
      const region = this.localSecrets.get(ref.secretId) ?? this.primaryRegion;
      if (region === undefined) {
        throw new Error(`OciKit.service (${this.context.region}): secret ${name} was not created by this kit and the primary region is unknown.`);
      }
      out[name] = { secretId: ref.secretId, region };
    }
    return out;
  }
}
