/**
 * Google Cloud limits that both the constructs and the environment checks
 * apply. No provider imports here: the config loader reads this module
 * before any stack is built.
 */

/** Concurrent requests per Cloud Run instance (the default; fractional vCPU would force 1). */
export const CLOUD_RUN_CONCURRENCY = 80;

/** Memory (MiB) Cloud Run allows for each whole vCPU count (second generation, concurrency > 1). */
export const CLOUD_RUN_MEMORY_MIB: ReadonlyMap<number, { readonly min: number; readonly max: number }> = new Map([
  [1, { min: 512, max: 4096 }],
  [2, { min: 512, max: 8192 }],
  [4, { min: 2048, max: 16384 }],
  [6, { min: 4096, max: 24576 }],
  [8, { min: 4096, max: 32768 }],
]);

/** Why a Cloud Run size is invalid, or undefined when it is valid. */
export function cloudRunSizeProblem(cpu: number, memoryMiB: number): { field: "cpu" | "memoryMiB"; message: string } | undefined {
  const range = CLOUD_RUN_MEMORY_MIB.get(cpu);
  if (!range) {
    return {
      field: "cpu",
      message: `is not a Cloud Run size for concurrency ${CLOUD_RUN_CONCURRENCY}; Cloud Run allows ${[...CLOUD_RUN_MEMORY_MIB.keys()].join(", ")} vCPU (below 1 vCPU it forces concurrency 1)`,
    };
  }
  if (!Number.isInteger(memoryMiB) || memoryMiB < range.min || memoryMiB > range.max) {
    return { field: "memoryMiB", message: `is not a Cloud Run memory size for ${cpu} vCPU; ${cpu} vCPU allows ${range.min}-${range.max} MiB` };
  }
  return undefined;
}

/** The Cloud Storage multi-region that holds a region's data, or undefined where none exists. */
export function gcsMultiRegionFor(region: string): "US" | "EU" | "ASIA" | undefined {
  if (region.startsWith("us-")) return "US";
  if (region.startsWith("europe-")) return "EU";
  if (region.startsWith("asia-")) return "ASIA";
  return undefined;
}

/** A Cloud SQL tier, parsed: shared-core tiers have no vCPU/memory shape. */
export type CloudSqlTier = { readonly sharedCore: true } | { readonly sharedCore: false; readonly vcpus: number; readonly memoryMiB: number };

const CUSTOM_TIER = /^db-custom-(\d+)-(\d+)$/;
export const SHARED_CORE_TIERS: readonly string[] = ["db-f1-micro", "db-g1-small"];

/**
 * Parses a Cloud SQL Enterprise tier; returns a reason when the shape is one
 * Cloud SQL rejects (vCPUs 1 or even up to 96; 0.9-6.5 GiB per vCPU in 256 MiB steps).
 */
export function parseCloudSqlTier(tier: string): CloudSqlTier | { error: string } {
  if (SHARED_CORE_TIERS.includes(tier)) return { sharedCore: true };
  const m = CUSTOM_TIER.exec(tier);
  if (!m) return { error: `expected db-custom-<vCPU>-<memory MiB> or one of ${SHARED_CORE_TIERS.join(", ")}` };
  const vcpus = Number(m[1]);
  const memoryMiB = Number(m[2]);
  if (vcpus > 96 || (vcpus !== 1 && vcpus % 2 !== 0)) return { error: `${vcpus} vCPUs: use 1 or an even number from 2 to 96` };
  if (memoryMiB % 256 !== 0) return { error: `${memoryMiB} MiB is not a multiple of 256 MiB` };
  const perVcpu = memoryMiB / vcpus;
  if (perVcpu < 921.6 || perVcpu > 6656) {
    return { error: `${memoryMiB} MiB for ${vcpus} vCPU is ${Math.round(perVcpu)} MiB per vCPU; allowed 0.9-6.5 GiB (922-6656 MiB) per vCPU` };
  }
  return { sharedCore: false, vcpus, memoryMiB };
}
