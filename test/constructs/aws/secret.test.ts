import { TerraformOutput } from "cdktf";
import { AwsGeneratedSecret, type AwsGeneratedSecretProps } from "../../../constructs/aws/secret";
import { configsOf, onlyConfigOf, resourcesOf, synthJson } from "../../support/synth";

const context = { cloud: "aws" as const, environment: "prod", region: "us-east-1", primary: true };

function synth(overrides: Partial<AwsGeneratedSecretProps> = {}) {
  return synthJson((scope) => {
    const secret = new AwsGeneratedSecret(scope, "admin", { context, name: "admin-signing-key", ...overrides });
    new TerraformOutput(scope, "ref", { value: secret.ref.secretId });
  });
}

describe("AwsGeneratedSecret", () => {
  const json = synth();
  const secret = onlyConfigOf(json, "aws_secretsmanager_secret");
  const password = onlyConfigOf(json, "random_password");

  it("generates a 40-character password without URL- or config-breaking special characters", () => {
    expect(password.length).toBe(40);
    expect(password.special).toBe(false);
    expect(password.override_special).toBeUndefined();
    expect(password).toMatchObject({ min_upper: 1, min_lower: 1, min_numeric: 1 });
  });

  it("stores the password as the secret's value", () => {
    const version = onlyConfigOf(json, "aws_secretsmanager_secret_version");
    const [passwordId] = resourcesOf(json, "random_password")[0];
    const [secretId] = resourcesOf(json, "aws_secretsmanager_secret")[0];
    expect(version.secret_string).toBe(`\${random_password.${passwordId}.result}`);
    expect(version.secret_id).toBe(`\${aws_secretsmanager_secret.${secretId}.id}`);
  });

  it("encrypts with its own rotating customer-managed key by default", () => {
    const [keyId, key] = resourcesOf(json, "aws_kms_key")[0];
    expect(key.enable_key_rotation).toBe(true);
    expect(secret.kms_key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
  });

  it("uses a given key instead of creating one", () => {
    const arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const withKey = synth({ kmsKeyArn: arn });
    expect(configsOf(withKey, "aws_kms_key")).toHaveLength(0);
    expect(onlyConfigOf(withKey, "aws_secretsmanager_secret").kms_key_id).toBe(arn);
  });

  it("keeps a deleted secret recoverable for 30 days unless immediate deletion is allowed", () => {
    expect(secret.recovery_window_in_days).toBe(30);
    expect(onlyConfigOf(synth({ allowImmediateDeletion: true }), "aws_secretsmanager_secret").recovery_window_in_days).toBe(0);
  });

  it("is named after the deployment and exposes its ARN as the reference", () => {
    expect(secret.name).toBe("mockforge-prod-use1-admin-signing-key");
    const [secretId] = resourcesOf(json, "aws_secretsmanager_secret")[0];
    expect(json.output?.ref.value).toBe(`\${aws_secretsmanager_secret.${secretId}.arn}`);
  });

  it.each([19, 129, 32.5])("rejects a password length of %p", (length) => {
    expect(() => synth({ passwordLength: length })).toThrow(new RegExp(`passwordLength is ${length}; use a whole number from 20 to 128`));
  });
});
