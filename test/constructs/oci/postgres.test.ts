import { TerraformOutput } from "cdktf";
import { OciPostgres, type OciPostgresProps } from "../../../constructs/oci/postgres";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { COMPARTMENT_ID, network, primaryContext, ref, secondaryContext } from "./fixtures";
import { POSTGRES_SPEC } from "../../support/specs";

const baseProps: OciPostgresProps = {
  context: primaryContext,
  compartmentId: COMPARTMENT_ID,
  network,
  ...POSTGRES_SPEC,
  shape: "PostgreSQL.VM.Standard.E5.Flex",
  ocpus: 4,
  memoryGb: 64,
  maxConnections: 1000,
  vaultId: "ocid1.vault.oc1.iad.vault",
  secretsKeyId: "ocid1.key.oc1.iad.secrets",
  backupCopyRegions: ["eu-frankfurt-1", "ap-mumbai-1"],
};

let last: OciPostgres | undefined;
function synth(overrides: Partial<OciPostgresProps> = {}): SynthJson {
  return synthJson((scope) => {
    last = new OciPostgres(scope, "postgres", { ...baseProps, ...overrides });
    new TerraformOutput(scope, "writer", { value: last.endpoints.writerHost });
  });
}
const DB = "oci_psql_db_system";

describe("OciPostgres (primary)", () => {
  const json = synth();
  const postgres = last!;
  const db = onlyConfigOf(json, DB);

  it("runs 1 + readReplicas nodes of the configured shape and version", () => {
    expect(db).toMatchObject({ db_version: "16", shape: "PostgreSQL.VM.Standard.E5.Flex", instance_ocpu_count: 4, instance_memory_size_in_gbs: 64, instance_count: 3 });
    expect(db.instances_details).toHaveLength(3);
    expect(onlyConfigOf(synth({ readReplicas: 0 }), DB).instance_count).toBe(2);
    expect(onlyConfigOf(synth({ readReplicas: 0, highAvailability: false }), DB).instance_count).toBe(1);
  });

  it("enables the reader endpoint when there are replica nodes", () => {
    expect(db.network_details[0].is_reader_endpoint_enabled).toBe(true);
    expect(onlyConfigOf(synth({ readReplicas: 0, highAvailability: false }), DB).network_details[0].is_reader_endpoint_enabled).toBe(false);
  });

  it("is private: data subnet, database NSG, fixed endpoint address", () => {
    expect(db.network_details).toEqual([
      { subnet_id: network.dataSubnetId, nsg_ids: ["nsg-db"], primary_db_endpoint_private_ip: "10.130.128.20", is_reader_endpoint_enabled: true },
    ]);
    expect(db.instances_details.map((n: { private_ip: string }) => n.private_ip)).toEqual(["10.130.128.21", "10.130.128.22", "10.130.128.23"]);
  });

  it("keeps data on regionally durable storage (replicated across availability domains)", () => {
    expect(db.storage_details).toEqual([{ system_type: "OCI_OPTIMIZED_STORAGE", is_regionally_durable: true }]);
  });

  it("backs up daily with the environment's retention and copies backups to the secondary regions", () => {
    expect(db.management_policy[0].backup_policy).toEqual([
      {
        kind: "DAILY",
        backup_start: "03:00",
        retention_days: 14,
        copy_policy: [{ compartment_id: COMPARTMENT_ID, regions: ["eu-frankfurt-1", "ap-mumbai-1"], retention_period: 14 }],
      },
    ]);
    expect(onlyConfigOf(synth({ backupCopyRegions: [] }), DB).management_policy[0].backup_policy[0]).not.toHaveProperty("copy_policy");
  });

  it("keeps point-in-time recovery over the whole backup window", () => {
    expect(db.management_policy[0].pitr_policy).toEqual([{ kind: "STANDARD", restore_days: 14 }]);
    expect(onlyConfigOf(synth({ backupRetentionDays: 7 }), DB).management_policy[0].pitr_policy).toEqual([{ kind: "STANDARD", restore_days: 7 }]);
  });

  it("holds the administrator password in Vault (generated, encrypted with the secrets key)", () => {
    const secret = onlyConfigOf(json, "oci_vault_secret");
    expect(secret).toMatchObject({ vault_id: "ocid1.vault.oc1.iad.vault", key_id: "ocid1.key.oc1.iad.secrets", secret_name: "mockforge-prod-usash1-postgres-password" });
    expect(db.credentials).toEqual([
      { username: "mockforge", password_details: [{ password_type: "VAULT_SECRET", secret_id: ref(json, "oci_vault_secret", "postgres"), secret_version: "1" }] },
    ]);
    expect(onlyConfigOf(json, "random_password")).toMatchObject({ length: 40, special: false });
    expect(postgres.endpoints.passwordSecret).toEqual({ secretId: expect.stringContaining("TfToken") });
  });

  it("maps deletionProtection to prevent_destroy and lets Vault own the password after creation", () => {
    expect(db.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["credentials"] });
    expect(onlyConfigOf(synth({ deletionProtection: false }), DB).lifecycle.prevent_destroy).toBe(false);
  });

  it("writes to the fixed endpoint and reads from a replica node", () => {
    expect(postgres.endpoints).toMatchObject({ writerHost: "10.130.128.20", readerHost: "10.130.128.22", port: 5432, databaseName: "mockforge", username: "mockforge" });
  });

  it("rejects bad input naming the prop", () => {
    expect(() => synth({ engineVersion: "17" })).toThrow(/engineVersion "17" is not offered by OCI Database with PostgreSQL; use one of 14, 15, 16/);
    expect(() => synth({ readReplicas: 8 })).toThrow(/readReplicas is 8; a database system has at most 8 nodes/);
    expect(() => synth({ backupRetentionDays: 40 })).toThrow(/backupRetentionDays is 40; use 1 to 35/);
    expect(() => synth({ backupCopyRegions: ["us-ashburn-1"] })).toThrow(/backupCopyRegions lists this construct's own region/);
  });
});

