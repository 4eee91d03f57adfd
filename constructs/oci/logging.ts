/** OCI Logging keeps logs in 30-day steps from 30 to 180 days. */
export const OCI_LOG_RETENTION_STEP_DAYS = 30;
export const OCI_LOG_RETENTION_MAX_DAYS = 180;

/**
 * The OCI retention for a requested number of days: rounded up to a 30-day
 * step and capped at 180 (longer retention needs an archive to Object
 * Storage, which MockForge does not set up).
 */
export function ociLogRetentionDays(requestedDays: number): number {
  if (!Number.isInteger(requestedDays) || requestedDays < 1) {
    throw new Error(`Log retention ${requestedDays} is invalid; use a whole number of days, at least 1.`);
  }
  const rounded = Math.ceil(requestedDays / OCI_LOG_RETENTION_STEP_DAYS) * OCI_LOG_RETENTION_STEP_DAYS;
  return Math.min(rounded, OCI_LOG_RETENTION_MAX_DAYS);
}
