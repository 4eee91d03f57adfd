import { Construct } from "constructs";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { parseCidr } from "../core/cidr";

/** Built-in role that lets Terraform create and update the vault's secrets. */
export const KEY_VAULT_SECRETS_OFFICER = "Key Vault Secrets Officer";
/** Built-in role that lets a workload read one secret (granted per secret, not per vault). */
export const KEY_VAULT_SECRETS_USER = "Key Vault Secrets User";

export interface AzureKeyVaultProps {
  /** Vault name: 3-24 letters, digits and dashes, globally unique (see naming.ts keyVaultName). */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** Subnet the private endpoint goes into (the network's `endpoints` subnet). */
  readonly privateEndpointSubnetId: string;
  /** The `privatelink.vaultcore.azure.net` zone the endpoint registers its address in. */
  readonly privateDnsZoneId: string;
  /**
   * Public CIDRs allowed through the vault firewall: the machines that run
   * Terraform (they write the secrets over the data plane).
   * @default none: only the private endpoint (run Terraform from inside the VNet)
   */
  readonly allowedIpRanges?: readonly string[];
  /**
   * Days a deleted vault or secret stays recoverable (7-90).
   * @default 90
   */
  readonly softDeleteRetentionDays?: number;
}

/**
 * A Key Vault for the region's secrets: Azure RBAC (no access policies),
 * purge protection and 90-day soft delete (a deleted secret can always be
 * recovered, never purged early), a firewall that denies everything but the
 * listed deployer CIDRs, and a private endpoint through which the VNet (and
 * peered VNets) reach it. Terraform's own identity is made Secrets Officer so
 * it can write the generated secrets; workloads get Secrets User on single
 * secrets only.
 */
export class AzureKeyVault extends Construct {
  readonly vault: KeyVault;
  readonly privateEndpoint: PrivateEndpoint;
  /** The deployer's Secrets Officer role: secret writes must wait for it. */
  readonly deployerAccess: RoleAssignment;
  readonly vaultId: string;
  readonly vaultName: string;
  /** `https://<name>.vault.azure.net/` */
  readonly vaultUri: string;

  constructor(scope: Construct, id: string, props: AzureKeyVaultProps) {
    super(scope, id);
    validate(props);
    const client = new DataAzurermClientConfig(this, "client");
    this.vault = new KeyVault(this, "vault", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tenantId: client.tenantId,
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: props.softDeleteRetentionDays ?? 90,
      publicNetworkAccessEnabled: true,
      // Public access exists only for the listed deployer CIDRs; everything else comes through the private endpoint.
      networkAcls: {
        defaultAction: "Deny",
        bypass: "None",
        ipRules: [...(props.allowedIpRanges ?? [])],
      },
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
    });
    this.vaultId = this.vault.id;
    this.vaultName = this.vault.name;
    this.vaultUri = this.vault.vaultUri;

    this.privateEndpoint = new PrivateEndpoint(this, "private-endpoint", {
      name: `${props.name}-pe`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.privateEndpointSubnetId,
      privateServiceConnection: {
        name: `${props.name}-vault`,
        privateConnectionResourceId: this.vault.id,
        subresourceNames: ["vault"],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: "vault", privateDnsZoneIds: [props.privateDnsZoneId] },
    });

    this.deployerAccess = new RoleAssignment(this, "deployer-secrets-officer", {
      scope: this.vault.id,
      roleDefinitionName: KEY_VAULT_SECRETS_OFFICER,
      principalId: client.objectId,
      description: "Terraform writes the generated secrets of this vault",
    });
  }
}

function validate(props: AzureKeyVaultProps): void {
  const fail = (message: string): never => {
    throw new Error(`AzureKeyVault "${props.name}": ${message}`);
  };
  if (!/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/.test(props.name)) {
    fail("name must be 3-24 letters, digits and dashes, start with a letter, end with a letter or digit, without consecutive dashes.");
  }
  const days = props.softDeleteRetentionDays ?? 90;
  if (!Number.isInteger(days) || days < 7 || days > 90) fail(`softDeleteRetentionDays ${days} is invalid; use a whole number from 7 to 90.`);
  (props.allowedIpRanges ?? []).forEach((range, i) => {
    const parsed = parseCidr(range.includes("/") ? range : `${range}/32`);
    if ("error" in parsed) fail(`allowedIpRanges[${i}] "${range}" is not an IPv4 address or CIDR: ${parsed.error}.`);
  });
}
