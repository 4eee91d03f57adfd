import { Construct } from "constructs";
import { Token } from "cdktf";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import type { PostgresHandle } from "../core/kit";
import { resourceName, SERVICE_NAME } from "../core/naming";
import { POSTGRES_PORT } from "../core/runtime-contract";
import type { DeploymentContext, PostgresEndpoints, PostgresSpec, SecretRef } from "../core/specs";
import { AwsKmsKey } from "./kms";
import type { AwsNetworkRef } from "./network-ref";

/** The primary database a cross-region read replica follows. */
export interface AwsPostgresReplicaSource {
  /** ARN of the source DB instance (the primary region's `replicationSourceId`). */
  readonly sourceArn: string;
  /** Region of the source DB instance. */
  readonly sourceRegion: string;
}

export interface AwsPostgresProps extends PostgresSpec {
  readonly context: DeploymentContext;
  readonly network: AwsNetworkRef;
  /** RDS instance class, e.g. `db.r6g.large`; must be in {@link RDS_INSTANCE_MEMORY_GIB}. */
  readonly instanceClass: string;
  /**
   * Make this construct a cross-region read replica of another region's primary
   * (disaster recovery and local reads). Username, password and database come
   * from the source; `writerHost` and `passwordSecret` must then be given.
   * @default a primary (writable) database
   */
  readonly replicaOf?: AwsPostgresReplicaSource;
  /**
   * Replica mode only: host applications write to, in the source region. Pass
   * the source's instance address (`instance.address`): its private DNS zone
   * is only associated with the source VPC.
   * @default none; required when `replicaOf` is set
   */
  readonly writerHost?: string;
  /**
   * Replica mode only: the source's password secret (`endpoints.passwordSecret` of the primary).
   * @default none; required when `replicaOf` is set
   */
  readonly passwordSecret?: SecretRef;
  /**
   * Enhanced Monitoring interval: 0 (off), 1, 5, 10, 15, 30 or 60 seconds.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
  /**
   * Daily automated backup window, UTC `hh24:mi-hh24:mi`, at least 30 minutes.
   * @default "03:00-04:00"
   */
  readonly backupWindow?: string;
  /**
   * Weekly maintenance window, UTC `ddd:hh24:mi-ddd:hh24:mi`; must not overlap the backup window.
   * @default "sun:05:00-sun:06:00"
   */
  readonly maintenanceWindow?: string;
  /**
   * Statements slower than this are logged (`log_min_duration_statement`).
   * @default 1000
   */
  readonly slowStatementMilliseconds?: number;
  /**
   * Extra parameter group entries. Static parameters are applied at the next
   * reboot. The TLS parameters cannot be overridden here.
   * @default none
   */
  readonly extraParameters?: Readonly<Record<string, string>>;
}

/**
 * Memory (GiB) of the RDS instance classes MockForge uses, for the
 * max_connections estimate. Add a class here before using it.
 */
export const RDS_INSTANCE_MEMORY_GIB: Readonly<Record<string, number>> = (() => {
  const table: Record<string, number> = {};
  const sizes = (families: string[], memory: Record<string, number>) => {
    for (const family of families) for (const [size, gib] of Object.entries(memory)) table[`db.${family}.${size}`] = gib;
  };
  // Burstable: 1 GiB (micro) doubling per size. General purpose: 4 GiB per vCPU. Memory optimized: 8 GiB per vCPU.
  sizes(["t3", "t4g"], { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 });
  sizes(["m5", "m6g", "m6i", "m7g", "m7i"], { large: 8, xlarge: 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128 });
  sizes(["r5", "r6g", "r6i", "r7g", "r7i"], { large: 16, xlarge: 32, "2xlarge": 64, "4xlarge": 128, "8xlarge": 256 });
  return table;
})();

/**
 * Estimate of RDS for PostgreSQL's default max_connections,
 * `LEAST({DBInstanceClassMemory/9531392}, 5000)`, using the class's nominal
 * memory. RDS's DBInstanceClassMemory is the nominal memory minus what the OS
 * and RDS processes reserve, so the real limit is a few percent lower (up to
 * ~25% on 1 GiB classes): set connection alarms below 100% of this number.
 */
