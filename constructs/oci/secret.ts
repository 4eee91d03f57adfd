import { Construct } from "constructs";
import { Fn } from "cdktf";
import type { Password } from "@cdktf/provider-random/lib/password";
import type { SecretHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import type { DeploymentContext, SecretRef } from "../core/specs";
import { VaultSecret } from "./bindings/vault-secret";
import { generatedPassword } from "../core/generated-password";

export interface OciGeneratedSecretProps {
  readonly context: DeploymentContext;
  /** Component name; the secret is named `mockforge-<env>-<region code>-<name>`. */
  readonly name: string;
  readonly compartmentId: string;
  /** The Vault holding the secret. */
  readonly vaultId: string;
  /** The vault key that encrypts the secret. */
  readonly keyId: string;
  /**
   * What the secret is for.
   * @default "MockForge <name>"
   */
  readonly description?: string;
  /**
   * Length of the generated password (letters and digits only).
   * @default 40
   */
  readonly passwordLength?: number;
}

/**
 * A generated password kept in OCI Vault, encrypted with a vault key.
 * Letters and digits only: the value goes into redis.conf, URLs and shell
 * commands unquoted. The random_password value is in the Terraform state as
 * well (Terraform cannot generate a value without recording it): treat state
 * read access as secret access.
 */
export class OciGeneratedSecret extends Construct implements SecretHandle {
  readonly password: Password;
  readonly secret: VaultSecret;
  readonly secretId: string;
  readonly secretName: string;
  /** Region of the vault (readers in other regions must call that region's endpoint). */
  readonly region: string;
  readonly ref: SecretRef;

  constructor(scope: Construct, id: string, props: OciGeneratedSecretProps) {
    super(scope, id);
    this.password = generatedPassword(this, "OciGeneratedSecret", props.name, props.passwordLength);
    this.secretName = resourceName(props.context, props.name, 255);
    this.region = props.context.region;
    this.secret = new VaultSecret(this, "secret", {
      compartmentId: props.compartmentId,
      vaultId: props.vaultId,
      keyId: props.keyId,
      secretName: this.secretName,
      description: props.description ?? `MockForge ${props.name}`,
      secretContent: { contentType: "BASE64", content: Fn.base64encode(this.password.result), stage: "CURRENT" },
    });
    // One token for both: the kit recognises its own secrets by this exact string.
    this.secretId = this.secret.id;
    this.ref = { secretId: this.secretId };
  }
}
