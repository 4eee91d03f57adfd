import { TerraformOutput } from "cdktf";
import {
  AwsRedisSentinel,
  DEBIAN_AMI_OWNER,
  instanceArchitecture,
  type AwsRedisSentinelProps,
} from "../../../constructs/aws/redis-sentinel";
import { mustParseCidr } from "../../../constructs/core/cidr";
import { REDIS_MASTER_NAME } from "../../../constructs/core/runtime-contract";
import { configsOf, dataOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";
import { REDIS_SENTINEL_SPEC } from "../../support/specs";
import { AWS_NETWORK_3AZ } from "../../support/aws-network";

const network = AWS_NETWORK_3AZ;
const context = { cloud: "aws" as const, environment: "prod", region: "us-east-1", primary: true };
const baseProps: AwsRedisSentinelProps = {
  context,
  network,
  instanceType: "r6g.large",
  ...REDIS_SENTINEL_SPEC,
};

function synth(overrides: Partial<AwsRedisSentinelProps> = {}): { json: SynthJson; redis: AwsRedisSentinel } {
  let redis!: AwsRedisSentinel;
  const json = synthJson((scope) => {
    redis = new AwsRedisSentinel(scope, "redis", { ...baseProps, ...overrides });
    new TerraformOutput(scope, "secret", { value: redis.endpoints.passwordSecret.secretId });
  });
  return { json, redis };
}
const inCidr = (address: string, cidr: string) => {
  const c = mustParseCidr(cidr);
  const a = mustParseCidr(`${address}/32`).network;
  return a >= c.network && a < c.network + 2 ** (32 - c.prefix);
};
const idOf = (json: SynthJson, type: string, prefix = "") => resourcesOf(json, type).find(([id]) => id.startsWith(prefix))![0];

describe("AwsRedisSentinel", () => {
  const { json, redis } = synth();
  const nodes = resourcesOf(json, "aws_instance").map(([, config]) => config);
  const kmsArn = `\${aws_kms_key.${idOf(json, "aws_kms_key", "redis_kms_")}.arn}`;
  const secretArn = `\${aws_secretsmanager_secret.${idOf(json, "aws_secretsmanager_secret")}.arn}`;

  it("runs three nodes in three distinct data subnets", () => {
    expect(nodes).toHaveLength(3);
    expect(nodes.map((n) => n.subnet_id)).toEqual(["subnet-d1", "subnet-d2", "subnet-d3"]);
    expect(new Set(nodes.map((n) => n.subnet_id)).size).toBe(3);
  });

  it("gives every node a static address (host 10) inside its data subnet", () => {
    const addresses = nodes.map((n) => n.private_ip);
    expect(addresses).toEqual(["10.10.128.10", "10.10.144.10", "10.10.160.10"]);
    addresses.forEach((address, i) => expect(inCidr(address, network.dataSubnetCidrs[i])).toBe(true));
    expect(redis.addresses).toEqual(addresses);
  });

  it("is private: no public address, only the Redis security group, no key pair", () => {
    for (const node of nodes) {
      expect(node.associate_public_ip_address).toBe(false);
      expect(node.vpc_security_group_ids).toEqual(["sg-redis"]);
      expect(node.key_name).toBeUndefined();
    }
  });

  it("requires IMDSv2 with a hop limit of 1", () => {
    for (const node of nodes) {
      expect(node.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1, http_endpoint: "enabled" });
    }
  });

  it("encrypts root and data volumes with its key", () => {
    for (const node of nodes) expect(node.root_block_device).toMatchObject({ encrypted: true, kms_key_id: kmsArn, volume_type: "gp3" });
    const volumes = configsOf(json, "aws_ebs_volume");
    expect(volumes).toHaveLength(3);
    for (const volume of volumes) expect(volume).toMatchObject({ encrypted: true, kms_key_id: kmsArn, type: "gp3", size: 50 });
    expect(volumes.map((v) => v.availability_zone)).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
  });

  it("attaches each data volume to its node as /dev/sdf, stopping the node before a detach", () => {
    const attachments = resourcesOf(json, "aws_volume_attachment");
    expect(attachments).toHaveLength(3);
    attachments.forEach(([, a], i) => {
      expect(a.device_name).toBe("/dev/sdf");
      expect(a.stop_instance_before_detaching).toBe(true);
      expect(a.instance_id).toBe(`\${aws_instance.${idOf(json, "aws_instance", `redis_node-${i + 1}_`)}.id}`);
      expect(a.volume_id).toBe(`\${aws_ebs_volume.${idOf(json, "aws_ebs_volume", `redis_volume-${i + 1}_`)}.id}`);
    });
  });

  it("protects stateful nodes: termination protection, detailed monitoring, no silent replacement", () => {
    for (const node of nodes) {
      expect(node.disable_api_termination).toBe(true);
      expect(node.monitoring).toBe(true);
      expect(node.user_data_replace_on_change).toBe(false);
      expect(node.lifecycle.ignore_changes).toEqual(expect.arrayContaining(["ami", "user_data"]));
    }
    for (const volume of configsOf(json, "aws_ebs_volume")) expect(volume.final_snapshot).toBe(true);
    const unprotected = synth({ terminationProtection: false }).json;
    for (const node of configsOf(unprotected, "aws_instance")) expect(node.disable_api_termination).toBe(false);
  });

  it("boots Debian 12 for the instance type's architecture", () => {
    const ami = dataOf(json, "aws_ami")[0];
    expect(ami.owners).toEqual([DEBIAN_AMI_OWNER]);
    expect(ami.most_recent).toBe(true);
    expect(ami.filter).toEqual(expect.arrayContaining([{ name: "name", values: ["debian-12-arm64-*"] }, { name: "architecture", values: ["arm64"] }]));
    const x86 = dataOf(synth({ instanceType: "m7i.large" }).json, "aws_ami")[0];
    expect(x86.filter).toEqual(expect.arrayContaining([{ name: "name", values: ["debian-12-amd64-*"] }, { name: "architecture", values: ["x86_64"] }]));
  });

  it("fetches the password at boot instead of carrying it in user data", () => {
    for (const node of nodes) {
      const userData: string = node.user_data;
      expect(userData.startsWith("#cloud-config")).toBe(true);
      expect(userData).not.toContain("random_password");
      expect(userData).not.toMatch(/requirepass [A-Za-z0-9]{40}/);
      expect(userData).toContain(
        `aws secretsmanager get-secret-value --region us-east-1 --secret-id ${secretArn} --query SecretString --output text`,
      );
      // The CLI the password command needs is installed by cloud-init.
      expect(userData).toMatch(/^\s*- "?awscli"?$/m);
    }
  });

  it("finds the data volume by its NVMe id and escapes the script's own ${...} from Terraform", () => {
    nodes.forEach((node, i) => {
      const userData: string = node.user_data;
      const volumeId = idOf(json, "aws_ebs_volume", `redis_volume-${i + 1}_`);
      expect(userData).toContain(`/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_\${replace(aws_ebs_volume.${volumeId}.id, "-", "")}`);
      // Every other ${ is bash, escaped as $${ so Terraform leaves it alone; no cdktf token leaks.
      const interpolations = userData.match(/(?<!\$)\$\{[^}]*\}/g) ?? [];
      expect(interpolations).toHaveLength(2);
      expect(userData).toContain("$${");
      expect(userData).not.toContain("TfToken");
    });
  });

  it("tells every node the same ordered Sentinel topology", () => {
    nodes.forEach((node, i) => {
      const list = /NODE_ADDRESSES=\(([^)]*)\)/.exec(node.user_data)![1];
      expect(list.match(/\d+\.\d+\.\d+\.\d+/g)).toEqual(["10.10.128.10", "10.10.144.10", "10.10.160.10"]);
      expect(node.user_data).toMatch(new RegExp(`NODE_INDEX=${i}\\b`));
    });
  });

  it("lets nodes read only their password (and decrypt it via Secrets Manager), plus SSM for break-glass access", () => {
    const policy = JSON.parse(onlyConfigOf(json, "aws_iam_role_policy").policy);
    expect(policy.Statement).toEqual([
      { Sid: "ReadPassword", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn },
      {
        Sid: "DecryptPassword",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: kmsArn,
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
      },
    ]);
    expect(onlyConfigOf(json, "aws_iam_role_policy_attachment").policy_arn).toBe("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    expect(JSON.parse(onlyConfigOf(json, "aws_iam_role").assume_role_policy).Statement[0].Principal).toEqual({ Service: "ec2.amazonaws.com" });
    const profileId = idOf(json, "aws_iam_instance_profile");
    for (const node of nodes) expect(node.iam_instance_profile).toBe(`\${aws_iam_instance_profile.${profileId}.name}`);
  });

  it("keeps the password in a KMS-encrypted secret and exposes Sentinel endpoints", () => {
    expect(onlyConfigOf(json, "aws_secretsmanager_secret").kms_key_id).toBe(kmsArn);
    expect(onlyConfigOf(json, "random_password").special).toBe(false);
    expect(redis.endpoints.sentinelAddresses).toEqual(["10.10.128.10:26379", "10.10.144.10:26379", "10.10.160.10:26379"]);
    expect(redis.endpoints.masterName).toBe(REDIS_MASTER_NAME);
    expect(json.output?.secret.value).toBe(secretArn);
    expect(redis.instanceIds).toHaveLength(3);
  });
});

