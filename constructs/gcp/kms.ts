import { Construct } from "constructs";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { resourceName } from "../core/naming";
import type { DeploymentContext } from "../core/specs";

/** The role a Google service agent needs to encrypt and decrypt with a key. */
export const ENCRYPTER_DECRYPTER_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter";
const SECONDS_PER_DAY = 86400;

export interface GcpKmsKeyProps {
  readonly context: DeploymentContext;
  /** Component name; the key ring and key are named `mockforge-<env>-<region code>-<name>`. */
  readonly name: string;
  /**
   * Cloud KMS location of the key: the region of the resources it encrypts,
   * or a multi-region (`us`, `europe`, `asia`) for multi-region buckets.
   * @default context.region
   */
  readonly location?: string;
  /**
   * E-mail addresses of the service agents (or service accounts) that may
   * encrypt and decrypt with the key; nobody else gets a grant here.
   * @default none
   */
  readonly encrypters?: readonly string[];
  /**
   * Days between automatic rotations (a new primary version).
   * @default 90
   */
  readonly rotationPeriodDays?: number;
  /**
   * Days a destroyed key version stays recoverable.
   * @default 30
   */
  readonly destroyScheduledDays?: number;
  /**
   * Refuse `terraform destroy` (and replacement) of the key: lifecycle
   * prevent_destroy. Destroying a key makes everything it encrypted, retained
   * backups and snapshots included, unreadable once the versions are gone.
   * @default true; development environments turn it off to tear down freely
   */
  readonly deletionProtection?: boolean;
}

/**
 * A customer-managed encryption key (CMEK): its own key ring, symmetric
 * ENCRYPT_DECRYPT purpose, automatic rotation, Terraform refusing to destroy
 * it (unless `deletionProtection` is off), a recovery window on destroy, and
 * encrypter/decrypter grants for the named service agents only.
 *
 * Key rings cannot be deleted in Cloud KMS: re-creating a destroyed stack
 * re-uses (imports) the ring of the same name.
 */
export class GcpKmsKey extends Construct {
  readonly keyRing: KmsKeyRing;
  readonly key: KmsCryptoKey;
  readonly grants: readonly KmsCryptoKeyIamMember[];
  /** `projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`: what CMEK fields take. */
  readonly keyId: string;

  constructor(scope: Construct, id: string, props: GcpKmsKeyProps) {
    super(scope, id);
    const rotationDays = props.rotationPeriodDays ?? 90;
    const destroyDays = props.destroyScheduledDays ?? 30;
    if (!Number.isInteger(rotationDays) || rotationDays < 1 || rotationDays > 365) {
      throw new Error(`GcpKmsKey "${props.name}": rotationPeriodDays is ${rotationDays}; use a whole number of days from 1 to 365.`);
    }
    if (!Number.isInteger(destroyDays) || destroyDays < 1 || destroyDays > 120) {
      throw new Error(`GcpKmsKey "${props.name}": destroyScheduledDays is ${destroyDays}; Cloud KMS allows 1 to 120 days.`);
    }
    const name = resourceName(props.context, props.name, 63);
    this.keyRing = new KmsKeyRing(this, "key-ring", { name, location: props.location ?? props.context.region });
    this.key = new KmsCryptoKey(this, "key", {
      name,
      keyRing: this.keyRing.id,
      purpose: "ENCRYPT_DECRYPT",
      rotationPeriod: `${rotationDays * SECONDS_PER_DAY}s`,
      destroyScheduledDuration: `${destroyDays * SECONDS_PER_DAY}s`,
      versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: "SOFTWARE" },
      lifecycle: { preventDestroy: props.deletionProtection ?? true },
    });
    this.keyId = this.key.id;
    this.grants = (props.encrypters ?? []).map(
      (email, i) =>
        new KmsCryptoKeyIamMember(this, `encrypter-${i}`, {
          cryptoKeyId: this.key.id,
          role: ENCRYPTER_DECRYPTER_ROLE,
          member: `serviceAccount:${email}`,
        }),
    );
  }
}
