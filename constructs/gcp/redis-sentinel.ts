import { Construct } from "constructs";
import { Fn } from "cdktf";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeDisk } from "@cdktf/provider-google/lib/compute-disk";
import { ComputeFirewall, type ComputeFirewallConfig } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeInstance } from "@cdktf/provider-google/lib/compute-instance";
import { DataGoogleComputeImage } from "@cdktf/provider-google/lib/data-google-compute-image";
import { DataGoogleComputeZones } from "@cdktf/provider-google/lib/data-google-compute-zones";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { cidrHost, mustParseCidr } from "../core/cidr";
import type { RedisSentinelHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import { renderRedisCloudInit } from "../core/redis-sentinel/cloud-init";
import { checkSentinelNodeCount, sentinelEndpoints } from "../core/redis-sentinel/endpoints";
import { REDIS_SENTINEL_ROLE_TAG } from "../core/redis-sentinel/role-tag";
import { terraformLiteral } from "../core/terraform-literal";
import { REDIS_MASTER_NAME, REDIS_PORT, SENTINEL_PORT } from "../core/runtime-contract";
import type { DeploymentContext, RedisSentinelEndpoints, RedisSentinelSpec } from "../core/specs";
import { GcpKmsKey } from "./kms";
import { TIER_RULE_PRIORITY } from "./network";
import type { GcpNetworkRef } from "./network-ref";
import { GcpGeneratedSecret, grantSecretRead } from "./secret";
import { serviceAgents } from "./service-agents";

export { REDIS_SENTINEL_ROLE_TAG };

/** Device name of the data disk; the guest sees it as `/dev/disk/by-id/google-<device name>`. */
export const DATA_DISK_DEVICE_NAME = "redis-data";
export const DATA_DISK_PATH = `/dev/disk/by-id/google-${DATA_DISK_DEVICE_NAME}`;
/** Canonical's Ubuntu LTS images: cloud-init reads the `user-data` metadata key (Google's Debian images ship no cloud-init). */
export const UBUNTU_IMAGE_PROJECT = "ubuntu-os-cloud";
const MACHINE_TYPE = /^[a-z][a-z0-9]*-[a-z0-9]+(-[0-9]+){0,2}$/;
/** Zones every node spreads over: every Google Cloud region has at least three. */
const ZONES_PER_REGION = 3;

/** CPU architecture of a Compute Engine machine type: the Axion/Ampere families are Arm. */
export function machineArchitecture(machineType: string): "arm64" | "amd64" {
  return /^(t2a|c4a|n4a)-/.test(machineType) ? "arm64" : "amd64";
}

/** Image family of the node OS for a machine type: Ubuntu 24.04 LTS (Redis 7.0 from the archive, as on Debian 12). */
export function imageFamilyFor(machineType: string): string {
  return `ubuntu-2404-lts-${machineArchitecture(machineType)}`;
}

/**
 * A shell command that prints the secret's latest version: the VM's service
 * account token from the metadata server, then Secret Manager's REST API.
 * Python's standard library is on every cloud-init image (cloud-init is
 * Python), so the node needs no CLI installed.
 */
export function fetchSecretCommand(projectId: string, secretName: string): string {
  const url = `https://secretmanager.googleapis.com/v1/projects/${projectId}/secrets/${secretName}/versions/latest:access`;
  const token = "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token";
  const program = [
    "import base64,json,urllib.request as r",
    `t=json.load(r.urlopen(r.Request("${token}",headers={"Metadata-Flavor":"Google"}),timeout=10))["access_token"]`,
    `d=json.load(r.urlopen(r.Request("${url}",headers={"Authorization":"Bearer "+t}),timeout=10))`,
    'print(base64.b64decode(d["payload"]["data"]).decode())',
  ].join(";");
  return `python3 -c '${program}'`;
}

export interface GcpRedisSentinelProps extends RedisSentinelSpec {
  readonly context: DeploymentContext;
  readonly network: GcpNetworkRef;
  /** Project the secret lives in (the boot command names it). */
  readonly projectId: string;
  /** Compute Engine machine type of every node, e.g. `e2-small`; `t2a-`/`c4a-` types boot the Arm image. */
  readonly machineType: string;
  /**
   * Refuse to delete the nodes (Terraform and API), and snapshot each data disk when it is destroyed.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Host number of the first node's static address in the subnet (cidrhost(subnet, n)); node i takes n + i.
   * @default 10
   */
  readonly privateIpHostNumber?: number;
  /**
   * Persistent disk type of the data disks.
   * @default "pd-balanced"
   */
  readonly diskType?: string;
}

/**
 * Self-hosted Redis with Sentinel on Compute Engine: one VM per zone, each
 * running redis-server and redis-sentinel from the configuration the core
 * renders for every cloud (`renderRedisCloudInit`), labelled
 * `mockforge-role = redis-sentinel` (REDIS_SENTINEL_ROLE_TAG).
 *
 * - No external IP; a static internal address per node (host 10, 11, 12 of
 *   the region's subnet) so a replaced node keeps its Sentinel identity.
 * - Firewall rules selected by the nodes' service account: Redis and
 *   Sentinel only from the region's subnet (the service's egress range).
 * - Boot and data disks encrypted with a customer-managed key (rotated);
 *   AOF/RDB live on a separate data disk that outlives the VM and is
 *   snapshotted on destroy when protected.
 * - Shielded VM (secure boot, vTPM, integrity monitoring), OS Login, no
 *   project-wide SSH keys, serial port off; no firewall rule opens SSH.
 * - The AUTH password is generated into Secret Manager; each node's own
 *   service account may read that secret and nothing else, and fetches it at
 *   boot: it never appears in metadata.
 * - Metadata or image changes never replace a node by themselves: roll nodes
 *   one at a time (`terraform apply -replace=...`), waiting for Sentinel.
 */
export class GcpRedisSentinel extends Construct implements RedisSentinelHandle {
  readonly nodes: ComputeInstance[];
  readonly disks: ComputeDisk[];
  readonly staticAddresses: ComputeAddress[];
  readonly secret: GcpGeneratedSecret;
  readonly kmsKey: GcpKmsKey;
  readonly serviceAccount: ServiceAccount;
  readonly image: DataGoogleComputeImage;
  /** The nodes' firewall rules (selected by their service account), by a stable name. */
  readonly firewallRules: Readonly<Record<string, ComputeFirewall>>;
  /** Static internal IPv4 address of each node, in node order (index 0 is the initial primary). */
  readonly addresses: readonly string[];
  /** Instance names, in node order (known at synth time, for alert filters). */
  readonly instanceNames: readonly string[];
  readonly endpoints: RedisSentinelEndpoints;

  constructor(scope: Construct, id: string, props: GcpRedisSentinelProps) {
    super(scope, id);
    validate(props);
    const { context, network } = props;
    const protect = props.deletionProtection ?? true;
    const hostNumber = props.privateIpHostNumber ?? 10;

    const project = new DataGoogleProject(this, "project");
    this.kmsKey = new GcpKmsKey(this, "kms", {
      context,
      name: "redis",
      encrypters: [serviceAgents.compute(project.number)],
      // The data disks' destroy-time snapshots stay encrypted with this key.
      deletionProtection: protect,
    });
    this.secret = new GcpGeneratedSecret(this, "password", { context, name: "redis-password", deletionProtection: protect });
    this.serviceAccount = new ServiceAccount(this, "service-account", {
      accountId: resourceName(context, "redis", 30),
      displayName: `MockForge Redis nodes (${context.environment}, ${context.region})`,
      description: "Reads the Redis password at boot; nothing else",
    });
    const readPassword = grantSecretRead(this, "read-password", this.secret.secretId, this.serviceAccount.email);
    this.firewallRules = this.createFirewallRules(props);

    this.image = new DataGoogleComputeImage(this, "image", { family: imageFamilyFor(props.machineType), project: UBUNTU_IMAGE_PROJECT });
    const zones = new DataGoogleComputeZones(this, "zones", { region: context.region });

    this.addresses = Array.from({ length: props.nodeCount }, (_, i) => cidrHost(props.network.cidr, hostNumber + i));
    const fetchPasswordCommand = fetchSecretCommand(props.projectId, this.secret.secretName);
    this.nodes = [];
    this.disks = [];
    this.staticAddresses = [];
    const names: string[] = [];
    for (let i = 0; i < props.nodeCount; i++) {
      const n = i + 1;
      const name = resourceName(context, `redis-${n}`);
      names.push(name);
      const zone = Fn.element(zones.names, i % ZONES_PER_REGION) as string;
      const address = new ComputeAddress(this, `address-${n}`, {
        name,
        region: context.region,
        subnetwork: network.subnetworkId,
        addressType: "INTERNAL",
        address: this.addresses[i],
        description: `Static address of Redis node ${n}: Sentinel and clients know it`,
      });
      const disk = new ComputeDisk(this, `disk-${n}`, {
        name: `${name}-data`,
        zone,
        type: props.diskType ?? "pd-balanced",
        size: props.volumeSizeGiB,
        diskEncryptionKey: { kmsKeySelfLink: this.kmsKey.keyId },
        createSnapshotBeforeDestroy: protect,
        dependsOn: [...this.kmsKey.grants],
      });
      const cloudInit = renderRedisCloudInit({
        nodeIndex: i,
        nodeAddresses: this.addresses,
        quorum: props.quorum,
        downAfterMilliseconds: props.downAfterMilliseconds,
        failoverTimeoutMilliseconds: props.failoverTimeoutMilliseconds,
        maxMemoryPercent: props.maxMemoryPercent,
        dataDevice: DATA_DISK_PATH,
        fetchPasswordCommand,
        extraPackages: ["python3"],
        redisPort: REDIS_PORT,
        sentinelPort: SENTINEL_PORT,
        masterName: REDIS_MASTER_NAME,
      });
      const node = new ComputeInstance(this, `node-${n}`, {
        name,
        zone,
        machineType: props.machineType,
        description: `MockForge Redis Sentinel node ${n} of ${props.nodeCount}`,
        // The stack's standard labels are merged in by the labelling aspect.
        labels: { [REDIS_SENTINEL_ROLE_TAG.key]: REDIS_SENTINEL_ROLE_TAG.value },
        bootDisk: {
          autoDelete: true,
          kmsKeySelfLink: this.kmsKey.keyId,
          initializeParams: { image: this.image.selfLink, size: 20, type: "pd-balanced" },
        },
        attachedDisk: [{ source: disk.id, deviceName: DATA_DISK_DEVICE_NAME, mode: "READ_WRITE" }],
        // No access_config: the node has no external IP; Cloud NAT carries its egress.
        networkInterface: [{ subnetwork: network.subnetworkId, networkIp: address.address }],
        serviceAccount: { email: this.serviceAccount.email, scopes: ["cloud-platform"] },
        shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
        metadata: {
          "user-data": terraformLiteral(cloudInit, {}),
          "block-project-ssh-keys": "true",
          "enable-oslogin": "TRUE",
          "serial-port-enable": "FALSE",
        },
        scheduling: { automaticRestart: true, onHostMaintenance: "MIGRATE", preemptible: false, provisioningModel: "STANDARD" },
        deletionProtection: protect,
        allowStoppingForUpdate: true,
        // A new image or cloud-init must not restart a stateful node on the next apply: replace nodes deliberately.
        lifecycle: { ignoreChanges: ['metadata["user-data"]', "boot_disk[0].initialize_params[0].image"] },
        dependsOn: [...this.kmsKey.grants, readPassword, this.secret.version],
      });
      this.staticAddresses.push(address);
      this.disks.push(disk);
      this.nodes.push(node);
    }
    this.instanceNames = names;
    this.endpoints = sentinelEndpoints(this.addresses, this.secret.ref);
  }

  /**
   * Redis and Sentinel open only to the region's subnet (the service's egress
   * range; the nodes gossip inside it too); out, only each other and
   * HTTP/HTTPS for packages and Secret Manager. No SSH.
   */
  private createFirewallRules(props: GcpRedisSentinelProps): Record<string, ComputeFirewall> {
    const { context, network } = props;
    const ports = [{ protocol: "tcp", ports: [String(REDIS_PORT), String(SENTINEL_PORT)] }];
    const rule = (ruleId: string, component: string, description: string, config: Omit<ComputeFirewallConfig, "name" | "description" | "network">) =>
      new ComputeFirewall(this, ruleId, {
        name: resourceName(context, component),
        description,
        network: network.vpcId,
        priority: TIER_RULE_PRIORITY,
        targetServiceAccounts: [this.serviceAccount.email],
        logConfig: { metadata: "INCLUDE_ALL_METADATA" },
        ...config,
      });
    return {
      fromService: rule("ingress", "fw-redis-in", "Redis and Sentinel from the service's egress range (this subnet)", {
        direction: "INGRESS",
        sourceRanges: [network.cidr],
        allow: ports,
      }),
      peers: rule("egress-peers", "fw-redis-peer-out", "Redis replication and Sentinel gossip between the nodes", {
        direction: "EGRESS",
        destinationRanges: [network.cidr],
        allow: ports,
      }),
      boot: rule("egress-boot", "fw-redis-boot-out", "OS packages (through Cloud NAT) and Secret Manager at boot", {
        direction: "EGRESS",
        destinationRanges: ["0.0.0.0/0"],
        allow: [{ protocol: "tcp", ports: ["80", "443"] }],
      }),
    };
  }
}

function validate(props: GcpRedisSentinelProps): void {
  const fail = (message: string): never => {
    throw new Error(`GcpRedisSentinel (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  const { nodeCount } = props;
  checkSentinelNodeCount(nodeCount, fail);
  if (nodeCount > ZONES_PER_REGION && props.distinctZones) {
    fail(`nodeCount is ${nodeCount} with distinctZones true; a region guarantees ${ZONES_PER_REGION} zones, so use at most ${ZONES_PER_REGION} nodes or distinctZones false.`);
  }
  const majority = Math.floor(nodeCount / 2) + 1;
  if (!Number.isInteger(props.quorum) || props.quorum < majority || props.quorum > nodeCount) {
    fail(`quorum is ${props.quorum}; with ${nodeCount} nodes use ${majority} to ${nodeCount} (a majority), or a partitioned minority could fail over.`);
  }
  if (!Number.isInteger(props.volumeSizeGiB) || props.volumeSizeGiB < 10 || props.volumeSizeGiB > 65536) {
    fail(`volumeSizeGiB is ${props.volumeSizeGiB}; persistent disks take whole GiB from 10 to 65536.`);
  }
  if (!Number.isInteger(props.maxMemoryPercent) || props.maxMemoryPercent < 1 || props.maxMemoryPercent > 90) {
    fail(`maxMemoryPercent is ${props.maxMemoryPercent}; use 1 to 90 (the rest of memory covers the fork during snapshots).`);
  }
  if (!MACHINE_TYPE.test(props.machineType)) fail(`machineType "${props.machineType}" is not a Compute Engine machine type such as "e2-small".`);
  const host = props.privateIpHostNumber ?? 10;
  const size = 2 ** (32 - mustParseCidr(props.network.cidr).prefix);
  // Google reserves the first two and the last two addresses of every subnet.
  if (!Number.isInteger(host) || host < 2 || host + nodeCount - 1 > size - 3) {
    fail(`privateIpHostNumber is ${host}; nodes take hosts ${host} to ${host + nodeCount - 1}, which must lie within 2 to ${size - 3} of subnet ${props.network.cidr}.`);
  }
}