export function estimateMaxConnections(instanceClass: string): number {
  const gib = RDS_INSTANCE_MEMORY_GIB[instanceClass];
  if (gib === undefined) {
    throw new Error(
      `AwsPostgres: instanceClass "${instanceClass}" is not in the memory table used for the max_connections estimate ` +
        `(constructs/aws/postgres.ts RDS_INSTANCE_MEMORY_GIB). Known classes: ${Object.keys(RDS_INSTANCE_MEMORY_GIB).join(", ")}.`,
    );
  }
  return Math.min(Math.floor((gib * 1024 ** 3) / 9531392), 5000);
}

const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];
/** Parameters owned by this construct (security and logging defaults). */
const PROTECTED_PARAMETERS = ["rds.force_ssl", "ssl_min_protocol_version"];
/** Static PostgreSQL parameters: RDS refuses `immediate` for these. */
const STATIC_PARAMETERS = new Set([
  "shared_preload_libraries",
  "max_connections",
  "max_worker_processes",
  "max_wal_senders",
  "max_replication_slots",
  "max_locks_per_transaction",
  "max_prepared_transactions",
  "rds.logical_replication",
  "track_activity_query_size",
  "wal_buffers",
]);
const LOG_EXPORTS = ["postgresql", "upgrade"];
const CA_CERTIFICATE = "rds-ca-rsa2048-g1";

/**
 * RDS for PostgreSQL: an encrypted, private, TLS-only primary with backups
 * (and with them point-in-time recovery), optional Multi-AZ standby, in-region
 * read replicas behind a private `reader` DNS name — or, with `replicaOf`, a
 * cross-region read replica of another region's primary.
 *
 * The master password is generated and kept by RDS in Secrets Manager
 * (`manage_master_user_password`), encrypted with this construct's key; it
 * never enters the Terraform state. RDS rotates it every 7 days by default,
 * so clients must read the secret when they (re)connect.
 */
export class AwsPostgres extends Construct implements PostgresHandle {
  /** The writer (primary mode) or the cross-region replica (replica mode). */
  readonly instance: DbInstance;
  /** In-region read replicas (of the writer, or cascaded from the cross-region replica). */
  readonly replicas: DbInstance[];
  readonly parameterGroup: DbParameterGroup;
  readonly subnetGroup: DbSubnetGroup;
  readonly kmsKey: AwsKmsKey;
  /** Enhanced Monitoring role; undefined when monitoring is off. */
  readonly monitoringRole?: IamRole;
  /** Private zone with `writer`/`reader` names; undefined when there are no in-region replicas. */
  readonly privateZone?: Route53Zone;
  readonly endpoints: PostgresEndpoints;
  /** ARN a cross-region replica in another region points at. */
  readonly replicationSourceId: string;
  /** The RDS address: the private-zone writer name only resolves inside this VPC. */
  readonly crossRegionWriterHost: string;
  /** DB instance identifiers, writer (or cross-region replica) first. */
  readonly identifiers: readonly string[];
  /**
   * Identifiers of the instances that replicate and can lag (for replica-lag alarms):
   * the in-region replicas, plus the cross-region replica itself in replica mode.
   */
  readonly replicaIdentifiers: readonly string[];
  /** Estimated max_connections of the instance class; see {@link estimateMaxConnections}. */
  readonly maxConnections: number;

