import { Construct } from "constructs";
import { Fn, TerraformIterator, type ITerraformDependable } from "cdktf";
import { ContainerApp, type ContainerAppTemplateContainerEnv } from "@cdktf/provider-azurerm/lib/container-app";
import { ContainerAppEnvironment } from "@cdktf/provider-azurerm/lib/container-app-environment";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { ServiceHandle } from "../core/kit";
import { HEALTH_PATHS, PORTS, SECRET_ENV_NAMES } from "../core/runtime-contract";
import type { DeploymentContext, ServiceSpec } from "../core/specs";
import { AzureDiagnostics } from "./diagnostics";
import { KEY_VAULT_SECRETS_USER } from "./key-vault";
import { CONTAINER_APPS_MAX_CPU as MAX_CPU, CONTAINER_APPS_MAX_REPLICAS as MAX_REPLICAS, CONTAINER_APPS_MEMORY_MIB_PER_CPU as MEMORY_MIB_PER_CPU } from "./limits";
import { azureName } from "./naming";
import { FRONT_DOOR_ID_ENV, type AzureFrontDoorOrigin } from "./origin";
import { keyVaultSecretUrl } from "./secret";
import { IMAGE_TAG_RULE, isImageTag } from "../core/image-tag";

/** The one container of every replica. */
export const CONTAINER_NAME = "mockforge";
/** The Consumption workload profile: serverless billing, VNet integration, NAT egress. */
export const WORKLOAD_PROFILE = "Consumption";
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Container Apps secret names: lower-case letters, digits and dashes. */
export function secretNameFor(envName: string): string {
  return envName.toLowerCase().replace(/_/g, "-");
}

export interface AzureContainerAppServiceProps extends ServiceSpec {
  readonly context: DeploymentContext;
  readonly location: string;
  readonly resourceGroupName: string;
  /** The network's `apps` subnet (delegated to Microsoft.App/environments). */
  readonly infrastructureSubnetId: string;
  /** Workspace the environment's console and system logs go to (through a diagnostic setting). */
  readonly logAnalyticsWorkspaceId: string;
  /** Spread replicas and the environment's infrastructure over the region's zones. */
  readonly zoneRedundant: boolean;
  /** Login server of the registry, e.g. `mfprodglbacr1a2b3c.azurecr.io`. */
  readonly registryLoginServer: string;
  /** Resource id of the registry (scope of the identity's AcrPull role). */
  readonly registryId: string;
  /** Front Door's view of the region: the ingress admits its addresses only; the app registers its FQDN there. */
  readonly origin: AzureFrontDoorOrigin;
  /** Concurrent HTTP requests per replica before the app scales out. */
  readonly concurrentRequests: number;
  /** Resource id of the assets container (scope of the identity's blob data role). */
  readonly assetsContainerId: string;
  /**
   * Seconds a replica gets between SIGTERM and SIGKILL, for in-flight requests.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Resources the app must wait for besides its role assignments (e.g. the Key
   * Vault private endpoint its secret references resolve through).
   * @default none
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The MockForge server on Azure Container Apps: a VNet-integrated
 * environment (workload profiles, zone-redundant on request, logs through a
 * diagnostic setting) and the app itself.
 *
 * - One user-assigned identity pulls the image from ACR (AcrPull on the
 *   registry; no admin credentials), reads each secret from Key Vault (Secrets
 *   User on that secret only) and reads/writes the assets container.
 * - Secrets reach the container only as Key Vault references; plain
 *   environment variables never hold a secret.
 * - Ingress is external but admits only Front Door's backend addresses, over
 *   HTTPS only; the server gets the Front Door id to check X-Azure-FDID.
 * - Startup, liveness and readiness probes on the runtime contract's paths.
 * - min/max replicas, scaling on HTTP concurrency, CPU and memory.
 */
export class AzureContainerAppService extends Construct implements ServiceHandle {
  readonly identity: UserAssignedIdentity;
  readonly environment: ContainerAppEnvironment;
  readonly app: ContainerApp;
  readonly roleAssignments: readonly RoleAssignment[];
  readonly environmentDiagnostics: AzureDiagnostics;
  readonly serviceName: string;
  /** The app's ingress FQDN (Front Door's origin). */
  readonly fqdn: string;

