/**
 * E-mail addresses of the Google-managed service agents that act on a
 * project's resources (they need grants on customer-managed keys and
 * buckets). Built from the project number, which `DataGoogleProject` reads.
 */
export const serviceAgents = {
  /** Compute Engine: encrypts persistent disks with CMEK. */
  compute: (projectNumber: string) => `service-${projectNumber}@compute-system.iam.gserviceaccount.com`,
  /**
   * Cloud SQL: encrypts instances with CMEK. Google creates it lazily: run
   * `gcloud beta services identity create --service=sqladmin.googleapis.com`
   * once per project before the first deploy.
   */
  cloudSql: (projectNumber: string) => `service-${projectNumber}@gcp-sa-cloud-sql.iam.gserviceaccount.com`,
  /** Artifact Registry: encrypts repositories with CMEK. */
  artifactRegistry: (projectNumber: string) => `service-${projectNumber}@gcp-sa-artifactregistry.iam.gserviceaccount.com`,
  /** Cloud CDN: fills its cache from private backend buckets. */
  cdnFill: (projectNumber: string) => `service-${projectNumber}@cloud-cdn-fill.iam.gserviceaccount.com`,
} as const;

/** The Cloud KMS location that matches a bucket location (`US` -> `us`, `us-central1` -> `us-central1`). */
export function kmsLocationFor(bucketLocation: string): string {
  const multi: Readonly<Record<string, string>> = { US: "us", EU: "europe", ASIA: "asia" };
  return multi[bucketLocation] ?? bucketLocation.toLowerCase();
}
