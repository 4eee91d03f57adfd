import { Construct } from "constructs";
import { Token } from "cdktf";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import {
  SqlDatabaseInstance,
  type SqlDatabaseInstanceSettings,
  type SqlDatabaseInstanceSettingsDatabaseFlags,
} from "@cdktf/provider-google/lib/sql-database-instance";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import type { PostgresHandle } from "../core/kit";
import { regionCode, resourceName, SERVICE_NAME } from "../core/naming";
import { POSTGRES_PORT } from "../core/runtime-contract";
import type { DeploymentContext, PostgresEndpoints, PostgresSpec, SecretRef } from "../core/specs";
import { GcpKmsKey } from "./kms";
import { parseCloudSqlTier } from "./limits";
import type { GcpNetworkRef } from "./network-ref";
import { GcpGeneratedSecret } from "./secret";
import { serviceAgents } from "./service-agents";

/** Seconds a private DNS answer for the writer/reader names may be cached: short, so clients follow changes. */
const DNS_TTL_SECONDS = 5;
/** Cloud SQL for PostgreSQL keeps at most 7 days of transaction logs on the Enterprise edition. */
const MAX_LOG_RETENTION_DAYS = 7;
const RESERVED_USERS = ["postgres", "cloudsqladmin", "cloudsqlsuperuser", "cloudsqlreplica"];

export interface GcpPostgresProps extends PostgresSpec {
  readonly context: DeploymentContext;
  readonly network: GcpNetworkRef;
  /** Cloud SQL tier of every instance, e.g. `db-custom-2-7680`. */
  readonly tier: string;
  /** `max_connections` of every instance (what the connections alarm compares against). */
  readonly maxConnections: number;
  /**
   * CMEK key (`projects/.../cryptoKeys/...`) in this region for every instance.
   * @default a new key in this region, usable only by the Cloud SQL service agent
   */
  readonly encryptionKeyId?: string;
  /**
   * Statements slower than this are logged (`log_min_duration_statement`); -1 turns it off.
   * @default 1000
   */
  readonly slowStatementMilliseconds?: number;
  /**
   * UTC start of the daily backup window, `HH:MM`.
   * @default "03:00"
   */
  readonly backupStartTime?: string;
  /**
   * Replica mode: this region's database is a cross-region read replica of
   * the primary region's instance (which its in-region replicas cascade from).
   * @default primary mode: a writable instance with its own user, database and password
   */
  readonly replicaOf?: { readonly sourceInstanceName: string; readonly sourceRegion: string };
  /** Replica mode only: the primary's writer host, which this region's service writes to. */
  readonly writerHost?: string;
  /** Replica mode only: the primary's password secret. */
  readonly passwordSecret?: SecretRef;
}

/**
 * Cloud SQL for PostgreSQL, private by construction: private IP on the
 * environment's VPC only (no public IPv4), TLS enforced (ENCRYPTED_ONLY),
 * CMEK-encrypted, Enterprise edition with REGIONAL availability (a standby in
 * another zone) when `highAvailability`, daily backups with point-in-time
 * recovery (kept after deletion when protected), deletion protection in both
 * Terraform and the API, Query Insights, connection/lock/slow-statement
 * logging flags and IAM database authentication.
 *
 * - Primary mode: the writer, its user and database, the password generated
 *   into Secret Manager, and `readReplicas` in-region read replicas.
 * - Replica mode: a cross-region replica of the primary (promotable in a
 *   regional outage) and in-region replicas cascading from it.
 *
 * With replicas, a private Cloud DNS zone on the VPC names the writer and the
 * readers (`writer.`/`reader.<region code>.<env>.db.mockforge.internal`; the
 * reader name answers with every replica's IP): the names every region can
 * resolve. Without replicas the endpoints are the instance's private IP.
 */
