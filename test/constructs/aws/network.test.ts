import { AwsNetwork, type AwsNetworkProps } from "../../../constructs/aws/network";
import { PORTS, POSTGRES_PORT, REDIS_PORT, SENTINEL_PORT } from "../../../constructs/core/runtime-contract";
import { configsOf, dataOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";

const context = { cloud: "aws" as const, environment: "prod", region: "us-east-1", primary: true };
const baseProps: AwsNetworkProps = { context, cidr: "10.10.0.0/16", zoneCount: 3, natGateways: "one-per-zone", flowLogRetentionDays: 90 };

function synth(overrides: Partial<AwsNetworkProps> = {}): { json: SynthJson; network: AwsNetwork } {
  let network!: AwsNetwork;
  const json = synthJson((scope) => {
    network = new AwsNetwork(scope, "network", { ...baseProps, ...overrides });
  });
  return { json, network };
}

/** `${aws_x.<id>.<attr>}` for the resource whose logical id contains `fragment`. */
function ref(json: SynthJson, type: string, fragment: string, attr = "id"): string {
  const match = resourcesOf(json, type).filter(([id]) => id.includes(fragment));
  if (match.length !== 1) throw new Error(`expected one ${type} matching ${fragment}, found ${match.length}`);
  return `\${${type}.${match[0][0]}.${attr}}`;
}

function rulesOf(json: SynthJson, type: "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule", sgFragment: string) {
  const sg = ref(json, "aws_security_group", sgFragment);
  return configsOf(json, type).filter((r) => r.security_group_id === sg);
}

const parse = (policy: string) => JSON.parse(policy);

describe("AwsNetwork", () => {
  const { json, network } = synth();

  it("creates a VPC with DNS support and host names", () => {
    const vpc = onlyConfigOf(json, "aws_vpc");
    expect(vpc.cidr_block).toBe("10.10.0.0/16");
    expect(vpc.enable_dns_support).toBe(true);
    expect(vpc.enable_dns_hostnames).toBe(true);
  });

  it("spreads over available standard AZs, named via element()", () => {
    const [zones] = dataOf(json, "aws_availability_zones");
    expect(zones.state).toBe("available");
    expect(network.availabilityZones).toHaveLength(3);
    const subnetZones = configsOf(json, "aws_subnet").map((s) => s.availability_zone);
    expect(new Set(subnetZones).size).toBe(3);
    for (const zone of subnetZones) expect(zone).toMatch(/^\$\{element\(data\.aws_availability_zones\..*\.names, [0-2]\)\}$/);
  });

  it("creates public, private and data subnets per AZ with the planned CIDRs", () => {
    expect(configsOf(json, "aws_subnet")).toHaveLength(9);
    expect(network.dataSubnetCidrs).toEqual(["10.10.128.0/20", "10.10.144.0/20", "10.10.160.0/20"]);
    const cidrs = configsOf(json, "aws_subnet").map((s) => s.cidr_block).sort();
    expect(cidrs).toContain("10.10.0.0/20");
    expect(cidrs).toContain("10.10.64.0/20");
    expect(cidrs).toContain("10.10.160.0/20");
    expect(network.publicSubnetIds).toHaveLength(3);
    expect(network.privateSubnetIds).toHaveLength(3);
    expect(network.dataSubnetIds).toHaveLength(3);
  });

  it("maps no public IP on launch in any subnet", () => {
    for (const subnet of configsOf(json, "aws_subnet")) expect(subnet.map_public_ip_on_launch).toBe(false);
  });

  it("creates one NAT gateway (with an EIP) per AZ when natGateways is one-per-zone", () => {
    const nats = configsOf(json, "aws_nat_gateway");
    expect(nats).toHaveLength(3);
    expect(configsOf(json, "aws_eip")).toHaveLength(3);
    for (const nat of nats) expect(nat.allocation_id).toMatch(/aws_eip\..*\.allocation_id/);
    // NAT gateways sit in the public subnets.
    const publicSubnets = [0, 1, 2].map((i) => ref(json, "aws_subnet", `public-subnet-${i}`));
    expect(nats.map((n) => n.subnet_id).sort()).toEqual([...publicSubnets].sort());
  });

  it("creates a single NAT gateway when natGateways is single, shared by every zone", () => {
    const single = synth({ natGateways: "single" }).json;
    expect(configsOf(single, "aws_nat_gateway")).toHaveLength(1);
    expect(configsOf(single, "aws_eip")).toHaveLength(1);
    const nat = ref(single, "aws_nat_gateway", "nat-gateway-0");
    const natRoutes = configsOf(single, "aws_route").filter((r) => r.nat_gateway_id);
    expect(natRoutes).toHaveLength(6);
    for (const route of natRoutes) expect(route.nat_gateway_id).toBe(nat);
  });

  it("routes public subnets to the internet gateway", () => {
    const igw = ref(json, "aws_internet_gateway", "internet-gateway");
    const publicTable = ref(json, "aws_route_table", "public-route-table");
    const route = configsOf(json, "aws_route").find((r) => r.route_table_id === publicTable);
    expect(route).toMatchObject({ destination_cidr_block: "0.0.0.0/0", gateway_id: igw });
    const publicAssociations = configsOf(json, "aws_route_table_association").filter((a) => a.route_table_id === publicTable);
    expect(publicAssociations).toHaveLength(3);
  });

  it("routes each private and data zone through the NAT gateway of the same zone, never the IGW", () => {
    for (const tier of ["private", "data"]) {
      for (const zone of [0, 1, 2]) {
        const table = ref(json, "aws_route_table", `${tier}-route-table-${zone}`);
        const routes = configsOf(json, "aws_route").filter((r) => r.route_table_id === table);
        expect(routes).toEqual([
          { route_table_id: table, destination_cidr_block: "0.0.0.0/0", nat_gateway_id: ref(json, "aws_nat_gateway", `nat-gateway-${zone}`) },
        ]);
        const subnet = ref(json, "aws_subnet", `${tier}-subnet-${zone}`);
        expect(configsOf(json, "aws_route_table_association").filter((a) => a.subnet_id === subnet)).toEqual([
          { subnet_id: subnet, route_table_id: table },
        ]);
      }
    }
  });

  it("gives no route table except the public one a route to the internet gateway", () => {
    const publicTable = ref(json, "aws_route_table", "public-route-table");
    const igwRoutes = configsOf(json, "aws_route").filter((r) => r.gateway_id !== undefined);
    expect(igwRoutes.map((r) => r.route_table_id)).toEqual([publicTable]);
    // Routes are never inline, so peering can add its own without a fight.
    for (const table of configsOf(json, "aws_route_table")) expect(table.route).toBeUndefined();
  });

  it("exposes private and data route tables for peering", () => {
    expect(network.privateRouteTableIds).toHaveLength(6);
  });

  it("manages the default security group with no rules at all", () => {
    const sg = onlyConfigOf(json, "aws_default_security_group");
    expect(sg.vpc_id).toBe(ref(json, "aws_vpc", "vpc"));
    expect(sg.ingress).toEqual([]);
    expect(sg.egress).toEqual([]);
  });

  it("logs ALL VPC traffic to a KMS-encrypted log group with the given retention", () => {
    const flowLog = onlyConfigOf(json, "aws_flow_log");
    expect(flowLog.traffic_type).toBe("ALL");
    expect(flowLog.vpc_id).toBe(ref(json, "aws_vpc", "vpc"));
    expect(flowLog.log_destination_type).toBe("cloud-watch-logs");
    expect(flowLog.log_destination).toBe(ref(json, "aws_cloudwatch_log_group", "flow-log-group", "arn"));
    const group = onlyConfigOf(json, "aws_cloudwatch_log_group");
    expect(group.retention_in_days).toBe(90);
    expect(group.kms_key_id).toBe(ref(json, "aws_kms_key", "flow-log-key", "arn"));
  });

  it("rotates the flow-log key and lets CloudWatch Logs use it only for this log group", () => {
    const key = onlyConfigOf(json, "aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    const policy = parse(key.policy);
    const logs = policy.Statement.find((s: any) => s.Principal.Service === "logs.us-east-1.amazonaws.com");
    expect(logs.Action).toEqual(expect.arrayContaining(["kms:GenerateDataKey*", "kms:Decrypt*"]));
    expect(logs.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).toMatch(
      /:logs:us-east-1:.*:log-group:\/aws\/vpc-flow-logs\/mockforge-prod-use1-vpc$/,
    );
  });

  it("gives the flow-log role only write access to its own log group", () => {
    const role = onlyConfigOf(json, "aws_iam_role");
    const trust = parse(role.assume_role_policy).Statement[0];
    expect(trust.Principal).toEqual({ Service: "vpc-flow-logs.amazonaws.com" });
    expect(trust.Condition.StringEquals["aws:SourceAccount"]).toBeDefined();
    const policy = parse(onlyConfigOf(json, "aws_iam_role_policy").policy);
    expect(policy.Statement).toHaveLength(1);
    const [statement] = policy.Statement;
    expect(statement.Action).toEqual(["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]);
    const group = ref(json, "aws_cloudwatch_log_group", "flow-log-group", "arn");
    expect(statement.Resource).toEqual([group, `${group}:*`]);
    expect(onlyConfigOf(json, "aws_flow_log").iam_role_arn).toBe(ref(json, "aws_iam_role", "flow-log-role", "arn"));
  });

  it("adds an S3 gateway endpoint on the private and data route tables", () => {
    const endpoint = onlyConfigOf(json, "aws_vpc_endpoint");
    expect(endpoint.vpc_endpoint_type).toBe("Gateway");
    expect(endpoint.service_name).toBe("com.amazonaws.us-east-1.s3");
    expect(endpoint.route_table_ids).toHaveLength(6);
  });

  describe("security groups", () => {
    const sg = (fragment: string) => ref(json, "aws_security_group", fragment);
    const ports = (rules: Array<Record<string, any>>) => rules.map((r) => [r.from_port, r.to_port]);

    it("exposes one security group per tier", () => {
      expect(network.securityGroups.loadBalancer).toBeDefined();
      expect(configsOf(json, "aws_security_group")).toHaveLength(4);
      for (const group of configsOf(json, "aws_security_group")) {
        expect(group.ingress).toBeUndefined();
        expect(group.egress).toBeUndefined();
      }
    });

    it("describes every rule", () => {
      for (const type of ["aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]) {
        for (const rule of configsOf(json, type)) {
          expect(rule.description).toEqual(expect.any(String));
          expect(rule.ip_protocol).toBe("tcp");
          expect(rule.from_port).toBe(rule.to_port);
        }
      }
    });

    it("opens only 80 and 443 of the load balancer to the internet, IPv4 and IPv6", () => {
      const open = configsOf(json, "aws_vpc_security_group_ingress_rule").filter(
        (r) => r.cidr_ipv4 === "0.0.0.0/0" || r.cidr_ipv6 === "::/0",
      );
      expect(open).toHaveLength(4);
      for (const rule of open) {
        expect(rule.security_group_id).toBe(sg("load-balancer-sg"));
        expect([80, 443]).toContain(rule.from_port);
      }
      expect(open.filter((r) => r.cidr_ipv6 === "::/0").map((r) => r.from_port).sort()).toEqual([443, 80]);
      // No other ingress comes from a CIDR at all.
      const cidrIngress = configsOf(json, "aws_vpc_security_group_ingress_rule").filter((r) => r.cidr_ipv4 || r.cidr_ipv6);
      expect(cidrIngress).toHaveLength(4);
    });

    it("lets the load balancer talk only to the service on the HTTP port", () => {
      expect(rulesOf(json, "aws_vpc_security_group_egress_rule", "load-balancer-sg")).toEqual([
        expect.objectContaining({ referenced_security_group_id: sg("service-sg"), from_port: PORTS.http, to_port: PORTS.http }),
      ]);
    });

    it("admits the service only from the load balancer on the HTTP port", () => {
      expect(rulesOf(json, "aws_vpc_security_group_ingress_rule", "service-sg")).toEqual([
        expect.objectContaining({ referenced_security_group_id: sg("load-balancer-sg"), from_port: PORTS.http, to_port: PORTS.http }),
      ]);
    });

    it("lets the service reach HTTPS, Postgres, Redis and Sentinel only", () => {
      const egress = rulesOf(json, "aws_vpc_security_group_egress_rule", "service-sg");
      expect(egress).toHaveLength(4);
      expect(egress).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ cidr_ipv4: "0.0.0.0/0", from_port: 443 }),
          expect.objectContaining({ referenced_security_group_id: sg("database-sg"), from_port: POSTGRES_PORT }),
          expect.objectContaining({ referenced_security_group_id: sg("redis-sg"), from_port: REDIS_PORT }),
          expect.objectContaining({ referenced_security_group_id: sg("redis-sg"), from_port: SENTINEL_PORT }),
        ]),
      );
    });

    it("admits the database only from the service and gives it no egress", () => {
      expect(rulesOf(json, "aws_vpc_security_group_ingress_rule", "database-sg")).toEqual([
        expect.objectContaining({ referenced_security_group_id: sg("service-sg"), from_port: POSTGRES_PORT }),
      ]);
      expect(rulesOf(json, "aws_vpc_security_group_egress_rule", "database-sg")).toEqual([]);
    });

    it("admits Redis and Sentinel from the service and the nodes themselves", () => {
      const ingress = rulesOf(json, "aws_vpc_security_group_ingress_rule", "redis-sg");
      expect(ingress).toHaveLength(4);
      for (const rule of ingress) {
        expect([sg("service-sg"), sg("redis-sg")]).toContain(rule.referenced_security_group_id);
        expect([REDIS_PORT, SENTINEL_PORT]).toContain(rule.from_port);
      }
      const egress = rulesOf(json, "aws_vpc_security_group_egress_rule", "redis-sg");
      expect(ports(egress).sort()).toEqual([[26379, 26379], [443, 443], [6379, 6379], [80, 80]]);
      for (const rule of egress.filter((r) => r.from_port === REDIS_PORT || r.from_port === SENTINEL_PORT)) {
        expect(rule.referenced_security_group_id).toBe(sg("redis-sg"));
      }
      // Package mirrors and Secrets Manager at boot, through NAT.
      for (const rule of egress.filter((r) => r.from_port === 80 || r.from_port === 443)) expect(rule.cidr_ipv4).toBe("0.0.0.0/0");
    });
  });

  describe("validation", () => {
    it.each([0, 5, 1.5])("rejects zoneCount %p", (zoneCount) => {
      expect(() => synth({ zoneCount })).toThrow(new RegExp(`zoneCount ${zoneCount} is invalid; use a whole number from 1 to 4`));
    });
    it("rejects a malformed CIDR", () => {
      expect(() => synth({ cidr: "10.0.0.1/16" })).toThrow(/cidr "10\.0\.0\.1\/16" is invalid: host bits are set/);
    });
    it("rejects a CIDR too small for the subnet plan", () => {
      expect(() => synth({ cidr: "10.0.0.0/26" })).toThrow(/prefix \/26; use \/16 to \/24/);
    });
    it("rejects a retention CloudWatch does not offer", () => {
      expect(() => synth({ flowLogRetentionDays: 10 })).toThrow(/flowLogRetentionDays 10 is not a CloudWatch Logs retention/);
    });
    it("rejects an unknown NAT mode", () => {
      expect(() => synth({ natGateways: "none" as never })).toThrow(/natGateways "none" is invalid/);
    });
  });
});
