import { SERVICE_NAME } from "../../constructs/core/naming";

/** `mockforge-<env>-azure-<region|global|edge>`: the name users pass to `cdktf deploy`. */
export function azureStackName(environment: string, part: string): string {
  return `${SERVICE_NAME}-${environment}-azure-${part}`;
}
