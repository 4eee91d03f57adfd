/**
 * One test per kind of bad input: each writes a modified copy of a real
 * environment file into <repo>/.tmp/ and checks that the ConfigError names the
 * file, the path, the bad value and what is allowed.
 */
import { loadEnvironmentFile, loadEnvironments } from "../../environments/load";
import { configError, expectIssue, lineOf, realText, removeTempDirs, shownFile, tempDir, writeText, writeVariant } from "./fixtures";

afterAll(removeTempDirs);

describe("schema errors", () => {
  it("unknown key: names the key, its value, the allowed keys and the likely intended one", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.setIn(["service", "minCont"], 1));
    const error = configError(() => loadEnvironmentFile(file));
    const issue = expectIssue(error, {
      file,
      path: "service.minCont",
      value: 1,
      says: ["is not a known key", 'did you mean "minCount"?', "allowed keys here: cpu, memoryMiB, minCount, maxCount"],
    });
    expect(issue.line).toBe(lineOf(file, "minCont:"));
    expect(error.issues).toHaveLength(1);
  });

  it.each([
    { path: "service.maxCount", keys: ["service", "maxCount"], value: "ten", says: ["must be a whole number"] },
    { path: "database.engineVersion", keys: ["database", "engineVersion"], value: 16, says: ["must be text", 'quote it, e.g. "16"'] },
    { path: "storage.versioning", keys: ["storage", "versioning"], value: "yes", says: ["must be true or false"] },
    { path: "alarms.emails", keys: ["alarms", "emails"], value: "oncall@mockforge.cloud", says: ["must be a list"] },
  ])("wrong type: $path = $value", ({ path, keys, value, says }) => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(keys, value));
    const error = configError(() => loadEnvironmentFile(file));
    expectIssue(error, { file, path, value, says });
    // The type error alone: no enum/pattern noise about the same value.
    expect(error.issues).toHaveLength(1);
  });

  it.each([
    { path: "alarms.cpuPercent", keys: ["alarms", "cpuPercent"], value: 120, says: ["must be a number > 0 and <= 100"] },
    { path: "aws.regions[0].azCount", keys: ["aws", "regions", 0, "azCount"], value: 5, says: ["from 2 to 4"] },
    { path: "storage.infrequentAccessAfterDays", keys: ["storage", "infrequentAccessAfterDays"], value: 10, says: ["from 30 to 3650"] },
    { path: "service.logRetentionDays", keys: ["service", "logRetentionDays"], value: 10, says: ["must be one of: 1, 3, 5, 7, 14, 30"] },
  ])("out of range: $path = $value", ({ path, keys, value, says }) => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(keys, value));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path, value, says });
  });

  it.each([
    { path: "aws.regions[1].name", keys: ["aws", "regions", 1, "name"], value: "eu-west-9", hint: 'did you mean "eu-west-1"?' },
    { path: "aws.state.region", keys: ["aws", "state", "region"], value: "us-gov-west-1", hint: "us-west-1" },
  ])("unknown region: $path = $value lists the known AWS regions", ({ path, keys, value, hint }) => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(keys, value));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path, value, says: ["must be one of: af-south-1, ap-east-1", "us-east-1", "us-west-2", hint] });
  });

  it.each([
    { path: "alarms.emails[0]", keys: ["alarms", "emails", 0], value: "oncall-at-mockforge", says: ["must be an e-mail address", "(pattern ^"] },
    { path: "aws.database.instanceClass", keys: ["aws", "database", "instanceClass"], value: "r6g.large", says: ["RDS instance class such as db.t4g.micro"] },
    { path: "dns.apiDomain", keys: ["dns", "apiDomain"], value: "API.mockforge.cloud", says: ["lower-case DNS name"] },
  ])("pattern mismatch: $path = $value", ({ path, keys, value, says }) => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(keys, value));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path, value, says });
  });

  it("missing required key: names the path and what it is for", () => {
    const file = writeVariant(tempDir(), "staging", "staging", (doc) => doc.deleteIn(["redis", "volumeSizeGiB"]));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "redis.volumeSizeGiB", value: undefined, says: ["is required", "GiB"] });
  });

  it("an empty file is reported, not crashed on", () => {
    const file = writeText(tempDir(), "dev", "");
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "(root)", value: null, says: ["must be a mapping of keys"] });
  });
});

