import { Testing, TerraformStack } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { regionCode, resourceName } from "../../constructs/core/naming";
import { cidrHost, cidrSubnet, cidrsOverlap, mustParseCidr, parseCidr, subnetCidr } from "../../constructs/core/cidr";
import { TaggingAspect } from "../../constructs/core/tagging";
import { configsOf, synthStack } from "../support/synth";

describe("regionCode", () => {
  it.each([
    ["us-east-1", "use1"],
    ["eu-west-1", "euw1"],
    ["ap-south-1", "aps1"],
    ["ap-southeast-1", "apse1"],
    ["us-ashburn-1", "usash1"],
    ["europe-west1", "euw1"],
    ["eastus", "eastus"],
  ])("%s -> %s", (region, code) => expect(regionCode(region)).toBe(code));

  it("keeps ap-south-1 and ap-southeast-1 apart", () => {
    expect(regionCode("ap-south-1")).not.toBe(regionCode("ap-southeast-1"));
  });
});

describe("resourceName", () => {
  const ctx = { cloud: "aws" as const, environment: "staging", region: "ap-southeast-2", primary: true };
  it("builds service-env-region-component", () => {
    expect(resourceName(ctx, "alb")).toBe("mockforge-staging-apse2-alb");
  });
  it("refuses names over the limit instead of truncating into collisions", () => {
    expect(() => resourceName(ctx, "a-very-long-component", 32)).toThrow(/limit here is 32/);
  });
});

describe("cidr", () => {
  it("computes subnets like terraform's cidrsubnet", () => {
    expect(cidrSubnet("10.0.0.0/16", 4, 0)).toBe("10.0.0.0/20");
    expect(cidrSubnet("10.0.0.0/16", 4, 5)).toBe("10.0.80.0/20");
    expect(subnetCidr("10.10.0.0/16", "data", 2)).toBe("10.10.160.0/20");
    expect(cidrHost("10.0.128.0/20", 10)).toBe("10.0.128.10");
  });
  it("detects overlaps", () => {
    expect(cidrsOverlap(mustParseCidr("10.0.0.0/16"), mustParseCidr("10.0.128.0/20"))).toBe(true);
    expect(cidrsOverlap(mustParseCidr("10.0.0.0/16"), mustParseCidr("10.1.0.0/16"))).toBe(false);
  });
  it("explains invalid CIDRs", () => {
    expect(parseCidr("10.0.0.1/16")).toEqual({ error: expect.stringMatching(/host bits are set.*10\.0\.0\.0\/16/) });
    expect(parseCidr("10.300.0.0/16")).toEqual({ error: expect.stringMatching(/octet/) });
    expect(parseCidr("banana")).toEqual({ error: expect.stringMatching(/IPv4 CIDR/) });
  });
});

describe("TaggingAspect", () => {
  it("tags every taggable resource and keeps explicit tags", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "t");
    new S3Bucket(stack, "b", { bucket: "x", tags: { service: "override", extra: "1" } });
    new SecurityGroup(stack, "sg", { name: "sg" });
    TaggingAspect.apply(stack, { env: "dev", service: "mockforge" });
    const json = synthStack(stack);
    expect(configsOf(json, "aws_s3_bucket")[0].tags).toEqual({ env: "dev", service: "override", extra: "1" });
    expect(configsOf(json, "aws_security_group")[0].tags).toEqual({ env: "dev", service: "mockforge" });
  });
});
