/**
 * The tag/label every Redis Sentinel node carries on every cloud: the policy
 * pack finds the quorum by it (node count and zone spread in production). No
 * colon in the key, so the same marker is a valid GCP label and OCI freeform tag.
 */
export const REDIS_SENTINEL_ROLE_TAG = { key: "mockforge-role", value: "redis-sentinel" } as const;
