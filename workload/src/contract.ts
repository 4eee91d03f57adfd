/**
 * The runtime contract shared with the infrastructure code (ports, health
 * paths, environment variable names). Re-exported, never copied: the single
 * definition lives in constructs/core/runtime-contract.ts.
 */
export { EDGE_ID_HEADER, ENV, HEALTH_PATHS, PORTS, SECRET_ENV_NAMES } from "../../constructs/core/runtime-contract";