describe("OciPostgres (secondary region: cross-region warm standby)", () => {
  const standbyOf = {
    primaryDbSystemId: "ocid1.postgresqldbsystem.oc1.iad.primary",
    primaryRegion: "us-ashburn-1",
    writerHost: "10.130.128.20",
    passwordSecret: { secretId: "ocid1.vaultsecret.oc1.iad.db" },
  };
  const secondaryNetwork = { ...network, dataSubnetCidr: "10.131.128.0/20" };
  const json = synth({ context: secondaryContext, network: secondaryNetwork, standbyOf, backupCopyRegions: [] });
  const standby = last!;
  const db = onlyConfigOf(json, DB);

  it("follows the primary database system as a warm standby", () => {
    expect(db.source).toEqual([{ source_type: "DB_SYSTEM", primary_db_system_id: "ocid1.postgresqldbsystem.oc1.iad.primary" }]);
    expect(db).not.toHaveProperty("credentials");
    expect(configsOf(json, "oci_vault_secret")).toEqual([]);
  });

  it("writes to the primary region and reads locally, with the primary's password", () => {
    expect(standby.endpoints).toMatchObject({ writerHost: "10.130.128.20", readerHost: "10.131.128.20", passwordSecret: standbyOf.passwordSecret });
  });

  it("keeps its own backups and protection", () => {
    expect(db.management_policy[0].backup_policy[0]).toMatchObject({ kind: "DAILY", retention_days: 14 });
    expect(db.lifecycle.prevent_destroy).toBe(true);
    // Point-in-time recovery comes from the primary while this is a standby.
    expect(db.management_policy[0]).not.toHaveProperty("pitr_policy");
  });

  it("refuses a standby in the primary region", () => {
    expect(() => synth({ standbyOf })).toThrow(/standbyOf is set but context.primary is true/);
  });
});
