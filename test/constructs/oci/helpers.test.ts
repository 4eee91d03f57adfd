import { OCI_REGIONS } from "../../../environments/regions";
import { ociLogRetentionDays } from "../../../constructs/oci/logging";
import { dnsLabel } from "../../../constructs/oci/network";
import { OCI_REGION_INFO, ocirHost, ociRegionInfo, spreadPlacements } from "../../../constructs/oci/region-info";

describe("OCI region facts", () => {
  it("know every region the environment files may name", () => {
    expect(Object.keys(OCI_REGION_INFO).sort()).toEqual([...OCI_REGIONS].sort());
  });

  it("give the prod regions' keys and availability domains", () => {
    expect(ociRegionInfo("us-ashburn-1")).toEqual({ key: "iad", availabilityDomains: 3 });
    expect(ociRegionInfo("eu-frankfurt-1")).toEqual({ key: "fra", availabilityDomains: 3 });
    expect(ociRegionInfo("ap-mumbai-1")).toEqual({ key: "bom", availabilityDomains: 1 });
    expect(ocirHost("ap-mumbai-1")).toBe("bom.ocir.io");
    expect(() => ociRegionInfo("us-east-1")).toThrow(/Unknown OCI region "us-east-1"; known regions: .*us-ashburn-1/);
  });

  it("spread nodes over ADs and fault domains", () => {
    expect(spreadPlacements(3, 3)).toEqual([
      { ad: 0, faultDomain: "FAULT-DOMAIN-1" },
      { ad: 1, faultDomain: "FAULT-DOMAIN-2" },
      { ad: 2, faultDomain: "FAULT-DOMAIN-3" },
    ]);
    expect(spreadPlacements(3, 1).map((p) => p.ad)).toEqual([0, 0, 0]);
  });
});

describe("ociLogRetentionDays", () => {
  it("rounds up to OCI's 30-day steps and caps at 180", () => {
    expect(ociLogRetentionDays(7)).toBe(30);
    expect(ociLogRetentionDays(30)).toBe(30);
    expect(ociLogRetentionDays(90)).toBe(90);
    expect(ociLogRetentionDays(100)).toBe(120);
    expect(ociLogRetentionDays(365)).toBe(180);
    expect(() => ociLogRetentionDays(0)).toThrow(/Log retention 0 is invalid/);
  });
});

describe("dnsLabel", () => {
  it("keeps letters and digits, at most 15 characters", () => {
    expect(dnsLabel("mf-prod-usash1")).toBe("mfprodusash1");
    expect(dnsLabel("mfaveryveryverylongname")).toHaveLength(15);
  });
});
