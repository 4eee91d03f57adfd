import type { Construct } from "constructs";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { RegionKit, RegionKitTypes, ReplicaSource } from "../core/kit";
import type {
  AlarmSpec,
  DeploymentContext,
  LoadBalancerSpec,
  NetworkSpec,
  ObjectStorageSpec,
  PostgresSpec,
  RedisSentinelSpec,
  ServiceSpec,
  WafSpec,
} from "../core/specs";
import { AwsAlarms } from "./alarms";
import { AwsLoadBalancer } from "./load-balancer";
import { AwsNetwork } from "./network";
import { AwsObjectStorage } from "./object-storage";
import { AwsPostgres } from "./postgres";
import { AwsRedisSentinel } from "./redis-sentinel";
import { AwsGeneratedSecret } from "./secret";
import { AwsFargateService } from "./service";
import { AwsWebAcl } from "./waf";

/** The concrete AWS construct behind each building block. */
export interface AwsKitTypes extends RegionKitTypes {
  readonly network: AwsNetwork;
  readonly waf: AwsWebAcl;
  readonly loadBalancer: AwsLoadBalancer;
  readonly service: AwsFargateService;
  readonly postgres: AwsPostgres;
  readonly redis: AwsRedisSentinel;
  readonly bucket: AwsObjectStorage;
  readonly secret: AwsGeneratedSecret;
}

export interface AwsKitProps {
  readonly context: DeploymentContext;
  /** RDS instance class, e.g. `db.r6g.large`. */
  readonly databaseInstanceClass: string;
  /** EC2 instance type of the Redis Sentinel nodes. */
  readonly redisInstanceType: string;
  /** ECR repository URL (without tag) the service pulls from. */
  readonly repositoryUrl: string;
  /** Aliased providers per replica region, for cross-region bucket replicas. */
  readonly replicaProviders?: Readonly<Record<string, AwsProvider>>;
}

/** MockForge's building blocks on AWS, for the cloud-neutral composition. */
export class AwsKit implements RegionKit<AwsKitTypes> {
  readonly context: DeploymentContext;

  constructor(private readonly props: AwsKitProps) {
    this.context = props.context;
  }

  network(scope: Construct, id: string, spec: NetworkSpec): AwsNetwork {
    return new AwsNetwork(scope, id, { ...spec, context: this.context });
  }

  waf(scope: Construct, id: string, spec: WafSpec): AwsWebAcl {
    return new AwsWebAcl(scope, id, { ...spec, scope: "REGIONAL", context: this.context });
  }

  objectStorage(scope: Construct, id: string, spec: ObjectStorageSpec): AwsObjectStorage {
    return new AwsObjectStorage(scope, id, { ...spec, context: this.context, replicaProviders: this.props.replicaProviders });
  }

  appSecret(scope: Construct, id: string, name: string): AwsGeneratedSecret {
    return new AwsGeneratedSecret(scope, id, { context: this.context, name });
  }

  postgres(scope: Construct, id: string, spec: PostgresSpec, deps: { network: AwsNetwork; replicaOf?: ReplicaSource }): AwsPostgres {
    const replica = deps.replicaOf;
    return new AwsPostgres(scope, id, {
      ...spec,
      context: this.context,
      network: deps.network,
      instanceClass: this.props.databaseInstanceClass,
      ...(replica
        ? {
            replicaOf: { sourceArn: replica.sourceId, sourceRegion: replica.sourceRegion },
            writerHost: replica.writer.writerHost,
            passwordSecret: replica.writer.passwordSecret,
          }
        : {}),
    });
  }

  redisSentinel(scope: Construct, id: string, spec: RedisSentinelSpec, deps: { network: AwsNetwork }): AwsRedisSentinel {
    return new AwsRedisSentinel(scope, id, {
      ...spec,
      context: this.context,
      network: deps.network,
      instanceType: this.props.redisInstanceType,
    });
  }

  loadBalancer(scope: Construct, id: string, spec: LoadBalancerSpec, deps: { network: AwsNetwork; waf?: AwsWebAcl }): AwsLoadBalancer {
    // Every public entry point gets a WAF; this kit always makes a regional one.
    if (!deps.waf) throw new Error(`AwsKit.loadBalancer (${this.context.region}): the ALB needs the regional web ACL from waf()`);
    return new AwsLoadBalancer(scope, id, {
      ...spec,
      context: this.context,
      network: deps.network,
      webAclArn: deps.waf.wafId,
    });
  }

  service(
    scope: Construct,
    id: string,
    spec: ServiceSpec,
    deps: { network: AwsNetwork; loadBalancer: AwsLoadBalancer; bucket: AwsObjectStorage },
  ): AwsFargateService {
    return new AwsFargateService(scope, id, {
      ...spec,
      context: this.context,
      network: deps.network,
      repositoryUrl: this.props.repositoryUrl,
      targetGroupArn: deps.loadBalancer.targetGroup.arn,
      listener: deps.loadBalancer.httpsListener,
      loadBalancerArnSuffix: deps.loadBalancer.arnSuffix,
      targetGroupArnSuffix: deps.loadBalancer.targetGroupArnSuffix,
      assetsBucketArn: deps.bucket.bucketArn,
      assetsKmsKeyArn: deps.bucket.kmsKey.arn,
    });
  }

  alarms(
    scope: Construct,
    id: string,
    spec: AlarmSpec,
    deps: { loadBalancer: AwsLoadBalancer; service: AwsFargateService; postgres: AwsPostgres; redis: AwsRedisSentinel },
  ): void {
    new AwsAlarms(scope, id, {
      ...spec,
      context: this.context,
      loadBalancerArnSuffix: deps.loadBalancer.arnSuffix,
      targetGroupArnSuffix: deps.loadBalancer.targetGroupArnSuffix,
      clusterName: deps.service.cluster.name,
      serviceName: deps.service.service.name,
      databaseInstanceIdentifiers: deps.postgres.identifiers,
      replicaInstanceIdentifiers: deps.postgres.replicaIdentifiers,
      databaseMaxConnections: deps.postgres.maxConnections,
      redisInstanceIds: deps.redis.instanceIds,
    });
  }
}
