import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { resourceName } from "../core/naming";
import type { DeploymentContext } from "../core/specs";
import { KmsKey } from "./bindings/kms-key";
import { KmsVault } from "./bindings/kms-vault";

/** OCI Vault types: a shared HSM partition, or a dedicated one (needed for automatic key rotation). */
export type OciVaultType = "DEFAULT" | "VIRTUAL_PRIVATE";

export interface OciVaultProps {
  readonly context: DeploymentContext;
  readonly compartmentId: string;
  /**
   * `VIRTUAL_PRIVATE` (dedicated HSM partition; keys rotate automatically) or
   * `DEFAULT` (shared partition; OCI only supports manual rotation there).
   * @default "VIRTUAL_PRIVATE"
   */
  readonly vaultType?: OciVaultType;
  /**
   * Days between automatic key rotations (60-365; virtual private vaults only).
   * @default 90
   */
  readonly keyRotationDays?: number;
  /**
   * Provider to create the vault with (another region).
   * @default the stack's default OCI provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A region's Vault. Keys are created per purpose with `addKey` (storage,
 * compute volumes, secrets), each an HSM-protected AES-256 key; in a virtual
 * private vault they rotate automatically.
 */
export class OciVault extends Construct {
  readonly vault: KmsVault;
  readonly vaultId: string;
  readonly managementEndpoint: string;
  readonly vaultType: OciVaultType;
  readonly keyRotationDays: number;
  private readonly props: OciVaultProps;

  constructor(scope: Construct, id: string, props: OciVaultProps) {
    super(scope, id);
    this.props = props;
    this.vaultType = props.vaultType ?? "VIRTUAL_PRIVATE";
    this.keyRotationDays = props.keyRotationDays ?? 90;
    if (this.vaultType !== "DEFAULT" && this.vaultType !== "VIRTUAL_PRIVATE") {
      throw new Error(`OciVault: vaultType "${String(this.vaultType)}" is invalid; use "DEFAULT" or "VIRTUAL_PRIVATE".`);
    }
    if (!Number.isInteger(this.keyRotationDays) || this.keyRotationDays < 60 || this.keyRotationDays > 365) {
      throw new Error(`OciVault: keyRotationDays is ${this.keyRotationDays}; OCI rotates keys every 60 to 365 days.`);
    }
    this.vault = new KmsVault(this, "vault", {
      provider: props.provider,
      compartmentId: props.compartmentId,
      displayName: resourceName(props.context, "vault"),
      vaultType: this.vaultType,
    });
    this.vaultId = this.vault.id;
    this.managementEndpoint = this.vault.managementEndpoint;
  }

  /** A new master encryption key named `mockforge-<env>-<region>-<purpose>`. */
  addKey(id: string, purpose: string): KmsKey {
    const rotates = this.vaultType === "VIRTUAL_PRIVATE";
    return new KmsKey(this, id, {
      provider: this.props.provider,
      compartmentId: this.props.compartmentId,
      displayName: resourceName(this.props.context, `${purpose}-key`),
      keyShape: { algorithm: "AES", length: 32 },
      managementEndpoint: this.managementEndpoint,
      protectionMode: "HSM",
      isAutoRotationEnabled: rotates,
      autoKeyRotationDetails: rotates ? { rotationIntervalInDays: this.keyRotationDays } : undefined,
    });
  }
}
