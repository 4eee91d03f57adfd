import { TerraformOutput } from "cdktf";
import {
  ADMIN_USERNAME,
  AzureRedisSentinel,
  DATA_DEVICE,
  REDIS_SENTINEL_ROLE_TAG,
  fetchPasswordCommand,
  vmArchitecture,
  type AzureRedisSentinelProps,
} from "../../../constructs/azure/redis-sentinel";
import { terraformLiteral } from "../../../constructs/core/terraform-literal";
import { renderRedisCloudInit } from "../../../constructs/core/redis-sentinel/cloud-init";
import { REDIS_MASTER_NAME } from "../../../constructs/core/runtime-contract";
import { configsOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";
import { context, keyVault, ref } from "./fixtures";
import { REDIS_SENTINEL_SPEC } from "../../support/specs";

type Overrides = Partial<Omit<AzureRedisSentinelProps, "keyVault">>;
const baseProps: Omit<AzureRedisSentinelProps, "keyVault"> = {
  context,
  location: "eastus",
  resourceGroupName: "rg",
  subnetId: "redis-subnet",
  subnetCidr: "10.110.32.0/20",
  zones: ["1", "2", "3"],
  vmSize: "Standard_E2ds_v5",
  diskType: "Premium_LRS",
  ...REDIS_SENTINEL_SPEC,
};

function synth(overrides: Overrides = {}): { json: SynthJson; redis: AzureRedisSentinel } {
  let redis!: AzureRedisSentinel;
  const json = synthJson((scope) => {
    redis = new AzureRedisSentinel(scope, "redis", { ...baseProps, ...overrides, keyVault: keyVault(scope) });
    new TerraformOutput(scope, "password", { value: redis.endpoints.passwordSecret.secretId });
  });
  return { json, redis };
}
const byId = (json: SynthJson, type: string) => resourcesOf(json, type).sort(([a], [b]) => a.localeCompare(b)).map(([, c]) => c);

describe("AzureRedisSentinel", () => {
  const { json, redis } = synth();
  const vms = byId(json, "azurerm_linux_virtual_machine");
  const nics = byId(json, "azurerm_network_interface");
  const disks = byId(json, "azurerm_managed_disk");

  it("runs three nodes, one in each availability zone", () => {
    expect(vms.map((vm) => vm.zone)).toEqual(["1", "2", "3"]);
    expect(redis.nodeZones).toEqual(["1", "2", "3"]);
    for (const vm of vms) {
      expect(vm.size).toBe("Standard_E2ds_v5");
      // The marker policy rules find Sentinel nodes by, on every cloud.
      expect(vm.tags).toEqual({ [REDIS_SENTINEL_ROLE_TAG.key]: REDIS_SENTINEL_ROLE_TAG.value });
    }
  });

  it("gives every node a static private address in the redis subnet and no public IP", () => {
    expect(redis.addresses).toEqual(["10.110.32.10", "10.110.32.11", "10.110.32.12"]);
    nics.forEach((nic, i) => {
      expect(nic.ip_configuration).toEqual([
        { name: "primary", primary: true, subnet_id: "redis-subnet", private_ip_address_allocation: "Static", private_ip_address: redis.addresses[i], private_ip_address_version: "IPv4" },
      ]);
      expect(JSON.stringify(nic)).not.toContain("public_ip_address_id");
      expect(nic.ip_forwarding_enabled).toBe(false);
    });
    expect(configsOf(json, "azurerm_public_ip")).toHaveLength(0);
  });

  it("keeps Redis data on a separate zonal managed disk attached as LUN 0, uncached", () => {
    expect(disks.map((d) => d.zone)).toEqual(["1", "2", "3"]);
    for (const disk of disks) {
      expect(disk).toMatchObject({ storage_account_type: "Premium_LRS", create_option: "Empty", disk_size_gb: 50, public_network_access_enabled: false, network_access_policy: "DenyAll" });
    }
    const attachments = byId(json, "azurerm_virtual_machine_data_disk_attachment");
    expect(attachments).toHaveLength(3);
    for (const a of attachments) expect(a).toMatchObject({ lun: 0, caching: "None" });
    expect(DATA_DEVICE).toBe("/dev/disk/azure/scsi1/lun0");
  });

  it("locks every data disk against deletion (CanNotDelete), unless dataDiskLock is off", () => {
    const locks = resourcesOf(json, "azurerm_management_lock").sort(([a], [b]) => a.localeCompare(b));
    expect(locks).toHaveLength(3);
    locks.forEach(([, lock], i) => {
      expect(lock).toMatchObject({ lock_level: "CanNotDelete", name: "mockforge-do-not-delete" });
      expect(lock.scope).toBe(ref(json, "azurerm_managed_disk", `data-disk-${i + 1}`));
    });
    expect(redis.dataDiskLocks).toHaveLength(3);
    expect(configsOf(synth({ dataDiskLock: false }).json, "azurerm_management_lock")).toHaveLength(0);
  });

  it("encrypts at host, boots with Secure Boot and vTPM, and refuses password logins", () => {
    for (const vm of vms) {
      expect(vm).toMatchObject({ encryption_at_host_enabled: true, secure_boot_enabled: true, vtpm_enabled: true, disable_password_authentication: true, admin_username: ADMIN_USERNAME });
      expect(vm.admin_password).toBeUndefined();
      expect(vm.admin_ssh_key).toEqual([{ username: ADMIN_USERNAME, public_key: ref(json, "tls_private_key", "ssh-key", "public_key_openssh") }]);
      expect(vm.boot_diagnostics).toEqual({});
      expect(vm.os_disk).toMatchObject({ caching: "ReadWrite", storage_account_type: "Premium_LRS" });
    }
    expect(onlyConfigOf(json, "tls_private_key")).toMatchObject({ algorithm: "RSA", rsa_bits: 4096 });
    const given = synth({ adminSshPublicKey: "ssh-ed25519 AAAA test", encryptionAtHost: false }).json;
    expect(configsOf(given, "tls_private_key")).toHaveLength(0);
    for (const vm of configsOf(given, "azurerm_linux_virtual_machine")) {
      expect(vm.admin_ssh_key[0].public_key).toBe("ssh-ed25519 AAAA test");
      expect(vm.encryption_at_host_enabled).toBe(false);
    }
  });

  it("boots Debian 12 for the size's architecture", () => {
    for (const vm of vms) expect(vm.source_image_reference).toEqual({ publisher: "Debian", offer: "debian-12", sku: "12-gen2", version: "latest" });
    expect(vmArchitecture("Standard_D2pds_v5")).toBe("arm64");
    expect(vmArchitecture("Standard_D2ds_v5")).toBe("x64");
    expect(configsOf(synth({ vmSize: "Standard_D2pds_v5" }).json, "azurerm_linux_virtual_machine")[0].source_image_reference.sku).toBe("12-arm64");
  });

  it("generates the AUTH password into Key Vault and lets only the nodes' identity read that one secret", () => {
    expect(onlyConfigOf(json, "azurerm_key_vault_secret").name).toBe("redis-password");
    const role = configsOf(json, "azurerm_role_assignment").find((r) => r.role_definition_name === "Key Vault Secrets User")!;
    expect(role).toMatchObject({ role_definition_name: "Key Vault Secrets User", principal_type: "ServicePrincipal" });
    expect(role.scope).toBe(ref(json, "azurerm_key_vault_secret", "password", "resource_versionless_id"));
    expect(role.principal_id).toBe(ref(json, "azurerm_user_assigned_identity", "identity", "principal_id"));
    for (const vm of vms) {
      expect(vm.identity).toEqual({ type: "UserAssigned", identity_ids: [ref(json, "azurerm_user_assigned_identity", "identity")] });
      expect(vm.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_role_assignment\.redis_password-reader/)]));
    }
    expect((json.output as any).password.value).toBe(ref(json, "azurerm_key_vault_secret", "password", "resource_versionless_id"));
  });

  it("boots the core renderer's cloud-init (one code path for every cloud), with no secret in it", () => {
    const locals = Object.entries(json.locals ?? {}).sort(([a], [b]) => a.localeCompare(b));
    expect(locals).toHaveLength(3);
    const clientId = ref(json, "azurerm_user_assigned_identity", "identity", "client_id");
    const secretUrl = ref(json, "azurerm_key_vault_secret", "password", "versionless_id");
    locals.forEach(([name, value], i) => {
      expect(vms[i].custom_data).toBe(`\${base64encode(local.${name})}`);
      const expected = terraformLiteral(
        renderRedisCloudInit({
          nodeIndex: i,
          nodeAddresses: redis.addresses,
          quorum: 2,
          downAfterMilliseconds: 5000,
          failoverTimeoutMilliseconds: 60000,
          maxMemoryPercent: 75,
          dataDevice: DATA_DEVICE,
          fetchPasswordCommand: fetchPasswordCommand("CLIENT", "https://secret.invalid/redis-password"),
          extraPackages: ["curl", "jq"],
          masterName: REDIS_MASTER_NAME,
        }),
        {},
      );
      expect(String(value).split(clientId).join("CLIENT").split(secretUrl).join("https://secret.invalid/redis-password")).toBe(expected);
      expect(String(value)).not.toContain("random_password");
    });
    expect(vms[0].lifecycle.ignore_changes).toEqual(["custom_data", "source_image_reference"]);
  });

  it("reads the password through the instance metadata service and the Key Vault REST API", () => {
    const command = fetchPasswordCommand("client-1", "https://v.vault.azure.net/secrets/redis-password");
    expect(command).toContain("http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net&client_id=client-1");
    expect(command).toContain("-H Metadata:true");
    expect(command).toContain("'https://v.vault.azure.net/secrets/redis-password?api-version=7.4' | jq -re .value");
    expect(command).toContain("for attempt in $(seq 1 30)");
  });

  it("announces the three Sentinels and the master name", () => {
    expect(redis.endpoints.sentinelAddresses).toEqual(["10.110.32.10:26379", "10.110.32.11:26379", "10.110.32.12:26379"]);
    expect(redis.endpoints.masterName).toBe(REDIS_MASTER_NAME);
  });

  it("wraps nodes around fewer zones only when distinctZones is off", () => {
    const shared = synth({ zones: ["1"], distinctZones: false });
    expect(byId(shared.json, "azurerm_linux_virtual_machine").map((vm) => vm.zone)).toEqual(["1", "1", "1"]);
    expect(() => synth({ zones: ["1", "2"] })).toThrow(/nodeCount is 3 but only 2 zone\(s\) are given; with distinctZones true/);
  });

  it.each([
    [{ nodeCount: 2 }, /nodeCount is 2; use at least 3 nodes/],
    [{ quorum: 1 }, /quorum is 1; with 3 nodes use 2 to 3/],
    [{ volumeSizeGiB: 2 }, /volumeSizeGiB is 2; managed disks take whole GiB from 4 to 32767/],
    [{ vmSize: "m5.large" }, /vmSize "m5.large" is not an Azure VM size/],
    [{ diskType: "Standard_LRS" as never }, /diskType "Standard_LRS" is invalid/],
    [{ privateIpHostNumber: 2 }, /privateIpHostNumber 2 does not fit 3 nodes/],
    [{ subnetCidr: "10.110.32.0/30" }, /does not fit 3 nodes in 10.110.32.0\/30/],
  ])("rejects %j", (overrides, message) => {
    expect(() => synth(overrides as Overrides)).toThrow(message);
  });
});

describe("terraformLiteral", () => {
  it("escapes template syntax in literal text, then splices in the real references", () => {
    expect(terraformLiteral('echo "${HOME}" %{x} ID', { ID: "${azurerm_x.y.id}" })).toBe('echo "$${HOME}" %%{x} ${azurerm_x.y.id}');
    expect(() => terraformLiteral("no placeholder", { ID: "x" })).toThrow(/placeholder ID does not occur/);
  });
});
