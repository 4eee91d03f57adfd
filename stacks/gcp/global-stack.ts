import { TerraformOutput, TerraformResource } from "cdktf";
import { MockForgeStack } from "../mockforge-stack";
import { IMAGE_PUSH_TARGETS_OUTPUT } from "../stack-names";
import { SERVER_IMAGE_NAME } from "./stack-names";
import type { Construct } from "constructs";
import { globalName, standardTags } from "../../constructs/core/naming";
import type { DeploymentContext } from "../../constructs/core/specs";
import { GcpProjectServices } from "../../constructs/gcp/project-services";
import { GcpArtifactRegistry } from "../../constructs/gcp/registry";
import { GcpVpc } from "../../constructs/gcp/vpc";
import type { EnvironmentConfig } from "../../environments/model";
import type { GcpConfig } from "../../environments/model-gcp";
import { applyGcpLabels } from "./labels";
import { googleProvider, useGcsBackend } from "./providers";

export interface GcpGlobalStackProps {
  readonly env: EnvironmentConfig;
  readonly gcp: GcpConfig;
  /** The primary region: the registry lives there. */
  readonly region: string;
}

/**
 * What every region needs before it can exist: the project's APIs, the
 * environment's VPC with its private services access range (one network,
 * one subnet per region) and the Artifact Registry repository the image
 * pipeline pushes to. Deployed first; regions reference the VPC and the
 * repository by their deterministic names, so this stack never depends on them.
 */
export class GcpGlobalStack extends MockForgeStack {
  readonly services: GcpProjectServices;
  readonly vpc: GcpVpc;
  readonly registry: GcpArtifactRegistry;

  /** The repository id of an environment. */
  static repositoryIdFor(environment: string): string {
    return globalName(environment, "images");
  }

  constructor(scope: Construct, id: string, props: GcpGlobalStackProps) {
    super(scope, id);
    const { env, gcp } = props;
    const context: DeploymentContext = { cloud: "gcp", environment: env.name, region: props.region, primary: true };
    googleProvider(this, "google", gcp.projectId, props.region);
    useGcsBackend(this, gcp.state, id);
    applyGcpLabels(this, { ...standardTags(context, env.tags.owner, env.tags.costCenter) });

    this.services = new GcpProjectServices(this, "apis");
    this.vpc = new GcpVpc(this, "vpc", { environment: env.name, projectId: gcp.projectId, privateServicesCidr: gcp.network.privateServicesCidr });
    this.registry = new GcpArtifactRegistry(this, "registry", {
      context,
      projectId: gcp.projectId,
      repositoryId: GcpGlobalStack.repositoryIdFor(env.name),
      location: props.region,
      deletionProtection: env.database.deletionProtection,
    });
    // Nothing is created before its API is on.
    const apis = this.services.services.map((service) => service.fqn);
    for (const construct of [this.vpc, this.registry]) {
      for (const node of construct.node.findAll()) {
        if (node instanceof TerraformResource) node.dependsOn = [...(node.dependsOn ?? []), ...apis];
      }
    }

    new TerraformOutput(this, "repository_url", { value: this.registry.repositoryUrl });
    // One repository in the primary location; every region's Cloud Run pulls from it.
    new TerraformOutput(this, IMAGE_PUSH_TARGETS_OUTPUT, { value: [`${this.registry.repositoryUrl}/${SERVER_IMAGE_NAME}`] });
    new TerraformOutput(this, "vpc_id", { value: this.vpc.vpcId });
  }
}
