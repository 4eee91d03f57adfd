// Cloud-neutral Redis Sentinel node rendering: configs (render.ts) and the cloud-init that boots them (cloud-init.ts).
export type { RedisSentinelNodeOptions, RedisSentinelTemplateOptions, ResolvedRedisSentinelNode, TemplateValues } from "./render";
export {
  DISABLED_COMMANDS,
  PRIMARY_REPLICAOF_COMMENT,
  TEMPLATE_FILL_ORDER,
  TEMPLATE_TOKENS,
  fillTemplate,
  renderRedisConf,
  renderRedisConfTemplate,
  renderSentinelConf,
  renderSentinelConfTemplate,
  replicaOfLine,
  resolveRedisSentinelNode,
} from "./render";
export type { RedisCloudInitOptions } from "./cloud-init";
export { REDIS_NODE_PACKAGES, REDIS_NODE_PATHS, renderRedisBootScript, renderRedisCloudInit } from "./cloud-init";
export { REDIS_SENTINEL_ROLE_TAG } from "./role-tag";
export { checkSentinelNodeCount, sentinelEndpoints } from "./endpoints";
