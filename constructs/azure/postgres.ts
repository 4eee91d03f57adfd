import { Construct } from "constructs";
import { Token, type ITerraformDependable } from "cdktf";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { PostgresqlFlexibleServer, type PostgresqlFlexibleServerConfig } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresqlFlexibleServerConfiguration } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration";
import { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import type { PostgresHandle } from "../core/kit";
import { POSTGRES_PORT } from "../core/runtime-contract";
import type { PostgresEndpoints, PostgresSpec, SecretRef } from "../core/specs";
import type { AzureKeyVault } from "./key-vault";
import {
  POSTGRES_MAX_BACKUP_RETENTION_DAYS,
  POSTGRES_MAX_REPLICAS_PER_PRIMARY,
  POSTGRES_MIN_BACKUP_RETENTION_DAYS,
  POSTGRES_SKU_MAX_CONNECTIONS,
  POSTGRES_STORAGE_MB,
} from "./limits";
import { AzureGeneratedSecret } from "./secret";

/** The smallest Flexible Server storage size that holds `gib`. */
export function postgresStorageMb(gib: number): number {
  const size = POSTGRES_STORAGE_MB.find((mb) => mb >= gib * 1024);
  if (size === undefined) throw new Error(`AzurePostgres: storageGiB ${gib} exceeds the largest Flexible Server storage (${POSTGRES_STORAGE_MB[POSTGRES_STORAGE_MB.length - 1] / 1024} GiB).`);
  return size;
}

/** The primary a cross-region replica follows. */
export interface AzurePostgresReplicaSource {
  /** Resource id of the primary region's server (its `replicationSourceId`). */
  readonly sourceServerId: string;
  readonly sourceRegion: string;
}

export interface AzurePostgresProps extends PostgresSpec {
  /** Server name: 3-63 lower-case letters, digits and dashes, globally unique; replicas append `-r<n>`. */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** The network's `postgres` subnet (delegated to Flexible Server). */
  readonly delegatedSubnetId: string;
  /** Private zone (`*.postgres.database.azure.com`) the servers register in; it must be linked to the VNet first. */
  readonly privateDnsZoneId: string;
  /** Flexible Server SKU, e.g. `GP_Standard_D4ds_v5`; must be in {@link POSTGRES_SKU_MAX_CONNECTIONS}. */
  readonly skuName: string;
  /** Key Vault the generated administrator password goes into (primary mode). */
  readonly keyVault: AzureKeyVault;
  /** Keep backups in the paired region too (primary mode; cannot change after creation). */
  readonly geoRedundantBackup: boolean;
  /**
   * Make this construct a cross-region read replica of another region's
   * primary. Credentials and database come from the source; `writerHost` and
   * `passwordSecret` must then be given. Flexible Server does not cascade
   * replicas, so a replica region has this one replica only (`readReplicas` must be 0).
   * @default a primary (writable) server
   */
  readonly replicaOf?: AzurePostgresReplicaSource;
  /**
   * Replica mode only: host applications write to (the primary's FQDN; it
   * resolves through the environment's shared private zone).
   * @default none; required when `replicaOf` is set
   */
  readonly writerHost?: string;
  /**
   * Replica mode only: the primary's administrator password secret.
   * @default none; required when `replicaOf` is set
   */
  readonly passwordSecret?: SecretRef;
  /**
   * Weekly maintenance window start, UTC (day 0 = Sunday).
   * @default Sunday 03:00
   */
  readonly maintenanceWindow?: { readonly dayOfWeek: number; readonly startHour: number };
  /**
   * Statements slower than this are logged (`log_min_duration_statement`).
   * @default 1000
   */
  readonly slowStatementMilliseconds?: number;
  /**
   * Resources the servers must wait for, e.g. the private zone's VNet link.
   * @default none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Server parameters every server gets: TLS 1.2+ only, connection and slow-statement logging. */
function serverParameters(slowMs: number): Record<string, string> {
  return {
    require_secure_transport: "on",
    ssl_min_protocol_version: "TLSv1.2",
    log_connections: "on",
    log_disconnections: "on",
    log_min_duration_statement: String(slowMs),
  };
}

/**
 * PostgreSQL Flexible Server with private access only (delegated subnet,
 * private DNS zone, no public endpoint), TLS 1.2+ required, automatic storage
 * growth, backups with point-in-time restore (geo-redundant on request),
 * zone-redundant HA on request, N in-region read replicas, and a CanNotDelete
 * lock when `deletionProtection` is set. The administrator password is
 * generated into Key Vault. With `replicaOf`, a cross-region read replica of
 * another region's primary instead.
 */
export class AzurePostgres extends Construct implements PostgresHandle {
  /** The writer (primary mode) or the cross-region replica (replica mode). */
  readonly server: PostgresqlFlexibleServer;
  /** In-region read replicas of the writer. */
  readonly replicas: readonly PostgresqlFlexibleServer[];
  readonly database?: PostgresqlFlexibleServerDatabase;
  /** The generated administrator password (primary mode). */
  readonly adminPassword?: AzureGeneratedSecret;
  readonly lock?: ManagementLock;
  readonly endpoints: PostgresEndpoints;
  /** Resource id a cross-region replica points at. */
  readonly replicationSourceId: string;
  /** Resource ids of every server here, writer (or cross-region replica) first. */
  readonly serverIds: readonly string[];
  /** Resource ids of the servers that replicate and can lag. */
  readonly replicaServerIds: readonly string[];
  /** max_connections of the SKU, for the connections alarm. */
  readonly maxConnections: number;

  constructor(scope: Construct, id: string, props: AzurePostgresProps) {
    super(scope, id);
    validate(props);
    const replicaOf = props.replicaOf;
    this.maxConnections = POSTGRES_SKU_MAX_CONNECTIONS[props.skuName];
    const storageMb = postgresStorageMb(props.storageGiB);
    const parameters = serverParameters(props.slowStatementMilliseconds ?? 1000);
    const window = props.maintenanceWindow ?? { dayOfWeek: 0, startHour: 3 };

    // Settings every server shares; replicas inherit data, credentials and the database from the source.
    const common: Omit<PostgresqlFlexibleServerConfig, "name" | "zone"> = {
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      version: props.engineVersion,
      skuName: props.skuName,
      storageMb,
      autoGrowEnabled: true,
      delegatedSubnetId: props.delegatedSubnetId,
      privateDnsZoneId: props.privateDnsZoneId,
      publicNetworkAccessEnabled: false,
      maintenanceWindow: { dayOfWeek: window.dayOfWeek, startHour: window.startHour, startMinute: 0 },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    };

    if (replicaOf === undefined) {
      this.adminPassword = new AzureGeneratedSecret(this, "admin-password", { keyVault: props.keyVault, name: "postgres-admin-password" });
      this.server = new PostgresqlFlexibleServer(this, "server", {
        ...common,
        name: props.name,
        createMode: "Default",
        zone: "1",
        administratorLogin: props.username,
        administratorPassword: this.adminPassword.password.result,
        authentication: { passwordAuthEnabled: true, activeDirectoryAuthEnabled: false },
        backupRetentionDays: props.backupRetentionDays,
        geoRedundantBackupEnabled: props.geoRedundantBackup,
        highAvailability: props.highAvailability ? { mode: "ZoneRedundant", standbyAvailabilityZone: "2" } : undefined,
        // After a failover Azure swaps the zones: do not fail back on the next apply.
        lifecycle: { ignoreChanges: ["zone", "high_availability[0].standby_availability_zone"] },
      });
      this.database = new PostgresqlFlexibleServerDatabase(this, "database", {
        name: props.databaseName,
        serverId: this.server.id,
        charset: "UTF8",
        collation: "en_US.utf8",
      });
    } else {
      this.server = new PostgresqlFlexibleServer(this, "server", {
        ...common,
        name: props.name,
        createMode: "Replica",
        sourceServerId: replicaOf.sourceServerId,
        lifecycle: { ignoreChanges: ["zone"] },
      });
    }
    this.configure("server", this.server, parameters);

    const replicas: PostgresqlFlexibleServer[] = [];
    for (let n = 1; n <= props.readReplicas; n++) {
      const replica = new PostgresqlFlexibleServer(this, `replica-${n}`, {
        ...common,
        name: `${props.name}-r${n}`,
        createMode: "Replica",
        sourceServerId: this.server.id,
        // Zone 1 holds the writer and zone 2 its standby: replicas start in zone 3 and wrap.
        zone: String(((n + 1) % 3) + 1),
        lifecycle: { ignoreChanges: ["zone"] },
      });
      this.configure(`replica-${n}`, replica, parameters);
      replicas.push(replica);
    }
    this.replicas = replicas;

    if (props.deletionProtection) {
      this.lock = new ManagementLock(this, "lock", {
        name: "mockforge-do-not-delete",
        scope: this.server.id,
        lockLevel: "CanNotDelete",
        notes: "MockForge Postgres: remove this lock deliberately before deleting the server",
      });
    }

    const serverId = this.server.id;
    const replicaIds = replicas.map((r) => r.id);
    this.serverIds = [serverId, ...replicaIds];
    this.replicaServerIds = replicaOf === undefined ? replicaIds : [serverId];
    this.replicationSourceId = serverId;
    this.endpoints = {
      writerHost: replicaOf === undefined ? this.server.fqdn : props.writerHost!,
      // Reads go to the first in-region replica; in a replica region, to the cross-region replica.
      readerHost: replicaOf === undefined ? replicas[0]?.fqdn : this.server.fqdn,
      port: POSTGRES_PORT,
      databaseName: props.databaseName,
      username: props.username,
      passwordSecret: replicaOf === undefined ? this.adminPassword!.ref : props.passwordSecret!,
    };
  }

  private configure(prefix: string, server: PostgresqlFlexibleServer, parameters: Record<string, string>): void {
    for (const [name, value] of Object.entries(parameters)) {
      new PostgresqlFlexibleServerConfiguration(this, `${prefix}-${name.replace(/_/g, "-")}`, { serverId: server.id, name, value });
    }
  }
}

function validate(props: AzurePostgresProps): void {
  const fail = (message: string): never => {
    throw new Error(`AzurePostgres "${props.name}": ${message}`);
  };
  if (!/^[a-z0-9][a-z0-9-]{1,55}[a-z0-9]$/.test(props.name)) {
    fail("name must be 3-57 lower-case letters, digits and dashes (replicas append -r<n> within the 63-character limit).");
  }
  if (!/^(1[1-7])$/.test(props.engineVersion)) fail(`engineVersion "${props.engineVersion}" is not a Flexible Server major version (11 to 17).`);
  if (POSTGRES_SKU_MAX_CONNECTIONS[props.skuName] === undefined) {
    fail(`skuName "${props.skuName}" is not in POSTGRES_SKU_MAX_CONNECTIONS; use one of ${Object.keys(POSTGRES_SKU_MAX_CONNECTIONS).join(", ")}.`);
  }
  const burstable = props.skuName.startsWith("B_");
  if (burstable && props.highAvailability) fail(`highAvailability needs a General Purpose or Memory Optimized SKU; "${props.skuName}" is Burstable.`);
  if (burstable && (props.readReplicas > 0 || props.replicaOf)) fail(`read replicas need a General Purpose or Memory Optimized SKU; "${props.skuName}" is Burstable.`);
  if (!Number.isInteger(props.storageGiB) || props.storageGiB < 1) fail(`storageGiB ${props.storageGiB} is invalid; use a positive whole number.`);
  postgresStorageMb(props.storageGiB);
  if (!Number.isInteger(props.backupRetentionDays) || props.backupRetentionDays < POSTGRES_MIN_BACKUP_RETENTION_DAYS || props.backupRetentionDays > POSTGRES_MAX_BACKUP_RETENTION_DAYS) {
    fail(`backupRetentionDays ${props.backupRetentionDays} is invalid; Flexible Server keeps ${POSTGRES_MIN_BACKUP_RETENTION_DAYS} to ${POSTGRES_MAX_BACKUP_RETENTION_DAYS} days of backups.`);
  }
  if (!Number.isInteger(props.readReplicas) || props.readReplicas < 0 || props.readReplicas > POSTGRES_MAX_REPLICAS_PER_PRIMARY) {
    fail(`readReplicas ${props.readReplicas} is invalid; use 0 to ${POSTGRES_MAX_REPLICAS_PER_PRIMARY}.`);
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(props.databaseName)) fail(`databaseName "${props.databaseName}" must be up to 63 letters, digits or underscores, not starting with a digit.`);
  const reserved = ["azure_superuser", "azure_pg_admin", "admin", "administrator", "root", "guest", "public"];
  if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(props.username) || reserved.includes(props.username.toLowerCase()) || props.username.toLowerCase().startsWith("pg_")) {
    fail(`username "${props.username}" must start with a letter, hold up to 63 letters, digits or underscores, and not be a reserved name (${reserved.join(", ")}, pg_*).`);
  }
  const window = props.maintenanceWindow;
  if (window && (!Number.isInteger(window.dayOfWeek) || window.dayOfWeek < 0 || window.dayOfWeek > 6 || !Number.isInteger(window.startHour) || window.startHour < 0 || window.startHour > 23)) {
    fail(`maintenanceWindow ${JSON.stringify(window)} is invalid; dayOfWeek is 0 (Sunday) to 6, startHour 0 to 23.`);
  }
  const source = props.replicaOf;
  if (source === undefined) {
    if (props.writerHost !== undefined) fail("writerHost is only for replica mode (replicaOf); a primary's writer is its own server.");
    if (props.passwordSecret !== undefined) fail("passwordSecret is only for replica mode (replicaOf); a primary generates its own password.");
    return;
  }
  if (source.sourceRegion === props.location) fail(`replicaOf.sourceRegion is "${source.sourceRegion}", this server's own region; same-region replicas are readReplicas.`);
  if (!Token.isUnresolved(source.sourceServerId) && !/\/providers\/Microsoft\.DBforPostgreSQL\/flexibleServers\/[^/]+$/i.test(source.sourceServerId)) {
    fail(`replicaOf.sourceServerId "${source.sourceServerId}" is not a Flexible Server resource id.`);
  }
  if (props.readReplicas > 0) fail(`readReplicas is ${props.readReplicas} in replica mode; Flexible Server cannot replicate from a replica, so use 0.`);
  if (props.highAvailability) fail("highAvailability is set in replica mode; replicas cannot have a standby (it comes with a promotion).");
  if (props.writerHost === undefined) fail("writerHost is required with replicaOf: pass the primary's FQDN.");
  if (props.passwordSecret === undefined) fail("passwordSecret is required with replicaOf: pass the primary's endpoints.passwordSecret.");
}
