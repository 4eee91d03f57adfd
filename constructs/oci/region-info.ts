/**
 * Facts about OCI regions that stacks and constructs need at synth time:
 * the region key (OCIR hosts `<key>.ocir.io`, OCIDs carry it) and how many
 * availability domains the region has (placement spreads over all of them;
 * every AD has three fault domains). The environment files may name exactly
 * these regions (environments/regions.ts derives OCI_REGIONS from them).
 */
export interface OciRegionInfo {
  /** Three-letter region key, e.g. `iad`. */
  readonly key: string;
  /** Availability domains in the region (1 or 3). */
  readonly availabilityDomains: 1 | 3;
}

export const OCI_REGION_INFO: Readonly<Record<string, OciRegionInfo>> = {
  "af-johannesburg-1": { key: "jnb", availabilityDomains: 1 },
  "ap-chuncheon-1": { key: "yny", availabilityDomains: 1 },
  "ap-hyderabad-1": { key: "hyd", availabilityDomains: 1 },
  "ap-melbourne-1": { key: "mel", availabilityDomains: 1 },
  "ap-mumbai-1": { key: "bom", availabilityDomains: 1 },
  "ap-osaka-1": { key: "kix", availabilityDomains: 1 },
  "ap-seoul-1": { key: "icn", availabilityDomains: 1 },
  "ap-singapore-1": { key: "sin", availabilityDomains: 1 },
  "ap-sydney-1": { key: "syd", availabilityDomains: 1 },
  "ap-tokyo-1": { key: "nrt", availabilityDomains: 1 },
  "ca-montreal-1": { key: "yul", availabilityDomains: 1 },
  "ca-toronto-1": { key: "yyz", availabilityDomains: 1 },
  "eu-amsterdam-1": { key: "ams", availabilityDomains: 1 },
  "eu-frankfurt-1": { key: "fra", availabilityDomains: 3 },
  "eu-madrid-1": { key: "mad", availabilityDomains: 1 },
  "eu-marseille-1": { key: "mrs", availabilityDomains: 1 },
  "eu-milan-1": { key: "lin", availabilityDomains: 1 },
  "eu-paris-1": { key: "cdg", availabilityDomains: 1 },
  "eu-stockholm-1": { key: "arn", availabilityDomains: 1 },
  "eu-zurich-1": { key: "zrh", availabilityDomains: 1 },
  "il-jerusalem-1": { key: "mtz", availabilityDomains: 1 },
  "me-abudhabi-1": { key: "auh", availabilityDomains: 1 },
  "me-dubai-1": { key: "dxb", availabilityDomains: 1 },
  "me-jeddah-1": { key: "jed", availabilityDomains: 1 },
  "mx-monterrey-1": { key: "mty", availabilityDomains: 1 },
  "mx-queretaro-1": { key: "qro", availabilityDomains: 1 },
  "sa-santiago-1": { key: "scl", availabilityDomains: 1 },
  "sa-saopaulo-1": { key: "gru", availabilityDomains: 1 },
  "sa-vinhedo-1": { key: "vcp", availabilityDomains: 1 },
  "uk-cardiff-1": { key: "cwl", availabilityDomains: 1 },
  "uk-london-1": { key: "lhr", availabilityDomains: 3 },
  "us-ashburn-1": { key: "iad", availabilityDomains: 3 },
  "us-chicago-1": { key: "ord", availabilityDomains: 3 },
  "us-phoenix-1": { key: "phx", availabilityDomains: 3 },
  "us-sanjose-1": { key: "sjc", availabilityDomains: 1 },
};

/** Every availability domain has exactly three fault domains. */
export const FAULT_DOMAINS: readonly string[] = ["FAULT-DOMAIN-1", "FAULT-DOMAIN-2", "FAULT-DOMAIN-3"];

/** Facts of `region`; throws naming the known regions when it is unknown. */
export function ociRegionInfo(region: string): OciRegionInfo {
  const info = OCI_REGION_INFO[region];
  if (!info) throw new Error(`Unknown OCI region "${region}"; known regions: ${Object.keys(OCI_REGION_INFO).join(", ")}.`);
  return info;
}

/** The OCI Registry host of a region, e.g. `iad.ocir.io`. */
export function ocirHost(region: string): string {
  return `${ociRegionInfo(region).key}.ocir.io`;
}

/**
 * Where each of `count` nodes goes: node i takes availability domain
 * i mod ADs and fault domain i mod 3, so three nodes land in three ADs (and
 * three fault domains) in a 3-AD region and in three fault domains of the one
 * AD elsewhere.
 */
export function spreadPlacements(count: number, availabilityDomains: number): Array<{ ad: number; faultDomain: string }> {
  return Array.from({ length: count }, (_, i) => ({
    ad: i % availabilityDomains,
    faultDomain: FAULT_DOMAINS[i % FAULT_DOMAINS.length],
  }));
}
