import { AZURE_REGION_CODES } from "../constructs/azure/naming";
import { OCI_REGION_INFO } from "../constructs/oci/region-info";

/**
 * AWS commercial-partition (`aws`) region ids that an environment file may name.
 *
 * This is the single list: `schema.json`'s `definitions.awsRegion.enum` must
 * equal it (test/environments/schema.test.ts fails and prints the list when they
 * drift). GovCloud, China, ISO and European Sovereign Cloud regions are other
 * partitions with other endpoints and ARNs, so they are deliberately absent.
 * Source: the AWS SDK partition table (`partitions.json`, partition `aws`).
 */
export const AWS_REGIONS = [
  "af-south-1", // Africa (Cape Town)
  "ap-east-1", // Asia Pacific (Hong Kong)
  "ap-east-2", // Asia Pacific (Taipei)
  "ap-northeast-1", // Asia Pacific (Tokyo)
  "ap-northeast-2", // Asia Pacific (Seoul)
  "ap-northeast-3", // Asia Pacific (Osaka)
  "ap-south-1", // Asia Pacific (Mumbai)
  "ap-south-2", // Asia Pacific (Hyderabad)
  "ap-southeast-1", // Asia Pacific (Singapore)
  "ap-southeast-2", // Asia Pacific (Sydney)
  "ap-southeast-3", // Asia Pacific (Jakarta)
  "ap-southeast-4", // Asia Pacific (Melbourne)
  "ap-southeast-5", // Asia Pacific (Malaysia)
  "ap-southeast-6", // Asia Pacific (New Zealand)
  "ap-southeast-7", // Asia Pacific (Thailand)
  "ca-central-1", // Canada (Central)
  "ca-west-1", // Canada West (Calgary)
  "eu-central-1", // Europe (Frankfurt)
  "eu-central-2", // Europe (Zurich)
  "eu-north-1", // Europe (Stockholm)
  "eu-south-1", // Europe (Milan)
  "eu-south-2", // Europe (Spain)
  "eu-west-1", // Europe (Ireland)
  "eu-west-2", // Europe (London)
  "eu-west-3", // Europe (Paris)
  "il-central-1", // Israel (Tel Aviv)
  "me-central-1", // Middle East (UAE)
  "me-south-1", // Middle East (Bahrain)
  "mx-central-1", // Mexico (Central)
  "sa-east-1", // South America (Sao Paulo)
  "us-east-1", // US East (N. Virginia)
  "us-east-2", // US East (Ohio)
  "us-west-1", // US West (N. California)
  "us-west-2", // US West (Oregon)
] as const;

/** One of the known AWS commercial region ids. */
export type AwsRegion = (typeof AWS_REGIONS)[number];

/** True when `name` is a known AWS commercial region id. */
export function isAwsRegion(name: string): name is AwsRegion {
  return (AWS_REGIONS as readonly string[]).includes(name);
}

/**
 * Google Cloud region ids an environment file's `gcp.regions` may name.
 * schema.json's `gcp.regions[].name` enum must equal it
 * (test/environments/gcp-config.test.ts fails and prints the list when they drift).
 * Source: `gcloud compute regions list` (public regions; no sovereign or preview regions).
 */
export const GCP_REGIONS = [
  "africa-south1", // Johannesburg
  "asia-east1", // Taiwan
  "asia-east2", // Hong Kong
  "asia-northeast1", // Tokyo
  "asia-northeast2", // Osaka
  "asia-northeast3", // Seoul
  "asia-south1", // Mumbai
  "asia-south2", // Delhi
  "asia-southeast1", // Singapore
  "asia-southeast2", // Jakarta
  "australia-southeast1", // Sydney
  "australia-southeast2", // Melbourne
  "europe-central2", // Warsaw
  "europe-north1", // Finland
  "europe-north2", // Stockholm
  "europe-southwest1", // Madrid
  "europe-west1", // Belgium
  "europe-west10", // Berlin
  "europe-west12", // Turin
  "europe-west2", // London
  "europe-west3", // Frankfurt
  "europe-west4", // Netherlands
  "europe-west6", // Zurich
  "europe-west8", // Milan
  "europe-west9", // Paris
  "me-central1", // Doha
  "me-central2", // Dammam
  "me-west1", // Tel Aviv
  "northamerica-northeast1", // Montreal
  "northamerica-northeast2", // Toronto
  "northamerica-south1", // Queretaro
  "southamerica-east1", // Sao Paulo
  "southamerica-west1", // Santiago
  "us-central1", // Iowa
  "us-east1", // South Carolina
  "us-east4", // Northern Virginia
  "us-east5", // Columbus
  "us-south1", // Dallas
  "us-west1", // Oregon
  "us-west2", // Los Angeles
  "us-west3", // Salt Lake City
  "us-west4", // Las Vegas
] as const;

/** One of the known Google Cloud region ids. */
export type GcpRegion = (typeof GCP_REGIONS)[number];

/** True when `name` is a known Google Cloud region id. */
export function isGcpRegion(name: string): name is GcpRegion {
  return (GCP_REGIONS as readonly string[]).includes(name);
}

/**
 * Azure region names an environment file's `azure.regions` may name: the
 * public regions with three availability zones (zone-redundant Postgres HA and
 * one Redis node per zone need them), i.e. the regions constructs/azure/naming.ts
 * has a short name code for. schema.json's `azure.regions[].name` enum must
 * equal it (test/environments/azure-config.test.ts checks).
 */
export const AZURE_REGIONS: readonly string[] = Object.keys(AZURE_REGION_CODES);

/** True when `name` is a known Azure region name. */
export function isAzureRegion(name: string): boolean {
  return AZURE_REGIONS.includes(name);
}

/**
 * Oracle Cloud (OCI) commercial region ids an environment file's `oci.regions`
 * may name: the regions constructs/oci/region-info.ts knows the region key and
 * availability domains of. schema.json's `oci.regions[].name` enum must equal
 * it (test/environments/oci-config.test.ts checks).
 */
export const OCI_REGIONS: readonly string[] = Object.keys(OCI_REGION_INFO);

/** True when `name` is a known OCI commercial region id. */
export function isOciRegion(name: string): boolean {
  return OCI_REGIONS.includes(name);
}
