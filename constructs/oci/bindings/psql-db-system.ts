import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** The `credentials` block. */
export interface PsqlDbSystemCredentials {
  /** The administrator username. */
  readonly username: string;
  /** `password_type` `VAULT_SECRET` with `secret_id` and `secret_version` (or `PLAIN_TEXT` with `password`). */
  readonly passwordDetails: {
    readonly passwordType: string;
    readonly secretId?: string;
    readonly secretVersion?: string;
  };
}

/** The `network_details` block. */
export interface PsqlDbSystemNetworkDetails {
  /** The subnet of the database endpoints. */
  readonly subnetId: string;
  /**
   * NSGs of the database endpoints.
   * @default none
   */
  readonly nsgIds?: readonly string[];
  /**
   * A fixed private IP for the primary endpoint.
   * @default an address chosen by OCI
   */
  readonly primaryDbEndpointPrivateIp?: string;
  /**
   * One endpoint that spreads connections over the read replica nodes.
   * @default false
   */
  readonly isReaderEndpointEnabled?: boolean;
}

/** The `storage_details` block. */
export interface PsqlDbSystemStorageDetails {
  /** Regional storage (replicated across availability domains) instead of AD-local. */
  readonly isRegionallyDurable: boolean;
  /** `OCI_OPTIMIZED_STORAGE`. */
  readonly systemType: string;
  /**
   * The AD of AD-local storage.
   * @default none; required when not regionally durable
   */
  readonly availabilityDomain?: string;
  /**
   * Guaranteed IOPS.
   * @default the performance tier's default
   */
  readonly iops?: number;
}

/** The `management_policy.backup_policy` block. */
export interface PsqlDbSystemBackupPolicy {
  /** `DAILY`, `WEEKLY`, `MONTHLY` or `NONE`. */
  readonly kind?: string;
  /** Hour of the day (UTC, `HH:MM`) backups start. */
  readonly backupStart?: string;
  /** Days backups are kept. */
  readonly retentionDays?: number;
  /**
   * Copies of every backup in other regions.
   * @default no copies
   */
  readonly copyPolicy?: {
    readonly compartmentId: string;
    readonly regions?: readonly string[];
    readonly retentionPeriod?: number;
  };
}

/** The `management_policy.pitr_policy` block. */
export interface PsqlDbSystemPitrPolicy {
  /** `STANDARD` (keep what point-in-time recovery needs) or `NONE`. */
  readonly kind: string;
  /**
   * Days back a point-in-time restore can reach (required when kind is STANDARD).
   * @default none
   */
  readonly restoreDays?: number;
}

/** The `management_policy` block. */
export interface PsqlDbSystemManagementPolicy {
  /**
   * Automated backups.
   * @default the service's default daily backups
   */
  readonly backupPolicy?: PsqlDbSystemBackupPolicy;
  /**
   * Point-in-time recovery.
   * @default the service's default
   */
  readonly pitrPolicy?: PsqlDbSystemPitrPolicy;
  /**
   * Maintenance window start, `"{day-of-week} {time-of-day}"` in UTC, e.g. `sun 05:00`.
   * @default chosen by OCI
   */
  readonly maintenanceWindowStart?: string;
}

/** An `instances_details` block (one per node). */
export interface PsqlDbSystemInstanceDetails {
  /**
   * A display name of the node.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * A fixed private IP of the node.
   * @default an address chosen by OCI
   */
  readonly privateIp?: string;
}

/** The `source` block: a backup, a point in time, or the primary of a warm standby. */
export interface PsqlDbSystemSource {
  /** `BACKUP`, `POINT_IN_TIME_DB_SYSTEM`, `DB_SYSTEM` (warm standby) or `NONE`. */
  readonly sourceType: string;
  /**
   * The primary database system of a warm standby (`DB_SYSTEM`), possibly in another region.
   * @default none
   */
  readonly primaryDbSystemId?: string;
}

/** `oci_psql_db_system` arguments (website/docs/r/psql_db_system.html.markdown). */
export interface PsqlDbSystemConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** PostgreSQL version, e.g. `16`. */
  readonly dbVersion: string;
  /** A display name. */
  readonly displayName: string;
  /** Network of the endpoints. */
  readonly networkDetails: PsqlDbSystemNetworkDetails;
  /** The node shape, e.g. `PostgreSQL.VM.Standard.E5.Flex`. */
  readonly shape: string;
  /** Storage of the database. */
  readonly storageDetails: PsqlDbSystemStorageDetails;
  /**
   * Initial administrator credentials (required for a standalone system, not for a standby).
   * @default none
   */
  readonly credentials?: PsqlDbSystemCredentials;
  /**
   * A description.
   * @default none
   */
  readonly description?: string;
  /**
   * Nodes: one primary and `instanceCount - 1` read replicas (failover targets).
   * @default 1
   */
  readonly instanceCount?: number;
  /**
   * Memory per node in GB.
   * @default the shape's default
   */
  readonly instanceMemorySizeInGbs?: number;
  /**
   * OCPUs per node.
   * @default the shape's default
   */
  readonly instanceOcpuCount?: number;
  /**
   * Per-node details; the list length must equal `instanceCount`.
   * @default none
   */
  readonly instancesDetails?: readonly PsqlDbSystemInstanceDetails[];
  /**
   * Backups and maintenance.
   * @default the service defaults
   */
  readonly managementPolicy?: PsqlDbSystemManagementPolicy;
  /**
   * Where the database system comes from.
   * @default a new, empty database system
   */
  readonly source?: PsqlDbSystemSource;
}

/** An OCI Database with PostgreSQL database system. */
export class PsqlDbSystem extends OciTaggableResource {
  static readonly tfResourceType = "oci_psql_db_system";

  constructor(scope: Construct, id: string, config: PsqlDbSystemConfig) {
    super(scope, id, PsqlDbSystem.tfResourceType, config);
  }
}
