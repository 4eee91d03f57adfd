import { TerraformOutput } from "cdktf";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Password } from "@cdktf/provider-random/lib/password";
import type { Construct } from "constructs";
import type { RuleCase } from "./types";

const ASSUME = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const rolePolicy = (...statements: object[]) => (scope: Construct) => {
  const role = new IamRole(scope, "role", { name: "task", assumeRolePolicy: ASSUME });
  new IamRolePolicy(scope, "policy", { role: role.id, policy: doc(...statements) });
};
const SCOPED = { Sid: "ReadAssets", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::mockforge-test-assets/*" };
/** GetAuthorizationToken has no resource-level permissions: "*" is its only valid resource. */
const ECR_LOGIN = { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" };

const ROOT = "arn:aws:iam::111122223333:root";
const keyPolicy = (...statements: object[]) => (scope: Construct) =>
  new KmsKey(scope, "key", {
    description: "test",
    enableKeyRotation: true,
    policy: doc({ Sid: "AccountAdministration", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" }, ...statements),
  });

const task = (environment: Array<{ name: string; value: string }>, image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/mockforge-test-server:1.2.3") => (scope: Construct) =>
  new EcsTaskDefinition(scope, "task", {
    family: "test",
    containerDefinitions: JSON.stringify([
      { name: "server", image, environment, secrets: [{ name: "DATABASE_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:111122223333:secret:db" }] },
    ]),
  });

export const iamCases: RuleCase[] = [
  {
    rule: "MF-AWS-IAM-1",
    variant: '"*" action',
    bad: rolePolicy(SCOPED, { Sid: "Everything", Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::mockforge-test-assets" }),
    message: /statement Everything allows every action \("Action": "\*"\)/,
    good: rolePolicy(SCOPED, ECR_LOGIN),
  },
  {
    rule: "MF-AWS-IAM-1",
    variant: "service:* on every resource",
    bad: rolePolicy({ Sid: "AllS3", Effect: "Allow", Action: ["s3:*"], Resource: "*" }),
    message: /statement AllS3 allows s3:\* on every resource/,
    // A service wildcard scoped to one resource, and any Deny, are fine.
    good: rolePolicy({ Sid: "OneBucket", Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::mockforge-test-assets" }, { Effect: "Deny", Action: "*", Resource: "*" }),
  },
  {
    rule: "MF-AWS-IAM-1",
    variant: "NotAction allow",
    bad: (s) => new IamPolicy(s, "policy", { name: "p", policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) }),
    message: /allows every action except iam:\* \(NotAction\)/,
    good: (s) => new IamPolicy(s, "policy", { name: "p", policy: doc(SCOPED) }),
  },
  {
    rule: "MF-AWS-IAM-1",
    variant: "inline_policy of aws_iam_role",
    bad: (s) => new IamRole(s, "role", { name: "r", assumeRolePolicy: ASSUME, inlinePolicy: [{ name: "all", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }] }),
    message: /inline_policy\[0\] all: a statement allows every action/,
    good: (s) => new IamRole(s, "role", { name: "r", assumeRolePolicy: ASSUME, inlinePolicy: [{ name: "read", policy: doc(SCOPED) }] }),
  },
  {
    rule: "MF-AWS-IAM-1",
    variant: "data.aws_iam_policy_document",
    bad: (s) => {
      const document = new DataAwsIamPolicyDocument(s, "doc", { statement: [{ effect: "Allow", actions: ["ec2:*"], resources: ["*"] }] });
      new IamPolicy(s, "policy", { name: "p", policy: document.json });
    },
    message: /allows ec2:\* on every resource/,
    good: (s) => {
      const document = new DataAwsIamPolicyDocument(s, "doc", { statement: [{ effect: "Allow", actions: ["ec2:DescribeInstances"], resources: ["*"] }] });
      new IamPolicy(s, "policy", { name: "p", policy: document.json });
    },
  },
  {
    rule: "MF-AWS-IAM-2",
    bad: (s) => {
      const role = new IamRole(s, "role", { name: "r", assumeRolePolicy: ASSUME });
      new IamRolePolicyAttachment(s, "admin", { role: role.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
    },
    message: /attaches arn:aws:iam::aws:policy\/AdministratorAccess/,
    good: (s) => {
      const role = new IamRole(s, "role", { name: "r", assumeRolePolicy: ASSUME });
      new IamRolePolicyAttachment(s, "ssm", { role: role.name, policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" });
    },
  },
  {
    rule: "MF-AWS-KMS-2",
    variant: "kms:* to a role",
    bad: keyPolicy({ Sid: "AppAdmin", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/app" }, Action: "kms:*", Resource: "*" }),
    message: /statement AppAdmin gives full control of the key \(kms:\*\) to arn:aws:iam::111122223333:role\/app/,
    // The account-root statement (AWS's default) is exempt; a service gets named actions.
    good: keyPolicy({ Sid: "Logs", Effect: "Allow", Principal: { Service: "logs.us-east-1.amazonaws.com" }, Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"], Resource: "*" }),
  },
  {
    rule: "MF-AWS-KMS-2",
    variant: "wildcard principal",
    bad: keyPolicy({ Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }),
    message: /statement Anyone allows any principal/,
    good: keyPolicy(),
  },
];

export const secretCases: RuleCase[] = [
  {
    rule: "MF-AWS-ECS-1",
    variant: "secret-looking name",
    bad: task([{ name: "REDIS_PASSWORD", value: "hunter2" }, { name: "PORT", value: "3000" }]),
    message: /container server: plain environment variable REDIS_PASSWORD looks like a secret/,
    good: task([{ name: "PORT", value: "3000" }, { name: "SECRET_ARN", value: "arn:aws:secretsmanager:us-east-1:111122223333:secret:x" }]),
  },
  {
    rule: "MF-AWS-ECS-1",
    variant: "generated password as a value",
    bad: (s) => {
      const password = new Password(s, "password", { length: 32 });
      task([{ name: "DB_CONNECTION", value: `postgres://${password.result}` }])(s);
    },
    message: /plain environment variable DB_CONNECTION takes its value from random_password.password.result/,
    good: task([{ name: "DATABASE_HOST", value: "writer.internal:5432" }]),
  },
  {
    rule: "MF-AWS-ECS-1",
    variant: "URL with credentials",
    bad: task([{ name: "CACHE_ENDPOINT", value: "redis://mockforge:s3cr3t@10.0.0.1:6379" }]),
    message: /CACHE_ENDPOINT holds a URL with a password in it/,
    good: task([{ name: "CACHE_ENDPOINT", value: "redis://10.0.0.1:6379" }]),
  },
  {
    rule: "MF-AWS-OUT-1",
    variant: "name",
    bad: (s) => new TerraformOutput(s, "admin_token", { value: "x" }),
    message: /output admin_token is named like a secret but is not sensitive/,
    good: (s) => new TerraformOutput(s, "admin_token", { value: "x", sensitive: true }),
  },
  {
    rule: "MF-AWS-OUT-1",
    variant: "value",
    bad: (s) => {
      const password = new Password(s, "password", { length: 32 });
      new TerraformOutput(s, "bootstrap", { value: password.result });
    },
    message: /output bootstrap takes its value from random_password.password.result but is not sensitive/,
    good: (s) => {
      const password = new Password(s, "password", { length: 32 });
      new TerraformOutput(s, "bootstrap", { value: password.result, sensitive: true });
      new TerraformOutput(s, "password_secret_arn", { value: "arn:aws:secretsmanager:us-east-1:111122223333:secret:x" });
    },
  },
];

export { task };
