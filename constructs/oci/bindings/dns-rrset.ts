import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciResource } from "./base";

/** An `items` block (one record). */
export interface DnsRrsetItem {
  /** The record's FQDN. */
  readonly domain: string;
  /** The record data, e.g. an IP address. */
  readonly rdata: string;
  /** The record type, e.g. `A`. */
  readonly rtype: string;
  /** TTL in seconds. */
  readonly ttl: number;
}

/** `oci_dns_rrset` arguments (website/docs/r/dns_rrset.html.markdown). */
export interface DnsRrsetConfig extends TerraformMetaArguments {
  /** The FQDN of the RRSet. */
  readonly domain: string;
  /** The record type of the RRSet. */
  readonly rtype: string;
  /** The zone's name or OCID. */
  readonly zoneNameOrId: string;
  /**
   * The compartment of the zone.
   * @default the provider's compartment resolution
   */
  readonly compartmentId?: string;
  /**
   * The records (omitting them at create deletes existing records).
   * @default none
   */
  readonly items?: readonly DnsRrsetItem[];
}

/** A DNS record set. */
export class DnsRrset extends OciResource {
  static readonly tfResourceType = "oci_dns_rrset";

  constructor(scope: Construct, id: string, config: DnsRrsetConfig) {
    super(scope, id, DnsRrset.tfResourceType, config);
  }
}
