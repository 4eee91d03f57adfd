import { Construct } from "constructs";
import { Fn, TerraformLocal, type ITerraformDependable } from "cdktf";
import { LinuxVirtualMachine } from "@cdktf/provider-azurerm/lib/linux-virtual-machine";
import { ManagedDisk } from "@cdktf/provider-azurerm/lib/managed-disk";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { NetworkInterface } from "@cdktf/provider-azurerm/lib/network-interface";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { VirtualMachineDataDiskAttachment } from "@cdktf/provider-azurerm/lib/virtual-machine-data-disk-attachment";
import { cidrHost, parseCidr } from "../core/cidr";
import type { RedisSentinelHandle } from "../core/kit";
import { renderRedisCloudInit } from "../core/redis-sentinel/cloud-init";
import { checkSentinelNodeCount, sentinelEndpoints } from "../core/redis-sentinel/endpoints";
import { REDIS_SENTINEL_ROLE_TAG } from "../core/redis-sentinel/role-tag";
import { REDIS_MASTER_NAME, REDIS_PORT, SENTINEL_PORT } from "../core/runtime-contract";
import type { DeploymentContext, RedisSentinelEndpoints, RedisSentinelSpec } from "../core/specs";
import { KEY_VAULT_SECRETS_USER, type AzureKeyVault } from "./key-vault";
import { azureName } from "./naming";
import { AzureGeneratedSecret } from "./secret";
import { TlsRsaPrivateKey } from "./ssh-key";
import { terraformLiteral } from "../core/terraform-literal";

export { REDIS_SENTINEL_ROLE_TAG };

/** Managed disk types for the data disks: zonal, like the VMs they attach to. */
export const REDIS_DISK_TYPES = ["Premium_LRS", "StandardSSD_LRS", "PremiumV2_LRS"] as const;
export type AzureRedisDiskType = (typeof REDIS_DISK_TYPES)[number];
/** LUN of the data disk; Azure's udev rules name it `/dev/disk/azure/scsi1/lun<LUN>`. */
export const DATA_DISK_LUN = 0;
export const DATA_DEVICE = `/dev/disk/azure/scsi1/lun${DATA_DISK_LUN}`;
/** Admin user on the nodes (SSH key only, and no SSH port is open anywhere). */
export const ADMIN_USERNAME = "mockforge";
/** Debian 12 images published by Debian on Azure (Gen2, Trusted Launch capable). */
export const DEBIAN_IMAGE = { publisher: "Debian", offer: "debian-12" } as const;

/** Arm64 (Ampere) VM sizes carry a `p` among their feature letters, e.g. Standard_D2ps_v5. */
export function vmArchitecture(vmSize: string): "arm64" | "x64" {
  return /^Standard_[A-Z]+\d+[a-z]*p[a-z]*_v\d+$/.test(vmSize) ? "arm64" : "x64";
}

// Placeholders for values known only at apply time: the renderer validates and quotes plain text.
const CLIENT_ID_PLACEHOLDER = "MOCKFORGECLIENTIDPLACEHOLDER";
const SECRET_URL_PLACEHOLDER = "https://mockforge-secret-url-placeholder.invalid/secret";

/**
 * Prints the password: an Entra token for Key Vault from the instance
 * metadata service (as the nodes' managed identity), then the secret from
 * the Key Vault REST API. Retries for five minutes: a new role assignment
 * takes a while to reach Key Vault.
 */
export function fetchPasswordCommand(clientId: string, secretUrl: string): string {
  const tokenUrl = `http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net&client_id=${clientId}`;
  return [
    "for attempt in $(seq 1 30); do",
    `  if token="$(curl -fsS --max-time 10 -H Metadata:true '${tokenUrl}' | jq -re .access_token)" &&`,
    `    curl -fsS --max-time 10 -H "Authorization: Bearer $token" '${secretUrl}?api-version=7.4' | jq -re .value; then exit 0; fi`,
    "  sleep 10",
    "done",
    "echo 'cannot read the Redis password from Key Vault' >&2",
    "exit 1",
  ].join("\n");
}

