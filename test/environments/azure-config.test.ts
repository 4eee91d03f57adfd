/**
 * The environment files' `azure:` section: the real files load with their
 * defaults, the schema's region list is the one in regions.ts (and every
 * region has a short name code), and every kind of bad Azure input fails with
 * the file, the path, the value and what is allowed.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { AZURE_REGION_CODES } from "../../constructs/azure/naming";
import { loadEnvironmentFile, loadEnvironments } from "../../environments/load";
import { AZURE_REGIONS, isAzureRegion } from "../../environments/regions";
import { AZURE_RULES } from "../../environments/validate-azure";
import { configError, expectIssue, lineOf, REAL_DIR, removeTempDirs, tempDir, writeVariant, type RealEnvironment } from "./fixtures";

afterAll(removeTempDirs);

type SchemaNode = Record<string, any>;
const schema = JSON.parse(readFileSync(path.join(REAL_DIR, "schema.json"), "utf8")) as SchemaNode;
const azureSchema = schema.properties.azure as SchemaNode;

/** A copy of a real file with one Azure edit; returns the file and its ConfigError. */
function broken(base: RealEnvironment, keys: (string | number)[], value: unknown) {
  const file = writeVariant(tempDir(), base, base, (doc) => (value === undefined ? doc.deleteIn(keys) : doc.setIn(keys, value)));
  return { file, error: configError(() => loadEnvironmentFile(file)) };
}

describe("the azure section of the real files", () => {
  const envs = loadEnvironments();
  const byName = (name: string) => envs.find((e) => e.name === name)!;

  it("prod runs in eastus (primary), westeurope and centralindia; dev and staging in eastus only", () => {
    expect(byName("prod").azure?.regions).toEqual([
      { name: "eastus", primary: true, cidr: "10.110.0.0/16" },
      { name: "westeurope", primary: false, cidr: "10.111.0.0/16" },
      { name: "centralindia", primary: false, cidr: "10.112.0.0/16" },
    ]);
    expect(byName("dev").azure?.regions.map((r) => r.name)).toEqual(["eastus"]);
    expect(byName("staging").azure?.regions.map((r) => r.name)).toEqual(["eastus"]);
  });

  it("keeps each environment's state in its own azurerm key prefix", () => {
    for (const name of ["dev", "staging", "prod"]) {
      expect(byName(name).azure?.state).toMatchObject({ resourceGroupName: "mockforge-tfstate", containerName: "tfstate", keyPrefix: `mockforge/${name}` });
    }
  });

  it("prod is zone-redundant, geo-redundant and geo-replicated; dev is the cheap single-zone variant", () => {
    expect(byName("prod").azure).toMatchObject({
      containerApps: { zoneRedundant: true },
      database: { skuName: "GP_Standard_D4ds_v5", geoRedundantBackup: true },
      storage: { replication: "GZRS" },
      registry: { sku: "Premium" },
    });
    expect(byName("dev").azure).toMatchObject({ containerApps: { zoneRedundant: false }, database: { skuName: "B_Standard_B1ms" }, registry: { sku: "Standard" } });
  });

  it("fills the documented defaults for the optional keys", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => {
      for (const section of ["containerApps", "registry", "keyVault"]) doc.setIn(["azure", section], doc.createNode({}));
      doc.deleteIn(["azure", "database", "geoRedundantBackup"]);
      doc.deleteIn(["azure", "redis", "diskType"]);
      doc.deleteIn(["azure", "redis", "encryptionAtHost"]);
      doc.deleteIn(["azure", "regions", 1, "primary"]);
    });
    const azure = loadEnvironmentFile(file).azure!;
    expect(azure.containerApps).toEqual({ concurrentRequests: 50, zoneRedundant: true });
    expect(azure.keyVault).toEqual({ allowedIpRanges: [] });
    expect(azure.registry).toEqual({ sku: "Premium" });
    expect(azure.database.geoRedundantBackup).toBe(true);
    expect(azure.redis).toMatchObject({ diskType: "Premium_LRS", encryptionAtHost: true });
    expect(azure.regions[1].primary).toBe(false);
    // Storage defaults to ZRS (not enough for production, which must say GZRS).
    const staging = writeVariant(tempDir(), "staging", "staging", (doc) => doc.setIn(["azure", "storage"], doc.createNode({})));
    expect(loadEnvironmentFile(staging).azure?.storage).toEqual({ replication: "ZRS" });
  });
});

