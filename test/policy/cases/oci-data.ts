/** OCI cases for the data tier: buckets, volumes, keys, database systems. */
import type { Construct } from "constructs";
import { CoreVolume, type CoreVolumeConfig } from "../../../constructs/oci/bindings/core-volume";
import { KmsKey, type KmsKeyConfig } from "../../../constructs/oci/bindings/kms-key";
import { ObjectstorageBucket, type ObjectstorageBucketConfig } from "../../../constructs/oci/bindings/objectstorage-bucket";
import { PsqlDbSystem, type PsqlDbSystemConfig } from "../../../constructs/oci/bindings/psql-db-system";
import { serviceLog } from "./oci-edge";
import { AD, COMPARTMENT, KEY, SUBNET_OCID } from "./oci-support";
import type { RuleCase } from "./types";

const BUCKET: ObjectstorageBucketConfig = {
  compartmentId: COMPARTMENT,
  namespace: "ns",
  name: "mockforge-test-assets",
  accessType: "NoPublicAccess",
  kmsKeyId: KEY,
  versioning: "Enabled",
  lifecycle: { preventDestroy: true },
};
const bucket = (overrides: Partial<ObjectstorageBucketConfig> = {}) => (s: Construct) => new ObjectstorageBucket(s, "bucket", { ...BUCKET, ...overrides });

/** A bucket with the access logs of `categories`, naming it by reference or (as OCI allows) by its literal name. */
const loggedBucket = (categories: string[], byName = false) => (s: Construct) => {
  const b = new ObjectstorageBucket(s, "bucket", BUCKET);
  for (const category of categories) serviceLog(s, `${category}-log`, "objectstorage", byName ? BUCKET.name : b.name, category);
};

const VOLUME: CoreVolumeConfig = { compartmentId: COMPARTMENT, availabilityDomain: AD, sizeInGbs: 50, kmsKeyId: KEY, lifecycle: { preventDestroy: true } };
const volume = (overrides: Partial<CoreVolumeConfig> = {}) => (s: Construct) => new CoreVolume(s, "volume", { ...VOLUME, ...overrides });

const KEY_CONFIG: KmsKeyConfig = {
  compartmentId: COMPARTMENT,
  displayName: "storage-key",
  keyShape: { algorithm: "AES", length: 32 },
  managementEndpoint: "https://vault-management.example",
  protectionMode: "HSM",
  isAutoRotationEnabled: true,
  autoKeyRotationDetails: { rotationIntervalInDays: 90 },
};
const key = (overrides: Partial<KmsKeyConfig> = {}) => (s: Construct) => new KmsKey(s, "key", { ...KEY_CONFIG, ...overrides });

const DB: PsqlDbSystemConfig = {
  compartmentId: COMPARTMENT,
  dbVersion: "16",
  displayName: "mockforge-test-postgres",
  shape: "PostgreSQL.VM.Standard.E5.Flex",
  instanceCount: 2,
  networkDetails: { subnetId: SUBNET_OCID },
  storageDetails: { systemType: "OCI_OPTIMIZED_STORAGE", isRegionallyDurable: true },
  managementPolicy: { backupPolicy: { kind: "DAILY", backupStart: "03:00", retentionDays: 14 }, pitrPolicy: { kind: "STANDARD", restoreDays: 14 } },
  lifecycle: { preventDestroy: true },
};
const db = (overrides: Partial<PsqlDbSystemConfig> = {}) => (s: Construct) => new PsqlDbSystem(s, "db", { ...DB, ...overrides });
/** A cross-region warm standby: it takes no PITR policy of its own. */
const standby = (overrides: Partial<PsqlDbSystemConfig> = {}) =>
  db({ source: { sourceType: "DB_SYSTEM", primaryDbSystemId: "ocid1.postgresqldbsystem.oc1.iad.primary" }, managementPolicy: { backupPolicy: { kind: "DAILY", retentionDays: 14 } }, ...overrides });

export const ociEncryptionCases: RuleCase[] = [
  { rule: "MF-OCI-OS-1", bad: bucket({ kmsKeyId: undefined }), message: /has no kms_key_id: objects are encrypted only with an Oracle-managed key/, good: bucket() },
  { rule: "MF-OCI-BV-1", bad: volume({ kmsKeyId: undefined }), message: /has no kms_key_id: the volume and its backups use an Oracle-managed key/, good: volume() },
  {
    rule: "MF-OCI-KMS-1",
    variant: "no rotation",
    tier: "staging",
    bad: key({ isAutoRotationEnabled: false, autoKeyRotationDetails: undefined }),
    message: /is_auto_rotation_enabled is false in staging: the key never rotates/,
    good: key(),
  },
  { rule: "MF-OCI-KMS-1", variant: "rotation without interval", bad: key({ autoKeyRotationDetails: undefined }), message: /sets no rotation interval/, good: key() },
  { rule: "MF-OCI-KMS-1", variant: "software key", bad: key({ protectionMode: "SOFTWARE" }), message: /protection_mode is "SOFTWARE": key material is not kept in an HSM/, good: key({ protectionMode: undefined }) },
];

