import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import type { Password } from "@cdktf/provider-random/lib/password";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import type { SecretHandle } from "../core/kit";
import type { SecretRef } from "../core/specs";
import type { AzureKeyVault } from "./key-vault";
import { generatedPassword } from "../core/generated-password";

/** Key Vault secret names: 1-127 letters, digits and dashes. */
const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

export interface AzureGeneratedSecretProps {
  readonly keyVault: AzureKeyVault;
  /** Secret name inside the vault, e.g. `redis-password`. */
  readonly name: string;
  /**
   * Length of the generated password (letters and digits only).
   * @default 40 (about 238 bits of entropy)
   */
  readonly passwordLength?: number;
}

/**
 * A generated password kept in Key Vault. Letters and digits only: the value
 * goes into connection strings, redis.conf and shell commands unquoted.
 *
 * `ref.secretId` is the secret's versionless Azure resource id, the scope a
 * reader's role assignment needs; {@link keyVaultSecretUrl} turns it into the
 * URL Container Apps and the REST API take. Readers always get the latest
 * version. The random_password value is also in the Terraform state: treat
 * state read access as secret access.
 */
export class AzureGeneratedSecret extends Construct implements SecretHandle {
  readonly password: Password;
  readonly secret: KeyVaultSecret;
  readonly ref: SecretRef;
  /** Versionless secret URL, `https://<vault>.vault.azure.net/secrets/<name>`. */
  readonly secretUrl: string;

  constructor(scope: Construct, id: string, props: AzureGeneratedSecretProps) {
    super(scope, id);
    this.password = generatedPassword(this, "AzureGeneratedSecret", props.name, props.passwordLength);
    if (!SECRET_NAME.test(props.name)) {
      throw new Error(`AzureGeneratedSecret: name "${props.name}" is not a Key Vault secret name; use 1-127 letters, digits and dashes.`);
    }
    this.secret = new KeyVaultSecret(this, "secret", {
      keyVaultId: props.keyVault.vaultId,
      name: props.name,
      value: this.password.result,
      contentType: "text/plain",
      // Terraform can write only once its Secrets Officer role exists.
      dependsOn: [props.keyVault.deployerAccess, props.keyVault.privateEndpoint],
    });
    this.ref = { secretId: this.secret.resourceVersionlessId };
    this.secretUrl = this.secret.versionlessId;
  }
}

/** Index of the vault and secret names in `/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/<v>/secrets/<n>` split on `/`. */
const VAULT_INDEX = 8;
const SECRET_INDEX = 10;
const SECRET_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)\/secrets\/([^/]+)$/i;

/**
 * The versionless URL of the secret a SecretRef names (its resource id):
 * computed at synth time for literal ids, with Terraform functions for ids
 * known only at apply time (e.g. the primary region's secrets).
 */
export function keyVaultSecretUrl(ref: SecretRef): string {
  const id = ref.secretId;
  if (!Token.isUnresolved(id)) {
    const m = SECRET_ID.exec(id);
    if (!m) throw new Error(`keyVaultSecretUrl: "${id}" is not a Key Vault secret resource id (/subscriptions/…/vaults/<vault>/secrets/<name>).`);
    return `https://${m[1]}.vault.azure.net/secrets/${m[2]}`;
  }
  const parts = Fn.split("/", id);
  return `https://${Fn.element(parts, VAULT_INDEX)}.vault.azure.net/secrets/${Fn.element(parts, SECRET_INDEX)}`;
}