export class GcpPostgres extends Construct implements PostgresHandle {
  readonly instance: SqlDatabaseInstance;
  /** In-region read replicas. */
  readonly replicas: SqlDatabaseInstance[];
  /** Primary mode only. */
  readonly database?: SqlDatabase;
  readonly user?: SqlUser;
  readonly password?: GcpGeneratedSecret;
  /** The key created here; undefined when `encryptionKeyId` was given. */
  readonly kmsKey?: GcpKmsKey;
  readonly privateZone?: DnsManagedZone;
  readonly endpoints: PostgresEndpoints;
  /** The instance name a cross-region replica's `master_instance_name` takes. */
  readonly replicationSourceId: string;
  /** Names of every instance here, writer (or cross-region replica) first. */
  readonly instanceNames: readonly string[];
  /** Names of the instances that replicate (replica lag applies to them). */
  readonly replicaInstanceNames: readonly string[];
  readonly maxConnections: number;

  constructor(scope: Construct, id: string, props: GcpPostgresProps) {
    super(scope, id);
    const major = validate(props);
    const { context, network, replicaOf } = props;
    const protect = props.deletionProtection;
    this.maxConnections = props.maxConnections;

    let encryptionKeyId = props.encryptionKeyId;
    if (encryptionKeyId === undefined) {
      const project = new DataGoogleProject(this, "project");
      this.kmsKey = new GcpKmsKey(this, "kms", {
        context,
        name: "postgres",
        encrypters: [serviceAgents.cloudSql(project.number)],
        // Retained backups of a deleted instance stay encrypted with this key.
        deletionProtection: protect,
      });
      encryptionKeyId = this.kmsKey.keyId;
    }
    // Cloud SQL checks the key grant when it creates the instance.
    const keyGrants = this.kmsKey ? [...this.kmsKey.grants] : [];

    const flags: SqlDatabaseInstanceSettingsDatabaseFlags[] = [
      { name: "max_connections", value: String(props.maxConnections) },
      { name: "log_connections", value: "on" },
      { name: "log_disconnections", value: "on" },
      { name: "log_checkpoints", value: "on" },
      { name: "log_lock_waits", value: "on" },
      { name: "log_temp_files", value: "0" },
      { name: "log_min_duration_statement", value: String(props.slowStatementMilliseconds ?? 1000) },
      { name: "log_min_error_statement", value: "error" },
      { name: "log_min_messages", value: "warning" },
      { name: "cloudsql.iam_authentication", value: "on" },
    ];
    const settings = (availabilityType: "REGIONAL" | "ZONAL", backups: boolean): SqlDatabaseInstanceSettings => ({
      tier: props.tier,
      edition: "ENTERPRISE",
      availabilityType,
      diskType: "PD_SSD",
      diskSize: props.storageGiB,
      diskAutoresize: true,
      diskAutoresizeLimit: props.maxStorageGiB,
      deletionProtectionEnabled: protect,
      ipConfiguration: {
        ipv4Enabled: false,
        privateNetwork: network.vpcId,
        allocatedIpRange: network.privateServicesRangeName,
        sslMode: "ENCRYPTED_ONLY",
      },
      backupConfiguration: backups
        ? {
            enabled: true,
            pointInTimeRecoveryEnabled: true,
            startTime: props.backupStartTime ?? "03:00",
            // Logs for PITR must not outlive the backups they replay onto.
            transactionLogRetentionDays: Math.min(MAX_LOG_RETENTION_DAYS, Math.max(1, props.backupRetentionDays - 1)),
            backupRetentionSettings: { retainedBackups: props.backupRetentionDays, retentionUnit: "COUNT" },
          }
        : { enabled: false },
      retainBackupsOnDelete: backups && protect,
      insightsConfig: {
        queryInsightsEnabled: true,
        queryStringLength: 1024,
        queryPlansPerMinute: 5,
        recordApplicationTags: true,
        // Client IPs are Cloud Run's ephemeral egress addresses: noise, and personal data in some readings.
        recordClientAddress: false,
      },
      maintenanceWindow: { day: 7, hour: 5, updateTrack: "stable" },
      databaseFlags: flags,
    });
    const base = {
      databaseVersion: `POSTGRES_${major}`,
      region: context.region,
      encryptionKeyName: encryptionKeyId,
      deletionProtection: protect,
      dependsOn: keyGrants,
    };
    const writerName = resourceName(context, "postgres", 84);
    const availability = props.highAvailability ? "REGIONAL" : "ZONAL";

    if (replicaOf === undefined) {
      this.instance = new SqlDatabaseInstance(this, "instance", { ...base, name: writerName, settings: settings(availability, true) });
      this.password = new GcpGeneratedSecret(this, "password", { context, name: "postgres-password", deletionProtection: protect });
      this.user = new SqlUser(this, "user", {
        instance: this.instance.name,
        name: props.username,
        password: this.password.password.result,
        // PostgreSQL refuses to drop a role that owns objects; the instance's deletion removes it.
        deletionPolicy: "ABANDON",
      });
      this.database = new SqlDatabase(this, "database", {
        instance: this.instance.name,
        name: props.databaseName,
        deletionPolicy: protect ? "ABANDON" : "DELETE",
      });
    } else {
      // Cross-region replica: version, users and data come from the source. Replicas take no backups.
      this.instance = new SqlDatabaseInstance(this, "instance", {
        ...base,
        name: writerName,
        masterInstanceName: replicaOf.sourceInstanceName,
        settings: settings(availability, false),
      });
    }

    this.replicas = [];
    const replicaNames: string[] = [];
    for (let n = 1; n <= props.readReplicas; n++) {
      const name = resourceName(context, `postgres-replica-${n}`, 84);
      replicaNames.push(name);
      this.replicas.push(
        new SqlDatabaseInstance(this, `replica-${n}`, {
          ...base,
          name,
          // In replica mode these cascade from the cross-region replica: one copy crosses regions.
          masterInstanceName: this.instance.name,
          settings: settings("ZONAL", false),
        }),
      );
    }
    this.instanceNames = [writerName, ...replicaNames];
    this.replicaInstanceNames = replicaOf === undefined ? replicaNames : this.instanceNames;
    this.replicationSourceId = this.instance.name;

    const readers = replicaOf === undefined ? this.replicas : [this.instance, ...this.replicas];
    let writerHost: string;
    let readerHost: string | undefined;
    if (this.replicas.length > 0) {
      const zoneDns = `${regionCode(context.region)}.${context.environment}.db.${SERVICE_NAME}.internal.`;
      this.privateZone = new DnsManagedZone(this, "zone", {
        name: resourceName(context, "db-zone"),
        dnsName: zoneDns,
        description: `MockForge Postgres writer/reader names (${context.environment}, ${context.region})`,
        visibility: "private",
        privateVisibilityConfig: { networks: [{ networkUrl: network.vpcId }] },
      });
      const record = (recordId: string, host: string, ips: string[]) =>
        new DnsRecordSet(this, recordId, { managedZone: this.privateZone!.name, name: `${host}.${zoneDns}`, type: "A", ttl: DNS_TTL_SECONDS, rrdatas: ips });
      if (replicaOf === undefined) record("writer-record", "writer", [this.instance.privateIpAddress]);
      // One name, every reader's IP: DNS round robin spreads new connections over the replicas.
      record("reader-record", "reader", readers.map((r) => r.privateIpAddress));
      writerHost = replicaOf === undefined ? `writer.${zoneDns.slice(0, -1)}` : props.writerHost!;
      readerHost = `reader.${zoneDns.slice(0, -1)}`;
    } else {
      writerHost = replicaOf === undefined ? this.instance.privateIpAddress : props.writerHost!;
      readerHost = replicaOf === undefined ? undefined : this.instance.privateIpAddress;
    }

    this.endpoints = {
      writerHost,
      readerHost,
      port: POSTGRES_PORT,
      databaseName: props.databaseName,
      username: props.username,
      passwordSecret: replicaOf === undefined ? this.password!.ref : props.passwordSecret!,
    };
  }
}