  constructor(scope: Construct, id: string, props: AwsPostgresProps) {
    super(scope, id);
    const { context, network } = props;
    const major = validate(props);
    const replicaOf = props.replicaOf;
    const monitoringInterval = props.monitoringIntervalSeconds ?? 60;
    this.maxConnections = estimateMaxConnections(props.instanceClass);

    this.kmsKey = new AwsKmsKey(this, "kms", {
      context,
      name: "postgres",
      description: `Encrypts MockForge Postgres storage, Performance Insights and the master secret (${context.region})`,
    });

    this.subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: resourceName(context, "postgres", 255),
      description: "MockForge Postgres: data subnets only",
      subnetIds: [...network.dataSubnetIds],
    });

    const parameters: Record<string, string> = {
      "rds.force_ssl": "1",
      ssl_min_protocol_version: "TLSv1.2",
      log_min_duration_statement: String(props.slowStatementMilliseconds ?? 1000),
      log_connections: "1",
      log_disconnections: "1",
      ...(props.extraParameters ?? {}),
    };
    this.parameterGroup = new DbParameterGroup(this, "parameter-group", {
      // The major version is part of the name so an upgrade creates the new group before dropping the old one.
      name: resourceName(context, `postgres${major}`, 255),
      family: `postgres${major}`,
      description: "MockForge Postgres: TLS-only, connection and slow statement logging",
      parameter: Object.entries(parameters).map(([name, value]) => ({
        name,
        value,
        applyMethod: STATIC_PARAMETERS.has(name) ? "pending-reboot" : "immediate",
      })),
      lifecycle: { createBeforeDestroy: true },
    });

    if (monitoringInterval > 0) {
      this.monitoringRole = new IamRole(this, "monitoring-role", {
        name: resourceName(context, "rds-monitoring", 64),
        description: "Lets RDS Enhanced Monitoring publish OS metrics to CloudWatch Logs",
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      });
    }
    const monitoringAttachment = this.monitoringRole
      ? new IamRolePolicyAttachment(this, "monitoring-policy", {
          role: this.monitoringRole.name,
          policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        })
      : undefined;

    // Settings every instance (writer and replicas) shares.
    const common = {
      instanceClass: props.instanceClass,
      storageType: "gp3",
      maxAllocatedStorage: props.maxStorageGiB,
      storageEncrypted: true,
      kmsKeyId: this.kmsKey.arn,
      publiclyAccessible: false,
      vpcSecurityGroupIds: [network.securityGroups.database],
      parameterGroupName: this.parameterGroup.name,
      port: POSTGRES_PORT,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: this.kmsKey.arn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval,
      monitoringRoleArn: this.monitoringRole?.arn,
      enabledCloudwatchLogsExports: LOG_EXPORTS,
      autoMinorVersionUpgrade: true,
      iamDatabaseAuthenticationEnabled: true,
      caCertIdentifier: CA_CERTIFICATE,
      applyImmediately: false,
      dependsOn: monitoringAttachment ? [monitoringAttachment] : undefined,
    };
    const writerIdentifier = resourceName(context, "postgres", 63);
    const backups = {
      backupRetentionPeriod: props.backupRetentionDays,
      backupWindow: props.backupWindow ?? "03:00-04:00",
      maintenanceWindow: props.maintenanceWindow ?? "sun:05:00-sun:06:00",
    };

    if (replicaOf === undefined) {
      const skipFinalSnapshot = !props.deletionProtection;
      this.instance = new DbInstance(this, "instance", {
        ...common,
        ...backups,
        identifier: writerIdentifier,
        engine: "postgres",
        engineVersion: props.engineVersion,
        allocatedStorage: props.storageGiB,
        dbSubnetGroupName: this.subnetGroup.name,
        multiAz: props.highAvailability,
        dbName: props.databaseName,
        username: props.username,
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: this.kmsKey.arn,
        skipFinalSnapshot,
        finalSnapshotIdentifier: skipFinalSnapshot ? undefined : `${writerIdentifier}-final`,
        tags: { Name: writerIdentifier },
      });
    } else {
      // Cross-region replica: engine, version, credentials and database come from the source.
      // Automated backups on PostgreSQL replicas need 14.1+; they keep PITR after a promotion
      // and are required for the replica to feed cascaded replicas.
      this.instance = new DbInstance(this, "instance", {
        ...common,
        ...(major >= 14 ? backups : { maintenanceWindow: backups.maintenanceWindow }),
        identifier: writerIdentifier,
        replicateSourceDb: replicaOf.sourceArn,
        dbSubnetGroupName: this.subnetGroup.name,
        multiAz: props.highAvailability,
        // A read replica cannot take a final snapshot.
        skipFinalSnapshot: true,
        tags: { Name: writerIdentifier },
      });
    }

    // In-region replicas: of the writer, or cascaded from the cross-region replica (PostgreSQL 14.1+).
    this.replicas = [];
    const replicaIdentifiers: string[] = [];
    const azs = network.availabilityZones;
    for (let n = 1; n <= props.readReplicas; n++) {
      const identifier = resourceName(context, `postgres-replica-${n}`, 63);
      replicaIdentifiers.push(identifier);
      this.replicas.push(
        new DbInstance(this, `replica-${n}`, {
          ...common,
          identifier,
          replicateSourceDb: this.instance.identifier,
          availabilityZone: azs.length > 0 ? azs[n % azs.length] : undefined,
          multiAz: false,
          maintenanceWindow: backups.maintenanceWindow,
          skipFinalSnapshot: true,
          tags: { Name: identifier },
        }),
      );
    }
    this.identifiers = [writerIdentifier, ...replicaIdentifiers];
    this.replicaIdentifiers = replicaOf === undefined ? replicaIdentifiers : this.identifiers;

    let writerHost: string;
    let readerHost: string | undefined;
    // In replica mode the cross-region replica serves reads too.
    const readers = replicaOf === undefined ? this.replicas : [this.instance, ...this.replicas];
    const readerIdentifiers = this.replicaIdentifiers;
    if (this.replicas.length > 0) {
      const zoneName = `${context.environment}.${context.region}.db.${SERVICE_NAME}.internal`;
      this.privateZone = new Route53Zone(this, "zone", {
        name: zoneName,
        comment: `MockForge Postgres writer/reader names (${context.environment}, ${context.region})`,
        vpc: [{ vpcId: network.vpcId }],
      });
      if (replicaOf === undefined) {
        new Route53Record(this, "writer-record", {
          zoneId: this.privateZone.zoneId,
          name: `writer.${zoneName}`,
          type: "CNAME",
          ttl: 5,
          records: [this.instance.address],
        });
      }
      readers.forEach((reader, index) => {
        // Equal weights spread new connections over the replicas; a short TTL lets clients follow changes.
        new Route53Record(this, `reader-record-${index + 1}`, {
          zoneId: this.privateZone!.zoneId,
          name: `reader.${zoneName}`,
          type: "CNAME",
          ttl: 5,
          records: [reader.address],
          setIdentifier: readerIdentifiers[index],
          weightedRoutingPolicy: { weight: 1 },
        });
      });
      writerHost = replicaOf === undefined ? `writer.${zoneName}` : props.writerHost!;
      readerHost = `reader.${zoneName}`;
    } else {
      writerHost = replicaOf === undefined ? this.instance.address : props.writerHost!;
      readerHost = replicaOf === undefined ? undefined : this.instance.address;
    }

    this.endpoints = {
      writerHost,
      readerHost,
      port: POSTGRES_PORT,
      databaseName: props.databaseName,
      username: props.username,
      passwordSecret:
        replicaOf === undefined
          ? { secretId: this.instance.masterUserSecret.get(0).secretArn, jsonKey: "password" }
          : props.passwordSecret!,
    };
    this.replicationSourceId = this.instance.arn;
    this.crossRegionWriterHost = this.instance.address;
  }
}

