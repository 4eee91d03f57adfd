import { AzureContainerRegistry, UNTAGGED_MANIFEST_RETENTION_DAYS, type AzureContainerRegistryProps } from "../../../constructs/azure/registry";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";

const baseProps: AzureContainerRegistryProps = { name: "mfprodglbacr123456", location: "eastus", resourceGroupName: "rg", sku: "Premium", replicaRegions: ["westeurope", "centralindia"] };
const synth = (overrides: Partial<AzureContainerRegistryProps> = {}): SynthJson =>
  synthJson((scope) => new AzureContainerRegistry(scope, "registry", { ...baseProps, ...overrides }));

describe("AzureContainerRegistry", () => {
  const registry = onlyConfigOf(synth(), "azurerm_container_registry");

  it("has no admin user and no anonymous pull: pulls use managed identities", () => {
    expect(registry).toMatchObject({ admin_enabled: false, anonymous_pull_enabled: false });
  });

  it("is Premium, zone-redundant and geo-replicated into every other region", () => {
    expect(registry).toMatchObject({ sku: "Premium", zone_redundancy_enabled: true, retention_policy_in_days: UNTAGGED_MANIFEST_RETENTION_DAYS });
    expect(registry.georeplications).toEqual([
      { location: "westeurope", zone_redundancy_enabled: true },
      { location: "centralindia", zone_redundancy_enabled: true },
    ]);
  });

  it("is Standard without replicas in single-region environments", () => {
    const standard = onlyConfigOf(synth({ sku: "Standard", replicaRegions: [] }), "azurerm_container_registry");
    expect(standard.sku).toBe("Standard");
    expect(standard.georeplications).toBeUndefined();
    expect(standard.admin_enabled).toBe(false);
  });

  it("is locked against deletion unless told otherwise", () => {
    expect(onlyConfigOf(synth(), "azurerm_management_lock").lock_level).toBe("CanNotDelete");
    expect(configsOf(synth({ deletionLock: false }), "azurerm_management_lock")).toHaveLength(0);
  });

  it.each([
    [{ sku: "Standard" as const }, /replicaRegions \[westeurope, centralindia\] need the Premium SKU/],
    [{ replicaRegions: ["eastus"] }, /replicaRegions contains "eastus", the registry's own region/],
    [{ name: "acr" }, /name must be 5-50 letters and digits/],
    [{ sku: "Basic" as never, replicaRegions: [] }, /sku "Basic" is invalid; use one of Standard, Premium/],
  ])("rejects %j", (overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
