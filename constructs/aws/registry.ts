import { Construct } from "constructs";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrReplicationConfiguration } from "@cdktf/provider-aws/lib/ecr-replication-configuration";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import type { DeploymentContext } from "../core/specs";
import { AwsKmsKey } from "./kms";
import { awsAccount } from "./account";

/** ECR's repository name rule (lower case, path segments separated by `/`). */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** Days an untagged image (a build layer or superseded manifest) is kept. */
export const UNTAGGED_IMAGE_EXPIRY_DAYS = 7;

export interface AwsContainerRegistryProps {
  readonly context: DeploymentContext;
  /** Repository name, e.g. `mockforge-prod-server`. */
  readonly name: string;
  /**
   * Tagged images to keep; older ones expire.
   * @default 50
   */
  readonly keepTaggedImages?: number;
  /**
   * Regions (same account) that receive a replica of every image, so tasks pull locally.
   * @default no replication
   */
  readonly replicaRegions?: readonly string[];
}

/**
 * The ECR repository the image pipeline pushes to: immutable tags (a tag
 * always means the same image), scan on push, KMS encryption, never
 * force-deleted, a lifecycle that keeps the last N tagged images and drops
 * untagged ones after a week, and optional same-account replication into the
 * other regions of the environment.
 */
export class AwsContainerRegistry extends Construct {
  readonly repository: EcrRepository;
  readonly key: AwsKmsKey;
  readonly lifecyclePolicy: EcrLifecyclePolicy;
  /**
   * Registry-wide: ECR holds one replication configuration per account and region, so
   * only one registry construct per account and region may set `replicaRegions`.
   */
  readonly replication?: EcrReplicationConfiguration;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`, without a tag. */
  readonly repositoryUrl: string;

  /**
   * The URL of a repository (or its replica) in another region, built from
   * plain values so a regional stack needs no cross-stack reference.
   */
  static repositoryUrlFor(accountId: string, region: string, name: string): string {
    return `${accountId}.dkr.ecr.${region}.amazonaws.com/${name}`;
  }

  constructor(scope: Construct, id: string, props: AwsContainerRegistryProps) {
    super(scope, id);
    const keepTaggedImages = props.keepTaggedImages ?? 50;
    const replicaRegions = props.replicaRegions ?? [];
    validate(props, keepTaggedImages, replicaRegions);

    const account = awsAccount(this);
    // ECR uses the key through grants it creates for the repository; IAM governs everything else.
    this.key = new AwsKmsKey(this, "key", {
      context: props.context,
      name: "ecr",
      description: `Encrypts the images of ECR repository ${props.name}`,
    });

    this.repository = new EcrRepository(this, "repository", {
      name: props.name,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: this.key.arn }],
      // Deleting a repository with images in it must be a deliberate manual act.
      forceDelete: false,
    });
    this.repositoryUrl = this.repository.repositoryUrl;

    this.lifecyclePolicy = new EcrLifecyclePolicy(this, "lifecycle-policy", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${UNTAGGED_IMAGE_EXPIRY_DAYS} days`,
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: UNTAGGED_IMAGE_EXPIRY_DAYS },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: `Keep the last ${keepTaggedImages} tagged images`,
            selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keepTaggedImages },
            action: { type: "expire" },
          },
        ],
      }),
    });

    if (replicaRegions.length > 0) {
      this.replication = new EcrReplicationConfiguration(this, "replication", {
        replicationConfiguration: {
          rule: [
            {
              destination: replicaRegions.map((region) => ({ region, registryId: account.accountId })),
              repositoryFilter: [{ filter: props.name, filterType: "PREFIX_MATCH" }],
            },
          ],
        },
      });
    }
  }
}

function validate(props: AwsContainerRegistryProps, keepTaggedImages: number, replicaRegions: readonly string[]): void {
  if (props.name.length < 2 || props.name.length > 256 || !REPOSITORY_NAME.test(props.name)) {
    throw new Error(
      `AwsContainerRegistry: name "${props.name}" is not a valid ECR repository name; use 2-256 lower-case letters, digits and . _ - / separators.`,
    );
  }
  if (!Number.isInteger(keepTaggedImages) || keepTaggedImages < 1 || keepTaggedImages > 10000) {
    throw new Error(`AwsContainerRegistry: keepTaggedImages ${keepTaggedImages} is invalid; use a whole number from 1 to 10000.`);
  }
  for (const region of replicaRegions) {
    if (!REGION.test(region)) throw new Error(`AwsContainerRegistry: replicaRegions entry "${region}" is not an AWS region id such as eu-west-1.`);
    if (region === props.context.region) {
      throw new Error(`AwsContainerRegistry: replicaRegions contains "${region}", the registry's own region; list only other regions.`);
    }
  }
  if (new Set(replicaRegions).size !== replicaRegions.length) {
    throw new Error(`AwsContainerRegistry: replicaRegions [${replicaRegions.join(", ")}] lists a region twice.`);
  }
  if (replicaRegions.length > 25) {
    throw new Error(`AwsContainerRegistry: replicaRegions has ${replicaRegions.length} regions; ECR replicates to at most 25 destinations.`);
  }
}