describe("semantic errors", () => {
  it.each([
    { base: "staging", keys: ["service", "minCount"], value: 7, path: "service.minCount", says: ["must be <= service.maxCount (6)"] },
    { base: "staging", keys: ["database", "storageGiB"], value: 300, path: "database.storageGiB", says: ["must be <= database.maxStorageGiB (200)"] },
    { base: "staging", keys: ["redis", "downAfterMilliseconds"], value: 60000, path: "redis.downAfterMilliseconds", says: ["must be < redis.failoverTimeoutMilliseconds (60000)"] },
  ] as const)("min > max: $path = $value", ({ base, keys, value, path, says }) => {
    const file = writeVariant(tempDir(), base, base, (doc) => doc.setIn(keys, value));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path, value, says });
  });

  it.each([
    { cidr: "10.10.0/16", says: ["must be an IPv4 CIDR such as 10.0.0.0/16"] },
    { cidr: "10.10.0.256/16", says: ["each octet must be 0-255", "prefix /16 to /24"] },
    { cidr: "10.10.0.1/16", says: ["host bits are set; the network address is 10.10.0.0/16"] },
    { cidr: "10.0.0.0/8", says: ["prefix /8 is outside /16 to /24"] },
    { cidr: "10.10.0.0/26", says: ["prefix /26 is outside /16 to /24"] },
  ])("bad CIDR: $cidr", ({ cidr, says }) => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["aws", "regions", 0, "cidr"], cidr));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "aws.regions[0].cidr", value: cidr, says });
  });

  it("overlapping CIDRs: names both regions and both ranges", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["aws", "regions", 2, "cidr"], "10.10.64.0/18"));
    const error = configError(() => loadEnvironmentFile(file));
    const issue = expectIssue(error, {
      file,
      path: "aws.regions[2].cidr",
      value: "10.10.64.0/18",
      says: ["ap-south-1 (10.10.64.0/18) overlaps us-east-1 (10.10.0.0/16, aws.regions[0].cidr)", "disjoint"],
    });
    expect(issue.line).toBe(lineOf(file, "cidr: 10.10.64.0/18"));
  });

  it.each([
    { keys: ["database", "readReplicas"], value: 0, path: "database.readReplicas", says: ["must be >= 1 for tier production"] },
    { keys: ["database", "crossRegionReplicas"], value: false, path: "database.crossRegionReplicas", says: ["must be true for tier production with 3 regions"] },
    { keys: ["database", "highAvailability"], value: false, path: "database.highAvailability", says: ["must be true for tier production"] },
    { keys: ["database", "backupRetentionDays"], value: 3, path: "database.backupRetentionDays", says: ["must be >= 7 for tier production"] },
    { keys: ["database", "deletionProtection"], value: false, path: "database.deletionProtection", says: ["must be true for tier production"] },
    { keys: ["edge", "wafMode"], value: "count", path: "edge.wafMode", says: ['must be "block" for tier production'] },
    { keys: ["storage", "forceDestroy"], value: true, path: "storage.forceDestroy", says: ["must be false for tier production"] },
    { keys: ["service", "minCount"], value: 1, path: "service.minCount", says: ["must be >= 2 for tier production"] },
  ])("production safeguard: $path = $value", ({ keys, value, path, says }) => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(keys, value));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path, value, says });
  });

  it.each([
    { keys: ["database", "deletionProtection"], value: false, path: "database.deletionProtection", says: ["must be true for tier staging"] },
    { keys: ["storage", "forceDestroy"], value: true, path: "storage.forceDestroy", says: ["must be false for tier staging"] },
    { keys: ["edge", "wafMode"], value: "count", path: "edge.wafMode", says: ['must be "block" for tier staging'] },
  ])("staging safeguard: $path = $value", ({ keys, value, path, says }) => {
    const file = writeVariant(tempDir(), "staging", "staging", (doc) => doc.setIn(keys, value));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path, value, says });
  });

  it("no primary region: lists the regions to choose from", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["aws", "regions", 0, "primary"], false));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "aws.regions",
      value: ["us-east-1", "eu-west-1", "ap-south-1"],
      says: ["no region is primary; set primary: true on exactly one of us-east-1, eu-west-1, ap-south-1"],
    });
  });

  it("two primary regions: names both", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["aws", "regions", 1, "primary"], true));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "aws.regions[1].primary",
      value: true,
      says: ["eu-west-1 is a second primary region (us-east-1 at aws.regions[0] is primary)", "exactly one region may be primary"],
    });
  });

  it("duplicate region: points at the second entry and the first", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["aws", "regions", 2, "name"], "eu-west-1"));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "aws.regions[2].name",
      value: "eu-west-1",
      says: ["region eu-west-1 is listed twice (also aws.regions[1])"],
    });
  });

  it("name differs from the file name", () => {
    const file = writeVariant(tempDir(), "qa", "dev");
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "name", value: "dev", says: ['must equal the file name "qa"'] });
  });

  it("invalid Fargate size: the hosting guide's 0.5 vCPU / 512 MiB is rejected with the sizes 0.5 vCPU allows", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.setIn(["service", "memoryMiB"], 512));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "service.memoryMiB",
      value: 512,
      says: ["is not a Fargate size for 0.5 vCPU", "0.5 vCPU allows 1024, 2048, 3072, 4096 MiB"],
    });
  });

  it("invalid Fargate size: a vCPU count Fargate does not offer", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.setIn(["service", "cpu"], 0.75));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "service.cpu", value: 0.75, says: ["Fargate allows 0.25, 0.5, 1, 2, 4, 8, 16 vCPU"] });
  });

  it("Fargate sizes are only enforced where the environment runs on AWS", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => {
      doc.setIn(["service", "memoryMiB"], 512);
      doc.deleteIn(["aws"]);
    });
    expect(loadEnvironmentFile(file).service.memoryMiB).toBe(512);
  });

  it("two clouds serving one public API name: names both clouds and the way out", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.deleteIn(["dns", "clouds", "azure"]));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "dns.apiDomain",
      value: "api.mockforge.cloud",
      says: ["azure and aws would both serve api.mockforge.cloud", "dns.clouds.azure"],
    });
  });

  it("a cloud's own API name outside its own zone", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(["dns", "clouds", "gcp", "apiDomain"], "api.mockforge.cloud"));
    const error = configError(() => loadEnvironmentFile(file));
    expectIssue(error, { file, path: "dns.clouds.gcp.apiDomain", value: "api.mockforge.cloud", says: ['must be dns.clouds.gcp.zoneName "gcp.mockforge.cloud" or a name inside it'] });
    // The same value also collides with the name AWS serves.
    expect(error.issues.filter((i) => i.path === "dns.clouds.gcp.apiDomain").map((i) => i.message)).toEqual([
      expect.stringContaining("must be dns.clouds.gcp.zoneName"),
      expect.stringContaining("gcp and aws would both serve api.mockforge.cloud"),
    ]);
  });

  it("Redis nodes in shared zones: a 2-zone region needs distinctZones false", () => {
    const file = writeVariant(tempDir(), "dev", "dev", (doc) => doc.setIn(["redis", "distinctZones"], true));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "aws.regions[0].azCount",
      value: 2,
      says: ["only 2 zones", "use azCount >= 3", "redis.distinctZones false (development only)"],
    });
  });

  it("Redis nodes in shared zones: only development may turn distinctZones off", () => {
    const file = writeVariant(tempDir(), "staging", "staging", (doc) => doc.setIn(["redis", "distinctZones"], false));
    expectIssue(configError(() => loadEnvironmentFile(file)), {
      file,
      path: "redis.distinctZones",
      value: false,
      says: ["must be true for tier staging"],
    });
  });

  it.each([
    { keys: ["redis", "quorum"], value: 1, path: "redis.quorum", says: ["must be a majority of the 3 Sentinel nodes: 2 to 3"] },
    { keys: ["service", "cpuTargetPercent"], value: 85, path: "service.cpuTargetPercent", says: ["must be < alarms.cpuPercent (80)"] },
    { keys: ["service", "memoryTargetPercent"], value: 85, path: "service.memoryTargetPercent", says: ["must be < alarms.memoryPercent (85)"] },
    { keys: ["dns", "apiDomain"], value: "api.example.com", path: "dns.apiDomain", says: ['must be dns.zoneName "mockforge.cloud" or a name inside it'] },
    { keys: ["service", "imageTag"], value: "latest", path: "service.imageTag", says: ["must be a release or commit tag", "immutable"] },
    { keys: ["storage", "versioning"], value: false, path: "storage.versioning", says: ["must be true when storage.crossRegionReplication is true"] },
  ])("other rule: $path = $value", ({ keys, value, path, says }) => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => doc.setIn(keys, value));
    expectIssue(configError(() => loadEnvironmentFile(file)), { file, path, value, says });
  });
});

