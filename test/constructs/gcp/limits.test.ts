import { cloudRunSizeProblem, gcsMultiRegionFor, parseCloudSqlTier } from "../../../constructs/gcp/limits";
import { kmsLocationFor, serviceAgents } from "../../../constructs/gcp/service-agents";

describe("Cloud Run sizes", () => {
  it.each([
    [1, 512],
    [1, 4096],
    [2, 8192],
    [4, 2048],
    [8, 32768],
  ])("accepts %s vCPU with %s MiB", (cpu, memory) => expect(cloudRunSizeProblem(cpu, memory)).toBeUndefined());

  it("refuses fractional vCPU (concurrency 80 needs a whole one) and memory outside the vCPU's range", () => {
    expect(cloudRunSizeProblem(0.5, 1024)).toMatchObject({ field: "cpu" });
    expect(cloudRunSizeProblem(3, 4096)).toMatchObject({ field: "cpu" });
    expect(cloudRunSizeProblem(4, 1024)).toEqual({ field: "memoryMiB", message: expect.stringContaining("4 vCPU allows 2048-16384 MiB") });
  });
});

describe("Cloud SQL tiers", () => {
  it("parses custom and shared-core tiers", () => {
    expect(parseCloudSqlTier("db-custom-2-13312")).toEqual({ sharedCore: false, vcpus: 2, memoryMiB: 13312 });
    expect(parseCloudSqlTier("db-g1-small")).toEqual({ sharedCore: true });
  });

  it.each([
    ["db-custom-3-7680", /3 vCPUs/],
    ["db-custom-2-1000", /not a multiple of 256/],
    ["db-custom-2-16384", /8192 MiB per vCPU/],
    ["db-n1-standard-2", /expected db-custom/],
  ])("rejects %s", (tier, message) => {
    const parsed = parseCloudSqlTier(tier);
    expect("error" in parsed && parsed.error).toMatch(message);
  });
});

describe("locations and service agents", () => {
  it("maps regions to their Cloud Storage multi-region, and bucket locations to KMS locations", () => {
    expect([gcsMultiRegionFor("us-central1"), gcsMultiRegionFor("europe-west1"), gcsMultiRegionFor("asia-south1"), gcsMultiRegionFor("me-west1")]).toEqual(["US", "EU", "ASIA", undefined]);
    expect([kmsLocationFor("US"), kmsLocationFor("EU"), kmsLocationFor("ASIA"), kmsLocationFor("US-CENTRAL1")]).toEqual(["us", "europe", "asia", "us-central1"]);
  });

  it("names the service agents from the project number", () => {
    expect(serviceAgents.cloudSql("123")).toBe("service-123@gcp-sa-cloud-sql.iam.gserviceaccount.com");
    expect(serviceAgents.compute("123")).toBe("service-123@compute-system.iam.gserviceaccount.com");
  });
});
