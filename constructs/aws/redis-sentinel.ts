import { Construct } from "constructs";
import { Fn } from "cdktf";
import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { EbsVolume } from "@cdktf/provider-aws/lib/ebs-volume";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { VolumeAttachment } from "@cdktf/provider-aws/lib/volume-attachment";
import { cidrHost } from "../core/cidr";
import type { RedisSentinelHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import { renderRedisCloudInit } from "../core/redis-sentinel/cloud-init";
import { checkSentinelNodeCount, sentinelEndpoints } from "../core/redis-sentinel/endpoints";
import { REDIS_SENTINEL_ROLE_TAG } from "../core/redis-sentinel/role-tag";
import { terraformLiteral } from "../core/terraform-literal";
import { REDIS_MASTER_NAME, REDIS_PORT, SENTINEL_PORT } from "../core/runtime-contract";
import type { DeploymentContext, RedisSentinelEndpoints, RedisSentinelSpec } from "../core/specs";
import { AwsKmsKey } from "./kms";
import type { AwsNetworkRef } from "./network-ref";
import { AwsGeneratedSecret } from "./secret";

export { REDIS_SENTINEL_ROLE_TAG };

export interface AwsRedisSentinelProps extends RedisSentinelSpec {
  readonly context: DeploymentContext;
  readonly network: AwsNetworkRef;
  /** EC2 instance type of every node, e.g. `r6g.large`; Graviton (`*g*.`) types get the arm64 image. */
  readonly instanceType: string;
  /**
   * Protect the nodes from API termination (`terraform destroy` must first turn it off).
   * Also snapshots each data volume when it is destroyed.
   * @default true
   */
  readonly terminationProtection?: boolean;
  /**
   * Host number of each node's static address inside its data subnet (cidrhost(subnet, n)).
   * @default 10
   */
  readonly privateIpHostNumber?: number;
}

/** Debian's official AWS account (cloud-team images). */
export const DEBIAN_AMI_OWNER = "136693071363";
/** Device name the data volume is attached as; Nitro exposes it as NVMe (see `dataDevicePath`). */
export const DATA_VOLUME_DEVICE_NAME = "/dev/sdf";

/** CPU architecture of an EC2 instance type: Graviton families carry a `g` after the generation (t4g, r6gd, c7gn). */
export function instanceArchitecture(instanceType: string): "arm64" | "x86_64" {
  const family = instanceType.split(".")[0];
  return /^[a-z]+\d+g[a-z]*$/.test(family) || family === "a1" ? "arm64" : "x86_64";
}

// Placeholders for values known only at apply time: the renderer validates and quotes plain text.
const VOLUME_ID_PLACEHOLDER = "MOCKFORGEVOLUMEIDPLACEHOLDER";
const SECRET_ARN_PLACEHOLDER = "MOCKFORGESECRETARNPLACEHOLDER";

/**
 * Self-hosted Redis with Sentinel: one EC2 node per availability zone, each
 * running redis-server and redis-sentinel (MockForge needs Sentinel's client
 * protocol, which ElastiCache does not offer).
 *
 * - Every node keeps a static private address (host 10 of its data subnet): a
 *   replaced node comes back at the same address, so Sentinel's topology and
 *   the clients' Sentinel list stay valid.
 * - AOF and RDB live on an encrypted EBS volume that outlives the instance;
 *   the boot script formats it only when empty.
 * - The password is generated into Secrets Manager and fetched at boot with
 *   the instance role: it never appears in user data.
 * - No SSH: no key pair, no port 22; break-glass access is SSM Session Manager.
 * - Nitro instance types only (every Graviton and current x86 family): the
 *   boot script finds the data volume by its NVMe by-id link. Growing
 *   `volumeSizeGiB` resizes the EBS volume in place; the filesystem is not
 *   grown until someone runs resize2fs on the node.
 * - User data or AMI changes never replace a node by themselves (that would
 *   restart a stateful node unannounced): roll nodes one at a time with
 *   `terraform apply -replace=...`, waiting for Sentinel to settle in between.
 */
export class AwsRedisSentinel extends Construct implements RedisSentinelHandle {
  readonly nodes: Instance[];
  readonly volumes: EbsVolume[];
  readonly volumeAttachments: VolumeAttachment[];
  readonly secret: AwsGeneratedSecret;
  readonly kmsKey: AwsKmsKey;
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  readonly ami: DataAwsAmi;
  /** Static private IPv4 address of each node, in node order (index 0 is the initial primary). */
  readonly addresses: readonly string[];
  readonly endpoints: RedisSentinelEndpoints;
  readonly instanceIds: readonly string[];

  constructor(scope: Construct, id: string, props: AwsRedisSentinelProps) {
    super(scope, id);
    validate(props);
    const { context, network } = props;
    const terminationProtection = props.terminationProtection ?? true;
    const hostNumber = props.privateIpHostNumber ?? 10;
    const architecture = instanceArchitecture(props.instanceType);

    this.kmsKey = new AwsKmsKey(this, "kms", {
      context,
      name: "redis",
      description: `Encrypts MockForge Redis volumes and password (${context.region})`,
    });
    this.secret = new AwsGeneratedSecret(this, "password", {
      context,
      name: "redis-password",
      description: "MockForge Redis AUTH password (Redis and Sentinel)",
      kmsKeyArn: this.kmsKey.arn,
    });

    const roleName = resourceName(context, "redis-node", 64);
    this.role = new IamRole(this, "role", {
      name: roleName,
      description: "MockForge Redis nodes: read their password; SSM Session Manager for break-glass access",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    new IamRolePolicy(this, "read-password", {
      role: this.role.id,
      name: "read-redis-password",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "ReadPassword", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: this.secret.secretArn },
          {
            Sid: "DecryptPassword",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: this.kmsKey.arn,
            Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${context.region}.amazonaws.com` } },
          },
        ],
      }),
    });
    new IamRolePolicyAttachment(this, "ssm-core", {
      role: this.role.name,
      policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    });
    this.instanceProfile = new IamInstanceProfile(this, "instance-profile", { name: roleName, role: this.role.name });

    this.ami = new DataAwsAmi(this, "ami", {
      mostRecent: true,
      owners: [DEBIAN_AMI_OWNER],
      filter: [
        { name: "name", values: [`debian-12-${architecture === "arm64" ? "arm64" : "amd64"}-*`] },
        { name: "architecture", values: [architecture] },
        { name: "virtualization-type", values: ["hvm"] },
        { name: "root-device-type", values: ["ebs"] },
      ],
    });

    const placements = nodePlacements(props.nodeCount, network.availabilityZones.length, props.distinctZones);
    const addresses = placements.map((p) => cidrHost(network.dataSubnetCidrs[p.zone], hostNumber + p.slot));
    this.addresses = addresses;
    const fetchPasswordCommand =
      `aws secretsmanager get-secret-value --region ${context.region} --secret-id ${SECRET_ARN_PLACEHOLDER} ` +
      "--query SecretString --output text";

    this.nodes = [];
    this.volumes = [];
    this.volumeAttachments = [];
    for (let i = 0; i < props.nodeCount; i++) {
      const n = i + 1;
      const name = resourceName(context, `redis-${n}`);
      const volume = new EbsVolume(this, `volume-${n}`, {
        availabilityZone: network.availabilityZones[placements[i].zone],
        size: props.volumeSizeGiB,
        type: "gp3",
        encrypted: true,
        kmsKeyId: this.kmsKey.arn,
        finalSnapshot: terminationProtection,
        tags: { Name: `${name}-data` },
      });
      const cloudInit = renderRedisCloudInit({
        nodeIndex: i,
        nodeAddresses: addresses,
        quorum: props.quorum,
        downAfterMilliseconds: props.downAfterMilliseconds,
        failoverTimeoutMilliseconds: props.failoverTimeoutMilliseconds,
        maxMemoryPercent: props.maxMemoryPercent,
        // Nitro instances expose EBS volumes as NVMe; the by-id link names the volume id without its dash.
        dataDevice: `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${VOLUME_ID_PLACEHOLDER}`,
        fetchPasswordCommand,
        extraPackages: ["awscli"],
        redisPort: REDIS_PORT,
        sentinelPort: SENTINEL_PORT,
        masterName: REDIS_MASTER_NAME,
      });
      const userData = terraformLiteral(cloudInit, {
        [VOLUME_ID_PLACEHOLDER]: Fn.replace(volume.id, "-", ""),
        [SECRET_ARN_PLACEHOLDER]: this.secret.secretArn,
      });

      const node = new Instance(this, `node-${n}`, {
        ami: this.ami.id,
        instanceType: props.instanceType,
        subnetId: network.dataSubnetIds[placements[i].zone],
        privateIp: addresses[i],
        vpcSecurityGroupIds: [network.securityGroups.redis],
        associatePublicIpAddress: false,
        iamInstanceProfile: this.instanceProfile.name,
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        rootBlockDevice: { encrypted: true, kmsKeyId: this.kmsKey.arn, volumeType: "gp3", deleteOnTermination: true },
        monitoring: true,
        ebsOptimized: true,
        disableApiTermination: terminationProtection,
        userData,
        userDataReplaceOnChange: false,
        // A new AMI or cloud-init must not restart a stateful node on the next apply: replace nodes deliberately.
        lifecycle: { ignoreChanges: ["ami", "user_data"] },
        tags: { Name: name, [REDIS_SENTINEL_ROLE_TAG.key]: REDIS_SENTINEL_ROLE_TAG.value },
      });
      const attachment = new VolumeAttachment(this, `volume-attachment-${n}`, {
        deviceName: DATA_VOLUME_DEVICE_NAME,
        instanceId: node.id,
        volumeId: volume.id,
        // Stop Redis cleanly (flushing the AOF) before the volume is detached.
        stopInstanceBeforeDetaching: true,
      });
      this.nodes.push(node);
      this.volumes.push(volume);
      this.volumeAttachments.push(attachment);
    }

    this.instanceIds = this.nodes.map((node) => node.id);
    this.endpoints = sentinelEndpoints(addresses, this.secret.ref);
  }
}

/**
 * Zone and per-zone slot of each node: one node per zone, wrapping around
 * when distinctZones is off and there are fewer zones than nodes. The slot
 * offsets the static IP so nodes sharing a subnet get distinct addresses.
 */
export function nodePlacements(nodeCount: number, zoneCount: number, distinctZones: boolean): Array<{ zone: number; slot: number }> {
  const zones = distinctZones ? nodeCount : Math.min(nodeCount, zoneCount);
  return Array.from({ length: nodeCount }, (_, i) => ({ zone: i % zones, slot: Math.floor(i / zones) }));
}

function validate(props: AwsRedisSentinelProps): void {
  const where = `AwsRedisSentinel (${props.context.environment}, ${props.context.region})`;
  const fail = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };
  const { nodeCount, network } = props;
  checkSentinelNodeCount(nodeCount, fail);
  const zones = network.availabilityZones.length;
  if (nodeCount > zones && props.distinctZones) {
    fail(`nodeCount is ${nodeCount} but the network has ${zones} availability zone(s); with distinctZones true nodes are placed one per zone, so use at most ${zones}, a network with more zones, or distinctZones false (development only).`);
  }
  const needed = Math.min(nodeCount, zones);
  if (network.dataSubnetIds.length < needed || network.dataSubnetCidrs.length < needed) {
    fail(`nodeCount is ${nodeCount} but the network has ${network.dataSubnetIds.length} data subnet id(s) and ${network.dataSubnetCidrs.length} data subnet CIDR(s) for ${zones} zone(s); each zone needs both.`);
  }
  const majority = Math.floor(nodeCount / 2) + 1;
  if (!Number.isInteger(props.quorum) || props.quorum < majority || props.quorum > nodeCount) {
    fail(`quorum is ${props.quorum}; with ${nodeCount} nodes use ${majority} to ${nodeCount} (a majority), or a partitioned minority could fail over.`);
  }
  if (!Number.isInteger(props.volumeSizeGiB) || props.volumeSizeGiB < 1 || props.volumeSizeGiB > 16384) {
    fail(`volumeSizeGiB is ${props.volumeSizeGiB}; gp3 volumes take whole GiB from 1 to 16384.`);
  }
  if (!Number.isInteger(props.maxMemoryPercent) || props.maxMemoryPercent < 1 || props.maxMemoryPercent > 90) {
    fail(`maxMemoryPercent is ${props.maxMemoryPercent}; use 1 to 90 (the rest of memory covers the fork during snapshots).`);
  }
  if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(props.instanceType)) {
    fail(`instanceType "${props.instanceType}" is not an EC2 instance type such as "r6g.large".`);
  }
  const host = props.privateIpHostNumber ?? 10;
  if (!Number.isInteger(host) || host < 4) {
    fail(`privateIpHostNumber is ${host}; AWS reserves the first 4 addresses of a subnet, so use 4 or more.`);
  }
  network.dataSubnetCidrs.slice(0, nodeCount).forEach((cidr) => {
    const size = 2 ** (32 - Number(cidr.split("/")[1]));
    if (host >= size - 1) fail(`privateIpHostNumber ${host} is outside data subnet ${cidr} (last usable host is ${size - 2}).`);
  });
}
