import { TerraformOutput } from "cdktf";
import { MockForgeStack } from "../mockforge-stack";
import { IMAGE_PUSH_TARGETS_OUTPUT } from "../stack-names";
import type { Construct } from "constructs";
import { AwsContainerRegistry } from "../../constructs/aws/registry";
import { globalName, standardTags } from "../../constructs/core/naming";
import type { DeploymentContext } from "../../constructs/core/specs";
import { TaggingAspect } from "../../constructs/core/tagging";
import type { AwsConfig, EnvironmentConfig } from "../../environments/model";
import { awsProvider, useS3Backend } from "./providers";

export interface AwsGlobalStackProps {
  readonly env: EnvironmentConfig;
  readonly aws: AwsConfig;
  /** The primary region: the registry lives there. */
  readonly region: string;
  /** Regions the registry replicates images into. */
  readonly replicaRegions: readonly string[];
}

/**
 * What must exist before any region: the container registry the image
 * pipeline pushes to (replicated to every region, so tasks pull locally).
 * Deployed first; regions reference the repository by name, not by a
 * cross-stack reference, so this stack never depends on them.
 */
export class AwsGlobalStack extends MockForgeStack {
  readonly registry: AwsContainerRegistry;
  readonly repositoryName: string;

  constructor(scope: Construct, id: string, props: AwsGlobalStackProps) {
    super(scope, id);
    const context: DeploymentContext = { cloud: "aws", environment: props.env.name, region: props.region, primary: true };
    awsProvider(this, "aws", props.region);
    useS3Backend(this, props.aws.state, id);
    TaggingAspect.apply(this, { ...standardTags(context, props.env.tags.owner, props.env.tags.costCenter) });

    this.repositoryName = globalName(props.env.name, "server");
    this.registry = new AwsContainerRegistry(this, "registry", {
      context,
      name: this.repositoryName,
      replicaRegions: props.replicaRegions,
    });
    new TerraformOutput(this, "repository_url", { value: this.registry.repositoryUrl });
    // ECR replication copies the image into the other regions' registries.
    new TerraformOutput(this, IMAGE_PUSH_TARGETS_OUTPUT, { value: [this.registry.repositoryUrl] });
  }
}
