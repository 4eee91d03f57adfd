import type { Construct } from "constructs";
import type { RegionKit, RegionKitTypes, ReplicaSource } from "../constructs/core/kit";
import type { SecretRef } from "../constructs/core/specs";
import { DATABASE_NAME, DATABASE_USER, HEALTH_PATHS } from "../constructs/core/runtime-contract";
import { runtimeEnvironment } from "../constructs/core/runtime-environment";
import { dnsFor } from "../environments/dns";
import type { EnvironmentConfig } from "../environments/model";

/** What differs between the regions of one environment. */
export interface RegionPlan {
  readonly region: string;
  readonly primary: boolean;
  readonly cidr: string;
  readonly zoneCount: number;
  readonly natGateways: "one-per-zone" | "single";
  /** Secondary regions that receive replicas of the primary's data. */
  readonly replicaRegions: readonly string[];
  /** Set in a secondary region: what it shares with the primary region. */
  readonly fromPrimary?: PrimaryRegionRefs;
  /** Host name the regional load balancers answer to (the CDN's API origin). */
  readonly originDomain: string;
  /** Image repository name in the project's registry. */
  readonly imageRepository: string;
  readonly imageTag: string;
}

/**
 * What a secondary region takes from the primary: the database it replicates
 * and writes to, and the application secret every region must share (API keys
 * hashed with it live in the one replicated database).
 */
export interface PrimaryRegionRefs {
  readonly database: ReplicaSource;
  readonly adminSecret: SecretRef;
  readonly operatorKey: SecretRef;
}

/** The building blocks of one region, as the composition wired them. */
export interface ComposedRegion<T extends RegionKitTypes> {
  readonly network: T["network"];
  /** Absent on clouds whose WAF sits only at the global edge. */
  readonly waf?: T["waf"];
  readonly bucket: T["bucket"];
  readonly postgres: T["postgres"];
  readonly redis: T["redis"];
  readonly loadBalancer: T["loadBalancer"];
  readonly service: T["service"];
  /** Only in the primary region. */
  readonly adminSecret?: T["secret"];
  /** Only in the primary region. */
  readonly operatorKey?: T["secret"];
  /** What secondary regions take from this one; only in the primary region. */
  readonly sharedRefs?: PrimaryRegionRefs;
}

/**
 * One region of MockForge, the same on every cloud:
 * network -> WAF + load balancer -> autoscaled service -> Postgres (+replicas)
 * -> Redis Sentinel -> object storage, with alarms over all of it.
 * Construct ids here are a contract: renaming one replaces infrastructure.
 */
