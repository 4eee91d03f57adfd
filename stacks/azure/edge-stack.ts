import { TerraformOutput } from "cdktf";
import { MockForgeStack } from "../mockforge-stack";
import type { Construct } from "constructs";
import { AzureEdgeAlarms } from "../../constructs/azure/edge-alarms";
import { AzureFrontDoor } from "../../constructs/azure/front-door";
import { azureGlobalName } from "../../constructs/azure/naming";
import { AzureFrontDoorWaf } from "../../constructs/azure/waf";
import { SERVICE_NAME, standardTags } from "../../constructs/core/naming";
import { HEALTH_PATHS } from "../../constructs/core/runtime-contract";
import type { DeploymentContext } from "../../constructs/core/specs";
import { TaggingAspect } from "../../constructs/core/tagging";
import type { EnvironmentConfig } from "../../environments/model";
import type { AzureConfig } from "../../environments/model-azure";
import type { AzureGlobalStack } from "./global-stack";
import { azurermProvider, useAzurermBackend } from "./providers";
import type { AzureRegionStack } from "./region-stack";
import { dnsFor } from "../../environments/dns";

/** Path prefix Front Door serves (and caches) from the primary region's storage website. */
export const ASSETS_PATH_PATTERN = "/assets/*";

export interface AzureEdgeStackProps {
  readonly env: EnvironmentConfig;
  readonly azure: AzureConfig;
  readonly global: AzureGlobalStack;
  /** Every region; the first primary one serves the static assets. */
  readonly regions: readonly AzureRegionStack[];
}

/**
 * The environment's public entry point on the Front Door profile the global
 * stack created: endpoint, custom domain with a managed certificate, routes
 * to every region's app (latency-based, uncached) and to the primary's
 * storage website (cached), the WAF policy in Prevention mode (Detection in
 * development), the DNS records, and the client-facing alarms. Deployed last:
 * it needs every region's app FQDN.
 */
export class AzureEdgeStack extends MockForgeStack {
  readonly context: DeploymentContext;
  readonly waf: AzureFrontDoorWaf;
  readonly frontDoor: AzureFrontDoor;
  readonly alarms: AzureEdgeAlarms;

  constructor(scope: Construct, id: string, props: AzureEdgeStackProps) {
    super(scope, id);
    const { env, azure, global } = props;
    this.context = { ...global.context };
    azurermProvider(this, "azurerm", azure.subscriptionId);
    useAzurermBackend(this, azure.state, azure.subscriptionId, id);
    TaggingAspect.apply(this, { ...standardTags(this.context, env.tags.owner, env.tags.costCenter) });

    const primary = props.regions.find((r) => r.context.primary);
    if (!primary) throw new Error(`AzureEdgeStack ${id}: no primary region among ${props.regions.map((r) => r.context.region).join(", ")}`);
    const resourceGroupName = global.resourceGroup.name;
    const prefix = azureGlobalName(env.name, "fd", 40);

    this.waf = new AzureFrontDoorWaf(this, "waf", {
      name: `${SERVICE_NAME}${env.name}waf`.replace(/[^a-zA-Z0-9]/g, ""),
      resourceGroupName,
      mode: env.edge.wafMode === "block" ? "Prevention" : "Detection",
      rateLimitPer5Minutes: env.edge.wafRateLimitPer5Minutes,
    });
    this.frontDoor = new AzureFrontDoor(this, "front-door", {
      namePrefix: prefix,
      profileId: global.frontDoorProfile.profileId,
      domainName: dnsFor(env, "azure").apiDomain,
      dnsZoneName: dnsFor(env, "azure").zoneName,
      dnsZoneResourceGroupName: azure.dns.zoneResourceGroup,
      apiOrigins: props.regions.map((r) => ({ name: r.context.region, hostName: r.composed.service.fqdn })),
      healthProbePath: HEALTH_PATHS.ready,
      assetsOriginHost: primary.composed.bucket.webHost,
      assetsPathPattern: ASSETS_PATH_PATTERN,
      wafPolicyId: this.waf.wafId,
    });
    this.alarms = new AzureEdgeAlarms(this, "alarms", {
      namePrefix: prefix,
      environment: env.name,
      resourceGroupName,
      location: global.context.region,
      profileId: global.frontDoorProfile.profileId,
      // The profile's access logs go to the global workspace (global stack diagnostics).
      logAnalyticsWorkspaceId: global.logs.workspaceId,
      http5xxPercent: env.alarms.http5xxPercent,
      latencyP95Milliseconds: env.alarms.latencyP95Milliseconds,
      periodMinutes: env.alarms.periodMinutes,
      emails: env.alarms.emails,
    });

    new TerraformOutput(this, "endpoint_host_name", { value: this.frontDoor.endpointHostName });
    new TerraformOutput(this, "api_url", { value: `https://${dnsFor(env, "azure").apiDomain}` });
  }
}
