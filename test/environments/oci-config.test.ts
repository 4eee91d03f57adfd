/**
 * The environment files' `oci:` section: the real files load with their
 * defaults, the schema's region list is the one in regions.ts (and every
 * region has its facts in constructs/oci/region-info.ts), and every kind of
 * bad OCI input fails with the file, the path, the value and what is allowed.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { OCI_REGION_INFO } from "../../constructs/oci/region-info";
import { loadEnvironmentFile, loadEnvironments } from "../../environments/load";
import { isOciRegion, OCI_REGIONS } from "../../environments/regions";
import { configError, expectIssue, lineOf, REAL_DIR, removeTempDirs, tempDir, writeVariant } from "./fixtures";

afterAll(removeTempDirs);

type SchemaNode = Record<string, any>;
const schema = JSON.parse(readFileSync(path.join(REAL_DIR, "schema.json"), "utf8")) as SchemaNode;
const ociSchema = schema.properties.oci as SchemaNode;

describe("the oci section of the real files", () => {
  const envs = loadEnvironments();
  const byName = (name: string) => envs.find((e) => e.name === name)!;

  it("prod runs in us-ashburn-1 (primary), eu-frankfurt-1 and ap-mumbai-1; dev and staging in one region each", () => {
    expect(byName("prod").oci?.regions.map((r) => [r.name, r.primary])).toEqual([
      ["us-ashburn-1", true],
      ["eu-frankfurt-1", false],
      ["ap-mumbai-1", false],
    ]);
    expect(byName("dev").oci?.regions.map((r) => r.name)).toEqual(["us-ashburn-1"]);
    expect(byName("staging").oci?.regions.map((r) => r.name)).toEqual(["us-ashburn-1"]);
  });

  it("keeps each environment's state under its own prefix of the oci backend bucket", () => {
    for (const name of ["dev", "staging", "prod"]) {
      expect(byName(name).oci?.state).toEqual({ bucket: "mockforge-tfstate", namespace: "mockforgens", region: "us-ashburn-1", keyPrefix: `mockforge/${name}` });
    }
  });

  it("uses a virtual private vault outside dev", () => {
    expect(byName("prod").oci?.vaultType).toBe("VIRTUAL_PRIVATE");
    expect(byName("staging").oci?.vaultType).toBe("VIRTUAL_PRIVATE");
    expect(byName("dev").oci?.vaultType).toBe("DEFAULT");
  });

  it("fills the documented defaults for the optional keys", () => {
    const file = writeVariant(tempDir(), "staging", "staging", (doc) => {
      for (const key of ["vaultType", "service", "database", "redis", "loadBalancer"]) doc.deleteIn(["oci", key]);
      doc.deleteIn(["oci", "regions", 0, "primary"]);
      doc.setIn(["oci", "regions", 0, "primary"], true);
    });
    const oci = loadEnvironmentFile(file).oci!;
    expect(oci.vaultType).toBe("VIRTUAL_PRIVATE");
    expect(oci.service).toEqual({ shape: "VM.Standard.E5.Flex" });
    expect(oci.database).toEqual({ shape: "PostgreSQL.VM.Standard.E5.Flex", ocpus: 2, memoryGb: 32, maxConnections: 500 });
    expect(oci.redis).toEqual({ shape: "VM.Standard.E5.Flex", ocpus: 1, memoryGb: 16 });
    expect(oci.loadBalancer).toEqual({ minimumBandwidthMbps: 10, maximumBandwidthMbps: 100 });
  });
});

describe("schema.json oci section and the region lists", () => {
  it("lists exactly the OCI regions of environments/regions.ts (update the enum from the list when this fails)", () => {
    expect(ociSchema.properties.regions.items.properties.name.enum).toEqual([...OCI_REGIONS]);
    expect(new Set(OCI_REGIONS).size).toBe(OCI_REGIONS.length);
    expect(isOciRegion("eu-frankfurt-1")).toBe(true);
    expect(isOciRegion("eu-central-1")).toBe(false);
  });

  it("has the region key and availability domains of every listed region (constructs/oci/region-info.ts)", () => {
    expect(Object.keys(OCI_REGION_INFO).sort()).toEqual([...OCI_REGIONS].sort());
  });

  it("closes every object of the section to unknown keys", () => {
    const open: string[] = [];
    const walk = (node: SchemaNode, where: string) => {
      if (node.type === "object" && node.additionalProperties !== false) open.push(where);
      for (const [key, child] of Object.entries(node.properties ?? {})) walk(child as SchemaNode, `${where}.${key}`);
      if (node.items) walk(node.items, `${where}[]`);
    };
    walk(ociSchema, "oci");
    expect(open).toEqual([]);
  });
});

describe("bad oci input", () => {
  it("unknown region: lists the known OCI regions and the likely intended one", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["oci", "regions", 1, "name"], "eu-frankfurt-2"));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "oci.regions[1].name",
      value: "eu-frankfurt-2",
      says: ["must be one of: af-johannesburg-1", "us-ashburn-1", 'did you mean "eu-frankfurt-1"?'],
    });
  });

  it("an AWS region id as the home region is unknown too", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.setIn(["oci", "homeRegion"], "us-east-1"));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "oci.homeRegion", value: "us-east-1", says: ["must be one of:", "us-ashburn-1"] });
  });

  it.each([
    { key: "tenancyId", value: "ocid1.compartment.oc1..aaaaaaaaexampleexampleexample", says: ["must be a tenancy OCID"] },
    { key: "compartmentId", value: "compartment-prod", says: ["must be a compartment OCID"] },
    { key: "dnsZoneId", value: "mockforge.cloud", says: ["must be a DNS zone OCID"] },
  ])("bad OCID: oci.$key = $value", ({ key, value, says }) => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["oci", key], value));
    const issue = expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: `oci.${key}`, value, says });
    expect(issue.line).toBe(lineOf(file, `${key}:`, lineOf(file, "oci:")));
  });

  it("bad certificate OCID format", () => {
    const value = "arn:aws:acm:us-east-1:111122223333:certificate/abc";
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["oci", "regions", 0, "certificateId"], value));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "oci.regions[0].certificateId", value, says: ["must be a certificate OCID"] });
  });

  it("certificate of another region: the load balancer could not use it", () => {
    const value = "ocid1.certificate.oc1.iad.amaaaaaamockforgeplaceholderprodcert00000000000000000";
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["oci", "regions", 2, "certificateId"], value));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "oci.regions[2].certificateId",
      value,
      says: ['is a certificate of region "iad", not of ap-mumbai-1', "ocid1.certificate.oc1.bom.<id>"],
    });
  });

  it("overlapping CIDRs between regions", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["oci", "regions", 2, "cidr"], "10.130.128.0/20"));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "oci.regions[2].cidr",
      value: "10.130.128.0/20",
      says: ["ap-mumbai-1 (10.130.128.0/20) overlaps us-ashburn-1 (10.130.0.0/16, oci.regions[0].cidr)", "disjoint CIDRs"],
    });
  });

  it.each([
    { value: "10.130.0.1/16", says: ["host bits are set", "/16 to /24"] },
    { value: "10.128.0.0/12", says: ["prefix /12 is outside /16 to /24"] },
    { value: "10.130.0.0", says: ["must be an IPv4 CIDR such as 10.70.0.0/16"] },
  ])("bad VCN CIDR: $value", ({ value, says }) => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.setIn(["oci", "regions", 0, "cidr"], value));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "oci.regions[0].cidr", value, says });
  });

  it("two primary regions", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["oci", "regions", 1, "primary"], true));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "oci.regions[1].primary",
      value: true,
      says: ["eu-frankfurt-1 is a second primary region (us-ashburn-1 at oci.regions[0] is primary)", "exactly one region may be primary"],
    });
  });

  it("no primary region", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["oci", "regions", 0, "primary"], false));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "oci.regions",
      value: ["us-ashburn-1", "eu-frankfurt-1", "ap-mumbai-1"],
      says: ["no region is primary; set primary: true on exactly one of us-ashburn-1, eu-frankfurt-1, ap-mumbai-1"],
    });
  });

  it("the same region twice", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => {
      doc.setIn(["oci", "regions", 2, "name"], "eu-frankfurt-1");
      doc.setIn(["oci", "regions", 2, "certificateId"], "ocid1.certificate.oc1.eu-frankfurt-1.amaaaaaamockforgeplaceholderprodcert00000000000000000");
    });
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "oci.regions[2].name",
      value: "eu-frankfurt-1",
      says: ["region eu-frankfurt-1 is listed twice (also oci.regions[1])"],
    });
  });

  it("memory outside 1 to 64 GB per OCPU for a flexible shape", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["oci", "redis", "memoryGb"], 256));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "oci.redis.memoryGb", value: 256, says: ["must be 2 to 128 GB for 2 OCPU"] });
  });

  it("service memory below one GB per OCPU", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => {
      doc.setIn(["oci", "service", "ocpus"], 4);
      doc.setIn(["oci", "service", "memoryGb"], 2);
    });
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "oci.service.memoryGb",
      value: 2,
      says: ["gives 2 GB for 4 OCPU", "1 to 64 GB per OCPU (4 to 256 GB)"],
    });
  });

  it("a fixed (non-flexible) shape", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["oci", "service", "shape"], "VM.Standard2.1"));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "oci.service.shape", value: "VM.Standard2.1", says: ["must be a flexible VM shape"] });
  });

  it("load balancer bandwidth floor above its ceiling", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["oci", "loadBalancer", "minimumBandwidthMbps"], 2000));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "oci.loadBalancer.minimumBandwidthMbps",
      value: 2000,
      says: ["must be <= oci.loadBalancer.maximumBandwidthMbps (1000)"],
    });
  });

  it("production with a shared-partition vault (keys could not rotate automatically)", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["oci", "vaultType"], "DEFAULT"));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "oci.vaultType", value: "DEFAULT", says: ['must be "VIRTUAL_PRIVATE" for tier production'] });
  });

  it("several regions without cross-region database replicas (secondaries would have no database)", () => {
    const file = writeVariant(tempDir(), "staging", "staging", (doc) => {
      doc.setIn(["database", "crossRegionReplicas"], false);
      doc.addIn(["oci", "regions"], {
        name: "eu-frankfurt-1",
        primary: false,
        cidr: "10.122.0.0/16",
        certificateId: "ocid1.certificate.oc1.eu-frankfurt-1.amaaaaaamockforgeplaceholderstagingcert00000000000000",
      });
    });
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "database.crossRegionReplicas",
      value: false,
      says: ["must be true when oci.regions lists 2 regions", "warm standby"],
    });
  });

  it("an unknown key in the oci section", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.setIn(["oci", "compartmentOcid"], "x"));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "oci.compartmentOcid", value: "x", says: ["is not a known key", 'did you mean "compartmentId"?'] });
  });
});