export interface AzureRedisSentinelProps extends RedisSentinelSpec {
  readonly context: DeploymentContext;
  readonly location: string;
  readonly resourceGroupName: string;
  /** The network's `redis` subnet and its CIDR (nodes get static addresses in it). */
  readonly subnetId: string;
  readonly subnetCidr: string;
  /** Availability zones of the region, e.g. ["1", "2", "3"]. */
  readonly zones: readonly string[];
  /** VM size of every node, e.g. `Standard_D2ds_v5`; Arm64 sizes (`…p…_v5`) get the arm64 image. */
  readonly vmSize: string;
  /** Managed disk type of the data disks (and OS disks). */
  readonly diskType: AzureRedisDiskType;
  /** Key Vault the generated AUTH password goes into. */
  readonly keyVault: AzureKeyVault;
  /**
   * Encrypt the temp disk and disk caches on the host as well (the managed
   * disks are always encrypted at rest). Needs the subscription feature
   * Microsoft.Compute/EncryptionAtHost.
   * @default true
   */
  readonly encryptionAtHost?: boolean;
  /**
   * SSH public key of the admin user, for break-glass access through Bastion.
   * @default a generated key nobody holds (use `az vm run-command` instead)
   */
  readonly adminSshPublicKey?: string;
  /**
   * Host number of the first node's static address in the subnet (node n gets host + n).
   * @default 10
   */
  readonly privateIpHostNumber?: number;
  /**
   * A CanNotDelete management lock on each data disk (where the AOF and RDB
   * live), so no delete call outside a reviewed Terraform change loses them.
   * Terraform removes a lock before it replaces or destroys its disk.
   * @default true
   */
  readonly dataDiskLock?: boolean;
  /**
   * Resources the nodes must wait for (e.g. the Key Vault private zone link they resolve the vault through).
   * @default none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Self-hosted Redis with Sentinel on three Linux VMs, one per availability
 * zone, each running redis-server and redis-sentinel from the configuration
 * the core renders (constructs/core/redis-sentinel: the same code path on
 * every cloud).
 *
 * - Static private addresses, no public IP, no SSH from anywhere (the
 *   subnet's NSG admits only Redis and Sentinel from the apps subnet).
 * - AOF and RDB on a separate managed disk (encrypted at rest, zonal, LUN 0,
 *   no network export, CanNotDelete lock) that outlives the VM; the boot
 *   script formats it only when empty.
 * - The AUTH password is generated into Key Vault; each node reads it at boot
 *   with the nodes' managed identity (Key Vault Secrets User on that one
 *   secret). It never appears in custom data.
 * - Trusted Launch (Secure Boot, vTPM), encryption at host, password login off.
 * - Custom data or image changes never replace a node by themselves: roll
 *   nodes one at a time with `terraform apply -replace=...`.
 */
export class AzureRedisSentinel extends Construct implements RedisSentinelHandle {
  readonly identity: UserAssignedIdentity;
  readonly secret: AzureGeneratedSecret;
  readonly secretAccess: RoleAssignment;
  readonly sshKey?: TlsRsaPrivateKey;
  readonly nodes: readonly LinuxVirtualMachine[];
  readonly networkInterfaces: readonly NetworkInterface[];
  readonly dataDisks: readonly ManagedDisk[];
  readonly diskAttachments: readonly VirtualMachineDataDiskAttachment[];
  /** CanNotDelete locks on the data disks (empty with `dataDiskLock: false`). */
  readonly dataDiskLocks: readonly ManagementLock[];
  /** Static private address of each node, in node order (index 0 is the initial primary). */
  readonly addresses: readonly string[];
  /** Zone of each node, in node order. */
  readonly nodeZones: readonly string[];
  readonly vmIds: readonly string[];
  readonly endpoints: RedisSentinelEndpoints;

