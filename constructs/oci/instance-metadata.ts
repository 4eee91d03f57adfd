/**
 * How OCI instances read their configuration at boot without secrets or
 * apply-time values in user data: user data stays static text (rendered at
 * synth, testable byte for byte), and values known only at apply time (secret
 * OCIDs, the image reference) travel as extra instance metadata keys that the
 * boot scripts read from the metadata service (IMDSv2 endpoint).
 */

/** Metadata key holding the Redis password secret's OCID. */
export const REDIS_PASSWORD_SECRET_METADATA_KEY = "mockforge-redis-password-secret-id";
/** Metadata key holding the service's container image reference. */
export const SERVICE_IMAGE_METADATA_KEY = "mockforge-image";
/** Metadata key holding the service's secrets, one `NAME REGION SECRET_OCID` line each. */
export const SERVICE_SECRETS_METADATA_KEY = "mockforge-secrets";

/** Shell command printing metadata key `key` (IMDSv2: the legacy v1 endpoints are disabled). */
export function metadataCommand(key: string): string {
  if (!/^[a-z0-9-]+$/.test(key)) throw new Error(`Metadata key "${key}" must be lower-case letters, digits and dashes.`);
  return `curl -sSf --retry 5 -H 'Authorization: Bearer Oracle' http://169.254.169.254/opc/v2/instance/metadata/${key}`;
}

/**
 * Shell command printing the current value of a Vault secret, authenticated
 * as the instance (instance principal). `secretIdExpr` and `regionExpr` are
 * shell expressions (e.g. `"$SECRET_ID"`).
 */
export function secretValueCommand(cli: string, secretIdExpr: string, regionExpr?: string): string {
  const region = regionExpr ? ` --region ${regionExpr}` : "";
  return (
    `${cli} secrets secret-bundle get --auth instance_principal${region} --secret-id ${secretIdExpr} --stage CURRENT ` +
    `--query 'data."secret-bundle-content".content' --raw-output | base64 -d`
  );
}
