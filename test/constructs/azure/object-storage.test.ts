import { TerraformOutput } from "cdktf";
import { ASSETS_CONTAINER_NAME, AzureObjectStorage, type AzureObjectStorageProps } from "../../../constructs/azure/object-storage";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { ref } from "./fixtures";

const baseProps: AzureObjectStorageProps = {
  accountName: "mfprodeusst123456",
  location: "eastus",
  resourceGroupName: "rg",
  replication: "GZRS",
  versioning: true,
  noncurrentVersionExpirationDays: 90,
  coolAfterDays: 30,
};

function synth(overrides: Partial<AzureObjectStorageProps> = {}): { json: SynthJson; storage: AzureObjectStorage } {
  let storage!: AzureObjectStorage;
  const json = synthJson((scope) => {
    storage = new AzureObjectStorage(scope, "assets", { ...baseProps, ...overrides });
    new TerraformOutput(scope, "web", { value: storage.webHost });
  });
  return { json, storage };
}

describe("AzureObjectStorage", () => {
  const { json, storage } = synth();
  const account = onlyConfigOf(json, "azurerm_storage_account");

  it("is a StorageV2 account with the requested zone/geo redundancy", () => {
    expect(account).toMatchObject({ name: "mfprodeusst123456", account_kind: "StorageV2", account_tier: "Standard", account_replication_type: "GZRS" });
    expect(onlyConfigOf(synth({ replication: "ZRS" }).json, "azurerm_storage_account").account_replication_type).toBe("ZRS");
  });

  it("speaks HTTPS only, TLS 1.2 at least", () => {
    expect(account.https_traffic_only_enabled).toBe(true);
    expect(account.min_tls_version).toBe("TLS1_2");
  });

  it("never allows anonymous blob access and accepts no shared keys (Entra ID only)", () => {
    expect(account.allow_nested_items_to_be_public).toBe(false);
    expect(account.shared_access_key_enabled).toBe(false);
    expect(account.default_to_oauth_authentication).toBe(true);
    expect(account.local_user_enabled).toBe(false);
    expect(account.sftp_enabled).toBe(false);
  });

  it("double-encrypts at rest and never replicates to other tenants", () => {
    expect(account.infrastructure_encryption_enabled).toBe(true);
    expect(account.cross_tenant_replication_enabled).toBe(false);
    expect(account.allowed_copy_scope).toBe("AAD");
  });

  it("keeps blob versions and soft-deleted blobs and containers for 14 days", () => {
    expect(account.blob_properties).toMatchObject({
      versioning_enabled: true,
      change_feed_enabled: true,
      delete_retention_policy: { days: 14 },
      container_delete_retention_policy: { days: 14 },
    });
    expect(onlyConfigOf(synth({ softDeleteRetentionDays: 30 }).json, "azurerm_storage_account").blob_properties.delete_retention_policy).toEqual({ days: 30 });
  });

  it("holds one private container for mock assets, addressed by URL", () => {
    expect(onlyConfigOf(json, "azurerm_storage_container")).toEqual({
      name: ASSETS_CONTAINER_NAME,
      storage_account_id: ref(json, "azurerm_storage_account", "assets_account"),
      container_access_type: "private",
    });
    expect(storage.bucketName).toBe("https://mfprodeusst123456.blob.core.windows.net/mock-assets");
  });

  it("expires previous versions and cools idle mock assets", () => {
    const rules = onlyConfigOf(json, "azurerm_storage_management_policy").rule;
    expect(rules).toContainEqual({
      name: "expire-previous-versions",
      enabled: true,
      filters: { blob_types: ["blockBlob"] },
      actions: { version: { delete_after_days_since_creation: 90 } },
    });
    expect(rules).toContainEqual({
      name: "cool-idle-mock-assets",
      enabled: true,
      filters: { blob_types: ["blockBlob"], prefix_match: ["mock-assets/"] },
      actions: { base_blob: { tier_to_cool_after_days_since_modification_greater_than: 30 } },
    });
    const unversioned = onlyConfigOf(synth({ versioning: false }).json, "azurerm_storage_management_policy").rule;
    expect(unversioned.map((r: any) => r.name)).toEqual(["cool-idle-mock-assets"]);
  });

  it("serves the static website Front Door caches assets from", () => {
    expect(onlyConfigOf(json, "azurerm_storage_account_static_website")).toEqual({ storage_account_id: ref(json, "azurerm_storage_account", "assets_account") });
    expect((json.output as any).web.value).toBe(ref(json, "azurerm_storage_account", "assets_account", "primary_web_host"));
    expect(configsOf(synth({ staticWebsite: false }).json, "azurerm_storage_account_static_website")).toHaveLength(0);
  });

  it("locks the account against deletion unless told otherwise", () => {
    expect(onlyConfigOf(json, "azurerm_management_lock")).toMatchObject({ lock_level: "CanNotDelete", scope: ref(json, "azurerm_storage_account", "assets_account") });
    expect(configsOf(synth({ deletionLock: false }).json, "azurerm_management_lock")).toHaveLength(0);
  });

  it.each([
    [{ accountName: "MockForge-Assets" }, /accountName must be 3-24 lower-case letters and digits/],
    [{ replication: "LRS" as never }, /replication "LRS" is invalid; use one of ZRS, GZRS, RAGZRS/],
    [{ noncurrentVersionExpirationDays: 0 }, /noncurrentVersionExpirationDays 0 is invalid/],
    [{ softDeleteRetentionDays: 400 }, /softDeleteRetentionDays 400 is invalid; use a whole number from 1 to 365/],
  ])("rejects %j", (overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
