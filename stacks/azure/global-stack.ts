import { TerraformOutput } from "cdktf";
import { MockForgeStack } from "../mockforge-stack";
import { IMAGE_PUSH_TARGETS_OUTPUT } from "../stack-names";
import type { Construct } from "constructs";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { AzureDiagnostics } from "../../constructs/azure/diagnostics";
import { AzureFrontDoorProfile } from "../../constructs/azure/front-door-profile";
import { AzureLogAnalytics } from "../../constructs/azure/log-analytics";
import { azureGlobalName, containerRegistryName } from "../../constructs/azure/naming";
import { AzurePrivateDnsZones } from "../../constructs/azure/private-dns";
import { AzureContainerRegistry } from "../../constructs/azure/registry";
import { globalName, standardTags } from "../../constructs/core/naming";
import type { DeploymentContext } from "../../constructs/core/specs";
import { TaggingAspect } from "../../constructs/core/tagging";
import type { EnvironmentConfig } from "../../environments/model";
import type { AzureConfig } from "../../environments/model-azure";
import { azurermProvider, useAzurermBackend } from "./providers";

export interface AzureGlobalStackProps {
  readonly env: EnvironmentConfig;
  readonly azure: AzureConfig;
  /** The primary region: the shared resource group, registry and workspace live there. */
  readonly region: string;
  /** The other regions: the registry replicates into them (Premium). */
  readonly replicaRegions: readonly string[];
}

/**
 * What must exist before any region, and never depends on one: the
 * container registry (images are pushed before the regions pull them), the
 * Front Door profile (each region needs its id to admit only its traffic),
 * the private DNS zones every region's VNet links to, and a workspace for
 * their logs. Deployed first. Front Door's endpoint, routes, WAF and DNS
 * records need the regions' app addresses, so they wait for the edge stack.
 */
export class AzureGlobalStack extends MockForgeStack {
  readonly context: DeploymentContext;
  readonly resourceGroup: ResourceGroup;
  readonly registry: AzureContainerRegistry;
  readonly frontDoorProfile: AzureFrontDoorProfile;
  readonly privateZones: AzurePrivateDnsZones;
  readonly logs: AzureLogAnalytics;
  /** Repository of the server image inside the registry. */
  readonly imageRepository: string;

  constructor(scope: Construct, id: string, props: AzureGlobalStackProps) {
    super(scope, id);
    const { env, azure } = props;
    this.context = { cloud: "azure", environment: env.name, region: props.region, primary: true };
    azurermProvider(this, "azurerm", azure.subscriptionId);
    useAzurermBackend(this, azure.state, azure.subscriptionId, id);
    TaggingAspect.apply(this, { ...standardTags(this.context, env.tags.owner, env.tags.costCenter) });

    this.resourceGroup = new ResourceGroup(this, "resource-group", { name: azureGlobalName(env.name, "rg", 90), location: props.region });
    const placed = { location: props.region, resourceGroupName: this.resourceGroup.name };

    this.logs = new AzureLogAnalytics(this, "logs", { ...placed, name: azureGlobalName(env.name, "logs"), retentionDays: env.edge.logRetentionDays });
    this.registry = new AzureContainerRegistry(this, "registry", {
      ...placed,
      name: containerRegistryName(env.name, azure.subscriptionId),
      sku: azure.registry.sku,
      replicaRegions: azure.registry.sku === "Premium" ? props.replicaRegions : [],
      deletionLock: env.tier !== "development",
    });
    this.imageRepository = globalName(env.name, "server");
    this.frontDoorProfile = new AzureFrontDoorProfile(this, "front-door", { name: azureGlobalName(env.name, "fd", 260), resourceGroupName: this.resourceGroup.name });
    this.privateZones = new AzurePrivateDnsZones(this, "private-dns", { environment: env.name, resourceGroupName: this.resourceGroup.name });
    new AzureDiagnostics(this, "diagnostics", {
      targets: { "front-door": this.frontDoorProfile.profileId, registry: this.registry.registryId },
      logAnalyticsWorkspaceId: this.logs.workspaceId,
    });

    new TerraformOutput(this, "registry_login_server", { value: this.registry.loginServer });
    new TerraformOutput(this, "image_repository", { value: this.imageRepository });
    // Premium geo-replication serves the other regions from the same login server.
    new TerraformOutput(this, IMAGE_PUSH_TARGETS_OUTPUT, { value: [`${this.registry.loginServer}/${this.imageRepository}`] });
    new TerraformOutput(this, "front_door_id", { value: this.frontDoorProfile.resourceGuid });
  }
}
