import { Construct } from "constructs";
import { cidrHost } from "../core/cidr";
import type { RedisSentinelHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import { renderRedisCloudInit } from "../core/redis-sentinel/cloud-init";
import { checkSentinelNodeCount, sentinelEndpoints } from "../core/redis-sentinel/endpoints";
import { REDIS_SENTINEL_ROLE_TAG } from "../core/redis-sentinel/role-tag";
import { REDIS_MASTER_NAME, REDIS_PORT, SENTINEL_PORT } from "../core/runtime-contract";
import type { DeploymentContext, RedisSentinelEndpoints, RedisSentinelSpec } from "../core/specs";
import { CoreInstance } from "./bindings/core-instance";
import { CoreVolume } from "./bindings/core-volume";
import { CoreVolumeAttachment } from "./bindings/core-volume-attachment";
import { metadataCommand, REDIS_PASSWORD_SECRET_METADATA_KEY, secretValueCommand } from "./instance-metadata";
import type { OciNetworkRef } from "./network-ref";
import { spreadPlacements } from "./region-info";
import { OciGeneratedSecret } from "./secret";

export { REDIS_SENTINEL_ROLE_TAG };

/** The consistent device path of the first paravirtualized data volume on Oracle-provided images. */
export const DATA_DEVICE = "/dev/oracleoci/oraclevdb";
/** OCI block volumes are at least 50 GB. */
export const MIN_VOLUME_GB = 50;
/** Where the OCI CLI is installed on the Debian-family nodes (it is not packaged there). */
export const OCI_CLI_VENV = "/opt/oci-cli";

export interface OciRedisSentinelProps extends RedisSentinelSpec {
  readonly context: DeploymentContext;
  readonly compartmentId: string;
  readonly network: OciNetworkRef;
  /** Availability domain names of the region, in a stable order. */
  readonly availabilityDomains: readonly string[];
  /** Flexible shape of every node, e.g. `VM.Standard.E5.Flex`. */
  readonly shape: string;
  readonly ocpus: number;
  readonly memoryGb: number;
  /** Canonical Ubuntu platform image (Debian family: the core renderer's packages and units). */
  readonly imageId: string;
  /** Vault key encrypting boot and data volumes. */
  readonly kmsKeyId: string;
  /** Vault and key for the generated password. */
  readonly vaultId: string;
  readonly secretsKeyId: string;
  /**
   * Refuse `terraform destroy` of nodes and data volumes (Terraform `prevent_destroy`).
   * @default true
   */
  readonly terminationProtection?: boolean;
  /**
   * Host number of node 0's static address in the data subnet; node i takes host + i.
   * @default 10
   */
  readonly privateIpHostNumber?: number;
}

/** Appends a `bootcmd` that lets the Redis and Sentinel ports in through the host firewall (OCI's Ubuntu images only admit SSH). */
export function withHostFirewallOpen(cloudConfig: string, cidr: string): string {
  const rules = [REDIS_PORT, SENTINEL_PORT].map(
    (port) =>
      `  - [sh, -c, "iptables -C INPUT -p tcp -s ${cidr} --dport ${port} -j ACCEPT 2>/dev/null || iptables -I INPUT -p tcp -s ${cidr} --dport ${port} -j ACCEPT"]`,
  );
  return `${cloudConfig}bootcmd:\n${rules.join("\n")}\n`;
}

/** The password command of a node: the secret's OCID comes from instance metadata; the CLI from a venv. */
export function redisFetchPasswordCommand(): string {
  return [
    `SECRET_ID="$(${metadataCommand(REDIS_PASSWORD_SECRET_METADATA_KEY)})"`,
    `if [ ! -x ${OCI_CLI_VENV}/bin/oci ]; then python3 -m venv ${OCI_CLI_VENV} && ${OCI_CLI_VENV}/bin/pip install --quiet oci-cli; fi`,
    secretValueCommand(`${OCI_CLI_VENV}/bin/oci`, '"$SECRET_ID"'),
  ].join("\n");
}

/**
 * Self-hosted Redis with Sentinel on three OCI instances, one per fault
 * domain (and one per availability domain in regions with three), each
 * running redis-server and redis-sentinel from the one cloud-init the core
 * renders (renderRedisCloudInit).
 *
 * - Static private addresses in the data subnet, no public IP, only the
 *   Redis NSG (open to the service and to the nodes themselves).
 * - Boot and data volumes encrypted with the Vault key; in-transit
 *   encryption on; IMDSv2 only. AOF/RDB live on a block volume attached at
 *   the consistent path /dev/oracleoci/oraclevdb, formatted only when empty.
 * - The password is generated into Vault and read at boot with the instance
 *   principal; its OCID travels as instance metadata, never in user data.
 * - Metadata (user data) and image changes never replace a node by themselves.
 * - Each node carries the freeform tag `mockforge-role = redis-sentinel`.
 */
export class OciRedisSentinel extends Construct implements RedisSentinelHandle {
  readonly nodes: CoreInstance[] = [];
  readonly volumes: CoreVolume[] = [];
  readonly volumeAttachments: CoreVolumeAttachment[] = [];
  readonly secret: OciGeneratedSecret;
  readonly addresses: readonly string[];
  readonly endpoints: RedisSentinelEndpoints;
  readonly instanceIds: readonly string[];
  /** The rendered cloud-config of each node (before base64). */
  readonly cloudInits: readonly string[];

  constructor(scope: Construct, id: string, props: OciRedisSentinelProps) {
    super(scope, id);
    validate(props);
    const { context, compartmentId, network } = props;
    const protect = props.terminationProtection ?? true;
    const host = props.privateIpHostNumber ?? 10;

    this.secret = new OciGeneratedSecret(this, "password", {
      context,
      name: "redis-password",
      description: "MockForge Redis AUTH password (Redis and Sentinel)",
      compartmentId,
      vaultId: props.vaultId,
      keyId: props.secretsKeyId,
    });

    const placements = spreadPlacements(props.nodeCount, props.availabilityDomains.length);
    this.addresses = placements.map((_, i) => cidrHost(network.dataSubnetCidr, host + i));
    const cloudInits: string[] = [];

    placements.forEach((placement, i) => {
      const n = i + 1;
      const name = resourceName(context, `redis-${n}`);
      const availabilityDomain = props.availabilityDomains[placement.ad];
      const cloudInit = withHostFirewallOpen(
        renderRedisCloudInit({
          nodeIndex: i,
          nodeAddresses: this.addresses,
          quorum: props.quorum,
          downAfterMilliseconds: props.downAfterMilliseconds,
          failoverTimeoutMilliseconds: props.failoverTimeoutMilliseconds,
          maxMemoryPercent: props.maxMemoryPercent,
          dataDevice: DATA_DEVICE,
          fetchPasswordCommand: redisFetchPasswordCommand(),
          extraPackages: ["python3-venv", "curl"],
          redisPort: REDIS_PORT,
          sentinelPort: SENTINEL_PORT,
          masterName: REDIS_MASTER_NAME,
        }),
        network.dataSubnetCidr,
      );
      cloudInits.push(cloudInit);

      const volume = new CoreVolume(this, `volume-${n}`, {
        compartmentId,
        availabilityDomain,
        displayName: `${name}-data`,
        sizeInGbs: Math.max(MIN_VOLUME_GB, props.volumeSizeGiB),
        vpusPerGb: 10,
        kmsKeyId: props.kmsKeyId,
        lifecycle: { preventDestroy: protect },
      });
      const node = new CoreInstance(this, `node-${n}`, {
        compartmentId,
        availabilityDomain,
        faultDomain: placement.faultDomain,
        displayName: name,
        shape: props.shape,
        shapeConfig: { ocpus: props.ocpus, memoryInGbs: props.memoryGb },
        sourceDetails: { sourceType: "image", sourceId: props.imageId, bootVolumeSizeInGbs: 50, kmsKeyId: props.kmsKeyId },
        createVnicDetails: {
          subnetId: network.dataSubnetId,
          assignPublicIp: false,
          privateIp: this.addresses[i],
          nsgIds: [network.nsgs.redis],
          hostnameLabel: `redis-${n}`,
        },
        metadata: {
          user_data: Buffer.from(cloudInit, "utf8").toString("base64"),
          [REDIS_PASSWORD_SECRET_METADATA_KEY]: this.secret.secretId,
        },
        isPvEncryptionInTransitEnabled: true,
        instanceOptions: { areLegacyImdsEndpointsDisabled: true },
        agentConfig: { isMonitoringDisabled: false, isManagementDisabled: false },
        availabilityConfig: { recoveryAction: "RESTORE_INSTANCE" },
        // A new image or cloud-init must not restart a stateful node on the next apply: replace nodes deliberately.
        lifecycle: { preventDestroy: protect, ignoreChanges: ["metadata", "source_details"] },
        // The stack's TaggingAspect adds the standard tags next to this one.
        freeformTags: { [REDIS_SENTINEL_ROLE_TAG.key]: REDIS_SENTINEL_ROLE_TAG.value },
      });
      const attachment = new CoreVolumeAttachment(this, `volume-attachment-${n}`, {
        attachmentType: "paravirtualized",
        instanceId: node.id,
        volumeId: volume.id,
        device: DATA_DEVICE,
        isPvEncryptionInTransitEnabled: true,
        isReadOnly: false,
        displayName: `${name}-data`,
      });
      this.nodes.push(node);
      this.volumes.push(volume);
      this.volumeAttachments.push(attachment);
    });

    this.cloudInits = cloudInits;
    this.instanceIds = this.nodes.map((node) => node.id);
    this.endpoints = sentinelEndpoints(this.addresses, this.secret.ref);
  }
}

function validate(props: OciRedisSentinelProps): void {
  const fail = (message: string): never => {
    throw new Error(`OciRedisSentinel (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  checkSentinelNodeCount(props.nodeCount, fail);
  if (props.nodeCount > 3 && props.distinctZones && props.availabilityDomains.length < 3) {
    fail(`nodeCount is ${props.nodeCount}; with one availability domain only 3 distinct fault domains exist, so use 3 nodes or distinctZones false (development only).`);
  }
  if (props.availabilityDomains.length !== 1 && props.availabilityDomains.length !== 3) {
    fail(`availabilityDomains has ${props.availabilityDomains.length} entries; OCI regions have 1 or 3.`);
  }
  const majority = Math.floor(props.nodeCount / 2) + 1;
  if (!Number.isInteger(props.quorum) || props.quorum < majority || props.quorum > props.nodeCount) {
    fail(`quorum is ${props.quorum}; with ${props.nodeCount} nodes use ${majority} to ${props.nodeCount} (a majority).`);
  }
  if (!Number.isInteger(props.volumeSizeGiB) || props.volumeSizeGiB < 1 || props.volumeSizeGiB > 32768) {
    fail(`volumeSizeGiB is ${props.volumeSizeGiB}; use 1 to 32768 (OCI volumes are at least ${MIN_VOLUME_GB} GB; smaller sizes are rounded up).`);
  }
  if (!/\.Flex$/.test(props.shape)) fail(`shape "${props.shape}" is not a flexible shape (e.g. VM.Standard.E5.Flex).`);
  if (!Number.isInteger(props.ocpus) || props.ocpus < 1 || props.ocpus > 64) fail(`ocpus is ${props.ocpus}; use 1 to 64.`);
  if (!Number.isInteger(props.memoryGb) || props.memoryGb < props.ocpus || props.memoryGb > props.ocpus * 64) {
    fail(`memoryGb is ${props.memoryGb}; with ${props.ocpus} OCPU use ${props.ocpus} to ${props.ocpus * 64} GB.`);
  }
  const host = props.privateIpHostNumber ?? 10;
  const size = 2 ** (32 - Number(props.network.dataSubnetCidr.split("/")[1]));
  // OCI reserves the first two and the last address of every subnet.
  if (!Number.isInteger(host) || host < 2 || host + props.nodeCount > size - 1) {
    fail(`privateIpHostNumber is ${host}; the ${props.nodeCount} nodes need hosts 2 to ${size - 2} of ${props.network.dataSubnetCidr}.`);
  }
}
