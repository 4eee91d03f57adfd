import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { AwsRegionPeering, tierRange, type AwsRegionPeeringProps } from "../../../constructs/aws/network-peering";
import { subnetCidr } from "../../../constructs/core/cidr";
import { POSTGRES_PORT } from "../../../constructs/core/runtime-contract";
import { configsOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";

const context = { cloud: "aws" as const, environment: "prod", region: "eu-west-1", primary: false };

function synth(overrides: Partial<Omit<AwsRegionPeeringProps, "peerProvider">> = {}): SynthJson {
  return synthJson((scope) => {
    new AwsProvider(scope, "aws", { region: "eu-west-1" });
    const peerProvider = new AwsProvider(scope, "aws-primary", { region: "us-east-1", alias: "primary" });
    new AwsRegionPeering(scope, "peering", {
      context,
      requesterVpcId: "vpc-requester",
      requesterCidr: "10.20.0.0/16",
      requesterRouteTableIds: ["rtb-r1", "rtb-r2"],
      peerVpcId: "vpc-peer",
      peerCidr: "10.10.0.0/16",
      peerRegion: "us-east-1",
      peerRouteTableIds: ["rtb-p1", "rtb-p2", "rtb-p3"],
      peerDatabaseSecurityGroupId: "sg-peer-db",
      peerProvider,
      ...overrides,
    });
  });
}

const accepterId = (json: SynthJson) => `\${aws_vpc_peering_connection_accepter.${resourcesOf(json, "aws_vpc_peering_connection_accepter")[0][0]}.id}`;

describe("AwsRegionPeering", () => {
  const json = synth();

  it("requests an inter-region peering connection to the peer VPC", () => {
    const connection = onlyConfigOf(json, "aws_vpc_peering_connection");
    expect(connection).toMatchObject({ vpc_id: "vpc-requester", peer_vpc_id: "vpc-peer", peer_region: "us-east-1" });
    expect(connection.auto_accept).toBeUndefined();
    expect(connection.provider).toBeUndefined();
  });

  it("accepts it automatically with the peer region's provider", () => {
    const [[connectionId]] = resourcesOf(json, "aws_vpc_peering_connection");
    const accepter = onlyConfigOf(json, "aws_vpc_peering_connection_accepter");
    expect(accepter.auto_accept).toBe(true);
    expect(accepter.provider).toBe("aws.primary");
    expect(accepter.vpc_peering_connection_id).toBe(`\${aws_vpc_peering_connection.${connectionId}.id}`);
  });

  it("routes every requester table to the peer CIDR and every peer table back, once accepted", () => {
    const routes = configsOf(json, "aws_route");
    expect(routes).toHaveLength(5);
    const requester = routes.filter((r) => r.provider === undefined);
    expect(requester.map((r) => r.route_table_id)).toEqual(["rtb-r1", "rtb-r2"]);
    for (const route of requester) expect(route).toMatchObject({ destination_cidr_block: "10.10.0.0/16", vpc_peering_connection_id: accepterId(json) });
    const peer = routes.filter((r) => r.provider === "aws.primary");
    expect(peer.map((r) => r.route_table_id)).toEqual(["rtb-p1", "rtb-p2", "rtb-p3"]);
    for (const route of peer) expect(route).toMatchObject({ destination_cidr_block: "10.20.0.0/16", vpc_peering_connection_id: accepterId(json) });
  });

  it("opens the peer database to the requester's private tier on the Postgres port only, in the peer region", () => {
    const rule = onlyConfigOf(json, "aws_vpc_security_group_ingress_rule");
    expect(rule).toMatchObject({
      provider: "aws.primary",
      security_group_id: "sg-peer-db",
      ip_protocol: "tcp",
      from_port: POSTGRES_PORT,
      to_port: POSTGRES_PORT,
      cidr_ipv4: "10.20.64.0/18",
    });
    expect(rule.description).toEqual(expect.any(String));
  });

  it("adds no egress rule unless the requester's service security group is given", () => {
    expect(configsOf(json, "aws_vpc_security_group_egress_rule")).toEqual([]);
    const withEgress = synth({ requesterServiceSecurityGroupId: "sg-service" });
    expect(onlyConfigOf(withEgress, "aws_vpc_security_group_egress_rule")).toMatchObject({
      security_group_id: "sg-service",
      from_port: POSTGRES_PORT,
      to_port: POSTGRES_PORT,
      cidr_ipv4: "10.10.128.0/18",
    });
  });

  it("computes tier ranges that cover exactly the tier's planned subnets", () => {
    expect(tierRange("10.20.0.0/16", "private")).toBe("10.20.64.0/18");
    expect(subnetCidr("10.20.0.0/16", "private", 0)).toBe("10.20.64.0/20");
    expect(subnetCidr("10.20.0.0/16", "private", 3)).toBe("10.20.112.0/20");
    expect(tierRange("10.10.0.0/16", "data")).toBe("10.10.128.0/18");
    expect(subnetCidr("10.10.0.0/16", "data", 3)).toBe("10.10.176.0/20");
  });

  describe("validation", () => {
    it("rejects overlapping CIDRs", () => {
      expect(() => synth({ requesterCidr: "10.10.0.0/16" })).toThrow(/requesterCidr "10\.10\.0\.0\/16" overlaps peerCidr "10\.10\.0\.0\/16"/);
    });
    it("rejects a malformed CIDR", () => {
      expect(() => synth({ peerCidr: "10.10.0.0/33" })).toThrow(/peerCidr "10\.10\.0\.0\/33" is invalid/);
    });
    it("rejects peering with its own region", () => {
      expect(() => synth({ peerRegion: "eu-west-1" })).toThrow(/peerRegion "eu-west-1" is this stack's own region/);
    });
    it("rejects empty route table lists", () => {
      expect(() => synth({ requesterRouteTableIds: [] })).toThrow(/requesterRouteTableIds is empty/);
      expect(() => synth({ peerRouteTableIds: [] })).toThrow(/peerRouteTableIds is empty/);
    });
  });
});
