/** The cloud-neutral specs the per-cloud construct tests start from (each adds its cloud's own props). */
import type { AlarmSpec, AutoscalingSpec, PostgresSpec, RedisSentinelSpec } from "../../constructs/core/specs";

/** A production-like Postgres: HA, two in-region replicas, 14 days of backups, deletion protection. */
export const POSTGRES_SPEC: PostgresSpec = {
  engineVersion: "16",
  highAvailability: true,
  readReplicas: 2,
  storageGiB: 100,
  maxStorageGiB: 1000,
  backupRetentionDays: 14,
  deletionProtection: true,
  databaseName: "mockforge",
  username: "mockforge",
};

/** Three Sentinel nodes in three zones, quorum 2, the runbook's timings. */
export const REDIS_SENTINEL_SPEC: RedisSentinelSpec = {
  nodeCount: 3,
  quorum: 2,
  volumeSizeGiB: 50,
  downAfterMilliseconds: 5000,
  failoverTimeoutMilliseconds: 60000,
  maxMemoryPercent: 75,
  distinctZones: true,
};

/** The runbook's alarm thresholds (each test adds its own e-mail addresses). */
export const ALARM_THRESHOLDS: Omit<AlarmSpec, "emails"> = {
  http5xxPercent: 1,
  latencyP95Milliseconds: 500,
  cpuPercent: 80,
  memoryPercent: 85,
  databaseConnectionsPercent: 80,
  replicaLagSeconds: 30,
  periodMinutes: 5,
};

/** Prod's autoscaling: 3 to 50 instances on CPU 70 % and memory 80 %, out in 60 s, in after 300 s. */
export const AUTOSCALING_SPEC: AutoscalingSpec = {
  minCount: 3,
  maxCount: 50,
  cpuTargetPercent: 70,
  memoryTargetPercent: 80,
  scaleOutCooldownSeconds: 60,
  scaleInCooldownSeconds: 300,
};
