import { Construct } from "constructs";
import { Token, type TerraformProvider } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { resourceName } from "../core/naming";
import type { DeploymentContext } from "../core/specs";
import { awsAccount } from "./account";

/** IAM policy conditions: operator -> condition key -> value(s). */
export type PolicyConditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** An AWS service allowed to use the key (e.g. CloudWatch Logs encrypting a log group). */
export interface KmsServiceGrant {
  /** Service principal, e.g. `logs.us-east-1.amazonaws.com`. */
  readonly servicePrincipal: string;
  /**
   * KMS actions the service may call.
   * @default encrypt, decrypt, re-encrypt, generate data keys and describe the key
   */
  readonly actions?: readonly string[];
  /**
   * Conditions that narrow the grant, e.g.
   * `{ ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:<region>:<account>:*" } }`.
   * @default no conditions (any use by the service principal)
   */
  readonly conditions?: PolicyConditions;
}

export interface AwsKmsKeyProps {
  readonly context: DeploymentContext;
  /** Component name; the alias becomes `alias/mockforge-<env>-<region code>-<name>`. */
  readonly name: string;
  /**
   * Human-readable purpose of the key.
   * @default "MockForge <name> (<env>, <region>)"
   */
  readonly description?: string;
  /**
   * Days KMS waits before deleting the key after it is scheduled for deletion (7-30).
   * @default 30: the longest window, to recover from an accidental destroy
   */
  readonly deletionWindowDays?: number;
  /**
   * AWS services allowed to use the key through the key policy (in addition to
   * IAM principals of this account, which the account root statement enables).
   * @default none
   */
  readonly serviceGrants?: readonly KmsServiceGrant[];
  /**
   * Provider to create the key with (e.g. an aliased provider of another region).
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

const DEFAULT_SERVICE_ACTIONS: readonly string[] = [
  "kms:Encrypt*",
  "kms:Decrypt*",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:Describe*",
];

/**
 * A customer-managed symmetric KMS key with yearly automatic rotation and an alias.
 *
 * The key policy keeps the account root as administrator (the AWS default
 * statement): without it a key can become unmanageable, and it lets IAM
 * policies of this account grant use of the key. `kms:*` on `*` here means
 * "this key" — a key policy only ever applies to its own key.
 */
export class AwsKmsKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  /** ARN of the key (use it for `kms_key_id` arguments). */
  readonly arn: string;
  readonly keyId: string;
  /** `alias/<name>`. */
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: AwsKmsKeyProps) {
    super(scope, id);
    const deletionWindowDays = props.deletionWindowDays ?? 30;
    if (!Number.isInteger(deletionWindowDays) || deletionWindowDays < 7 || deletionWindowDays > 30) {
      throw new Error(`AwsKmsKey "${props.name}": deletionWindowDays is ${deletionWindowDays}; KMS allows whole days from 7 to 30.`);
    }
    for (const grant of props.serviceGrants ?? []) {
      // A principal built from a token (e.g. the provider's region) is checked by AWS at apply.
      if (!Token.isUnresolved(grant.servicePrincipal) && !/^[a-z0-9.-]+\.amazonaws\.com$/.test(grant.servicePrincipal)) {
        throw new Error(
          `AwsKmsKey "${props.name}": serviceGrants servicePrincipal "${grant.servicePrincipal}" is not a service principal ` +
            `(expected e.g. "logs.${props.context.region}.amazonaws.com").`,
        );
      }
      if (grant.actions !== undefined && (grant.actions.length === 0 || grant.actions.some((a) => a === "*" || a === "kms:*"))) {
        throw new Error(
          `AwsKmsKey "${props.name}": serviceGrants actions for ${grant.servicePrincipal} must list specific kms: actions, got ${JSON.stringify(grant.actions)}.`,
        );
      }
    }

    const fullName = resourceName(props.context, props.name, 250);
    this.aliasName = `alias/${fullName}`;
    const account = awsAccount(this, props.provider);

    const statements: Record<string, unknown>[] = [
      {
        Sid: "AccountRootAdministers",
        Effect: "Allow",
        Principal: { AWS: `arn:${account.partition}:iam::${account.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      ...(props.serviceGrants ?? []).map((grant, index) => ({
        Sid: `ServiceUse${index}`,
        Effect: "Allow",
        Principal: { Service: grant.servicePrincipal },
        Action: [...(grant.actions ?? DEFAULT_SERVICE_ACTIONS)],
        Resource: "*",
        ...(grant.conditions ? { Condition: grant.conditions } : {}),
      })),
    ];

    this.key = new KmsKey(this, "key", {
      provider: props.provider,
      description: props.description ?? `MockForge ${props.name} (${props.context.environment}, ${props.context.region})`,
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindowDays,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
      tags: { Name: fullName },
    });
    this.alias = new KmsAlias(this, "alias", {
      provider: props.provider,
      name: this.aliasName,
      targetKeyId: this.key.keyId,
    });
    this.arn = this.key.arn;
    this.keyId = this.key.keyId;
  }
}
