import { TerraformOutput } from "cdktf";
import { AzureFrontDoorOrigin, FRONT_DOOR_ID_ENV, FRONT_DOOR_SERVICE_TAG } from "../../../constructs/azure/origin";
import { AzureContainerAppService, CONTAINER_NAME, secretNameFor, type AzureContainerAppServiceProps } from "../../../constructs/azure/service";
import { ENV, HEALTH_PATHS, PORTS, SECRET_ENV_NAMES } from "../../../constructs/core/runtime-contract";
import { configsOf, dataOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { context, ref } from "./fixtures";
import { AUTOSCALING_SPEC } from "../../support/specs";

const secretId = (name: string) => `/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/mfprodeuskv1/secrets/${name}`;
type Overrides = Partial<Omit<AzureContainerAppServiceProps, "origin">>;
const baseProps: Omit<AzureContainerAppServiceProps, "origin"> = {
  context,
  location: "eastus",
  resourceGroupName: "rg",
  infrastructureSubnetId: "apps-subnet",
  logAnalyticsWorkspaceId: "workspace",
  zoneRedundant: true,
  registryLoginServer: "mfprodglbacr123456.azurecr.io",
  registryId: "registry-id",
  concurrentRequests: 100,
  assetsContainerId: "container-id",
  cpu: 2,
  memoryMiB: 4096,
  imageRepository: "mockforge-prod-server",
  imageTag: "1.4.2",
  autoscaling: AUTOSCALING_SPEC,
  environment: { [ENV.port]: "3000", [ENV.databaseWriterHost]: "db:5432" },
  secrets: {
    [ENV.databasePassword]: { secretId: secretId("postgres-admin-password") },
    [ENV.redisPassword]: { secretId: secretId("redis-password") },
    [ENV.adminSecret]: { secretId: secretId("admin-signing-key") },
    [ENV.operatorKey]: { secretId: secretId("operator-key") },
  },
  healthCheckGracePeriodSeconds: 60,
  logRetentionDays: 90,
};

function synth(overrides: Overrides = {}, frontDoorId: string | null = "fd-guid"): { json: SynthJson; service: AzureContainerAppService } {
  let service!: AzureContainerAppService;
  const json = synthJson((scope) => {
    const origin = new AzureFrontDoorOrigin(scope, "origin", { location: "eastus", healthCheckPath: HEALTH_PATHS.ready, frontDoorId: frontDoorId ?? undefined });
    service = new AzureContainerAppService(scope, "service", { ...baseProps, ...overrides, origin });
    new TerraformOutput(scope, "origin_host", { value: origin.dnsName });
  });
  return { json, service };
}

describe("AzureContainerAppService", () => {
  const { json } = synth();
  const app = onlyConfigOf(json, "azurerm_container_app");
  const environment = onlyConfigOf(json, "azurerm_container_app_environment");
  const container = app.template.container[0];
  const identity = ref(json, "azurerm_user_assigned_identity", "service_identity");
  const roles = configsOf(json, "azurerm_role_assignment");

  it("runs a VNet-integrated, zone-redundant workload-profiles environment", () => {
    expect(environment).toMatchObject({
      infrastructure_subnet_id: "apps-subnet",
      internal_load_balancer_enabled: false,
      zone_redundancy_enabled: true,
      workload_profile: [{ name: "Consumption", workload_profile_type: "Consumption" }],
    });
    expect(onlyConfigOf(synth({ zoneRedundant: false }).json, "azurerm_container_app_environment").zone_redundancy_enabled).toBe(false);
  });

  it("sends the environment's logs to the workspace through a diagnostic setting (no shared keys)", () => {
    expect(environment.logs_destination).toBe("azure-monitor");
    expect(environment.log_analytics_workspace_id).toBeUndefined();
    expect(onlyConfigOf(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({
      target_resource_id: ref(json, "azurerm_container_app_environment", "environment"),
      log_analytics_workspace_id: "workspace",
      enabled_log: [{ category_group: "allLogs" }],
    });
  });

  it("runs the image from the registry, pulled with the user-assigned identity (no admin credentials)", () => {
    expect(container.image).toBe("mfprodglbacr123456.azurecr.io/mockforge-prod-server:1.4.2");
    expect(app.identity).toEqual({ type: "UserAssigned", identity_ids: [identity] });
    expect(app.registry).toEqual([{ server: "mfprodglbacr123456.azurecr.io", identity }]);
    expect(JSON.stringify(app.registry)).not.toMatch(/username|password/);
    expect(roles).toContainEqual(expect.objectContaining({ scope: "registry-id", role_definition_name: "AcrPull", principal_id: ref(json, "azurerm_user_assigned_identity", "service_identity", "principal_id") }));
  });

  it("injects every secret as a Key Vault reference read with the identity, never as a plain value", () => {
    expect(app.secret).toEqual(
      [ENV.adminSecret, ENV.databasePassword, ENV.operatorKey, ENV.redisPassword].sort().map((name) => ({
        name: secretNameFor(name),
        key_vault_secret_id: `https://mfprodeuskv1.vault.azure.net/secrets/${{ [ENV.adminSecret]: "admin-signing-key", [ENV.databasePassword]: "postgres-admin-password", [ENV.operatorKey]: "operator-key", [ENV.redisPassword]: "redis-password" }[name]}`,
        identity,
      })),
    );
    for (const secret of app.secret) expect(secret.value).toBeUndefined();
    const plain = container.env.filter((e: any) => e.value !== undefined).map((e: any) => e.name);
    expect(plain.filter((n: string) => SECRET_ENV_NAMES.includes(n))).toEqual([]);
    const fromSecrets = container.env.filter((e: any) => e.secret_name !== undefined);
    expect(fromSecrets.map((e: any) => e.name).sort()).toEqual([...SECRET_ENV_NAMES].sort());
  });

  it("grants Key Vault Secrets User on each referenced secret only, and blob data access on the assets container only", () => {
    const secretRoles = roles.filter((r) => r.role_definition_name === "Key Vault Secrets User");
    expect(secretRoles.map((r) => r.scope).sort()).toEqual([secretId("admin-signing-key"), secretId("operator-key"), secretId("postgres-admin-password"), secretId("redis-password")].sort());
    expect(roles).toContainEqual(expect.objectContaining({ scope: "container-id", role_definition_name: "Storage Blob Data Contributor" }));
    expect(roles).toHaveLength(6);
    for (const role of roles) expect(role.principal_type).toBe("ServicePrincipal");
    // The first revision starts only once it may pull and read its secrets.
    expect(app.depends_on).toHaveLength(roles.length);
    for (const dep of app.depends_on) expect(dep).toMatch(/^azurerm_role_assignment\.service_/);
  });

  it("scales between the environment's min and max replicas on HTTP concurrency, CPU and memory", () => {
    expect(app.template).toMatchObject({ min_replicas: 3, max_replicas: 50, cooldown_period_in_seconds: 300 });
    expect(app.template.http_scale_rule).toEqual([{ name: "http-concurrency", concurrent_requests: "100" }]);
    expect(app.template.custom_scale_rule).toEqual([
      { name: "cpu", custom_rule_type: "cpu", metadata: { type: "Utilization", value: "70" } },
      { name: "memory", custom_rule_type: "memory", metadata: { type: "Utilization", value: "80" } },
    ]);
  });

  it("sizes the container from the environment (2 GiB per vCPU)", () => {
    expect(container).toMatchObject({ name: CONTAINER_NAME, cpu: 2, memory: "4Gi" });
    expect(onlyConfigOf(synth({ cpu: 0.25, memoryMiB: 512 }).json, "azurerm_container_app").template.container[0].memory).toBe("0.5Gi");
  });

  it("probes startup, liveness and readiness on the runtime contract's paths and HTTP port", () => {
    const probe = (p: any) => [p[0].transport, p[0].port, p[0].path];
    expect(probe(container.startup_probe)).toEqual(["HTTP", PORTS.http, HEALTH_PATHS.startup]);
    expect(probe(container.liveness_probe)).toEqual(["HTTP", PORTS.http, HEALTH_PATHS.live]);
    expect(probe(container.readiness_probe)).toEqual(["HTTP", PORTS.http, HEALTH_PATHS.ready]);
    // The startup probe tolerates failures for the whole grace period.
    expect(container.startup_probe[0].interval_seconds * container.startup_probe[0].failure_count_threshold).toBeGreaterThanOrEqual(60);
  });

  it("accepts only HTTPS from Front Door's backend addresses on its public ingress", () => {
    expect(app.ingress).toMatchObject({ external_enabled: true, target_port: PORTS.http, allow_insecure_connections: false });
    expect(app.ingress.traffic_weight).toEqual([{ latest_revision: true, percentage: 100 }]);
    const restriction = app.ingress.dynamic.ip_security_restriction;
    expect(restriction.content).toMatchObject({ action: "Allow", ip_address_range: "${each.value}" });
    const tags = dataOf(json, "azurerm_network_service_tags");
    expect(tags).toEqual([expect.objectContaining({ service: FRONT_DOOR_SERVICE_TAG, location: "eastus" })]);
    expect(restriction.for_each).toMatch(/^\$\{toset\(regexall\(.*join\(",", data\.azurerm_network_service_tags\..*\.address_prefixes\)\)\)\}$/);
  });

  it("tells the server the Front Door id to require in X-Azure-FDID", () => {
    expect(container.env).toContainEqual({ name: FRONT_DOOR_ID_ENV, value: "fd-guid" });
    const without = onlyConfigOf(synth({}, null).json, "azurerm_container_app").template.container[0].env;
    expect(without.map((e: any) => e.name)).not.toContain(FRONT_DOOR_ID_ENV);
  });

  it("registers its ingress FQDN as the region's origin", () => {
    expect((json.output as any).origin_host.value).toBe(ref(json, "azurerm_container_app", "service_app", "ingress[0].fqdn"));
  });

  it.each([
    [{ cpu: 0.3 }, /cpu 0.3 is not a Container Apps size; use 0.25 to 4 vCPU in steps of 0.25/],
    [{ cpu: 8, memoryMiB: 16384 }, /cpu 8 is not a Container Apps size/],
    [{ cpu: 1, memoryMiB: 4096 }, /memoryMiB 4096 does not fit cpu 1; Container Apps pairs each vCPU with 2 GiB, so use 2048/],
    [{ autoscaling: { ...baseProps.autoscaling, minCount: 60 } }, /autoscaling.minCount 60 is above autoscaling.maxCount 50/],
    [{ environment: { [ENV.redisPassword]: "x" } }, /environment.REDIS_PASSWORD is a secret; pass it in secrets/],
    [{ secrets: { [ENV.redisPassword]: { secretId: secretId("x"), jsonKey: "password" } } }, /secrets.REDIS_PASSWORD has a jsonKey/],
    [{ imageTag: "-bad" }, /imageTag "-bad" is not a valid image tag/],
    [{ concurrentRequests: 0 }, /concurrentRequests 0 is invalid/],
  ])("rejects %j", (overrides, message) => {
    expect(() => synth(overrides as Overrides)).toThrow(message);
  });
});

describe("AzureFrontDoorOrigin", () => {
  it("fails the synth when no service registered, and refuses a second registration", () => {
    expect(() =>
      synthJson((scope) => {
        const origin = new AzureFrontDoorOrigin(scope, "origin", { location: "eastus", healthCheckPath: "/health/ready" });
        new TerraformOutput(scope, "host", { value: origin.dnsName });
      }),
    ).toThrow(/no service registered its ingress/);
    synthJson((scope) => {
      const origin = new AzureFrontDoorOrigin(scope, "origin", { location: "eastus", healthCheckPath: "/health/ready" });
      origin.register("a.example");
      expect(() => origin.register("b.example")).toThrow(/a service is already registered/);
    });
    expect(() => synthJson((scope) => new AzureFrontDoorOrigin(scope, "o", { location: "eastus", healthCheckPath: "health" }))).toThrow(/must be an absolute path/);
  });
});
