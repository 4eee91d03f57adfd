import { TerraformOutput } from "cdktf";
import { AzurePostgres, postgresStorageMb, type AzurePostgresProps } from "../../../constructs/azure/postgres";
import { POSTGRES_SKU_MAX_CONNECTIONS } from "../../../constructs/azure/limits";
import { POSTGRES_PORT } from "../../../constructs/core/runtime-contract";
import { configsOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";
import { keyVault, ref } from "./fixtures";
import { POSTGRES_SPEC } from "../../support/specs";

const ZONE_ID = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateDnsZones/mockforge-prod.private.postgres.database.azure.com";
const PRIMARY_ID = "/subscriptions/s/resourceGroups/g/providers/Microsoft.DBforPostgreSQL/flexibleServers/mockforge-prod-eus-pg-abc123";
const PASSWORD = { secretId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/v/secrets/postgres-admin-password" };

type Overrides = Partial<Omit<AzurePostgresProps, "keyVault">>;
const baseProps: Omit<AzurePostgresProps, "keyVault"> = {
  name: "mockforge-prod-eus-pg-abc123",
  location: "eastus",
  resourceGroupName: "rg",
  delegatedSubnetId: "postgres-subnet",
  privateDnsZoneId: ZONE_ID,
  skuName: "GP_Standard_D4ds_v5",
  geoRedundantBackup: true,
  ...POSTGRES_SPEC,
};
const replicaProps: Overrides = {
  name: "mockforge-prod-weu-pg-def456",
  location: "westeurope",
  highAvailability: false,
  readReplicas: 0,
  replicaOf: { sourceServerId: PRIMARY_ID, sourceRegion: "eastus" },
  writerHost: "mockforge-prod-eus-pg-abc123.postgres.database.azure.com",
  passwordSecret: PASSWORD,
};

function synth(overrides: Overrides = {}): { json: SynthJson; postgres: AzurePostgres } {
  let postgres!: AzurePostgres;
  const json = synthJson((scope) => {
    postgres = new AzurePostgres(scope, "postgres", { ...baseProps, ...overrides, keyVault: keyVault(scope) });
    new TerraformOutput(scope, "writer", { value: postgres.endpoints.writerHost });
    new TerraformOutput(scope, "reader", { value: postgres.endpoints.readerHost ?? "none" });
    new TerraformOutput(scope, "password", { value: postgres.endpoints.passwordSecret.secretId });
  });
  return { json, postgres };
}
const servers = (json: SynthJson) => resourcesOf(json, "azurerm_postgresql_flexible_server");
const writerOf = (json: SynthJson) => servers(json).find(([id]) => id.startsWith("postgres_server_"))![1];
const output = (json: SynthJson, name: string) => (json.output as any)[name].value;

describe("AzurePostgres (primary)", () => {
  const { json, postgres } = synth();
  const writer = writerOf(json);

  it("runs PostgreSQL 16 on the requested SKU with storage that grows by itself", () => {
    expect(writer).toMatchObject({ create_mode: "Default", version: "16", sku_name: "GP_Standard_D4ds_v5", storage_mb: 131072, auto_grow_enabled: true });
  });

  it("has private access only: delegated subnet, private DNS zone, no public endpoint", () => {
    for (const [, server] of servers(json)) {
      expect(server).toMatchObject({ delegated_subnet_id: "postgres-subnet", private_dns_zone_id: ZONE_ID, public_network_access_enabled: false });
    }
  });

  it("has a zone-redundant standby and keeps geo-redundant backups for the retention period", () => {
    expect(writer.high_availability).toEqual({ mode: "ZoneRedundant", standby_availability_zone: "2" });
    expect(writer.zone).toBe("1");
    expect(writer.lifecycle.ignore_changes).toEqual(["zone", "high_availability[0].standby_availability_zone"]);
    expect(writer.geo_redundant_backup_enabled).toBe(true);
    expect(writer.backup_retention_days).toBe(14);
  });

  it("requires TLS 1.2+ on every server and logs connections and slow statements", () => {
    const configs = configsOf(json, "azurerm_postgresql_flexible_server_configuration");
    const serverRefs = servers(json).map(([id]) => `\${azurerm_postgresql_flexible_server.${id}.id}`);
    expect(serverRefs).toHaveLength(3);
    for (const serverId of serverRefs) {
      const mine = Object.fromEntries(configs.filter((c) => c.server_id === serverId).map((c) => [c.name, c.value]));
      expect(mine).toEqual({
        require_secure_transport: "on",
        ssl_min_protocol_version: "TLSv1.2",
        log_connections: "on",
        log_disconnections: "on",
        log_min_duration_statement: "1000",
      });
    }
  });

  it("generates the administrator password into Key Vault", () => {
    expect(writer.administrator_login).toBe("mockforge");
    expect(writer.administrator_password).toBe(ref(json, "random_password", "admin-password", "result"));
    expect(writer.authentication).toEqual({ password_auth_enabled: true, active_directory_auth_enabled: false });
    expect(onlyConfigOf(json, "azurerm_key_vault_secret").name).toBe("postgres-admin-password");
    expect(output(json, "password")).toBe(ref(json, "azurerm_key_vault_secret", "admin-password", "resource_versionless_id"));
  });

  it("creates the application database", () => {
    expect(onlyConfigOf(json, "azurerm_postgresql_flexible_server_database")).toMatchObject({ name: "mockforge", charset: "UTF8", server_id: ref(json, "azurerm_postgresql_flexible_server", "postgres_server_") });
  });

  it("adds N in-region read replicas of the writer, outside the writer's and standby's zones first", () => {
    const replicas = servers(json).filter(([id]) => id.includes("replica"));
    expect(replicas).toHaveLength(2);
    replicas.forEach(([, replica], i) => {
      expect(replica).toMatchObject({ name: `mockforge-prod-eus-pg-abc123-r${i + 1}`, create_mode: "Replica", source_server_id: ref(json, "azurerm_postgresql_flexible_server", "postgres_server_") });
      expect(replica.administrator_password).toBeUndefined();
      expect(replica.high_availability).toBeUndefined();
    });
    expect(replicas.map(([, r]) => r.zone)).toEqual(["3", "1"]);
    expect(postgres.replicaServerIds).toHaveLength(2);
    expect(output(json, "reader")).toBe(ref(json, "azurerm_postgresql_flexible_server", "postgres_replica-1_", "fqdn"));
    expect(output(json, "writer")).toBe(ref(json, "azurerm_postgresql_flexible_server", "postgres_server_", "fqdn"));
    expect(postgres.endpoints.port).toBe(POSTGRES_PORT);
  });

  it("puts a CanNotDelete lock on the writer when deletion protection is on", () => {
    expect(onlyConfigOf(json, "azurerm_management_lock")).toMatchObject({ lock_level: "CanNotDelete", scope: ref(json, "azurerm_postgresql_flexible_server", "postgres_server_") });
  });

  it("knows the SKU's max_connections for the connections alarm", () => {
    expect(postgres.maxConnections).toBe(POSTGRES_SKU_MAX_CONNECTIONS.GP_Standard_D4ds_v5);
  });
});

describe("AzurePostgres (development settings)", () => {
  const { json } = synth({ skuName: "B_Standard_B1ms", highAvailability: false, readReplicas: 0, deletionProtection: false, geoRedundantBackup: false, storageGiB: 20, backupRetentionDays: 7 });

  it("has no standby, no replica, no lock, but keeps private access, TLS and backups", () => {
    const writer = onlyConfigOf(json, "azurerm_postgresql_flexible_server");
    expect(writer.high_availability).toBeUndefined();
    expect(writer).toMatchObject({ public_network_access_enabled: false, backup_retention_days: 7, storage_mb: 32768 });
    expect(configsOf(json, "azurerm_management_lock")).toHaveLength(0);
    expect(configsOf(json, "azurerm_postgresql_flexible_server_configuration").find((c) => c.name === "require_secure_transport")!.value).toBe("on");
    expect(output(json, "reader")).toBe("none");
  });
});

describe("AzurePostgres (cross-region replica)", () => {
  const { json, postgres } = synth(replicaProps);
  const replica = onlyConfigOf(json, "azurerm_postgresql_flexible_server");

  it("replicates the primary region's server into this region", () => {
    expect(replica).toMatchObject({ create_mode: "Replica", source_server_id: PRIMARY_ID, location: "westeurope", public_network_access_enabled: false });
    expect(replica.administrator_login).toBeUndefined();
    expect(configsOf(json, "random_password")).toHaveLength(0);
    expect(configsOf(json, "azurerm_postgresql_flexible_server_database")).toHaveLength(0);
  });

  it("writes to the primary, reads locally and shares the primary's password", () => {
    expect(output(json, "writer")).toBe(replicaProps.writerHost);
    expect(output(json, "reader")).toBe(ref(json, "azurerm_postgresql_flexible_server", "postgres_server_", "fqdn"));
    expect(postgres.endpoints.passwordSecret).toBe(PASSWORD);
    expect(postgres.replicaServerIds).toEqual(postgres.serverIds);
  });

  it("is locked too: it is the region's copy to fail over to", () => {
    expect(onlyConfigOf(json, "azurerm_management_lock").lock_level).toBe("CanNotDelete");
  });
});

describe("AzurePostgres validation", () => {
  it("maps storage to the smallest Flexible Server size that holds it", () => {
    expect([20, 32, 33, 100, 1000].map(postgresStorageMb)).toEqual([32768, 32768, 65536, 131072, 1048576]);
    expect(() => postgresStorageMb(40000)).toThrow(/exceeds the largest Flexible Server storage/);
  });

  it.each([
    [{ skuName: "GP_Standard_D3ds_v5" }, /skuName "GP_Standard_D3ds_v5" is not in POSTGRES_SKU_MAX_CONNECTIONS/],
    [{ skuName: "B_Standard_B1ms" }, /highAvailability needs a General Purpose or Memory Optimized SKU/],
    [{ skuName: "B_Standard_B1ms", highAvailability: false }, /read replicas need a General Purpose or Memory Optimized SKU/],
    [{ backupRetentionDays: 3 }, /backupRetentionDays 3 is invalid; Flexible Server keeps 7 to 35 days/],
    [{ readReplicas: 6 }, /readReplicas 6 is invalid; use 0 to 5/],
    [{ engineVersion: "9" }, /engineVersion "9" is not a Flexible Server major version/],
    [{ username: "azure_superuser" }, /username "azure_superuser" must start with a letter/],
    [{ writerHost: "x" }, /writerHost is only for replica mode/],
    [{ ...replicaProps, readReplicas: 1 }, /readReplicas is 1 in replica mode; Flexible Server cannot replicate from a replica/],
    [{ ...replicaProps, highAvailability: true }, /highAvailability is set in replica mode/],
    [{ ...replicaProps, passwordSecret: undefined }, /passwordSecret is required with replicaOf/],
    [{ ...replicaProps, replicaOf: { sourceServerId: PRIMARY_ID, sourceRegion: "eastus" }, location: "eastus" }, /own region; same-region replicas are readReplicas/],
    [{ ...replicaProps, replicaOf: { sourceServerId: "server-1", sourceRegion: "eastus" } }, /sourceServerId "server-1" is not a Flexible Server resource id/],
  ])("rejects %j", (overrides, message) => {
    expect(() => synth(overrides as Overrides)).toThrow(message);
  });
});
