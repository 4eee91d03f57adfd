import { TerraformOutput } from "cdktf";
import { AzureKeyVault, KEY_VAULT_SECRETS_OFFICER, type AzureKeyVaultProps } from "../../../constructs/azure/key-vault";
import { dataOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { KEY_VAULT_ZONE_ID, ref } from "./fixtures";

const baseProps: AzureKeyVaultProps = {
  name: "mfprodeuskv123456",
  location: "eastus",
  resourceGroupName: "rg",
  privateEndpointSubnetId: "endpoints-subnet",
  privateDnsZoneId: KEY_VAULT_ZONE_ID,
  allowedIpRanges: ["203.0.113.0/24"],
};

function synth(overrides: Partial<AzureKeyVaultProps> = {}): SynthJson {
  return synthJson((scope) => {
    const vault = new AzureKeyVault(scope, "kv", { ...baseProps, ...overrides });
    new TerraformOutput(scope, "uri", { value: vault.vaultUri });
  });
}

describe("AzureKeyVault", () => {
  const json = synth();
  const vault = onlyConfigOf(json, "azurerm_key_vault");

  it("authorizes with Azure RBAC, never access policies", () => {
    expect(vault.rbac_authorization_enabled).toBe(true);
    expect(vault.access_policy).toBeUndefined();
    expect(vault.tenant_id).toMatch(/^\$\{data\.azurerm_client_config\..*\.tenant_id\}$/);
  });

  it("keeps deleted secrets recoverable: purge protection and 90 days of soft delete", () => {
    expect(vault.purge_protection_enabled).toBe(true);
    expect(vault.soft_delete_retention_days).toBe(90);
  });

  it("denies every network but the deployer CIDRs, with no trusted-service bypass", () => {
    expect(vault.network_acls).toEqual({ default_action: "Deny", bypass: "None", ip_rules: ["203.0.113.0/24"] });
    expect(onlyConfigOf(synth({ allowedIpRanges: undefined }), "azurerm_key_vault").network_acls.ip_rules).toEqual([]);
  });

  it("serves the VNet through a private endpoint registered in the shared private zone", () => {
    const endpoint = onlyConfigOf(json, "azurerm_private_endpoint");
    expect(endpoint.subnet_id).toBe("endpoints-subnet");
    expect(endpoint.private_service_connection).toEqual({
      name: "mfprodeuskv123456-vault",
      private_connection_resource_id: ref(json, "azurerm_key_vault", "kv_vault"),
      subresource_names: ["vault"],
      is_manual_connection: false,
    });
    expect(endpoint.private_dns_zone_group).toEqual({ name: "vault", private_dns_zone_ids: [KEY_VAULT_ZONE_ID] });
  });

  it("lets Terraform's own identity write secrets (Secrets Officer on this vault)", () => {
    const role = onlyConfigOf(json, "azurerm_role_assignment");
    expect(role.role_definition_name).toBe(KEY_VAULT_SECRETS_OFFICER);
    expect(role.scope).toBe(ref(json, "azurerm_key_vault", "kv_vault"));
    expect(role.principal_id).toMatch(/^\$\{data\.azurerm_client_config\..*\.object_id\}$/);
    expect(dataOf(json, "azurerm_client_config")).toHaveLength(1);
  });

  it("is not used for VM deployments, disk encryption or templates", () => {
    expect(vault).toMatchObject({ enabled_for_deployment: false, enabled_for_disk_encryption: false, enabled_for_template_deployment: false });
  });

  it.each([
    [{ name: "kv" }, /name must be 3-24 letters/],
    [{ name: "1mockforgekv" }, /start with a letter/],
    [{ name: "mf--kv" }, /without consecutive dashes/],
    [{ softDeleteRetentionDays: 3 }, /softDeleteRetentionDays 3 is invalid; use a whole number from 7 to 90/],
    [{ allowedIpRanges: ["203.0.113.0/33"] }, /allowedIpRanges\[0\] "203.0.113.0\/33" is not an IPv4 address or CIDR/],
  ])("rejects %j", (overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
