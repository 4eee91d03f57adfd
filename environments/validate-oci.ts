/**
 * Semantic checks on an environment's `oci:` section, after schema.json
 * accepted it: rules that compare fields with each other or with OCI's
 * limits. Each rule returns every issue it finds (empty when fine or when the
 * environment does not run on OCI).
 */
import { SUBNET_NEW_BITS } from "../constructs/core/cidr";
import { OCI_REGION_INFO } from "../constructs/oci/region-info";
import { flexShapeSize, MAX_MEMORY_GB_PER_OCPU } from "../constructs/oci/service";
import type { EnvironmentConfig } from "./model";
import type { Rule, ValidationIssue } from "./validate";
import { cidrsAreNetworks, cidrsDoNotOverlap, exactlyOnePrimary, regionCidrs, regionsListedOnce } from "./validate-regions";

const issue = (path: string, value: unknown, message: string): ValidationIssue => ({ path, value, message });

/** OCI VCNs may be /16 to /30; each subnet takes SUBNET_NEW_BITS more bits and must stay usable. */
export const OCI_MIN_VCN_PREFIX = 16;
export const OCI_MAX_VCN_PREFIX = 28 - SUBNET_NEW_BITS;

/** Exactly one region holds the writable database; zero or two would leave no writer or two writers. */
export function ociExactlyOnePrimaryRegion(env: EnvironmentConfig): ValidationIssue[] {
  return exactlyOnePrimary("oci.regions", env.oci?.regions);
}

/** One stack per region: a region listed twice would produce two stacks with the same state and names. */
export function ociUniqueRegions(env: EnvironmentConfig): ValidationIssue[] {
  return regionsListedOnce("oci.regions", env.oci?.regions);
}

/** The subnet plan needs a network address and room for the tier subnets. */
export function ociRegionCidrsAreNetworks(env: EnvironmentConfig): ValidationIssue[] {
  return cidrsAreNetworks(regionCidrs("oci.regions", env.oci?.regions), {
    min: OCI_MIN_VCN_PREFIX,
    max: OCI_MAX_VCN_PREFIX,
    outsideReason: ` (each subnet takes ${SUBNET_NEW_BITS} more bits)`,
  });
}

/** Regions reach each other's databases over remote peering: their VCNs must not overlap. */
export function ociRegionCidrsDoNotOverlap(env: EnvironmentConfig): ValidationIssue[] {
  return cidrsDoNotOverlap(regionCidrs("oci.regions", env.oci?.regions), "regions of one environment need disjoint CIDRs");
}

/**
 * Load balancers only use certificates of their own region: the OCID's region
 * segment (key `iad` or name `us-ashburn-1`) must be the region's.
 */
export function ociCertificatesInTheirRegion(env: EnvironmentConfig): ValidationIssue[] {
  const found: ValidationIssue[] = [];
  (env.oci?.regions ?? []).forEach((region, i) => {
    const info = OCI_REGION_INFO[region.name];
    if (!info) return;
    const segment = region.certificateId.split(".")[3];
    if (segment === info.key || segment === region.name) return;
    found.push(
      issue(
        `oci.regions[${i}].certificateId`,
        region.certificateId,
        `is a certificate of region "${segment}", not of ${region.name}; use a certificate issued or imported in ${region.name} (ocid1.certificate.oc1.${info.key}.<id>)`,
      ),
    );
  });
  return found;
}

/** Flexible shapes take 1 to 64 GB of memory per OCPU. */
export function ociFlexibleShapeSizes(env: EnvironmentConfig): ValidationIssue[] {
  const oci = env.oci;
  if (!oci) return [];
  const found: ValidationIssue[] = [];
  const check = (path: string, ocpus: number, memoryGb: number) => {
    if (memoryGb < ocpus || memoryGb > ocpus * MAX_MEMORY_GB_PER_OCPU) {
      found.push(issue(`${path}.memoryGb`, memoryGb, `must be ${ocpus} to ${ocpus * MAX_MEMORY_GB_PER_OCPU} GB for ${ocpus} OCPU (1 to ${MAX_MEMORY_GB_PER_OCPU} GB per OCPU)`));
    }
  };
  const derived = flexShapeSize(env.service.cpu, env.service.memoryMiB);
  const serviceOcpus = oci.service.ocpus ?? derived.ocpus;
  const serviceMemory = oci.service.memoryGb ?? Math.max(derived.memoryGb, serviceOcpus);
  if (serviceMemory < serviceOcpus || serviceMemory > serviceOcpus * MAX_MEMORY_GB_PER_OCPU) {
    const path = oci.service.memoryGb !== undefined ? "oci.service.memoryGb" : "service.memoryMiB";
    const value = oci.service.memoryGb !== undefined ? oci.service.memoryGb : env.service.memoryMiB;
    found.push(
      issue(path, value, `gives ${serviceMemory} GB for ${serviceOcpus} OCPU; OCI flexible shapes take 1 to ${MAX_MEMORY_GB_PER_OCPU} GB per OCPU (${serviceOcpus} to ${serviceOcpus * MAX_MEMORY_GB_PER_OCPU} GB)`),
    );
  }
  check("oci.redis", oci.redis.ocpus, oci.redis.memoryGb);
  check("oci.database", oci.database.ocpus, oci.database.memoryGb);
  return found;
}

/** A floor above the ceiling cannot be provisioned. */
export function ociLoadBalancerBandwidth(env: EnvironmentConfig): ValidationIssue[] {
  const lb = env.oci?.loadBalancer;
  if (!lb || lb.minimumBandwidthMbps <= lb.maximumBandwidthMbps) return [];
  return [issue("oci.loadBalancer.minimumBandwidthMbps", lb.minimumBandwidthMbps, `must be <= oci.loadBalancer.maximumBandwidthMbps (${lb.maximumBandwidthMbps})`)];
}

/** Production keys must rotate automatically, which OCI offers only in virtual private vaults. */
export function ociProductionVaultRotates(env: EnvironmentConfig): ValidationIssue[] {
  if (env.tier !== "production" || !env.oci || env.oci.vaultType === "VIRTUAL_PRIVATE") return [];
  return [issue("oci.vaultType", env.oci.vaultType, 'must be "VIRTUAL_PRIVATE" for tier production (automatic key rotation exists only in virtual private vaults)')];
}

/** Secondary regions run warm standbys of the primary database; without them they would have no database. */
export function ociSecondariesNeedStandbys(env: EnvironmentConfig): ValidationIssue[] {
  const count = env.oci?.regions.length ?? 0;
  if (count < 2 || env.database.crossRegionReplicas) return [];
  return [
    issue("database.crossRegionReplicas", false, `must be true when oci.regions lists ${count} regions (each secondary region runs a warm standby of the primary database)`),
  ];
}

/** Every OCI rule, in reporting order. */
export const OCI_RULES: readonly Rule[] = [
  ociExactlyOnePrimaryRegion,
  ociUniqueRegions,
  ociRegionCidrsAreNetworks,
  ociRegionCidrsDoNotOverlap,
  ociCertificatesInTheirRegion,
  ociFlexibleShapeSizes,
  ociLoadBalancerBandwidth,
  ociProductionVaultRotates,
  ociSecondariesNeedStandbys,
];