  constructor(scope: Construct, id: string, props: AzureContainerAppServiceProps) {
    super(scope, id);
    validate(props);
    const { context, autoscaling } = props;
    const placed = { location: props.location, resourceGroupName: props.resourceGroupName };

    this.identity = new UserAssignedIdentity(this, "identity", { ...placed, name: azureName(context, "server-id", 128) });
    const grant = (grantId: string, scopeId: string, role: string, description: string) =>
      new RoleAssignment(this, grantId, { scope: scopeId, roleDefinitionName: role, principalId: this.identity.principalId, principalType: "ServicePrincipal", description });

    const secretEntries = Object.entries(props.secrets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const roles: RoleAssignment[] = [
      grant("acr-pull", props.registryId, "AcrPull", "Pull the server image without registry credentials"),
      grant("assets-data", props.assetsContainerId, "Storage Blob Data Contributor", "Read and write mock assets in the one container"),
    ];
    // One role assignment per secret the app references: the identity can read nothing else in the vault.
    const granted = new Set<string>();
    for (const [name, ref] of secretEntries) {
      if (granted.has(ref.secretId)) continue;
      granted.add(ref.secretId);
      roles.push(grant(`secret-${secretNameFor(name)}`, ref.secretId, KEY_VAULT_SECRETS_USER, `Read the secret behind ${name}`));
    }
    this.roleAssignments = roles;

    this.environment = new ContainerAppEnvironment(this, "environment", {
      ...placed,
      name: azureName(context, "cae", 60),
      infrastructureSubnetId: props.infrastructureSubnetId,
      infrastructureResourceGroupName: azureName(context, "cae-infra-rg", 90),
      internalLoadBalancerEnabled: false,
      publicNetworkAccess: "Enabled",
      zoneRedundancyEnabled: props.zoneRedundant,
      workloadProfile: [{ name: WORKLOAD_PROFILE, workloadProfileType: WORKLOAD_PROFILE }],
      // Logs flow through a diagnostic setting (Entra ID), so the workspace keeps shared keys off.
      logsDestination: "azure-monitor",
    });
    this.environmentDiagnostics = new AzureDiagnostics(this, "environment-diagnostics", {
      targets: { environment: this.environment.id },
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
    });

    const env: ContainerAppTemplateContainerEnv[] = Object.entries(props.environment)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => ({ name, value }));
    if (props.origin.frontDoorId !== undefined) env.push({ name: FRONT_DOOR_ID_ENV, value: props.origin.frontDoorId });
    for (const [name] of secretEntries) env.push({ name, secretName: secretNameFor(name) });

    const frontDoorRanges = TerraformIterator.fromList(props.origin.allowedIpv4Cidrs);
    const grace = props.healthCheckGracePeriodSeconds;
    // The startup probe may fail for the whole grace period (at most 10 failures are allowed).
    const startupInterval = Math.max(1, Math.ceil(grace / 10));
    const probe = { transport: "HTTP", port: PORTS.http, timeout: 3 };

    this.app = new ContainerApp(this, "app", {
      name: azureName(context, "app", 32),
      resourceGroupName: props.resourceGroupName,
      containerAppEnvironmentId: this.environment.id,
      workloadProfileName: WORKLOAD_PROFILE,
      revisionMode: "Single",
      identity: { type: "UserAssigned", identityIds: [this.identity.id] },
      registry: [{ server: props.registryLoginServer, identity: this.identity.id }],
      secret: secretEntries.map(([name, ref]) => ({
        name: secretNameFor(name),
        keyVaultSecretId: keyVaultSecretUrl(ref),
        identity: this.identity.id,
      })),
      ingress: {
        externalEnabled: true,
        targetPort: PORTS.http,
        transport: "http",
        allowInsecureConnections: false,
        trafficWeight: [{ latestRevision: true, percentage: 100 }],
        // Allow rules only: anything outside Front Door's backend ranges is refused.
        ipSecurityRestriction: frontDoorRanges.dynamic({
          // Named after the range (dots and slash as dashes): stable however Azure orders the tag's list.
          name: `front-door-${Fn.replace(frontDoorRanges.value, "/[./]/", "-")}`,
          description: "AzureFrontDoor.Backend",
          action: "Allow",
          ip_address_range: frontDoorRanges.value,
        }),
      },
      template: {
        minReplicas: autoscaling.minCount,
        maxReplicas: autoscaling.maxCount,
        // KEDA's cooldown before scaling in; scale-out reacts at the next poll.
        cooldownPeriodInSeconds: autoscaling.scaleInCooldownSeconds,
        pollingIntervalInSeconds: 30,
        terminationGracePeriodSeconds: props.terminationGracePeriodSeconds ?? 30,
        container: [
          {
            name: CONTAINER_NAME,
            image: `${props.registryLoginServer}/${props.imageRepository}:${props.imageTag}`,
            cpu: props.cpu,
            memory: `${props.memoryMiB / 1024}Gi`,
            env,
            startupProbe: [{ ...probe, path: HEALTH_PATHS.startup, intervalSeconds: startupInterval, failureCountThreshold: 10 }],
            livenessProbe: [{ ...probe, path: HEALTH_PATHS.live, intervalSeconds: 10, failureCountThreshold: 3 }],
            readinessProbe: [{ ...probe, path: HEALTH_PATHS.ready, intervalSeconds: 5, failureCountThreshold: 3, successCountThreshold: 1 }],
          },
        ],
        httpScaleRule: [{ name: "http-concurrency", concurrentRequests: String(props.concurrentRequests) }],
        customScaleRule: [
          { name: "cpu", customRuleType: "cpu", metadata: { type: "Utilization", value: String(autoscaling.cpuTargetPercent) } },
          { name: "memory", customRuleType: "memory", metadata: { type: "Utilization", value: String(autoscaling.memoryTargetPercent) } },
        ],
      },
      // The image pull and the secret reads need their roles in place before the first revision starts.
      dependsOn: [...roles, ...(props.dependsOn ?? [])],
    });
    this.serviceName = this.app.name;
    this.fqdn = this.app.ingress.fqdn;
    props.origin.register(this.fqdn);
  }
}

function validate(props: AzureContainerAppServiceProps): void {
  const fail = (message: string): never => {
    throw new Error(`AzureContainerAppService (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  const intRange = (prop: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) fail(`${prop} ${value} is invalid; use a whole number from ${min} to ${max}.`);
  };
  if (!(props.cpu >= 0.25 && props.cpu <= MAX_CPU && Number.isInteger(props.cpu * 4))) {
    fail(`cpu ${props.cpu} is not a Container Apps size; use 0.25 to ${MAX_CPU} vCPU in steps of 0.25.`);
  }
  if (props.memoryMiB !== props.cpu * MEMORY_MIB_PER_CPU) {
    fail(`memoryMiB ${props.memoryMiB} does not fit cpu ${props.cpu}; Container Apps pairs each vCPU with 2 GiB, so use ${props.cpu * MEMORY_MIB_PER_CPU}.`);
  }
  const a = props.autoscaling;
  intRange("autoscaling.minCount", a.minCount, 0, MAX_REPLICAS);
  intRange("autoscaling.maxCount", a.maxCount, 1, MAX_REPLICAS);
  if (a.minCount > a.maxCount) fail(`autoscaling.minCount ${a.minCount} is above autoscaling.maxCount ${a.maxCount}; minCount must be <= maxCount.`);
  intRange("autoscaling.cpuTargetPercent", a.cpuTargetPercent, 1, 100);
  intRange("autoscaling.memoryTargetPercent", a.memoryTargetPercent, 1, 100);
  intRange("autoscaling.scaleInCooldownSeconds", a.scaleInCooldownSeconds, 0, 86400);
  intRange("concurrentRequests", props.concurrentRequests, 1, 10000);
  intRange("healthCheckGracePeriodSeconds", props.healthCheckGracePeriodSeconds, 1, 2400);
  intRange("terminationGracePeriodSeconds", props.terminationGracePeriodSeconds ?? 30, 0, 600);
  if (!isImageTag(props.imageTag)) fail(`imageTag "${props.imageTag}" is not a valid image tag: expected ${IMAGE_TAG_RULE}.`);
  for (const name of Object.keys(props.environment)) {
    if (SECRET_ENV_NAMES.includes(name)) fail(`environment.${name} is a secret; pass it in secrets (a Key Vault reference), never as a plain environment variable.`);
    if (!ENV_NAME.test(name)) fail(`environment name "${name}" is not a valid variable name.`);
    if (name in props.secrets) fail(`${name} is in both environment and secrets; give it once, in secrets.`);
  }
  for (const [name, ref] of Object.entries(props.secrets)) {
    if (!ENV_NAME.test(name)) fail(`secrets name "${name}" is not a valid variable name.`);
    if (!ref.secretId) fail(`secrets.${name} has an empty secretId; give the Key Vault secret's resource id.`);
    if (ref.jsonKey !== undefined) fail(`secrets.${name} has a jsonKey; Key Vault secrets hold one value each, so reference the whole secret.`);
  }
}
