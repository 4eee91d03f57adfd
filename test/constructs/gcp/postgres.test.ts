import { TerraformOutput } from "cdktf";
import { GcpPostgres, type GcpPostgresProps } from "../../../constructs/gcp/postgres";
import { configsOf, dataOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";
import { configOf, network, primaryContext, ref, secondaryContext } from "./fixtures";
import { POSTGRES_SPEC } from "../../support/specs";

const baseProps: GcpPostgresProps = {
  context: primaryContext,
  network,
  tier: "db-custom-2-13312",
  maxConnections: 500,
  ...POSTGRES_SPEC,
};
const replicaProps: GcpPostgresProps = {
  ...baseProps,
  context: secondaryContext,
  readReplicas: 1,
  replicaOf: { sourceInstanceName: "mockforge-prod-usc1-postgres", sourceRegion: "us-central1" },
  writerHost: "writer.usc1.prod.db.mockforge.internal",
  passwordSecret: { secretId: "mockforge-prod-usc1-postgres-password" },
};

function synth(overrides: Partial<GcpPostgresProps> = {}, props: GcpPostgresProps = baseProps): { json: SynthJson; db: GcpPostgres } {
  let db!: GcpPostgres;
  const json = synthJson((scope) => {
    db = new GcpPostgres(scope, "postgres", { ...props, ...overrides });
    new TerraformOutput(scope, "writer", { value: db.endpoints.writerHost });
    new TerraformOutput(scope, "reader", { value: db.endpoints.readerHost ?? "none" });
    new TerraformOutput(scope, "password", { value: db.endpoints.passwordSecret.secretId });
  });
  return { json, db };
}
const instances = (json: SynthJson) => resourcesOf(json, "google_sql_database_instance");
const writerOf = (json: SynthJson) => configOf(json, "google_sql_database_instance", "postgres_instance_");
const replicasOf = (json: SynthJson) => instances(json).filter(([id]) => id.startsWith("postgres_replica-")).map(([, c]) => c);
const flags = (instance: Record<string, any>) => Object.fromEntries(instance.settings.database_flags.map((f: { name: string; value: string }) => [f.name, f.value]));

describe("GcpPostgres (primary)", () => {
  const { json, db } = synth();
  const writer = writerOf(json);
  const all = instances(json).map(([, c]) => c);

  it("runs PostgreSQL 16 on the Enterprise edition at the configured tier", () => {
    expect(writer).toMatchObject({ database_version: "POSTGRES_16", region: "us-central1", name: "mockforge-prod-usc1-postgres" });
    expect(writer.settings).toMatchObject({ tier: "db-custom-2-13312", edition: "ENTERPRISE" });
  });

  it("is REGIONAL (a standby in another zone) when highly available", () => {
    expect(writer.settings.availability_type).toBe("REGIONAL");
    expect(writerOf(synth({ highAvailability: false, readReplicas: 0 }).json).settings.availability_type).toBe("ZONAL");
  });

  it("has a private IP on the VPC only: no public IPv4, on the private services range", () => {
    for (const instance of all) {
      expect(instance.settings.ip_configuration).toMatchObject({
        ipv4_enabled: false,
        private_network: network.vpcId,
        allocated_ip_range: network.privateServicesRangeName,
      });
      expect(instance.settings.ip_configuration.authorized_networks).toBeUndefined();
    }
  });

  it("accepts only encrypted connections", () => {
    for (const instance of all) expect(instance.settings.ip_configuration.ssl_mode).toBe("ENCRYPTED_ONLY");
  });

  it("takes daily backups with point-in-time recovery, kept as long as configured and after deletion", () => {
    expect(writer.settings.backup_configuration).toEqual({
      enabled: true,
      point_in_time_recovery_enabled: true,
      start_time: "03:00",
      transaction_log_retention_days: 7,
      backup_retention_settings: { retained_backups: 14, retention_unit: "COUNT" },
    });
    expect(writer.settings.retain_backups_on_delete).toBe(true);
  });

  it("is protected from deletion in Terraform and in the API", () => {
    for (const instance of all) {
      expect(instance.deletion_protection).toBe(true);
      expect(instance.settings.deletion_protection_enabled).toBe(true);
    }
  });

  it("lets dev turn deletion protection off through its spec", () => {
    const unprotected = writerOf(synth({ deletionProtection: false }).json);
    expect(unprotected.deletion_protection).toBe(false);
    expect(unprotected.settings.deletion_protection_enabled).toBe(false);
  });

  it("keeps its key from terraform destroy when protected: retained backups stay encrypted with it", () => {
    expect(onlyConfigOf(json, "google_kms_crypto_key").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyConfigOf(synth({ deletionProtection: false }).json, "google_kms_crypto_key").lifecycle).toEqual({ prevent_destroy: false });
  });

  it("encrypts every instance with its own CMEK key, usable by the Cloud SQL agent only, granted first", () => {
    const key = ref(json, "google_kms_crypto_key", "postgres_kms_key", "id");
    const grant = configOf(json, "google_kms_crypto_key_iam_member");
    expect(grant.member).toBe(`serviceAccount:service-\${data.google_project.${Object.keys(json.data!.google_project)[0]}.number}@gcp-sa-cloud-sql.iam.gserviceaccount.com`);
    expect(onlyConfigOf(json, "google_kms_key_ring").location).toBe("us-central1");
    for (const instance of all) {
      expect(instance.encryption_key_name).toBe(key);
      expect(instance.depends_on).toEqual([`google_kms_crypto_key_iam_member.${resourcesOf(json, "google_kms_crypto_key_iam_member")[0][0]}`]);
    }
    expect(dataOf(json, "google_project")).toHaveLength(1);
  });

  it("turns on Query Insights", () => {
    for (const instance of all) {
      expect(instance.settings.insights_config).toMatchObject({ query_insights_enabled: true, query_string_length: 1024, record_application_tags: true, record_client_address: false });
    }
  });

  it("logs connections, disconnections, checkpoints, lock waits, temp files and slow statements, and sets max_connections", () => {
    expect(flags(writer)).toEqual({
      max_connections: "500",
      log_connections: "on",
      log_disconnections: "on",
      log_checkpoints: "on",
      log_lock_waits: "on",
      log_temp_files: "0",
      log_min_duration_statement: "1000",
      log_min_error_statement: "error",
      log_min_messages: "warning",
      "cloudsql.iam_authentication": "on",
    });
    for (const replica of replicasOf(json)) expect(flags(replica)).toEqual(flags(writer));
  });

  it("grows its SSD storage automatically up to the limit", () => {
    expect(writer.settings).toMatchObject({ disk_type: "PD_SSD", disk_size: 100, disk_autoresize: true, disk_autoresize_limit: 1000 });
  });

  it("runs N zonal in-region read replicas of the writer, without backups", () => {
    const replicas = replicasOf(json);
    expect(replicas).toHaveLength(2);
    for (const replica of replicas) {
      expect(replica.master_instance_name).toBe(ref(json, "google_sql_database_instance", "postgres_instance_", "name"));
      expect(replica.settings).toMatchObject({ availability_type: "ZONAL", backup_configuration: { enabled: false } });
    }
    expect(replicas.map((r) => r.name)).toEqual(["mockforge-prod-usc1-postgres-replica-1", "mockforge-prod-usc1-postgres-replica-2"]);
  });

  it("generates the password into Secret Manager and creates the user and database", () => {
    expect(db.password).toBeDefined();
    expect(onlyConfigOf(json, "google_secret_manager_secret").secret_id).toBe("mockforge-prod-usc1-postgres-password");
    expect(onlyConfigOf(json, "google_sql_user")).toMatchObject({
      name: "mockforge",
      password: ref(json, "random_password", "", "result"),
      instance: ref(json, "google_sql_database_instance", "postgres_instance_", "name"),
    });
    expect(onlyConfigOf(json, "google_sql_database")).toMatchObject({ name: "mockforge", deletion_policy: "ABANDON" });
    expect(json.output?.password.value).toBe(ref(json, "google_secret_manager_secret", "", "secret_id"));
  });

  it("names the writer and the readers in a private zone on the VPC", () => {
    const zone = onlyConfigOf(json, "google_dns_managed_zone");
    expect(zone).toMatchObject({ dns_name: "usc1.prod.db.mockforge.internal.", visibility: "private", private_visibility_config: { networks: [{ network_url: network.vpcId }] } });
    const writerRecord = configOf(json, "google_dns_record_set", "postgres_writer-record");
    const readerRecord = configOf(json, "google_dns_record_set", "postgres_reader-record");
    expect(writerRecord).toMatchObject({ name: "writer.usc1.prod.db.mockforge.internal.", type: "A", ttl: 5, rrdatas: [ref(json, "google_sql_database_instance", "postgres_instance_", "private_ip_address")] });
    expect(readerRecord.rrdatas).toEqual([
      ref(json, "google_sql_database_instance", "postgres_replica-1", "private_ip_address"),
      ref(json, "google_sql_database_instance", "postgres_replica-2", "private_ip_address"),
    ]);
    expect(json.output?.writer.value).toBe("writer.usc1.prod.db.mockforge.internal");
    expect(json.output?.reader.value).toBe("reader.usc1.prod.db.mockforge.internal");
    expect(db.endpoints.port).toBe(5432);
  });

  it("without replicas, hands out the writer's private IP and no reader", () => {
    const { json: single } = synth({ readReplicas: 0 });
    expect(configsOf(single, "google_dns_managed_zone")).toEqual([]);
    expect(single.output?.writer.value).toBe(ref(single, "google_sql_database_instance", "postgres_instance_", "private_ip_address"));
    expect(single.output?.reader.value).toBe("none");
  });

  it("exposes the instance name a cross-region replica follows and the alarm targets", () => {
    expect(db.instanceNames).toEqual(["mockforge-prod-usc1-postgres", "mockforge-prod-usc1-postgres-replica-1", "mockforge-prod-usc1-postgres-replica-2"]);
    expect(db.replicaInstanceNames).toEqual(["mockforge-prod-usc1-postgres-replica-1", "mockforge-prod-usc1-postgres-replica-2"]);
    expect(db.maxConnections).toBe(500);
  });
});

describe("GcpPostgres (cross-region replica)", () => {
  const { json, db } = synth({}, replicaProps);
  const replica = writerOf(json);

  it("replicates the primary's instance into this region", () => {
    expect(replica).toMatchObject({ master_instance_name: "mockforge-prod-usc1-postgres", region: "europe-west1", name: "mockforge-prod-euw1-postgres" });
    expect(replica.settings.backup_configuration).toEqual({ enabled: false });
  });

  it("keeps the same private, encrypted, protected settings", () => {
    expect(replica.settings.ip_configuration).toMatchObject({ ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY" });
    expect(replica.deletion_protection).toBe(true);
    expect(replica.encryption_key_name).toBe(ref(json, "google_kms_crypto_key", "postgres_kms_key", "id"));
  });

  it("cascades its in-region replicas from the cross-region replica", () => {
    expect(replicasOf(json)[0].master_instance_name).toBe(ref(json, "google_sql_database_instance", "postgres_instance_", "name"));
  });

  it("creates no user, database or password: they come from the primary", () => {
    expect(configsOf(json, "google_sql_user")).toEqual([]);
    expect(configsOf(json, "google_sql_database")).toEqual([]);
    expect(configsOf(json, "google_secret_manager_secret")).toEqual([]);
    expect(db.endpoints.passwordSecret).toEqual({ secretId: "mockforge-prod-usc1-postgres-password" });
  });

  it("writes to the primary's writer and reads from every instance here", () => {
    expect(json.output?.writer.value).toBe("writer.usc1.prod.db.mockforge.internal");
    expect(json.output?.reader.value).toBe("reader.euw1.prod.db.mockforge.internal");
    expect(configOf(json, "google_dns_record_set", "postgres_reader-record").rrdatas).toHaveLength(2);
    expect(configsOf(json, "google_dns_record_set").filter((r) => r.name.startsWith("writer."))).toEqual([]);
    expect(db.replicaInstanceNames).toEqual(["mockforge-prod-euw1-postgres", "mockforge-prod-euw1-postgres-replica-1"]);
  });

  it("without replicas, reads from the cross-region replica's IP", () => {
    const { json: single } = synth({ readReplicas: 0 }, replicaProps);
    expect(single.output?.reader.value).toBe(ref(single, "google_sql_database_instance", "postgres_instance_", "private_ip_address"));
  });
});

describe("GcpPostgres validation", () => {
  it.each<[string, Partial<GcpPostgresProps>, RegExp]>([
    ["an engine Cloud SQL does not offer", { engineVersion: "12" }, /engineVersion "12" must be a PostgreSQL major version Cloud SQL offers, 13 to 17/],
    ["no backups", { backupRetentionDays: 0 }, /backupRetentionDays is 0; use 1 to 365 daily backups: point-in-time recovery needs automated backups/],
    ["storage above its limit", { storageGiB: 200, maxStorageGiB: 100 }, /maxStorageGiB is 100/],
    ["too many replicas", { readReplicas: 11 }, /readReplicas is 11/],
    ["a bad tier", { tier: "db-custom-3-4096" }, /tier "db-custom-3-4096" is not a Cloud SQL tier: 3 vCPUs/],
    ["too few connections", { maxConnections: 5 }, /maxConnections is 5/],
    ["a reserved user", { username: "postgres" }, /username "postgres"/],
    ["a backup time off the hour", { backupStartTime: "03:30" }, /backupStartTime "03:30"/],
    ["a writer host on a primary", { writerHost: "x" }, /writerHost is only for replica mode/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });

  it.each<[string, Partial<GcpPostgresProps>, RegExp]>([
    ["a replica in the primary region", { context: primaryContext }, /replicaOf is set but context.primary is true/],
    ["a same-region source", { replicaOf: { sourceInstanceName: "x", sourceRegion: "europe-west1" } }, /a same-region replica is readReplicas/],
    ["a replica without the writer host", { writerHost: undefined }, /writerHost is required with replicaOf/],
    ["a replica without the password secret", { passwordSecret: undefined }, /passwordSecret is required with replicaOf/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => synth(overrides, replicaProps)).toThrow(message);
  });
});
