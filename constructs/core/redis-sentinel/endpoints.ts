/** What every cloud's Redis Sentinel construct shares around its nodes. */
import { REDIS_MASTER_NAME, SENTINEL_PORT } from "../runtime-contract";
import type { RedisSentinelEndpoints, SecretRef } from "../specs";

/** The endpoints the service gets: every node's Sentinel, the master group, the AUTH secret. */
export function sentinelEndpoints(nodeAddresses: readonly string[], passwordSecret: SecretRef): RedisSentinelEndpoints {
  return {
    sentinelAddresses: nodeAddresses.map((address) => `${address}:${SENTINEL_PORT}`),
    masterName: REDIS_MASTER_NAME,
    passwordSecret,
  };
}

/** Calls `fail` unless `nodeCount` is a whole number of at least 3 (a majority of Sentinels must survive one loss). */
export function checkSentinelNodeCount(nodeCount: number, fail: (message: string) => never): void {
  if (!Number.isInteger(nodeCount) || nodeCount < 3) {
    fail(`nodeCount is ${nodeCount}; use at least 3 nodes so a majority of Sentinels survives the loss of one.`);
  }
}