export function composeRegion<T extends RegionKitTypes>(
  scope: Construct,
  kit: RegionKit<T>,
  env: EnvironmentConfig,
  plan: RegionPlan,
): ComposedRegion<T> {
  const network = kit.network(scope, "network", {
    cidr: plan.cidr,
    zoneCount: plan.zoneCount,
    natGateways: plan.natGateways,
    flowLogRetentionDays: env.edge.logRetentionDays,
  });

  const waf = kit.waf?.(scope, "waf", {
    rateLimitPer5Minutes: env.edge.wafRateLimitPer5Minutes,
    mode: env.edge.wafMode,
    logRetentionDays: env.edge.logRetentionDays,
  });

  const bucket = kit.objectStorage(
    scope,
    "assets",
    {
      versioning: env.storage.versioning,
      noncurrentVersionExpirationDays: env.storage.noncurrentVersionExpirationDays,
      infrequentAccessAfterDays: env.storage.infrequentAccessAfterDays,
      replicaRegions: plan.primary && env.storage.crossRegionReplication ? plan.replicaRegions : [],
      forceDestroy: env.storage.forceDestroy,
      accessLogRetentionDays: env.edge.logRetentionDays,
    },
    { network },
  );

  const postgres = kit.postgres(
    scope,
    "postgres",
    {
      engineVersion: env.database.engineVersion,
      highAvailability: env.database.highAvailability,
      readReplicas: env.database.readReplicas,
      storageGiB: env.database.storageGiB,
      maxStorageGiB: env.database.maxStorageGiB,
      backupRetentionDays: env.database.backupRetentionDays,
      deletionProtection: env.database.deletionProtection,
      databaseName: DATABASE_NAME,
      username: DATABASE_USER,
    },
    { network, replicaOf: plan.fromPrimary?.database },
  );

  const redis = kit.redisSentinel(
    scope,
    "redis",
    {
      nodeCount: 3,
      quorum: env.redis.quorum,
      volumeSizeGiB: env.redis.volumeSizeGiB,
      downAfterMilliseconds: env.redis.downAfterMilliseconds,
      failoverTimeoutMilliseconds: env.redis.failoverTimeoutMilliseconds,
      maxMemoryPercent: env.redis.maxMemoryPercent,
      distinctZones: env.redis.distinctZones,
    },
    { network },
  );

  const loadBalancer = kit.loadBalancer(
    scope,
    "load-balancer",
    {
      domainNames: [plan.originDomain],
      dnsZoneName: dnsFor(env, kit.context.cloud).zoneName,
      healthCheckPath: HEALTH_PATHS.ready,
      deregistrationDelaySeconds: env.service.deregistrationDelaySeconds,
      idleTimeoutSeconds: 60,
      deletionProtection: env.edge.loadBalancerDeletionProtection,
      accessLogRetentionDays: env.edge.logRetentionDays,
    },
    { network, waf },
  );

  // One admin secret and one operator key per environment: the primary creates them, secondaries reuse them.
  const adminSecret = plan.fromPrimary ? undefined : kit.appSecret(scope, "admin-secret", "admin-signing-key");
  const operatorKey = plan.fromPrimary ? undefined : kit.appSecret(scope, "operator-key", "operator-key");
  const runtime = runtimeEnvironment({
    context: kit.context,
    postgres: postgres.endpoints,
    redis: redis.endpoints,
    assetsBucket: bucket.bucketName,
    adminSecret: adminSecret?.ref ?? (plan.fromPrimary as PrimaryRegionRefs).adminSecret,
    operatorKey: operatorKey?.ref ?? (plan.fromPrimary as PrimaryRegionRefs).operatorKey,
  });

  const service = kit.service(
    scope,
    "service",
    {
      cpu: env.service.cpu,
      memoryMiB: env.service.memoryMiB,
      autoscaling: {
        minCount: env.service.minCount,
        maxCount: env.service.maxCount,
        cpuTargetPercent: env.service.cpuTargetPercent,
        memoryTargetPercent: env.service.memoryTargetPercent,
        requestsPerTarget: env.service.requestsPerTarget,
        scaleOutCooldownSeconds: env.service.scaleOutCooldownSeconds,
        scaleInCooldownSeconds: env.service.scaleInCooldownSeconds,
      },
      imageRepository: plan.imageRepository,
      imageTag: plan.imageTag,
      environment: runtime.environment,
      secrets: runtime.secrets,
      healthCheckGracePeriodSeconds: env.service.healthCheckGracePeriodSeconds,
      logRetentionDays: env.service.logRetentionDays,
    },
    { network, loadBalancer, bucket },
  );

  kit.alarms(
    scope,
    "alarms",
    {
      http5xxPercent: env.alarms.http5xxPercent,
      latencyP95Milliseconds: env.alarms.latencyP95Milliseconds,
      cpuPercent: env.alarms.cpuPercent,
      memoryPercent: env.alarms.memoryPercent,
      databaseConnectionsPercent: env.database.connectionsAlarmPercent,
      replicaLagSeconds: env.database.replicaLagAlarmSeconds,
      periodMinutes: env.alarms.periodMinutes,
      emails: env.alarms.emails,
    },
    { loadBalancer, service, postgres, redis },
  );

  const sharedRefs: PrimaryRegionRefs | undefined =
    adminSecret && operatorKey
      ? {
          database: {
            sourceId: postgres.replicationSourceId,
            sourceRegion: plan.region,
            writer: { ...postgres.endpoints, writerHost: postgres.crossRegionWriterHost ?? postgres.endpoints.writerHost },
          },
          adminSecret: adminSecret.ref,
          operatorKey: operatorKey.ref,
        }
      : undefined;

  return { network, waf, bucket, postgres, redis, loadBalancer, service, adminSecret, operatorKey, sharedRefs };
}