/** Checks the props; returns the major engine version. */
function validate(props: GcpPostgresProps): number {
  const fail = (message: string): never => {
    throw new Error(`GcpPostgres (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  const m = /^(\d+)(\.\d+)?$/.exec(props.engineVersion);
  if (!m || Number(m[1]) < 13 || Number(m[1]) > 17) fail(`engineVersion "${props.engineVersion}" must be a PostgreSQL major version Cloud SQL offers, 13 to 17 (e.g. "16").`);
  const major = Number(m![1]);
  const wholeIn = (name: string, value: number, min: number, max: number, why: string) => {
    if (!Number.isInteger(value) || value < min || value > max) fail(`${name} is ${value}; ${why}`);
  };
  wholeIn("storageGiB", props.storageGiB, 10, 65536, "Cloud SQL SSD storage takes whole GiB from 10 to 65536.");
  wholeIn("maxStorageGiB", props.maxStorageGiB, props.storageGiB, 65536, `storage auto-resize needs a whole number from storageGiB (${props.storageGiB}) to 65536.`);
  wholeIn(
    "backupRetentionDays",
    props.backupRetentionDays,
    1,
    365,
    "use 1 to 365 daily backups: point-in-time recovery needs automated backups" + (props.deletionProtection ? " (and a protected database without backups cannot be recovered)." : "."),
  );
  wholeIn("readReplicas", props.readReplicas, 0, 10, "use 0 to 10 in-region read replicas.");
  wholeIn("maxConnections", props.maxConnections, 14, 262143, "Cloud SQL accepts max_connections from 14 to 262143.");
  const slow = props.slowStatementMilliseconds ?? 1000;
  wholeIn("slowStatementMilliseconds", slow, -1, 2147483647, "use -1 (off), 0 (all statements) or a positive number of milliseconds.");
  const tier = parseCloudSqlTier(props.tier);
  if ("error" in tier) fail(`tier "${props.tier}" is not a Cloud SQL tier: ${tier.error}.`);
  if (props.backupStartTime !== undefined && !/^([01]\d|2[0-3]):00$/.test(props.backupStartTime)) {
    fail(`backupStartTime "${props.backupStartTime}" must be a whole UTC hour such as "03:00".`);
  }
  const identifier = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
  if (!identifier.test(props.databaseName)) fail(`databaseName "${props.databaseName}" must start with a letter and hold up to 63 letters, digits or underscores.`);
  if (!identifier.test(props.username) || RESERVED_USERS.includes(props.username.toLowerCase())) {
    fail(`username "${props.username}" must start with a letter, hold up to 63 letters, digits or underscores, and not be one of ${RESERVED_USERS.join(", ")}.`);
  }

  const source = props.replicaOf;
  if (source === undefined) {
    if (props.writerHost !== undefined) fail("writerHost is only for replica mode (replicaOf); a primary's writer is its own instance.");
    if (props.passwordSecret !== undefined) fail("passwordSecret is only for replica mode (replicaOf); a primary generates its own password.");
    return major;
  }
  if (props.context.primary) fail("replicaOf is set but context.primary is true; the primary region holds the writable database.");
  if (source.sourceRegion === props.context.region) {
    fail(`replicaOf.sourceRegion is "${source.sourceRegion}", this construct's own region; a same-region replica is readReplicas, not replicaOf.`);
  }
  if (!Token.isUnresolved(source.sourceInstanceName) && !/^[a-z][a-z0-9-]{0,97}$/.test(source.sourceInstanceName)) {
    fail(`replicaOf.sourceInstanceName "${source.sourceInstanceName}" is not a Cloud SQL instance name.`);
  }
  if (props.writerHost === undefined) fail("writerHost is required with replicaOf: pass the primary region's writer host.");
  if (props.passwordSecret === undefined) fail("passwordSecret is required with replicaOf: pass the primary's endpoints.passwordSecret.");
  return major;
}
