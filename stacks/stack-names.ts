import { SERVICE_NAME } from "../constructs/core/naming";
import type { CloudName } from "../constructs/core/specs";

/** `mockforge-<env>-<cloud>-<region|global|edge>`: the name users pass to `cdktf deploy`. */
export function stackName(environment: string, cloud: CloudName, part: string): string {
  return `${SERVICE_NAME}-${environment}-${cloud}-${part}`;
}