export const ociStorageCases: RuleCase[] = [
  {
    rule: "MF-OCI-OS-3",
    variant: "no logs",
    bad: bucket(),
    message: /has no enabled read or write access log \(service objectstorage, category read\/write\)/,
    good: loggedBucket(["read", "write"]),
  },
  { rule: "MF-OCI-OS-3", variant: "write log only", bad: loggedBucket(["write"]), message: /has no enabled read access log/, good: loggedBucket(["read", "write"], true) },
  { rule: "MF-OCI-OS-4", bad: bucket({ versioning: "Disabled" }), message: /versioning is "Disabled", not Enabled/, good: bucket() },
  {
    rule: "MF-OCI-OS-5",
    tier: "staging",
    bad: bucket({ lifecycle: { preventDestroy: false } }),
    message: /has neither lifecycle.prevent_destroy nor a delete lock in staging/,
    // An OCI resource lock is a guard too (written as an override: the binding exposes no locks).
    good: (s) => new ObjectstorageBucket(s, "bucket", { ...BUCKET, lifecycle: undefined }).addOverride("locks", [{ type: "DELETE" }]),
  },
  { rule: "MF-OCI-BV-2", bad: volume({ lifecycle: undefined }), message: /has neither lifecycle.prevent_destroy nor a delete lock in production/, good: volume() },
];

export const ociDatabaseCases: RuleCase[] = [
  {
    rule: "MF-OCI-PSQL-2",
    variant: "short retention",
    tier: "staging",
    bad: db({ managementPolicy: { backupPolicy: { kind: "DAILY", retentionDays: 3 } } }),
    message: /backup_policy.retention_days is 3: staging needs at least 7 days/,
    good: standby(),
  },
  { rule: "MF-OCI-PSQL-2", variant: "backups off", bad: db({ managementPolicy: { backupPolicy: { kind: "NONE" } } }), message: /backup_policy.kind is NONE: no automated backups/, good: db() },
  { rule: "MF-OCI-PSQL-2", variant: "no policy", bad: db({ managementPolicy: undefined }), message: /has no management_policy.backup_policy: production needs explicit automated backups/, good: db() },
  {
    rule: "MF-OCI-PSQL-3",
    variant: "no PITR",
    bad: db({ managementPolicy: { backupPolicy: DB.managementPolicy!.backupPolicy } }),
    message: /pitr_policy.kind is not set: production needs point-in-time recovery \(STANDARD\)/,
    // A warm standby restores from its primary.
    good: (s) => {
      db()(s);
      new PsqlDbSystem(s, "standby", { ...DB, source: { sourceType: "DB_SYSTEM", primaryDbSystemId: "p" }, managementPolicy: { backupPolicy: { kind: "DAILY", retentionDays: 14 } } });
    },
  },
  {
    rule: "MF-OCI-PSQL-3",
    variant: "short window",
    tier: "staging",
    bad: db({ managementPolicy: { ...DB.managementPolicy, pitrPolicy: { kind: "STANDARD", restoreDays: 3 } } }),
    message: /pitr_policy.restore_days is 3: staging needs at least 7 days/,
    good: db({ managementPolicy: { ...DB.managementPolicy, pitrPolicy: { kind: "STANDARD", restoreDays: 7 } } }),
  },
  { rule: "MF-OCI-PSQL-4", variant: "single node", bad: db({ instanceCount: 1 }), message: /instance_count is 1 in production: losing the node takes the database down/, good: db() },
  {
    rule: "MF-OCI-PSQL-4",
    variant: "AD-local storage",
    bad: db({ storageDetails: { systemType: "OCI_OPTIMIZED_STORAGE", isRegionallyDurable: false, availabilityDomain: AD } }),
    message: /storage_details.is_regionally_durable is false: the data lives in one availability domain/,
    good: standby({ instanceCount: 3 }),
  },
  { rule: "MF-OCI-PSQL-5", tier: "staging", bad: db({ lifecycle: { preventDestroy: false } }), message: /has neither lifecycle.prevent_destroy nor a delete lock in staging/, good: db() },
];