describe("instanceArchitecture", () => {
  it.each([
    ["t4g.micro", "arm64"],
    ["r6g.large", "arm64"],
    ["r7gd.xlarge", "arm64"],
    ["c7gn.large", "arm64"],
    ["m7i.large", "x86_64"],
    ["r6a.large", "x86_64"],
    ["t3.small", "x86_64"],
    ["g5.xlarge", "x86_64"],
  ])("%s -> %s", (type, arch) => expect(instanceArchitecture(type)).toBe(arch));
});

describe("AwsRedisSentinel in a two-zone network with distinctZones false (development)", () => {
  const twoZones = {
    ...network,
    availabilityZones: ["us-east-1a", "us-east-1b"],
    dataSubnetIds: ["subnet-d1", "subnet-d2"],
    dataSubnetCidrs: ["10.10.128.0/20", "10.10.144.0/20"],
  };
  const { json, redis } = synth({ network: twoZones, distinctZones: false });
  const nodes = configsOf(json, "aws_instance");

  it("wraps the third node into the first zone with its own address", () => {
    expect(nodes.map((n) => n.subnet_id)).toEqual(["subnet-d1", "subnet-d2", "subnet-d1"]);
    expect(redis.addresses).toEqual(["10.10.128.10", "10.10.144.10", "10.10.128.11"]);
    expect(new Set(redis.addresses).size).toBe(3);
  });

  it("still refuses to share zones when distinctZones is true", () => {
    expect(() => synth({ network: twoZones })).toThrow(/distinctZones false/);
  });
});

