import * as path from "path";
import { findProjectRoot, loadEnvironmentFile, loadEnvironments } from "../../environments/load";
import type { EnvironmentConfig } from "../../environments/model";
import { configError, expectIssue, REAL_DIR, removeTempDirs, ROOT, tempDir, writeVariant } from "./fixtures";

afterAll(removeTempDirs);

function byName(envs: readonly EnvironmentConfig[], name: string): EnvironmentConfig {
  const env = envs.find((e) => e.name === name);
  if (!env) throw new Error(`environment ${name} not loaded`);
  return env;
}

describe("the real environment files", () => {
  const envs = loadEnvironments();

  it("all load from the default folder, in file-name order", () => {
    expect(envs.map((e) => e.name)).toEqual(["dev", "prod", "staging"]);
    expect(envs.map((e) => e.tier)).toEqual(["development", "production", "staging"]);
  });

  it("dev: 1 task of 0.5 vCPU (1024 MiB, the smallest Fargate size for 0.5 vCPU), one primary region", () => {
    const dev = byName(envs, "dev");
    expect(dev.service).toMatchObject({ cpu: 0.5, memoryMiB: 1024, minCount: 1 });
    expect(dev.aws?.regions).toEqual([{ name: "us-east-1", primary: true, cidr: "10.0.0.0/16", azCount: 2, natGateways: "single" }]);
  });

  it("staging: 2 tasks of 1 vCPU (2048 MiB, the smallest Fargate size for 1 vCPU), protected data", () => {
    const staging = byName(envs, "staging");
    expect(staging.service).toMatchObject({ cpu: 1, memoryMiB: 2048, minCount: 2 });
    expect(staging.database.deletionProtection).toBe(true);
    expect(staging.storage.forceDestroy).toBe(false);
    expect(staging.edge.wafMode).toBe("block");
  });

  it("prod: min 3 max 50 tasks of 2 vCPU (4096 MiB), cpu 70 / memory 80 targets, 60 s out / 300 s in", () => {
    const prod = byName(envs, "prod");
    expect(prod.service).toMatchObject({
      cpu: 2,
      memoryMiB: 4096,
      minCount: 3,
      maxCount: 50,
      cpuTargetPercent: 70,
      memoryTargetPercent: 80,
      scaleOutCooldownSeconds: 60,
      scaleInCooldownSeconds: 300,
    });
  });

  it("prod: AWS regions us-east-1 (primary), eu-west-1, ap-south-1 with disjoint CIDRs", () => {
    const regions = byName(envs, "prod").aws?.regions ?? [];
    expect(regions.map((r) => [r.name, r.primary])).toEqual([
      ["us-east-1", true],
      ["eu-west-1", false],
      ["ap-south-1", false],
    ]);
    expect(new Set(regions.map((r) => r.cidr)).size).toBe(3);
  });

  it("prod meets the production safeguards", () => {
    const prod = byName(envs, "prod");
    expect(prod.database).toMatchObject({ highAvailability: true, crossRegionReplicas: true, deletionProtection: true });
    expect(prod.database.readReplicas).toBeGreaterThanOrEqual(1);
    expect(prod.database.backupRetentionDays).toBeGreaterThanOrEqual(7);
    expect(prod.edge.wafMode).toBe("block");
    expect(prod.storage.forceDestroy).toBe(false);
  });

  it("loads a single file by path, and only the named environments", () => {
    expect(loadEnvironmentFile(path.join(REAL_DIR, "staging.yaml")).name).toBe("staging");
    expect(loadEnvironments(undefined, ["staging", "dev"]).map((e) => e.name)).toEqual(["dev", "staging"]);
  });

  it("returns frozen configs, so no stack can change what another sees", () => {
    const prod = byName(envs, "prod");
    expect(Object.isFrozen(prod)).toBe(true);
    expect(Object.isFrozen(prod.aws?.regions[0])).toBe(true);
  });
});

describe("loader plumbing", () => {
  it("finds the project root from source and from compiled dist/environments", () => {
    expect(findProjectRoot()).toBe(ROOT);
    expect(findProjectRoot(path.join(ROOT, "dist", "environments"))).toBe(ROOT);
  });

  it("fills the documented defaults for optional keys the file leaves out", () => {
    const file = writeVariant(tempDir(), "prod", "prod", (doc) => {
      doc.setIn(["edge"], doc.createNode({}));
      doc.setIn(["storage"], doc.createNode({}));
      for (const key of ["cpuTargetPercent", "logRetentionDays"]) doc.deleteIn(["service", key]);
      doc.deleteIn(["aws", "regions", 1, "azCount"]);
      doc.deleteIn(["aws", "regions", 1, "primary"]);
    });
    const env = loadEnvironmentFile(file);
    expect(env.edge).toEqual({ wafRateLimitPer5Minutes: 2000, wafMode: "block", loadBalancerDeletionProtection: true, logRetentionDays: 90 });
    expect(env.storage).toEqual({ versioning: true, noncurrentVersionExpirationDays: 30, infrequentAccessAfterDays: 30, crossRegionReplication: true, forceDestroy: false });
    expect(env.service).toMatchObject({ cpuTargetPercent: 70, logRetentionDays: 30, imageTag: "0.1.0" });
    expect(env.aws?.regions[1]).toMatchObject({ name: "eu-west-1", primary: false, azCount: 3 });
  });

  it("names unknown environments and lists the available ones", () => {
    const error = configError(() => loadEnvironments(REAL_DIR, ["dev", "qa"]));
    expectIssue(error, { file: REAL_DIR, path: "(environment name)", value: "qa", says: ["available: dev, prod, staging"] });
    expect(error.issues).toHaveLength(1);
  });
});
