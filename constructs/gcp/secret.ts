import { Construct } from "constructs";
import type { Password } from "@cdktf/provider-random/lib/password";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { SecretManagerSecretVersion } from "@cdktf/provider-google/lib/secret-manager-secret-version";
import type { SecretHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import type { DeploymentContext, SecretRef } from "../core/specs";
import { generatedPassword } from "../core/generated-password";

/** The role that reads a secret's payload (and nothing else). */
export const SECRET_ACCESSOR_ROLE = "roles/secretmanager.secretAccessor";

export interface GcpGeneratedSecretProps {
  readonly context: DeploymentContext;
  /** Component name; the secret is named `mockforge-<env>-<region code>-<name>`. */
  readonly name: string;
  /**
   * Length of the generated password (letters and digits only).
   * @default 40 (about 238 bits of entropy)
   */
  readonly passwordLength?: number;
  /**
   * Refuse `terraform destroy` of the secret (only development turns it off).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Service accounts (e-mail addresses) that may read the secret.
   * @default none here; use `grantRead`
   */
  readonly readers?: readonly string[];
}

/**
 * A generated password in Secret Manager, replicated automatically across
 * Google's regions (every region of the environment can read it, and it
 * survives a region outage). Only letters and digits: the value goes into
 * URLs, redis.conf and shell commands unquoted.
 *
 * Encryption: Google-managed keys. CMEK for Secret Manager needs its service
 * agent, which only the beta API creates, and a key in every replica
 * location; the random_password value is in the Terraform state anyway, so
 * the state bucket's protection bounds the secret's.
 */
export class GcpGeneratedSecret extends Construct implements SecretHandle {
  readonly password: Password;
  readonly secret: SecretManagerSecret;
  readonly version: SecretManagerSecretVersion;
  /** The secret id (short name), known at synth time. */
  readonly secretName: string;
  /** `projects/<project>/secrets/<name>`. */
  readonly secretId: string;
  readonly ref: SecretRef;

  constructor(scope: Construct, id: string, props: GcpGeneratedSecretProps) {
    super(scope, id);
    this.password = generatedPassword(this, "GcpGeneratedSecret", props.name, props.passwordLength);
    this.secretName = resourceName(props.context, props.name, 255);
    this.secret = new SecretManagerSecret(this, "secret", {
      secretId: this.secretName,
      replication: { auto: {} },
      deletionProtection: props.deletionProtection ?? true,
    });
    this.version = new SecretManagerSecretVersion(this, "version", {
      secret: this.secret.id,
      secretData: this.password.result,
    });
    this.secretId = this.secret.id;
    // The short id: Cloud Run and IAM resolve it in the project, and it reads the same from every region.
    this.ref = { secretId: this.secret.secretId };
    (props.readers ?? []).forEach((email, i) => grantSecretRead(this, `reader-${i}`, this.secret.id, email));
  }
}

/** Lets one service account read one secret (by id or name). */
export function grantSecretRead(scope: Construct, id: string, secretId: string, serviceAccountEmail: string): SecretManagerSecretIamMember {
  return new SecretManagerSecretIamMember(scope, id, {
    secretId,
    role: SECRET_ACCESSOR_ROLE,
    member: `serviceAccount:${serviceAccountEmail}`,
  });
}