describe("schema.json azure section", () => {
  it("lists exactly the Azure regions of environments/regions.ts, each with a naming code", () => {
    expect(azureSchema.properties.regions.items.properties.name.enum).toEqual([...AZURE_REGIONS]);
    for (const region of AZURE_REGIONS) expect(AZURE_REGION_CODES[region]).toBeDefined();
    expect(isAzureRegion("westeurope")).toBe(true);
    expect(isAzureRegion("westus")).toBe(false);
  });

  it("adds every Azure rule to the loader", () => {
    expect(AZURE_RULES.length).toBeGreaterThanOrEqual(13);
  });
});

describe("bad Azure input", () => {
  it("unknown region: lists the allowed regions and the likely intended one", () => {
    const { file, error } = broken("prod", ["azure", "regions", 1, "name"], "westeurop");
    expectIssue(error, { file, path: "azure.regions[1].name", value: "westeurop", says: ["must be one of: australiaeast", "westeurope", 'did you mean "westeurope"?'] });
  });

  it("a region without availability zones is not offered", () => {
    const { file, error } = broken("dev", ["azure", "regions", 0, "name"], "westus");
    expectIssue(error, { file, path: "azure.regions[0].name", value: "westus", says: ["must be one of:", "westus2"] });
  });

  it("bad subscription id: must be a GUID", () => {
    const { file, error } = broken("prod", ["azure", "subscriptionId"], "mockforge-prod");
    expectIssue(error, { file, path: "azure.subscriptionId", value: "mockforge-prod", says: ["must be a subscription id: a GUID"] });
  });

  it("bad state storage account name", () => {
    const { file, error } = broken("prod", ["azure", "state", "storageAccountName"], "MockForge-State");
    expectIssue(error, { file, path: "azure.state.storageAccountName", value: "MockForge-State", says: ["3-24 lower-case letters and digits"] });
  });

  it("overlapping CIDRs: names both regions and both ranges", () => {
    const { file, error } = broken("prod", ["azure", "regions", 2, "cidr"], "10.110.128.0/17");
    const issue = expectIssue(error, {
      file,
      path: "azure.regions[2].cidr",
      value: "10.110.128.0/17",
      says: ["centralindia (10.110.128.0/17) overlaps eastus (10.110.0.0/16, azure.regions[0].cidr)", "they are peered"],
    });
    expect(issue.line).toBe(lineOf(file, "cidr: 10.110.128.0/17"));
  });

  it.each([
    { cidr: "10.110.0.0/24", says: ["prefix /24 is outside /16 to /23", "Container Apps needs at least a /27"] },
    { cidr: "10.110.0.1/16", says: ["host bits are set; the network address is 10.110.0.0/16"] },
    { cidr: "10.110.0/16", says: ["must be an IPv4 CIDR such as 10.40.0.0/16"] },
  ])("bad VNet CIDR: $cidr", ({ cidr, says }) => {
    const { file, error } = broken("prod", ["azure", "regions", 0, "cidr"], cidr);
    expectIssue(error, { file, path: "azure.regions[0].cidr", value: cidr, says });
  });

  it("no primary region / two primary regions / a region twice", () => {
    const none = broken("prod", ["azure", "regions", 0, "primary"], false);
    expectIssue(none.error, { file: none.file, path: "azure.regions", value: ["eastus", "westeurope", "centralindia"], says: ["no region is primary"] });
    const two = broken("prod", ["azure", "regions", 1, "primary"], true);
    expectIssue(two.error, { file: two.file, path: "azure.regions[1].primary", value: true, says: ["westeurope is a second primary region (eastus at azure.regions[0] is primary)"] });
    const twice = broken("prod", ["azure", "regions", 2, "name"], "westeurope");
    expectIssue(twice.error, { file: twice.file, path: "azure.regions[2].name", value: "westeurope", says: ["listed twice (also azure.regions[1])"] });
  });

  it("unknown key in the azure section", () => {
    const { file, error } = broken("staging", ["azure", "database", "sku"], "GP_Standard_D2ds_v5");
    expectIssue(error, { file, path: "azure.database.sku", value: "GP_Standard_D2ds_v5", says: ["is not a known key", "allowed keys here: skuName, geoRedundantBackup"] });
  });

  it("missing required section", () => {
    const { file, error } = broken("staging", ["azure", "redis"], undefined);
    expectIssue(error, { file, path: "azure.redis", value: undefined, says: ["is required"] });
  });

  it("unknown database SKU", () => {
    const { file, error } = broken("staging", ["azure", "database", "skuName"], "GP_Standard_D3ds_v5");
    expectIssue(error, { file, path: "azure.database.skuName", value: "GP_Standard_D3ds_v5", says: ["must be one of: B_Standard_B1ms"] });
  });

  it("Burstable SKU with a standby or replicas", () => {
    const { file, error } = broken("staging", ["azure", "database", "skuName"], "B_Standard_B2s");
    expectIssue(error, { file, path: "azure.database.skuName", value: "B_Standard_B2s", says: ["Burstable SKU", "database.highAvailability", "1 read replica(s)", "use a GP_ or MO_ SKU"] });
  });

  it("more replicas than a Flexible Server primary can feed", () => {
    const { file, error } = broken("prod", ["database", "readReplicas"], 4);
    expectIssue(error, { file, path: "database.readReplicas", value: 4, says: ["6 replicas with the 2 secondary region(s)", "at most 5", "use at most 3"] });
  });

  it("backups shorter than Flexible Server keeps", () => {
    const { file, error } = broken("dev", ["database", "backupRetentionDays"], 3);
    expectIssue(error, { file, path: "database.backupRetentionDays", value: 3, says: ["must be 7 to 35 on Azure"] });
  });

  it("more vCPU than Container Apps runs", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => {
      doc.setIn(["service", "cpu"], 8);
      doc.setIn(["service", "memoryMiB"], 16384);
      doc.deleteIn(["aws"]);
      doc.deleteIn(["gcp"]);
    });
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "service.cpu", value: 8, says: ["Azure Container Apps allows 0.25 to 4 vCPU"] });
  });

  it("a Standard registry for several regions", () => {
    const { file, error } = broken("prod", ["azure", "registry", "sku"], "Standard");
    expectIssue(error, { file, path: "azure.registry.sku", value: "Standard", says: ['must be "Premium" with 3 regions'] });
  });

  it.each([
    { keys: ["azure", "containerApps", "zoneRedundant"], value: false, path: "azure.containerApps.zoneRedundant", says: ["must be true for tier production"] },
    { keys: ["azure", "database", "geoRedundantBackup"], value: false, path: "azure.database.geoRedundantBackup", says: ["must be true for tier production"] },
    { keys: ["azure", "storage", "replication"], value: "ZRS", path: "azure.storage.replication", says: ['must be "GZRS" or "RAGZRS" for tier production'] },
  ])("production safeguard: $path = $value", ({ keys, value, path, says }) => {
    const { file, error } = broken("prod", keys, value);
    expectIssue(error, { file, path, value, says });
  });

  it("log retention outside what Log Analytics keeps", () => {
    const { file, error } = broken("dev", ["edge", "logRetentionDays"], 14);
    expectIssue(error, { file, path: "edge.logRetentionDays", value: 14, says: ["must be 30 to 730 on Azure"] });
  });

  it("an alarm window Azure Monitor does not evaluate", () => {
    const { file, error } = broken("dev", ["alarms", "periodMinutes"], 10);
    expectIssue(error, { file, path: "alarms.periodMinutes", value: 10, says: ["must be one of 1, 5, 15, 30, 60, 360, 720, 1440 on Azure"] });
  });

  it("a rate limit above Front Door's maximum", () => {
    const { file, error } = broken("prod", ["edge", "wafRateLimitPer5Minutes"], 20_000_000);
    expectIssue(error, { file, path: "edge.wafRateLimitPer5Minutes", value: 20_000_000, says: ["must be <= 10000000 on Azure"] });
  });

  it("bad Key Vault allowed IP range", () => {
    const { file, error } = broken("prod", ["azure", "keyVault", "allowedIpRanges"], ["203.0.113.0/24", "office"]);
    expectIssue(error, { file, path: "azure.keyVault.allowedIpRanges[1]", value: "office", says: ["must be an IPv4 address or CIDR"] });
  });

  it("bad VM size", () => {
    const { file, error } = broken("prod", ["azure", "redis", "vmSize"], "E2ds_v5");
    expectIssue(error, { file, path: "azure.redis.vmSize", value: "E2ds_v5", says: ["must be an Azure VM size such as Standard_D2ds_v5"] });
  });

  it("Azure rules stay silent for environments without an azure section", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => {
      doc.deleteIn(["azure"]);
      doc.setIn(["alarms", "periodMinutes"], 10);
    });
    expect(loadEnvironmentFile(file).alarms.periodMinutes).toBe(10);
  });
});
