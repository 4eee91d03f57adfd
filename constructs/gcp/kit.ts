import type { Construct } from "constructs";
import type { RegionKit, RegionKitTypes, ReplicaSource, WafHandle } from "../core/kit";
import { resourceName } from "../core/naming";
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
import { GcpAlarms } from "./alarms";
import { GcpNetwork } from "./network";
import type { GcpVpcRef } from "./network-ref";
import { GcpObjectStorage } from "./object-storage";
import { GcpPostgres } from "./postgres";
import { GcpRedisSentinel } from "./redis-sentinel";
import { GcpGeneratedSecret } from "./secret";
import { GcpServerlessNeg } from "./serverless-neg";
import { GcpCloudRunService } from "./service";

/** The concrete GCP construct behind each building block. The WAF is Cloud Armor at the global edge, not a kit member. */
export interface GcpKitTypes extends RegionKitTypes {
  readonly network: GcpNetwork;
  readonly waf: WafHandle;
  readonly loadBalancer: GcpServerlessNeg;
  readonly service: GcpCloudRunService;
  readonly postgres: GcpPostgres;
  readonly redis: GcpRedisSentinel;
  readonly bucket: GcpObjectStorage;
  readonly secret: GcpGeneratedSecret;
}

export interface GcpKitProps {
  readonly context: DeploymentContext;
  readonly projectId: string;
  /** The environment's VPC (global stack). */
  readonly vpc: GcpVpcRef;
  /** Image path without tag in Artifact Registry. */
  readonly imageUrl: string;
  /** Cloud SQL tier, e.g. `db-custom-2-7680`. */
  readonly databaseTier: string;
  readonly databaseMaxConnections: number;
  /** Compute Engine machine type of the Redis nodes. */
  readonly redisMachineType: string;
  /** Cloud Run size; overrides the shared service spec's CPU and memory. */
  readonly serviceCpu: number;
  readonly serviceMemoryMiB: number;
  /** Multi-region assets buckets (the continent's US/EU/ASIA). */
  readonly multiRegionStorage: boolean;
  /** Deletion protection of the service, secrets and Redis nodes (the database follows its spec). */
  readonly deletionProtection: boolean;
}

/** MockForge's building blocks on Google Cloud, for the cloud-neutral composition. */
export class GcpKit implements RegionKit<GcpKitTypes> {
  readonly context: DeploymentContext;
  /** The Cloud Run service name the NEG and the service share. */
  readonly serviceName: string;

  constructor(private readonly props: GcpKitProps) {
    this.context = props.context;
    this.serviceName = resourceName(props.context, "server", 49);
  }

  network(scope: Construct, id: string, spec: NetworkSpec): GcpNetwork {
    // Subnets, NAT and zones are regional on GCP: zoneCount and natGateways have nothing to choose.
    return new GcpNetwork(scope, id, { context: this.context, vpc: this.props.vpc, cidr: spec.cidr });
  }

  objectStorage(scope: Construct, id: string, spec: ObjectStorageSpec): GcpObjectStorage {
    return new GcpObjectStorage(scope, id, {
      ...spec,
      context: this.context,
      projectId: this.props.projectId,
      multiRegion: this.props.multiRegionStorage,
    });
  }

  appSecret(scope: Construct, id: string, name: string): GcpGeneratedSecret {
    return new GcpGeneratedSecret(scope, id, { context: this.context, name, deletionProtection: this.props.deletionProtection });
  }

  postgres(scope: Construct, id: string, spec: PostgresSpec, deps: { network: GcpNetwork; replicaOf?: ReplicaSource }): GcpPostgres {
    const replica = deps.replicaOf;
    return new GcpPostgres(scope, id, {
      ...spec,
      context: this.context,
      network: deps.network,
      tier: this.props.databaseTier,
      maxConnections: this.props.databaseMaxConnections,
      ...(replica
        ? {
            replicaOf: { sourceInstanceName: replica.sourceId, sourceRegion: replica.sourceRegion },
            writerHost: replica.writer.writerHost,
            passwordSecret: replica.writer.passwordSecret,
          }
        : {}),
    });
  }

  redisSentinel(scope: Construct, id: string, spec: RedisSentinelSpec, deps: { network: GcpNetwork }): GcpRedisSentinel {
    return new GcpRedisSentinel(scope, id, {
      ...spec,
      context: this.context,
      network: deps.network,
      projectId: this.props.projectId,
      machineType: this.props.redisMachineType,
      deletionProtection: this.props.deletionProtection,
    });
  }

  loadBalancer(scope: Construct, id: string, spec: LoadBalancerSpec): GcpServerlessNeg {
    return new GcpServerlessNeg(scope, id, { ...spec, context: this.context, serviceName: this.serviceName });
  }

  service(
    scope: Construct,
    id: string,
    spec: ServiceSpec,
    deps: { network: GcpNetwork; loadBalancer: GcpServerlessNeg; bucket: GcpObjectStorage },
  ): GcpCloudRunService {
    return new GcpCloudRunService(scope, id, {
      ...spec,
      cpu: this.props.serviceCpu,
      memoryMiB: this.props.serviceMemoryMiB,
      context: this.context,
      network: deps.network,
      serviceName: deps.loadBalancer.serviceName,
      imageUrl: this.props.imageUrl,
      // The bucket resource's name (not the plain string): the grant waits for the bucket.
      assetsBucketName: deps.bucket.bucket.name,
      deletionProtection: this.props.deletionProtection,
    });
  }

  alarms(
    scope: Construct,
    id: string,
    spec: AlarmSpec,
    deps: { loadBalancer: GcpServerlessNeg; service: GcpCloudRunService; postgres: GcpPostgres; redis: GcpRedisSentinel },
  ): void {
    new GcpAlarms(scope, id, {
      ...spec,
      context: this.context,
      projectId: this.props.projectId,
      serviceName: deps.service.serviceName,
      databaseInstanceNames: deps.postgres.instanceNames,
      replicaInstanceNames: deps.postgres.replicaInstanceNames,
      databaseMaxConnections: deps.postgres.maxConnections,
      redisInstanceNames: deps.redis.instanceNames,
    });
  }
}
