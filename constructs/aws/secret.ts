import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import type { Password } from "@cdktf/provider-random/lib/password";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import type { SecretHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import type { DeploymentContext, SecretRef } from "../core/specs";
import { AwsKmsKey } from "./kms";
import { generatedPassword } from "../core/generated-password";

export interface AwsGeneratedSecretProps {
  readonly context: DeploymentContext;
  /** Component name; the secret is named `mockforge-<env>-<region code>-<name>`. */
  readonly name: string;
  /**
   * What the secret is for.
   * @default "MockForge <name>"
   */
  readonly description?: string;
  /**
   * KMS key that encrypts the secret.
   * @default a new customer-managed key (rotation on) for this secret alone
   */
  readonly kmsKeyArn?: string;
  /**
   * Length of the generated password (letters and digits only).
   * @default 40 (about 238 bits of entropy)
   */
  readonly passwordLength?: number;
  /**
   * Delete the secret at once on destroy instead of after a 30-day recovery window.
   * Only for throw-away environments: a deleted secret cannot be recovered.
   * @default false: 30-day recovery window
   */
  readonly allowImmediateDeletion?: boolean;
  /**
   * Provider to create the secret with.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A generated password kept in Secrets Manager, encrypted with a customer-managed key.
 *
 * Only letters and digits: the value goes into URLs, redis.conf and shell
 * commands unquoted, where `@:/#%$'"` and friends would break or inject.
 *
 * The random_password value is also stored in the Terraform state (Terraform
 * cannot generate a value without recording it). The state bucket is
 * encrypted and access-controlled; treat state read access as secret access.
 */
export class AwsGeneratedSecret extends Construct implements SecretHandle {
  readonly password: Password;
  readonly secret: SecretsmanagerSecret;
  readonly version: SecretsmanagerSecretVersion;
  readonly secretArn: string;
  /** ARN of the key encrypting the secret; readers need kms:Decrypt on it. */
  readonly kmsKeyArn: string;
  /** The key created for this secret; undefined when `kmsKeyArn` was given. */
  readonly kmsKey?: AwsKmsKey;
  readonly ref: SecretRef;

  constructor(scope: Construct, id: string, props: AwsGeneratedSecretProps) {
    super(scope, id);
    this.password = generatedPassword(this, "AwsGeneratedSecret", props.name, props.passwordLength);
    const name = resourceName(props.context, props.name, 512);

    if (props.kmsKeyArn === undefined) {
      this.kmsKey = new AwsKmsKey(this, "kms", {
        context: props.context,
        name: `${props.name}-secret`,
        description: `Encrypts the MockForge ${props.name} secret`,
        provider: props.provider,
      });
    }
    this.kmsKeyArn = props.kmsKeyArn ?? this.kmsKey!.arn;

    this.secret = new SecretsmanagerSecret(this, "secret", {
      provider: props.provider,
      name,
      description: props.description ?? `MockForge ${props.name}`,
      kmsKeyId: this.kmsKeyArn,
      recoveryWindowInDays: props.allowImmediateDeletion === true ? 0 : 30,
      tags: { Name: name },
    });
    this.version = new SecretsmanagerSecretVersion(this, "version", {
      provider: props.provider,
      secretId: this.secret.id,
      secretString: this.password.result,
    });
    this.secretArn = this.secret.arn;
    this.ref = { secretId: this.secret.arn };
  }
}