/** Checks the props; returns the major engine version. */
function validate(props: AwsPostgresProps): number {
  const fail = (message: string): never => {
    throw new Error(`AwsPostgres (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  const m = /^(\d+)(\.\d+)?$/.exec(props.engineVersion);
  if (!m || Number(m[1]) < 12) fail(`engineVersion "${props.engineVersion}" must be a PostgreSQL major version 12 or later, e.g. "16" or "16.4".`);
  const major = Number(m![1]);
  const wholeIn = (name: string, value: number, min: number, max: number, why: string) => {
    if (!Number.isInteger(value) || value < min || value > max) fail(`${name} is ${value}; ${why}`);
  };
  wholeIn("storageGiB", props.storageGiB, 20, 65536, "gp3 storage for RDS PostgreSQL takes whole GiB from 20 to 65536.");
  wholeIn("maxStorageGiB", props.maxStorageGiB, props.storageGiB, 65536, `storage autoscaling needs a whole number from storageGiB (${props.storageGiB}) to 65536.`);
  wholeIn(
    "backupRetentionDays",
    props.backupRetentionDays,
    1,
    35,
    "use 1 to 35 days: automated backups give point-in-time recovery and are required for read replicas" +
      (props.deletionProtection ? " (and a protected database without backups cannot be recovered)." : "."),
  );
  wholeIn("readReplicas", props.readReplicas, 0, 5, "use 0 to 5 in-region read replicas.");
  const interval = props.monitoringIntervalSeconds ?? 60;
  if (!MONITORING_INTERVALS.includes(interval)) {
    fail(`monitoringIntervalSeconds is ${interval}; allowed values are ${MONITORING_INTERVALS.join(", ")}.`);
  }
  const slow = props.slowStatementMilliseconds ?? 1000;
  wholeIn("slowStatementMilliseconds", slow, -1, 2147483647, "use -1 (off), 0 (all statements) or a positive number of milliseconds.");
  const identifier = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
  if (!identifier.test(props.databaseName)) fail(`databaseName "${props.databaseName}" must start with a letter and hold up to 63 letters, digits or underscores.`);
  if (!identifier.test(props.username) || ["rdsadmin", "postgres"].includes(props.username.toLowerCase())) {
    fail(`username "${props.username}" must start with a letter, hold up to 63 letters, digits or underscores, and not be "rdsadmin" or "postgres".`);
  }
  for (const name of Object.keys(props.extraParameters ?? {})) {
    if (PROTECTED_PARAMETERS.includes(name)) fail(`extraParameters may not set "${name}": this construct enforces TLS (${PROTECTED_PARAMETERS.join(", ")}).`);
  }
  const windowPattern = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
  if (props.backupWindow !== undefined && !windowPattern.test(props.backupWindow)) {
    fail(`backupWindow "${props.backupWindow}" must look like "03:00-04:00" (UTC).`);
  }
  if (props.maintenanceWindow !== undefined && !/^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/i.test(props.maintenanceWindow)) {
    fail(`maintenanceWindow "${props.maintenanceWindow}" must look like "sun:05:00-sun:06:00" (UTC).`);
  }
  if (props.network.dataSubnetIds.length < 2) {
    fail(`network has ${props.network.dataSubnetIds.length} data subnet(s); an RDS subnet group needs subnets in at least 2 availability zones.`);
  }

  const source = props.replicaOf;
  if (source === undefined) {
    if (props.writerHost !== undefined) fail("writerHost is only for replica mode (replicaOf); a primary's writer is its own instance.");
    if (props.passwordSecret !== undefined) fail("passwordSecret is only for replica mode (replicaOf); a primary's password is managed by RDS.");
    return major;
  }
  if (props.context.primary) fail("replicaOf is set but context.primary is true; the primary region holds the writable database.");
  if (source.sourceRegion === props.context.region) {
    fail(`replicaOf.sourceRegion is "${source.sourceRegion}", this construct's own region; a same-region replica is readReplicas, not replicaOf.`);
  }
  if (!Token.isUnresolved(source.sourceArn)) {
    const arn = /^arn:aws[a-z-]*:rds:([a-z0-9-]+):\d{12}:db:[a-z][a-z0-9-]*$/.exec(source.sourceArn);
    if (!arn) fail(`replicaOf.sourceArn "${source.sourceArn}" is not an RDS DB instance ARN (arn:aws:rds:<region>:<account>:db:<identifier>).`);
    if (arn![1] !== source.sourceRegion) fail(`replicaOf.sourceArn is in ${arn![1]} but replicaOf.sourceRegion is ${source.sourceRegion}.`);
  }
  if (props.writerHost === undefined) fail("writerHost is required with replicaOf: pass the source region's writer address.");
  if (props.passwordSecret === undefined) fail("passwordSecret is required with replicaOf: pass the source's endpoints.passwordSecret.");
  if (props.readReplicas > 0 && major < 14) {
    fail(`readReplicas is ${props.readReplicas} in replica mode, which needs cascading read replicas (PostgreSQL 14.1 or later); engineVersion is "${props.engineVersion}".`);
  }
  return major;
}
