/**
 * The environment files' `gcp:` section: the real files load with their
 * defaults, the schema's region list is the one in regions.ts, and every kind
 * of bad GCP input fails with the file, the path, the value and what is allowed.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { loadEnvironmentFile, loadEnvironments } from "../../environments/load";
import { GCP_REGIONS, isGcpRegion } from "../../environments/regions";
import { GCP_RULES } from "../../environments/validate-gcp";
import { configError, expectIssue, lineOf, REAL_DIR, removeTempDirs, tempDir, writeVariant } from "./fixtures";

afterAll(removeTempDirs);

type SchemaNode = Record<string, any>;
const schema = JSON.parse(readFileSync(path.join(REAL_DIR, "schema.json"), "utf8")) as SchemaNode;
const gcpSchema = schema.properties.gcp as SchemaNode;

describe("the gcp section of the real files", () => {
  const envs = loadEnvironments();
  const byName = (name: string) => envs.find((e) => e.name === name)!;

  it("prod runs in us-central1 (primary), europe-west1 and asia-south1; dev and staging in one region each", () => {
    expect(byName("prod").gcp?.regions.map((r) => [r.name, r.primary])).toEqual([
      ["us-central1", true],
      ["europe-west1", false],
      ["asia-south1", false],
    ]);
    expect(byName("dev").gcp?.regions).toHaveLength(1);
    expect(byName("staging").gcp?.regions).toHaveLength(1);
  });

  it("names a project, a state bucket and a DNS zone per environment", () => {
    for (const name of ["dev", "staging", "prod"]) {
      expect(byName(name).gcp).toMatchObject({
        projectId: `mockforge-${name}`,
        state: { bucket: `mockforge-tfstate-${name}-gcp`, prefix: `mockforge/${name}` },
        dnsManagedZone: "gcp-mockforge-cloud",
      });
    }
  });

  it("fills the documented defaults for the optional keys", () => {
    const staging = byName("staging").gcp!;
    expect(staging.service).toEqual({});
    expect(staging.storage).toEqual({ multiRegion: false });
    expect(staging.edge).toEqual({ adaptiveProtection: true, apiCdn: true });
    const file = writeVariant(tempDir(), "staging", "staging", (doc) => doc.deleteIn(["gcp", "database", "maxConnections"]));
    expect(loadEnvironmentFile(file).gcp?.database.maxConnections).toBe(100);
  });

  it("prod replicates storage through multi-region buckets; dev sizes Cloud Run with a whole vCPU", () => {
    expect(byName("prod").gcp?.storage.multiRegion).toBe(true);
    expect(byName("dev").gcp?.service.cpu).toBe(1);
  });
});

describe("schema.json gcp section", () => {
  it("lists exactly the GCP regions of environments/regions.ts (update the enum from the list when this fails)", () => {
    expect(gcpSchema.properties.regions.items.properties.name.enum).toEqual([...GCP_REGIONS]);
    expect(new Set(GCP_REGIONS).size).toBe(GCP_REGIONS.length);
    expect(isGcpRegion("europe-west1")).toBe(true);
    expect(isGcpRegion("eu-west-1")).toBe(false);
  });
});

describe("bad gcp input", () => {
  it("unknown region: lists the known regions and the likely intended one", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["gcp", "regions", 1, "name"], "europe-west7"));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "gcp.regions[1].name",
      value: "europe-west7",
      says: ["must be one of: africa-south1", "us-central1", 'did you mean "europe-west1"?'],
    });
  });

  it("an AWS region id in the gcp section is unknown too", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.setIn(["gcp", "regions", 0, "name"], "us-east-1"));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "gcp.regions[0].name", value: "us-east-1", says: ["must be one of:", "us-east1"] });
  });

  it("bad project id format", () => {
    const file = writeVariant(tempDir(), "staging", "staging", (doc) => doc.setIn(["gcp", "projectId"], "MockForge_Staging"));
    const issue = expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "gcp.projectId",
      value: "MockForge_Staging",
      says: ["must be a Google Cloud project id: 6-30 lower-case letters, digits or dashes"],
    });
    expect(issue.line).toBe(lineOf(file, "projectId:"));
  });

  it.each([
    { keys: ["gcp", "state", "bucket"], path: "gcp.state.bucket", value: "Bad_Bucket", says: ["must be a GCS bucket name"] },
    { keys: ["gcp", "dnsManagedZone"], path: "gcp.dnsManagedZone", value: "mockforge.cloud", says: ["must be a Cloud DNS zone name", "e.g. mockforge-cloud"] },
    { keys: ["gcp", "database", "tier"], path: "gcp.database.tier", value: "db-n1-standard-2", says: ["must be a Cloud SQL tier such as db-custom-2-7680"] },
    { keys: ["gcp", "redis", "machineType"], path: "gcp.redis.machineType", value: "r6g.large", says: ["must be a Compute Engine machine type such as e2-small"] },
  ])("pattern mismatch: $path = $value", ({ keys, path: at, value, says }) => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(keys, value));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: at, value, says });
  });

  it("unknown key in the gcp section: names it and the allowed keys", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.setIn(["gcp", "projectID"], "mockforge-dev"));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "gcp.projectID", value: "mockforge-dev", says: ["is not a known key", 'did you mean "projectId"?'] });
  });

  it("missing required key: the Cloud SQL tier", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.deleteIn(["gcp", "database", "tier"]));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "gcp.database.tier", value: undefined, says: ["is required", "Cloud SQL"] });
  });

  it("overlapping CIDRs between regions: names both regions and both ranges", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["gcp", "regions", 2, "cidr"], "10.50.8.0/21"));
    const issue = expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "gcp.regions[2].cidr",
      value: "10.50.8.0/21",
      says: ["asia-south1 subnet (10.50.8.0/21) overlaps us-central1 subnet (10.50.0.0/20, gcp.regions[0].cidr)", "disjoint"],
    });
    expect(issue.line).toBe(lineOf(file, "cidr: 10.50.8.0/21"));
  });

  it("a subnet inside the private services access range", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["gcp", "network", "privateServicesCidr"], "10.48.0.0/14"));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "gcp.network.privateServicesCidr",
      value: "10.48.0.0/14",
      says: ["prefix /14 is outside /16 to /24"],
    });
    const overlap = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["gcp", "network", "privateServicesCidr"], "10.50.0.0/16"));
    expectIssue(configError(() => loadEnvironmentFile(overlap)), {
      file: overlap,
      path: "gcp.network.privateServicesCidr",
      value: "10.50.0.0/16",
      says: ["the private services access range (10.50.0.0/16) overlaps us-central1 subnet (10.50.0.0/20, gcp.regions[0].cidr)"],
    });
  });

  it.each([
    { cidr: "10.40.0/20", says: ["must be an IPv4 CIDR such as 10.40.0.0/20"] },
    { cidr: "10.40.0.1/20", says: ["host bits are set; the network address is 10.40.0.0/20", "prefix /16 to /24"] },
    { cidr: "10.40.0.0/26", says: ["prefix /26 is outside /16 to /24"] },
  ])("bad subnet CIDR: $cidr", ({ cidr, says }) => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.setIn(["gcp", "regions", 0, "cidr"], cidr));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "gcp.regions[0].cidr", value: cidr, says });
  });

  it("no primary region: lists the regions to choose from", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["gcp", "regions", 0, "primary"], false));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "gcp.regions",
      value: ["us-central1", "europe-west1", "asia-south1"],
      says: ["no region is primary; set primary: true on exactly one of us-central1, europe-west1, asia-south1"],
    });
  });

  it("two primary regions: names both", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["gcp", "regions", 2, "primary"], true));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "gcp.regions[2].primary",
      value: true,
      says: ["asia-south1 is a second primary region (us-central1 at gcp.regions[0] is primary)"],
    });
  });

  it("duplicate region: points at the second entry and the first", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["gcp", "regions", 2, "name"], "europe-west1"));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "gcp.regions[2].name",
      value: "europe-west1",
      says: ["region europe-west1 is listed twice (also gcp.regions[1])"],
    });
  });

  it("Cloud Run size: the shared 0.5 vCPU is refused on GCP unless gcp.service.cpu gives a whole vCPU", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.deleteIn(["gcp", "service"]));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "service.cpu",
      value: 0.5,
      says: ["is not a Cloud Run size for concurrency 80", "1, 2, 4, 6, 8 vCPU", "set gcp.service.cpu for Cloud Run"],
    });
  });

  it("Cloud Run size: memory outside the range of the vCPU", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["gcp", "service"], doc.createNode({ cpu: 4, memoryMiB: 1024 })));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "gcp.service.memoryMiB",
      value: 1024,
      says: ["is not a Cloud Run memory size for 4 vCPU; 4 vCPU allows 2048-16384 MiB"],
    });
  });

  it("Cloud Run size: a vCPU count Cloud Run does not offer", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["gcp", "service"], doc.createNode({ cpu: 3 })));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "gcp.service.cpu", value: 3, says: ["must be one of: 1, 2, 4, 6, 8"] });
  });

  it("Cloud SQL tier: a custom shape Cloud SQL rejects", () => {
    const file = writeVariant(tempDir(), "staging", "staging", (doc) => doc.setIn(["gcp", "database", "tier"], "db-custom-2-16384"));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "gcp.database.tier",
      value: "db-custom-2-16384",
      says: ["is not a Cloud SQL tier", "8192 MiB per vCPU; allowed 0.9-6.5 GiB"],
    });
  });

  it("Cloud SQL tier: production may not run on a shared core", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["gcp", "database", "tier"], "db-g1-small"));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "gcp.database.tier",
      value: "db-g1-small",
      says: ["shared-core tier (no SLA); tier production needs db-custom-"],
    });
  });

  it("multi-region storage in a region without a Cloud Storage multi-region", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["gcp", "regions", 2, "name"], "southamerica-east1"));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "gcp.regions[2].name",
      value: "southamerica-east1",
      says: ["has no Cloud Storage multi-region", "set gcp.storage.multiRegion false"],
    });
  });

  it("cross-region replication on GCP needs multi-region buckets", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["gcp", "storage", "multiRegion"], false));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "gcp.storage.multiRegion",
      value: false,
      says: ["must be true when storage.crossRegionReplication is true and GCP runs in 3 regions"],
    });
  });

  it("no backups where the environment runs on GCP (point-in-time recovery needs them)", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.setIn(["database", "backupRetentionDays"], 0));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "database.backupRetentionDays",
      value: 0,
      says: ["must be >= 1 where the environment runs on GCP"],
    });
  });

  it("GCP rules stay silent for an environment without a gcp section", () => {
    const dev = loadEnvironments(undefined, ["dev"])[0];
    const withoutGcp = { ...dev, gcp: undefined, service: { ...dev.service, cpu: 0.5 }, database: { ...dev.database, backupRetentionDays: 0 } };
    for (const rule of GCP_RULES) expect({ rule: rule.name, issues: rule(withoutGcp, { expectedName: "dev" }) }).toEqual({ rule: rule.name, issues: [] });
  });
});
