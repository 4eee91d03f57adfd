import { AwsKmsKey, type AwsKmsKeyProps } from "../../../constructs/aws/kms";
import { onlyConfigOf, synthJson } from "../../support/synth";

const context = { cloud: "aws" as const, environment: "prod", region: "eu-west-1", primary: false };

function synth(overrides: Partial<AwsKmsKeyProps> = {}) {
  return synthJson((scope) => {
    new AwsKmsKey(scope, "kms", { context, name: "assets", ...overrides });
  });
}
const policyOf = (key: Record<string, any>) => JSON.parse(key.policy) as { Statement: Array<Record<string, any>> };

describe("AwsKmsKey", () => {
  const json = synth();
  const key = onlyConfigOf(json, "aws_kms_key");

  it("rotates the key automatically", () => {
    expect(key.enable_key_rotation).toBe(true);
  });

  it("waits the longest window (30 days) before deleting the key", () => {
    expect(key.deletion_window_in_days).toBe(30);
    expect(onlyConfigOf(synth({ deletionWindowDays: 7 }), "aws_kms_key").deletion_window_in_days).toBe(7);
  });

  it("names the key with an alias/<resource name>", () => {
    const alias = onlyConfigOf(json, "aws_kms_alias");
    expect(alias.name).toBe("alias/mockforge-prod-euw1-assets");
    expect(alias.target_key_id).toMatch(/^\$\{aws_kms_key\..+\.key_id\}$/);
  });

  it("keeps the account root as key administrator and grants nothing else by default", () => {
    const statements = policyOf(key).Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toEqual({
      Sid: "AccountRootAdministers",
      Effect: "Allow",
      Principal: { AWS: expect.stringMatching(/^arn:\$\{data\.aws_partition\..+\.partition\}:iam::\$\{data\.aws_caller_identity\..+\.account_id\}:root$/) },
      Action: "kms:*",
      Resource: "*",
    });
  });

  it("lets listed services use the key, narrowed by their conditions", () => {
    const logsArn = "arn:aws:logs:eu-west-1:111122223333:*";
    const statements = policyOf(
      onlyConfigOf(
        synth({
          serviceGrants: [
            {
              servicePrincipal: "logs.eu-west-1.amazonaws.com",
              conditions: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": logsArn } },
            },
          ],
        }),
        "aws_kms_key",
      ),
    ).Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0].Sid).toBe("AccountRootAdministers");
    expect(statements[1]).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "logs.eu-west-1.amazonaws.com" },
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": logsArn } },
    });
    expect(statements[1].Action).toEqual(expect.arrayContaining(["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"]));
    expect(statements[1].Action).not.toContain("kms:*");
  });

  it.each([6, 31, 7.5])("rejects a deletion window of %p days", (days) => {
    expect(() => synth({ deletionWindowDays: days })).toThrow(new RegExp(`deletionWindowDays is ${days}; KMS allows whole days from 7 to 30`));
  });

  it("rejects a grant to something that is not a service principal", () => {
    expect(() => synth({ serviceGrants: [{ servicePrincipal: "arn:aws:iam::111122223333:root" }] })).toThrow(
      /servicePrincipal "arn:aws:iam::111122223333:root" is not a service principal/,
    );
  });

  it("rejects wildcard actions for services", () => {
    expect(() => synth({ serviceGrants: [{ servicePrincipal: "logs.eu-west-1.amazonaws.com", actions: ["kms:*"] }] })).toThrow(
      /must list specific kms: actions/,
    );
  });
});
