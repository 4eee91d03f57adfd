import { SERVICE_NAME } from "../constructs/core/naming";
import type { CloudName } from "../constructs/core/specs";

/**
 * The output every global stack declares: the repositories (`host/path`, no tag) one
 * environment's image is pushed to — the registry's primary, or each region's where the
 * registry does not replicate (OCI). scripts/image-push.ts reads it after the deploy.
 */
export const IMAGE_PUSH_TARGETS_OUTPUT = "image_push_targets";

/** `mockforge-<env>-<cloud>-<region|global|edge>`: the name users pass to `cdktf deploy`. */
export function stackName(environment: string, cloud: CloudName, part: string): string {
  return `${SERVICE_NAME}-${environment}-${cloud}-${part}`;
}