describe("YAML errors", () => {
  it("syntax error: names the file, line and column and shows the line", () => {
    const text = realText("dev").replace("tier: development\n", "tier: development: oops\n");
    const file = writeText(tempDir(), "dev", text);
    const error = configError(() => loadEnvironmentFile(file));
    const issue = expectIssue(error, { file, path: "(yaml syntax)", value: "tier: development: oops", says: ["invalid YAML", "Nested mappings are not allowed"] });
    expect([issue.line, issue.column]).toEqual([lineOf(file, "tier:"), 7]);
    expect(error.message).toContain(`${shownFile(file)}: (yaml syntax): `);
    expect(error.message).toContain(`[line ${issue.line}, column 7]`);
  });

  it("duplicate key: rejected, with the path and the line of the second occurrence", () => {
    const text = realText("dev").replace("  minCount: 1\n", "  minCount: 1\n  minCount: 3\n");
    const file = writeText(tempDir(), "dev", text);
    const issue = expectIssue(configError(() => loadEnvironmentFile(file)), { file, path: "service.minCount", value: "minCount", says: ["is defined twice", "keys must be unique"] });
    expect(issue.line).toBe(lineOf(file, "minCount: 3"));
  });
});

describe("several errors at once", () => {
  it("reports every schema error in a file, in file order", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => {
      doc.setIn(["tier"], "prodution");
      doc.setIn(["service", "minCont"], 3);
      doc.setIn(["database", "readReplicas"], "two");
      doc.setIn(["aws", "regions", 2, "name"], "ap-south-9");
    });
    const error = configError(() => loadEnvironmentFile(file));
    expect(error.issues.map((i) => i.path)).toEqual(["tier", "service.minCont", "database.readReplicas", "aws.regions[2].name"]);
    expectIssue(error, { file, path: "tier", value: "prodution", says: ["development, staging, production", 'did you mean "production"?'] });
    expect(error.message.split("\n")).toHaveLength(1 + 4);
    expect(error.message.split("\n")[0]).toBe("Invalid environment configuration (4 issues):");
  });

  it("reports every semantic error in a file", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => {
      doc.setIn(["database", "readReplicas"], 0);
      doc.setIn(["storage", "forceDestroy"], true);
      doc.setIn(["aws", "regions", 1, "cidr"], "10.10.0.0/16");
    });
    const error = configError(() => loadEnvironmentFile(file));
    expect(error.issues.map((i) => i.path).sort()).toEqual(["aws.regions[1].cidr", "database.readReplicas", "storage.forceDestroy"]);
  });

  it("reports the issues of every file in the folder in one error", () => {
    const dir = tempDir();
    const dev = writeVariant(dir, "dev", "dev", (doc) => doc.setIn(["service", "memoryMiB"], 512));
    const prod = writeVariant(dir, "prod", "prod", (doc) => doc.setIn(["aws", "regions", 1, "name"], "mars-1"));
    writeVariant(dir, "staging", "staging");
    const error = configError(() => loadEnvironments(dir));
    expect(error.issues.map((i) => [i.file, i.path])).toEqual([
      [shownFile(dev), "service.memoryMiB"],
      [shownFile(prod), "aws.regions[1].name"],
    ]);
  });
});
