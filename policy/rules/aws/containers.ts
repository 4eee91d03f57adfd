/** The container supply chain: immutable, scanned, encrypted images from the project's own registry. */
import { SERVICE_NAME } from "../../../constructs/core/naming";
import { awsRule, blocksOf, isTrue, shown } from "./helpers";
import { containersOf } from "./secrets";

export const ecrImmutableTags = awsRule({
  id: "MF-AWS-ECR-1",
  severity: "error",
  title: "ECR tags are immutable: a deployed tag always means the same image",
  fix: "Set image_tag_mutability = IMMUTABLE on the aws_ecr_repository.",
  mirrors: ["CKV_AWS_51", "AVD-AWS-0031"],
  appliesTo: ["aws_ecr_repository"],
  check: ({ config }) => (config.image_tag_mutability === "IMMUTABLE" ? [] : [`image_tag_mutability is ${shown(config.image_tag_mutability)}`]),
});

export const ecrScanOnPush = awsRule({
  id: "MF-AWS-ECR-2",
  severity: "error",
  title: "ECR scans every pushed image for vulnerabilities",
  fix: "Set image_scanning_configuration { scan_on_push = true } (or a registry-wide aws_ecr_registry_scanning_configuration).",
  mirrors: ["CKV_AWS_163", "AVD-AWS-0030"],
  appliesTo: ["aws_ecr_repository"],
  check: ({ config }, ctx) => {
    if (blocksOf(config.image_scanning_configuration).some((c) => isTrue(c.scan_on_push))) return [];
    if (ctx.resources("aws_ecr_registry_scanning_configuration").some((r) => blocksOf(r.config.rule).length > 0)) return [];
    return ["image_scanning_configuration.scan_on_push is not true and no registry scanning configuration exists"];
  },
});

export const ecrEncrypted = awsRule({
  id: "MF-AWS-ECR-3",
  severity: "error",
  title: "ECR repositories encrypt images with a customer-managed KMS key",
  fix: "Set encryption_configuration { encryption_type = KMS, kms_key = <key ARN> }.",
  mirrors: ["CKV_AWS_136", "AVD-AWS-0033"],
  appliesTo: ["aws_ecr_repository"],
  check: ({ config }) => {
    const encryption = blocksOf(config.encryption_configuration)[0];
    if (!encryption || encryption.encryption_type !== "KMS") return [`encryption_type is ${shown(encryption?.encryption_type)} (AES256 by default)`];
    return encryption.kms_key ? [] : ["uses KMS with the AWS-managed aws/ecr key (no kms_key)"];
  },
});

/**
 * `<account>.dkr.ecr.<region>.amazonaws.com/<SERVICE_NAME>-<repo>:<tag|@digest>`;
 * account and region may be Terraform expressions.
 */
const OWN_IMAGE = new RegExp(
  `^(\\d{12}|\\$\\{[^}]+\\})\\.dkr\\.ecr\\.([a-z]{2}(-[a-z]+)+-\\d|\\$\\{[^}]+\\})\\.amazonaws\\.com(\\.cn)?/${SERVICE_NAME}-[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$`,
);

export const imagesFromOwnRegistry = awsRule({
  id: "MF-AWS-ECS-2",
  severity: "error",
  title: `Containers run images only from the project's own ECR repositories (${SERVICE_NAME}-*), by immutable tag or digest, never :latest`,
  fix: `Use <account>.dkr.ecr.<region>.amazonaws.com/${SERVICE_NAME}-<name>:<release tag or git SHA> (AwsContainerRegistry.repositoryUrlFor builds it).`,
  mirrors: [],
  appliesTo: ["aws_ecs_task_definition"],
  check: (task, ctx) => {
    const read = containersOf(task);
    if ("problem" in read) return [read.problem];
    return read.containers.flatMap((container) => {
      const image = String(container.image);
      if (image.endsWith(":latest")) return [`container ${container.name} runs ${image}: :latest is mutable`];
      if (OWN_IMAGE.test(image)) return [];
      // `${aws_ecr_repository.x.repository_url}:tag` of a project repository in this stack.
      const repo = ctx.resolve(image, "aws_ecr_repository");
      if (repo && String(repo.config.name).startsWith(`${SERVICE_NAME}-`) && /:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$|@sha256:[a-f0-9]{64}$/.test(image)) return [];
      return [`container ${container.name} runs ${image}, which is not a tagged image of the project's ECR (${SERVICE_NAME}-*)`];
    });
  },
});

export const containerRules = [ecrImmutableTags, ecrScanOnPush, ecrEncrypted, imagesFromOwnRegistry];
