import { GcpPublicDnsRecord } from "../../../constructs/gcp/dns";
import { dataOf, onlyConfigOf, synthJson } from "../../support/synth";

describe("GcpPublicDnsRecord", () => {
  const json = synthJson((scope) => new GcpPublicDnsRecord(scope, "dns", { managedZone: "mockforge-cloud", domainName: "api.mockforge.cloud", ipv4Address: "203.0.113.10" }));

  it("writes the API's A record into the existing zone", () => {
    expect(dataOf(json, "google_dns_managed_zone")).toEqual([expect.objectContaining({ name: "mockforge-cloud" })]);
    expect(onlyConfigOf(json, "google_dns_record_set")).toMatchObject({ name: "api.mockforge.cloud.", type: "A", ttl: 300, rrdatas: ["203.0.113.10"] });
  });

  it("rejects a name with a trailing dot and a TTL below 30 s", () => {
    expect(() => synthJson((scope) => new GcpPublicDnsRecord(scope, "dns", { managedZone: "z", domainName: "api.mockforge.cloud.", ipv4Address: "1.2.3.4" }))).toThrow(/domainName "api.mockforge.cloud."/);
    expect(() => synthJson((scope) => new GcpPublicDnsRecord(scope, "dns", { managedZone: "z", domainName: "api.mockforge.cloud", ipv4Address: "1.2.3.4", ttlSeconds: 5 }))).toThrow(/ttlSeconds 5/);
  });
});
