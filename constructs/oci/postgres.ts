import { Construct } from "constructs";
import { cidrHost } from "../core/cidr";
import type { PostgresHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import { POSTGRES_PORT } from "../core/runtime-contract";
import type { DeploymentContext, PostgresEndpoints, PostgresSpec, SecretRef } from "../core/specs";
import { PsqlDbSystem } from "./bindings/psql-db-system";
import type { OciNetworkRef } from "./network-ref";
import { OciGeneratedSecret } from "./secret";

/** Host number (in the data subnet) of the primary endpoint; nodes take the next ones. */
export const PRIMARY_ENDPOINT_HOST = 20;
/** OCI Database with PostgreSQL supports at most 8 nodes (1 primary + 7 replicas). */
export const MAX_NODES = 8;
/** The major versions OCI Database with PostgreSQL offers. */
export const PSQL_VERSIONS: readonly string[] = ["14", "15", "16"];

/** A warm standby follows this primary database system (in another region). */
export interface OciPostgresStandbySource {
  /** OCID of the primary database system. */
  readonly primaryDbSystemId: string;
  /** Region of the primary. */
  readonly primaryRegion: string;
  /** The primary's writer host: applications in this region write there (over remote peering). */
  readonly writerHost: string;
  /** The primary's password secret (the standby has the same users). */
  readonly passwordSecret: SecretRef;
}

export interface OciPostgresProps extends PostgresSpec {
  readonly context: DeploymentContext;
  readonly compartmentId: string;
  readonly network: OciNetworkRef;
  /** Node shape, e.g. `PostgreSQL.VM.Standard.E5.Flex`. */
  readonly shape: string;
  /** OCPUs per node. */
  readonly ocpus: number;
  /** Memory per node in GB. */
  readonly memoryGb: number;
  /** Vault and key for the generated administrator password (primary mode). */
  readonly vaultId: string;
  readonly secretsKeyId: string;
  /**
   * Make this database system a cross-region warm standby of another
   * region's primary (OCI "replication with warm standby"): read-only,
   * continuously replaying the primary's changes, promoted by hand on a
   * regional failover.
   * @default a standalone primary
   */
  readonly standbyOf?: OciPostgresStandbySource;
  /**
   * Regions every automated backup is also copied to (disaster recovery
   * restore points next to the warm standbys).
   * @default none
   */
  readonly backupCopyRegions?: readonly string[];
  /**
   * Daily backup start (UTC, `HH:MM`).
   * @default "03:00"
   */
  readonly backupStart?: string;
  /**
   * Weekly maintenance window start (UTC), `"<day> HH:MM"`.
   * @default "sun 05:00"
   */
  readonly maintenanceWindowStart?: string;
  /** max_connections of the configuration in use (for the connections alarm). */
  readonly maxConnections: number;
}

/**
 * OCI Database with PostgreSQL: a database system of `1 + readReplicas` nodes
 * (`highAvailability` guarantees at least one replica node to fail over to)
 * on regionally durable storage, reachable only privately in the data subnet
 * at a fixed endpoint address, with the reader endpoint enabled, daily
 * automated backups kept `backupRetentionDays` (and point-in-time recovery
 * over the same window on the primary), and the administrator
 * password generated into Vault (the service reads it with its instance
 * principal).
 *
 * Cross-region: OCI offers warm standby database systems in other regions
 * (`standbyOf`); each secondary region runs one, serving local reads while
 * writes go to the primary over the DRG remote peering. Backups are also
 * copied to the secondary regions. `deletionProtection` maps to Terraform's
 * `prevent_destroy` (the service has no deletion-protection flag).
 */
export class OciPostgres extends Construct implements PostgresHandle {
  readonly dbSystem: PsqlDbSystem;
  /** The generated administrator password (primary mode only). */
  readonly password?: OciGeneratedSecret;
  readonly endpoints: PostgresEndpoints;
  readonly replicationSourceId: string;
  readonly dbSystemId: string;
  readonly instanceCount: number;
  /** Fixed private IP of the primary endpoint. */
  readonly primaryEndpointIp: string;
  readonly maxConnections: number;

  constructor(scope: Construct, id: string, props: OciPostgresProps) {
    super(scope, id);
    validate(props);
    const { context, compartmentId, network } = props;
    const standby = props.standbyOf;
    const name = resourceName(context, "postgres");
    this.maxConnections = props.maxConnections;
    this.instanceCount = 1 + Math.max(props.readReplicas, props.highAvailability ? 1 : 0);
    this.primaryEndpointIp = cidrHost(network.dataSubnetCidr, PRIMARY_ENDPOINT_HOST);
    const nodeIps = Array.from({ length: this.instanceCount }, (_, i) => cidrHost(network.dataSubnetCidr, PRIMARY_ENDPOINT_HOST + 1 + i));

    if (!standby) {
      this.password = new OciGeneratedSecret(this, "password", {
        context,
        name: "postgres-password",
        description: "MockForge Postgres administrator password",
        compartmentId,
        vaultId: props.vaultId,
        keyId: props.secretsKeyId,
      });
    }
    const copyRegions = props.backupCopyRegions ?? [];

    this.dbSystem = new PsqlDbSystem(this, "db-system", {
      compartmentId,
      displayName: name,
      description: standby ? `MockForge warm standby of ${standby.primaryRegion}` : "MockForge primary database",
      dbVersion: props.engineVersion,
      shape: props.shape,
      instanceOcpuCount: props.ocpus,
      instanceMemorySizeInGbs: props.memoryGb,
      instanceCount: this.instanceCount,
      instancesDetails: nodeIps.map((privateIp, i) => ({ displayName: `${name}-${i + 1}`, privateIp })),
      networkDetails: {
        subnetId: network.dataSubnetId,
        nsgIds: [network.nsgs.database],
        primaryDbEndpointPrivateIp: this.primaryEndpointIp,
        isReaderEndpointEnabled: this.instanceCount > 1,
      },
      storageDetails: { systemType: "OCI_OPTIMIZED_STORAGE", isRegionallyDurable: true },
      credentials: this.password
        ? { username: props.username, passwordDetails: { passwordType: "VAULT_SECRET", secretId: this.password.secretId, secretVersion: "1" } }
        : undefined,
      source: standby ? { sourceType: "DB_SYSTEM", primaryDbSystemId: standby.primaryDbSystemId } : undefined,
      managementPolicy: {
        maintenanceWindowStart: props.maintenanceWindowStart ?? "sun 05:00",
        backupPolicy: {
          kind: "DAILY",
          backupStart: props.backupStart ?? "03:00",
          retentionDays: props.backupRetentionDays,
          copyPolicy:
            copyRegions.length > 0
              ? { compartmentId, regions: [...copyRegions], retentionPeriod: props.backupRetentionDays }
              : undefined,
        },
        // Restores to any second of the backup window; a standby restores from its primary until promoted.
        pitrPolicy: standby ? undefined : { kind: "STANDARD", restoreDays: props.backupRetentionDays },
      },
      lifecycle: {
        preventDestroy: props.deletionProtection,
        // The initial password is only read at creation; Vault owns it afterwards.
        ignoreChanges: ["credentials"],
      },
    });
    this.dbSystemId = this.dbSystem.id;
    this.replicationSourceId = this.dbSystem.id;

    // A standby serves reads at its own primary endpoint; writes go to the primary region.
    // In the primary region the first replica node serves reads (the service's reader host):
    // the reader endpoint's address is not exported by the provider.
    const readerHost = standby ? this.primaryEndpointIp : this.instanceCount > 1 ? nodeIps[1] : undefined;
    this.endpoints = {
      writerHost: standby ? standby.writerHost : this.primaryEndpointIp,
      readerHost,
      port: POSTGRES_PORT,
      databaseName: props.databaseName,
      username: props.username,
      passwordSecret: standby ? standby.passwordSecret : this.password!.ref,
    };
  }
}

function validate(props: OciPostgresProps): void {
  const fail = (message: string): never => {
    throw new Error(`OciPostgres (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  if (!PSQL_VERSIONS.includes(props.engineVersion)) {
    fail(`engineVersion "${props.engineVersion}" is not offered by OCI Database with PostgreSQL; use one of ${PSQL_VERSIONS.join(", ")}.`);
  }
  const nodes = 1 + Math.max(props.readReplicas, props.highAvailability ? 1 : 0);
  if (!Number.isInteger(props.readReplicas) || props.readReplicas < 0 || nodes > MAX_NODES) {
    fail(`readReplicas is ${props.readReplicas}; a database system has at most ${MAX_NODES} nodes, so use 0 to ${MAX_NODES - 1}.`);
  }
  if (!Number.isInteger(props.backupRetentionDays) || props.backupRetentionDays < 1 || props.backupRetentionDays > 35) {
    fail(`backupRetentionDays is ${props.backupRetentionDays}; use 1 to 35 days.`);
  }
  if (!Number.isInteger(props.ocpus) || props.ocpus < 1 || props.ocpus > 64) fail(`ocpus is ${props.ocpus}; use 1 to 64.`);
  if (!Number.isInteger(props.memoryGb) || props.memoryGb < props.ocpus || props.memoryGb > props.ocpus * 64) {
    fail(`memoryGb is ${props.memoryGb}; with ${props.ocpus} OCPU use ${props.ocpus} to ${props.ocpus * 64} GB.`);
  }
  if (!Number.isInteger(props.maxConnections) || props.maxConnections < 10) fail(`maxConnections is ${props.maxConnections}; use a whole number, at least 10.`);
  if (!/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(props.username) || props.username.toLowerCase() === "postgres") {
    fail(`username "${props.username}" must start with a letter, hold up to 63 letters, digits or underscores, and not be "postgres".`);
  }
  if (props.backupStart !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(props.backupStart)) fail(`backupStart "${props.backupStart}" must look like "03:00" (UTC).`);
  const standby = props.standbyOf;
  if (standby) {
    if (props.context.primary) fail("standbyOf is set but context.primary is true; the primary region holds the writable database.");
    if (standby.primaryRegion === props.context.region) fail(`standbyOf.primaryRegion is this construct's own region (${props.context.region}).`);
  }
  for (const region of props.backupCopyRegions ?? []) {
    if (region === props.context.region) fail(`backupCopyRegions lists this construct's own region (${region}); copies go to other regions.`);
  }
}
