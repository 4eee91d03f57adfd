import { Construct } from "constructs";
import { DataGoogleDnsManagedZone } from "@cdktf/provider-google/lib/data-google-dns-managed-zone";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export interface GcpPublicDnsRecordProps {
  /** Resource name of the existing public Cloud DNS managed zone. */
  readonly managedZone: string;
  /** Host name inside the zone, without the trailing dot. */
  readonly domainName: string;
  /** IPv4 address the name resolves to. */
  readonly ipv4Address: string;
  /**
   * Seconds resolvers may cache the answer.
   * @default 300
   */
  readonly ttlSeconds?: number;
}

/**
 * The public A record of the API in the existing Cloud DNS zone. It must
 * exist before Google can provision the managed certificate for the name.
 */
export class GcpPublicDnsRecord extends Construct {
  readonly zone: DataGoogleDnsManagedZone;
  readonly record: DnsRecordSet;

  constructor(scope: Construct, id: string, props: GcpPublicDnsRecordProps) {
    super(scope, id);
    const ttl = props.ttlSeconds ?? 300;
    if (!DNS_NAME.test(props.domainName)) throw new Error(`GcpPublicDnsRecord: domainName "${props.domainName}" is not a lower-case DNS host name (no trailing dot).`);
    if (!Number.isInteger(ttl) || ttl < 30 || ttl > 86400) throw new Error(`GcpPublicDnsRecord: ttlSeconds ${ttl} is invalid; use 30 to 86400.`);
    this.zone = new DataGoogleDnsManagedZone(this, "zone", { name: props.managedZone });
    this.record = new DnsRecordSet(this, "record", {
      managedZone: this.zone.name,
      name: `${props.domainName}.`,
      type: "A",
      ttl,
      rrdatas: [props.ipv4Address],
    });
  }
}