describe("AwsRedisSentinel validation", () => {
  it.each<[string, Partial<AwsRedisSentinelProps>, RegExp]>([
    ["fewer than 3 nodes", { nodeCount: 2 }, /nodeCount is 2; use at least 3 nodes/],
    [
      "more nodes than zones",
      { nodeCount: 4, quorum: 3, network: { ...network, dataSubnetIds: [...network.dataSubnetIds, "subnet-d4"], dataSubnetCidrs: [...network.dataSubnetCidrs, "10.10.176.0/20"] } },
      /nodeCount is 4 but the network has 3 availability zone\(s\)/,
    ],
    ["a two-zone network", { network: { ...network, availabilityZones: ["us-east-1a", "us-east-1b"] } }, /nodeCount is 3 but the network has 2 availability zone/],
    ["too few data subnets", { network: { ...network, dataSubnetIds: ["subnet-d1", "subnet-d2"] } }, /has 2 data subnet id\(s\)/],
    ["a minority quorum", { quorum: 1 }, /quorum is 1; with 3 nodes use 2 to 3/],
    ["a quorum above the node count", { quorum: 4 }, /quorum is 4/],
    ["an empty volume", { volumeSizeGiB: 0 }, /volumeSizeGiB is 0/],
    ["all memory for data", { maxMemoryPercent: 100 }, /maxMemoryPercent is 100; use 1 to 90/],
    ["a bad instance type", { instanceType: "large" }, /instanceType "large"/],
    ["a reserved host number", { privateIpHostNumber: 2 }, /privateIpHostNumber is 2/],
    ["a host number outside the subnet", { privateIpHostNumber: 5000 }, /privateIpHostNumber 5000 is outside data subnet 10\.10\.128\.0\/20/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
