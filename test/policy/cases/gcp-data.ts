/** GCP data tier: Cloud SQL, Cloud Storage, Cloud KMS, Artifact Registry, Cloud Logging buckets, Secret Manager. */
import type { Construct } from "constructs";
import { ArtifactRegistryRepository, type ArtifactRegistryRepositoryConfig } from "@cdktf/provider-google/lib/artifact-registry-repository";
import { KmsCryptoKey, type KmsCryptoKeyConfig } from "@cdktf/provider-google/lib/kms-crypto-key";
import { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { SqlDatabaseInstance, type SqlDatabaseInstanceConfig, type SqlDatabaseInstanceSettings } from "@cdktf/provider-google/lib/sql-database-instance";
import { StorageBucket, type StorageBucketConfig } from "@cdktf/provider-google/lib/storage-bucket";
import { KEY, PROJECT, VPC } from "./gcp-support";
import type { RuleCase } from "./types";

const PG_FLAGS = [
  { name: "log_connections", value: "on" },
  { name: "log_disconnections", value: "on" },
  { name: "log_lock_waits", value: "on" },
  { name: "log_checkpoints", value: "on" },
  { name: "log_temp_files", value: "0" },
];

const SETTINGS: SqlDatabaseInstanceSettings = {
  tier: "db-custom-2-7680",
  availabilityType: "REGIONAL",
  deletionProtectionEnabled: true,
  ipConfiguration: { ipv4Enabled: false, privateNetwork: VPC, sslMode: "ENCRYPTED_ONLY" },
  backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true, backupRetentionSettings: { retainedBackups: 14, retentionUnit: "COUNT" } },
  databaseFlags: PG_FLAGS,
};
const SQL: SqlDatabaseInstanceConfig = {
  name: "mockforge-test-postgres",
  databaseVersion: "POSTGRES_16",
  region: "us-central1",
  encryptionKeyName: KEY,
  deletionProtection: true,
  settings: SETTINGS,
};
/** A compliant instance, with some settings (or top-level attributes) changed. */
const sql =
  (settings: Partial<SqlDatabaseInstanceSettings> = {}, top: Partial<SqlDatabaseInstanceConfig> = {}) =>
  (scope: Construct) =>
    new SqlDatabaseInstance(scope, "db", { ...SQL, ...top, settings: { ...SETTINGS, ...settings } });
/** A compliant primary and a read replica of it in this stack (replicas cannot take backups). */
const withReplica = (replica: Partial<SqlDatabaseInstanceSettings>) => (scope: Construct) => {
  const primary = new SqlDatabaseInstance(scope, "db", SQL);
  new SqlDatabaseInstance(scope, "replica", { ...SQL, name: "mockforge-test-postgres-replica-1", masterInstanceName: primary.name, settings: { ...SETTINGS, ...replica } });
};
/** A cross-region replica: its master lives in another stack (here a literal name). */
const crossRegionReplica = (settings: Partial<SqlDatabaseInstanceSettings>) =>
  sql({ ...settings, backupConfiguration: { enabled: false } }, { name: "mockforge-test-euw1-postgres", region: "europe-west1", masterInstanceName: "mockforge-test-usc1-postgres" });

const BUCKET: StorageBucketConfig = {
  name: "mockforge-test-data",
  location: "US-CENTRAL1",
  uniformBucketLevelAccess: true,
  publicAccessPrevention: "enforced",
  encryption: { defaultKmsKeyName: KEY },
  versioning: { enabled: true },
};
const bucket = (overrides: Partial<StorageBucketConfig> = {}) => (scope: Construct) => new StorageBucket(scope, "data", { ...BUCKET, ...overrides });
/** A data bucket logging to a log bucket (itself unlogged: it is the destination). */
const loggedBucket = (scope: Construct) => {
  const logs = new StorageBucket(scope, "logs", { ...BUCKET, name: "mockforge-test-logs" });
  new StorageBucket(scope, "data", { ...BUCKET, logging: { logBucket: logs.name, logObjectPrefix: "data/" } });
};

const KMS: KmsCryptoKeyConfig = { name: "test", keyRing: "projects/mockforge-test/locations/us-central1/keyRings/test", rotationPeriod: "7776000s", lifecycle: { preventDestroy: true } };
const key = (overrides: Partial<KmsCryptoKeyConfig> = {}) => (scope: Construct) => new KmsCryptoKey(scope, "key", { ...KMS, ...overrides });