  constructor(scope: Construct, id: string, props: AzureRedisSentinelProps) {
    super(scope, id);
    validate(props);
    const { context } = props;
    const placed = { location: props.location, resourceGroupName: props.resourceGroupName };
    const host = props.privateIpHostNumber ?? 10;
    const arch = vmArchitecture(props.vmSize);

    this.identity = new UserAssignedIdentity(this, "identity", { ...placed, name: azureName(context, "redis-id", 128) });
    this.secret = new AzureGeneratedSecret(this, "password", { keyVault: props.keyVault, name: "redis-password" });
    this.secretAccess = new RoleAssignment(this, "password-reader", {
      scope: this.secret.ref.secretId,
      roleDefinitionName: KEY_VAULT_SECRETS_USER,
      principalId: this.identity.principalId,
      principalType: "ServicePrincipal",
      description: "Redis nodes read their AUTH password at boot",
    });

    let publicKey = props.adminSshPublicKey;
    if (publicKey === undefined) {
      this.sshKey = new TlsRsaPrivateKey(this, "ssh-key");
      publicKey = this.sshKey.publicKeyOpenssh;
    }

    const zoneOf = (i: number) => props.zones[i % props.zones.length];
    this.nodeZones = Array.from({ length: props.nodeCount }, (_, i) => zoneOf(i));
    this.addresses = Array.from({ length: props.nodeCount }, (_, i) => cidrHost(props.subnetCidr, host + i));

    const nodes: LinuxVirtualMachine[] = [];
    const nics: NetworkInterface[] = [];
    const disks: ManagedDisk[] = [];
    const attachments: VirtualMachineDataDiskAttachment[] = [];
    const locks: ManagementLock[] = [];
    for (let i = 0; i < props.nodeCount; i++) {
      const n = i + 1;
      const name = azureName(context, `redis-${n}`, 64);
      const nic = new NetworkInterface(this, `nic-${n}`, {
        ...placed,
        name: `${name}-nic`,
        ipForwardingEnabled: false,
        ipConfiguration: [
          { name: "primary", primary: true, subnetId: props.subnetId, privateIpAddressAllocation: "Static", privateIpAddress: this.addresses[i], privateIpAddressVersion: "IPv4" },
        ],
      });
      const disk = new ManagedDisk(this, `data-disk-${n}`, {
        ...placed,
        name: `${name}-data`,
        zone: zoneOf(i),
        storageAccountType: props.diskType,
        createOption: "Empty",
        diskSizeGb: props.volumeSizeGiB,
        publicNetworkAccessEnabled: false,
        networkAccessPolicy: "DenyAll",
      });
      if (props.dataDiskLock ?? true) {
        locks.push(
          new ManagementLock(this, `data-disk-lock-${n}`, {
            name: "mockforge-do-not-delete",
            scope: disk.id,
            lockLevel: "CanNotDelete",
            notes: "MockForge Redis data (AOF and RDB): remove this lock deliberately before deleting the disk",
          }),
        );
      }

      const cloudInit = renderRedisCloudInit({
        nodeIndex: i,
        nodeAddresses: this.addresses,
        quorum: props.quorum,
        downAfterMilliseconds: props.downAfterMilliseconds,
        failoverTimeoutMilliseconds: props.failoverTimeoutMilliseconds,
        maxMemoryPercent: props.maxMemoryPercent,
        dataDevice: DATA_DEVICE,
        fetchPasswordCommand: fetchPasswordCommand(CLIENT_ID_PLACEHOLDER, SECRET_URL_PLACEHOLDER),
        extraPackages: ["curl", "jq"],
        redisPort: REDIS_PORT,
        sentinelPort: SENTINEL_PORT,
        masterName: REDIS_MASTER_NAME,
      });
      // A local holds the template: Terraform fills in the identity and secret URL, then base64-encodes it.
      const customData = new TerraformLocal(this, `cloud-init-${n}`, terraformLiteral(cloudInit, {
        [CLIENT_ID_PLACEHOLDER]: this.identity.clientId,
        [SECRET_URL_PLACEHOLDER]: this.secret.secretUrl,
      }));

      const vm = new LinuxVirtualMachine(this, `node-${n}`, {
        ...placed,
        name,
        computerName: `redis-${n}`,
        zone: zoneOf(i),
        size: props.vmSize,
        networkInterfaceIds: [nic.id],
        adminUsername: ADMIN_USERNAME,
        adminSshKey: [{ username: ADMIN_USERNAME, publicKey }],
        disablePasswordAuthentication: true,
        identity: { type: "UserAssigned", identityIds: [this.identity.id] },
        osDisk: { name: `${name}-os`, caching: "ReadWrite", storageAccountType: props.diskType === "PremiumV2_LRS" ? "Premium_LRS" : props.diskType, diskSizeGb: 30 },
        sourceImageReference: { ...DEBIAN_IMAGE, sku: arch === "arm64" ? "12-arm64" : "12-gen2", version: "latest" },
        encryptionAtHostEnabled: props.encryptionAtHost ?? true,
        secureBootEnabled: true,
        vtpmEnabled: true,
        // Managed boot diagnostics: serial console and screenshots for break-glass without SSH.
        bootDiagnostics: {},
        customData: Fn.base64encode(customData.asString),
        // A new image or cloud-init must not restart a stateful node on the next apply: replace nodes deliberately.
        lifecycle: { ignoreChanges: ["custom_data", "source_image_reference"] },
        tags: { [REDIS_SENTINEL_ROLE_TAG.key]: REDIS_SENTINEL_ROLE_TAG.value },
        // The boot script reads the password at first boot: the role and the vault's private name must exist.
        dependsOn: [this.secretAccess, this.secret.secret, ...(props.dependsOn ?? [])],
      });
      const attachment = new VirtualMachineDataDiskAttachment(this, `data-disk-attachment-${n}`, {
        virtualMachineId: vm.id,
        managedDiskId: disk.id,
        lun: DATA_DISK_LUN,
        // Redis fsyncs its AOF every second: a host read cache would only cost memory.
        caching: "None",
      });
      nodes.push(vm);
      nics.push(nic);
      disks.push(disk);
      attachments.push(attachment);
    }
    this.nodes = nodes;
    this.networkInterfaces = nics;
    this.dataDisks = disks;
    this.diskAttachments = attachments;
    this.dataDiskLocks = locks;
    this.vmIds = nodes.map((vm) => vm.id);
    this.endpoints = sentinelEndpoints(this.addresses, this.secret.ref);
  }
}

function validate(props: AzureRedisSentinelProps): void {
  const fail = (message: string): never => {
    throw new Error(`AzureRedisSentinel (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  const { nodeCount } = props;
  checkSentinelNodeCount(nodeCount, fail);
  if (props.zones.length === 0) fail("zones is empty; list the region's availability zones, e.g. [\"1\", \"2\", \"3\"].");
  if (props.distinctZones && props.zones.length < nodeCount) {
    fail(`nodeCount is ${nodeCount} but only ${props.zones.length} zone(s) are given; with distinctZones true each node needs its own zone.`);
  }
  const majority = Math.floor(nodeCount / 2) + 1;
  if (!Number.isInteger(props.quorum) || props.quorum < majority || props.quorum > nodeCount) {
    fail(`quorum is ${props.quorum}; with ${nodeCount} nodes use ${majority} to ${nodeCount} (a majority), or a partitioned minority could fail over.`);
  }
  if (!Number.isInteger(props.volumeSizeGiB) || props.volumeSizeGiB < 4 || props.volumeSizeGiB > 32767) {
    fail(`volumeSizeGiB is ${props.volumeSizeGiB}; managed disks take whole GiB from 4 to 32767.`);
  }
  if (!/^Standard_[A-Za-z0-9_]+$/.test(props.vmSize)) fail(`vmSize "${props.vmSize}" is not an Azure VM size such as "Standard_D2ds_v5".`);
  if (!REDIS_DISK_TYPES.includes(props.diskType)) fail(`diskType "${String(props.diskType)}" is invalid; use one of ${REDIS_DISK_TYPES.join(", ")}.`);
  const subnet = parseCidr(props.subnetCidr);
  if ("error" in subnet) fail(`subnetCidr "${props.subnetCidr}" is invalid: ${subnet.error}.`);
  const host = props.privateIpHostNumber ?? 10;
  const size = 2 ** (32 - Number(props.subnetCidr.split("/")[1]));
  // Azure reserves the first four addresses and the last one of every subnet.
  if (!Number.isInteger(host) || host < 4 || host + nodeCount - 1 > size - 2) {
    fail(`privateIpHostNumber ${host} does not fit ${nodeCount} nodes in ${props.subnetCidr}; use 4 to ${size - 1 - nodeCount} (Azure reserves the first 4 and the last address).`);
  }
}
