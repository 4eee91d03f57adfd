import { SERVICE_NAME } from "../../constructs/core/naming";

/** `mockforge-<env>-gcp-<region|global|edge>`: the name users pass to `cdktf deploy`. */
export function gcpStackName(environment: string, part: string): string {
  return `${SERVICE_NAME}-${environment}-gcp-${part}`;
}

/** Name of the one image every region runs, inside the environment's repository. */
export const SERVER_IMAGE_NAME = "server";