const REPO: ArtifactRegistryRepositoryConfig = {
  repositoryId: "mockforge-test-images",
  location: "us-central1",
  format: "DOCKER",
  kmsKeyName: KEY,
  dockerConfig: { immutableTags: true },
  vulnerabilityScanningConfig: { enablementConfig: "INHERITED" },
};
const repo =
  (overrides: Partial<ArtifactRegistryRepositoryConfig> = {}, scanningApi = true) =>
  (scope: Construct) => {
    if (scanningApi) new ProjectService(scope, "scanning", { service: "containerscanning.googleapis.com" });
    new ArtifactRegistryRepository(scope, "repo", { ...REPO, ...overrides });
  };

export const gcpDataCases: RuleCase[] = [
  // Cloud SQL
  { rule: "MF-GCP-SQL-1", bad: sql({}, { encryptionKeyName: undefined }), message: /has no encryption_key_name/, good: sql() },
  {
    rule: "MF-GCP-SQL-2",
    bad: sql({ ipConfiguration: { ipv4Enabled: false, privateNetwork: VPC, sslMode: "ALLOW_UNENCRYPTED_AND_ENCRYPTED" } }),
    message: /ssl_mode is "ALLOW_UNENCRYPTED_AND_ENCRYPTED": clients may connect without TLS/,
    good: sql({ ipConfiguration: { ipv4Enabled: false, privateNetwork: VPC, sslMode: "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" } }),
  },
  { rule: "MF-GCP-SQL-3", variant: "public IP", bad: sql({ ipConfiguration: { ipv4Enabled: true, sslMode: "ENCRYPTED_ONLY" } }), message: /ipv4_enabled is true: the instance gets a public IPv4 address/, good: sql() },
  { rule: "MF-GCP-SQL-3", variant: "public IP by default", bad: sql({ ipConfiguration: { privateNetwork: VPC, sslMode: "ENCRYPTED_ONLY" } }), message: /ipv4_enabled is not set \(true by default\)/, good: sql() },
  {
    rule: "MF-GCP-SQL-3",
    variant: "internet authorized network",
    bad: sql({ ipConfiguration: { ipv4Enabled: false, privateNetwork: VPC, sslMode: "ENCRYPTED_ONLY", authorizedNetworks: [{ name: "anyone", value: "0.0.0.0/0" }] } }),
    message: /authorized_networks admits 0\.0\.0\.0\/0 \(anyone\)/,
    good: sql(),
  },
  {
    rule: "MF-GCP-SQL-4",
    variant: "PostgreSQL without lock-wait logging; MySQL is out of scope",
    bad: sql({ databaseFlags: PG_FLAGS.filter((f) => f.name !== "log_lock_waits") }),
    message: /database flag log_lock_waits is not set, not on/,
    good: sql({ databaseFlags: [] }, { databaseVersion: "MYSQL_8_0" }),
  },
  { rule: "MF-GCP-SQL-4", variant: "temp files above 0", bad: sql({ databaseFlags: [...PG_FLAGS.slice(0, 4), { name: "log_temp_files", value: "1024" }] }), message: /log_temp_files is "1024", not 0/, good: sql() },
  { rule: "MF-GCP-SQL-5", variant: "zonal primary", bad: sql({ availabilityType: "ZONAL" }), message: /availability_type is "ZONAL" in production/, good: sql() },
  {
    rule: "MF-GCP-SQL-5",
    variant: "cross-region replica must be regional; in-region replica exempt",
    bad: crossRegionReplica({ availabilityType: "ZONAL" }),
    message: /availability_type is "ZONAL" in production/,
    good: withReplica({ availabilityType: "ZONAL", backupConfiguration: { enabled: false } }),
  },
  { rule: "MF-GCP-SQL-6", variant: "no backups", tier: "staging", bad: sql({ backupConfiguration: { enabled: false } }), message: /backup_configuration.enabled is false in staging/, good: sql() },
  {
    rule: "MF-GCP-SQL-6",
    variant: "no point-in-time recovery (MySQL: binary logs)",
    tier: "staging",
    bad: sql({ backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: false } }),
    message: /point_in_time_recovery_enabled is false: no point-in-time recovery/,
    good: sql({ backupConfiguration: { enabled: true, binaryLogEnabled: true }, databaseFlags: [] }, { databaseVersion: "MYSQL_8_0" }),
  },
  {
    rule: "MF-GCP-SQL-6",
    variant: "3 backups; replicas exempt",
    bad: sql({ backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true, backupRetentionSettings: { retainedBackups: 3 } } }),
    message: /retained_backups is 3: production needs at least 7 daily backups/,
    good: withReplica({ backupConfiguration: { enabled: false } }),
  },
  { rule: "MF-GCP-SQL-7", variant: "Terraform", tier: "staging", bad: sql({}, { deletionProtection: false }), message: /deletion_protection is false in staging/, good: sql() },
  { rule: "MF-GCP-SQL-7", variant: "API", bad: sql({ deletionProtectionEnabled: false }), message: /settings.deletion_protection_enabled is false in production/, good: sql() },

  // Cloud Storage
  { rule: "MF-GCP-GCS-1", bad: bucket({ encryption: undefined }), message: /has no encryption.default_kms_key_name/, good: bucket() },
  { rule: "MF-GCP-GCS-2", variant: "public access prevention", bad: bucket({ publicAccessPrevention: "inherited" }), message: /public_access_prevention is "inherited"/, good: bucket() },
  { rule: "MF-GCP-GCS-2", variant: "object ACLs", bad: bucket({ uniformBucketLevelAccess: false }), message: /uniform_bucket_level_access is false/, good: bucket() },
  { rule: "MF-GCP-GCS-3", variant: "no usage logs; log bucket exempt", bad: bucket(), message: /has no logging.log_bucket/, good: loggedBucket },
  { rule: "MF-GCP-GCS-3", variant: "logs to itself", bad: bucket({ logging: { logBucket: BUCKET.name } }), message: /logs to itself/, good: loggedBucket },
  { rule: "MF-GCP-GCS-4", bad: bucket({ versioning: { enabled: false } }), message: /versioning.enabled is false/, good: bucket() },
  { rule: "MF-GCP-GCS-5", tier: "staging", bad: bucket({ forceDestroy: true }), message: /force_destroy is true in staging/, good: bucket({ forceDestroy: false }) },

  // Cloud KMS
  { rule: "MF-GCP-KMS-1", variant: "yearly", bad: key({ rotationPeriod: "31536000s" }), message: /rotation_period is 31536000s \(365 days\), longer than 90 days/, good: key() },
  {
    rule: "MF-GCP-KMS-1",
    variant: "never; asymmetric keys exempt",
    bad: key({ rotationPeriod: undefined }),
    message: /rotation_period is not set: the key material never rotates/,
    good: key({ rotationPeriod: undefined, purpose: "ASYMMETRIC_SIGN", versionTemplate: { algorithm: "EC_SIGN_P256_SHA256" } }),
  },
  { rule: "MF-GCP-KMS-2", tier: "staging", bad: key({ lifecycle: undefined }), message: /lifecycle.prevent_destroy is not set in staging/, good: key() },

  // Artifact Registry
  { rule: "MF-GCP-AR-1", bad: repo({ kmsKeyName: undefined }), message: /has no kms_key_name/, good: repo() },
  { rule: "MF-GCP-AR-2", bad: repo({ dockerConfig: { immutableTags: false } }), message: /docker_config.immutable_tags is false/, good: repo() },
  { rule: "MF-GCP-AR-3", variant: "scanning API off", bad: repo({}, false), message: /no google_project_service enables containerscanning.googleapis.com/, good: repo() },
  { rule: "MF-GCP-AR-3", variant: "scanning disabled", bad: repo({ vulnerabilityScanningConfig: { enablementConfig: "DISABLED" } }), message: /enablement_config is DISABLED/, good: repo() },

  // Cloud Logging buckets
  {
    rule: "MF-GCP-LOG-1",
    bad: (s) => new LoggingProjectBucketConfig(s, "logs", { project: PROJECT, location: "us-central1", bucketId: "mockforge" }),
    message: /has no cmek_settings.kms_key_name/,
    good: (s) => new LoggingProjectBucketConfig(s, "logs", { project: PROJECT, location: "us-central1", bucketId: "mockforge", cmekSettings: { kmsKeyName: KEY } }),
  },

  // Secret Manager
  {
    rule: "MF-GCP-SM-1",
    tier: "staging",
    bad: (s) => new SecretManagerSecret(s, "secret", { secretId: "db-password", replication: { auto: {} }, deletionProtection: false }),
    message: /deletion_protection is false in staging/,
    good: (s) => new SecretManagerSecret(s, "secret", { secretId: "db-password", replication: { auto: {} }, deletionProtection: true }),
  },
];
