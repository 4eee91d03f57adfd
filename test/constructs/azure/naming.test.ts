import {
  AZURE_REGION_CODES,
  azureGlobalName,
  azureName,
  azureRegionCode,
  compactUniqueName,
  containerRegistryLoginServer,
  containerRegistryName,
  dashedUniqueName,
  isGuid,
  keyVaultName,
  storageAccountName,
  uniqueSuffix,
} from "../../../constructs/azure/naming";
import { AZURE_REGIONS } from "../../../environments/regions";
import { SUBSCRIPTION, context } from "./fixtures";

const OTHER_SUBSCRIPTION = "44444444-4444-4444-8444-444444444444";
/** The longest environment name the schema allows (12 characters). */
const LONG_ENV = { ...context, environment: "abcdefghijkl", region: "germanywestcentral" };

describe("Azure names", () => {
  it("has a unique short code for every region an environment may name", () => {
    for (const region of AZURE_REGIONS) expect(AZURE_REGION_CODES[region]).toMatch(/^[a-z0-9]{2,4}$/);
    expect(Object.keys(AZURE_REGION_CODES).sort()).toEqual([...AZURE_REGIONS].sort());
    expect(new Set(Object.values(AZURE_REGION_CODES)).size).toBe(Object.keys(AZURE_REGION_CODES).length);
    expect(azureRegionCode("centralindia")).toBe("cin");
    expect(() => azureRegionCode("westus")).toThrow(/"westus" has no short name code; use one of/);
  });

  it("names regional resources mockforge-<env>-<code>-<component> and refuses names over the limit", () => {
    expect(azureName(context, "vnet")).toBe("mockforge-prod-eus-vnet");
    expect(azureName({ ...context, region: "centralindia" }, "app", 32)).toBe("mockforge-prod-cin-app");
    expect(azureGlobalName("prod", "rg")).toBe("mockforge-prod-glb-rg");
    expect(() => azureName(LONG_ENV, "mock-server", 32)).toThrow(/is 38 characters; the limit here is 32/);
  });

  it("keeps every Container App name of a 12-character environment within 32 characters in every region", () => {
    for (const region of AZURE_REGIONS) {
      expect(() => azureName({ ...context, environment: "abcdefghijkl", region }, "app", 32)).not.toThrow();
    }
  });

  it("derives storage account names: 3-24 lower-case letters and digits, unique per subscription, stable", () => {
    const name = storageAccountName(context, SUBSCRIPTION);
    expect(name).toMatch(/^[a-z0-9]{3,24}$/);
    expect(name).toBe(`mfprodeusst${uniqueSuffix({ subscriptionId: SUBSCRIPTION, environment: "prod", regionCode: "eus", component: "st" })}`);
    expect(storageAccountName(context, SUBSCRIPTION)).toBe(name);
    expect(storageAccountName(context, OTHER_SUBSCRIPTION)).not.toBe(name);
    expect(storageAccountName({ ...context, region: "westeurope" }, SUBSCRIPTION)).not.toBe(name);
    const long = storageAccountName(LONG_ENV, SUBSCRIPTION);
    expect(long).toHaveLength(24);
    expect(long).toMatch(/^[a-z0-9]+$/);
  });

  it("derives Key Vault names: 3-24 characters starting with a letter, distinct from the storage account's", () => {
    for (const ctx of [context, LONG_ENV]) {
      const name = keyVaultName(ctx, SUBSCRIPTION);
      expect(name).toMatch(/^[a-z][a-z0-9]{2,23}$/);
      expect(name).not.toBe(storageAccountName(ctx, SUBSCRIPTION));
    }
  });

  it("derives the registry name (5-50 letters and digits) and its login server from the environment alone", () => {
    const name = containerRegistryName("prod", SUBSCRIPTION);
    expect(name).toMatch(/^mfprodglbacr[0-9a-f]{6}$/);
    expect(containerRegistryLoginServer(name)).toBe(`${name}.azurecr.io`);
    expect(containerRegistryName("staging", SUBSCRIPTION)).not.toBe(name);
  });

  it("derives globally unique DNS-style names with a hash suffix", () => {
    const name = dashedUniqueName(context, SUBSCRIPTION, "pg", 57);
    expect(name).toMatch(/^mockforge-prod-eus-pg-[0-9a-f]{6}$/);
    expect(dashedUniqueName(context, OTHER_SUBSCRIPTION, "pg")).not.toBe(name);
  });

  it("refuses a compact name too short to hold the hash", () => {
    expect(() => compactUniqueName({ subscriptionId: SUBSCRIPTION, environment: "prod", regionCode: "eus", component: "st" }, 8)).toThrow(/leaves no room/);
  });

  it("recognizes subscription ids", () => {
    expect(isGuid(SUBSCRIPTION)).toBe(true);
    expect(isGuid("prod-subscription")).toBe(false);
  });
});
