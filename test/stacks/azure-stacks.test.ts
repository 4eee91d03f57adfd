import { keyVaultName, storageAccountName } from "../../constructs/azure/naming";
import { FRONT_DOOR_ID_ENV } from "../../constructs/azure/origin";
import { REQUIRED_TAG_KEYS } from "../../constructs/core/naming";
import { SECRET_ENV_NAMES } from "../../constructs/core/runtime-contract";
import { synthesizeApp } from "../support/app";
import { allResources, configsOf, dataOf, resourcesOf, type SynthJson } from "../support/synth";

const app = synthesizeApp();
const stack = (name: string): SynthJson => {
  const json = app.stacks.get(name);
  if (!json) throw new Error(`no stack ${name}; have ${[...app.stacks.keys()].join(", ")}`);
  return json;
};
const azureStacks = () => [...app.stacks].filter(([name]) => name.includes("-azure-"));
const deps = (name: string) => app.dependencies.get(name) ?? [];
const only = (json: SynthJson, type: string) => {
  const found = configsOf(json, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
};
const PROD_SUBSCRIPTION = "33333333-3333-4333-8333-333333333333";

const EXPECTED_STACKS = [
  "mockforge-dev-azure-global",
  "mockforge-dev-azure-eastus",
  "mockforge-dev-azure-edge",
  "mockforge-prod-azure-global",
  "mockforge-prod-azure-eastus",
  "mockforge-prod-azure-westeurope",
  "mockforge-prod-azure-centralindia",
  "mockforge-prod-azure-edge",
  "mockforge-staging-azure-global",
  "mockforge-staging-azure-eastus",
  "mockforge-staging-azure-edge",
];

describe("the Azure app", () => {
  it("has one stack per environment x region plus a global and an edge stack per environment", () => {
    expect(azureStacks().map(([name]) => name).sort()).toEqual([...EXPECTED_STACKS].sort());
  });

  it.each(EXPECTED_STACKS)("%s matches its snapshot", (name) => {
    expect(stack(name)).toMatchSnapshot();
  });

  it("gives every stack its own azurerm state blob, authenticated with Entra ID", () => {
    const keys = new Set<string>();
    for (const [name, json] of azureStacks()) {
      const backend = (json.terraform as any).backend.azurerm;
      expect(backend).toMatchObject({ use_azuread_auth: true, resource_group_name: "mockforge-tfstate", container_name: "tfstate" });
      expect(backend.key).toBe(`mockforge/${name.split("-")[1]}/${name}.tfstate`);
      keys.add(backend.key);
    }
    expect(keys.size).toBe(EXPECTED_STACKS.length);
  });

  it("deploys global first, the primary before secondaries, and the edge last", () => {
    expect(deps("mockforge-prod-azure-global")).toEqual([]);
    expect(deps("mockforge-prod-azure-eastus")).toEqual(["mockforge-prod-azure-global"]);
    for (const secondary of ["mockforge-prod-azure-westeurope", "mockforge-prod-azure-centralindia"]) {
      expect([...deps(secondary)].sort()).toEqual(["mockforge-prod-azure-eastus", "mockforge-prod-azure-global"]);
    }
    expect([...deps("mockforge-prod-azure-edge")].sort()).toEqual(
      ["mockforge-prod-azure-centralindia", "mockforge-prod-azure-eastus", "mockforge-prod-azure-global", "mockforge-prod-azure-westeurope"].sort(),
    );
  });

  it("keeps references one-way: the global stack reads nothing from the others", () => {
    for (const env of ["dev", "staging", "prod"]) expect(stack(`mockforge-${env}-azure-global`).data?.terraform_remote_state).toBeUndefined();
    const edgeReads = Object.keys(stack("mockforge-prod-azure-edge").data?.terraform_remote_state ?? {});
    expect(edgeReads.length).toBe(4);
  });

  it("tags every taggable Azure resource with env, region, service, owner and cost-center", () => {
    let checked = 0;
    for (const [name, json] of azureStacks()) {
      for (const [type, id, config] of allResources(json)) {
        if (!("tags" in config)) continue;
        checked++;
        for (const key of REQUIRED_TAG_KEYS) {
          expect({ resource: `${name} ${type}.${id}`, has: key in config.tags }).toEqual({ resource: `${name} ${type}.${id}`, has: true });
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("never puts a secret into a plain container environment variable", () => {
    for (const [, json] of azureStacks()) {
      for (const app of configsOf(json, "azurerm_container_app")) {
        const env = app.template.container[0].env as Array<{ name: string; value?: string; secret_name?: string }>;
        expect(env.filter((e) => e.value !== undefined && SECRET_ENV_NAMES.includes(e.name))).toEqual([]);
        expect(env.filter((e) => e.secret_name !== undefined).map((e) => e.name).sort()).toEqual([...SECRET_ENV_NAMES].sort());
        expect(app.secret.every((s: any) => s.key_vault_secret_id && s.value === undefined)).toBe(true);
      }
    }
  });

  it("deploys the requested image tag from the environment's registry, with the Front Door id to check", () => {
    const app = only(stack("mockforge-prod-azure-westeurope"), "azurerm_container_app");
    const container = app.template.container[0];
    expect(container.image).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-mockforge-prod-azure-global\.outputs\..*login_server\}\/mockforge-prod-server:test-tag$/);
    expect(container.env.find((e: any) => e.name === FRONT_DOOR_ID_ENV).value).toMatch(/resource_guid\}$/);
  });

  it("sends the logs of every NSG, the VNet, Key Vault, Postgres, blob storage and the Container Apps environment to the region's workspace", () => {
    for (const [, json] of azureStacks().filter(([n]) => !/global|edge/.test(n))) {
      const workspace = resourcesOf(json, "azurerm_log_analytics_workspace").map(([id]) => `\${azurerm_log_analytics_workspace.${id}.id}`);
      expect(workspace).toHaveLength(1);
      const settings = configsOf(json, "azurerm_monitor_diagnostic_setting");
      for (const s of settings) expect(s.log_analytics_workspace_id).toBe(workspace[0]);
      const targets = settings.map((s) => String(s.target_resource_id));
      for (const type of ["azurerm_network_security_group", "azurerm_virtual_network", "azurerm_key_vault", "azurerm_postgresql_flexible_server", "azurerm_container_app_environment"]) {
        for (const [id] of resourcesOf(json, type)) expect(targets).toContain(`\${${type}.${id}.id}`);
      }
      expect(targets.some((t) => t.endsWith("/blobServices/default"))).toBe(true);
    }
    const global = configsOf(stack("mockforge-prod-azure-global"), "azurerm_monitor_diagnostic_setting").map((s) => String(s.target_resource_id));
    expect(global.some((t) => t.includes("azurerm_cdn_frontdoor_profile."))).toBe(true);
    expect(global.some((t) => t.includes("azurerm_container_registry."))).toBe(true);
  });

  it("declares the random and tls providers the region stacks use", () => {
    const providers = (stack("mockforge-dev-azure-eastus").terraform as any).required_providers;
    expect(providers.tls).toEqual({ source: "hashicorp/tls", version: "~> 4.0" });
    expect(providers.random.source).toBe("hashicorp/random");
    expect((stack("mockforge-dev-azure-eastus").provider as any).azurerm[0]).toMatchObject({ storage_use_azuread: true, subscription_id: "11111111-1111-4111-8111-111111111111" });
  });

  it("derives valid, distinct storage account and Key Vault names per region", () => {
    const names = new Set<string>();
    for (const [name, json] of azureStacks().filter(([n]) => !/global|edge/.test(n))) {
      const account = only(json, "azurerm_storage_account").name;
      const vault = only(json, "azurerm_key_vault").name;
      expect(account).toMatch(/^[a-z0-9]{3,24}$/);
      expect(vault).toMatch(/^[a-z][a-z0-9-]{2,23}$/);
      names.add(account).add(vault);
      const region = name.split("-").pop()!;
      if (name.startsWith("mockforge-prod-")) {
        const ctx = { cloud: "azure" as const, environment: "prod", region, primary: region === "eastus" };
        expect(account).toBe(storageAccountName(ctx, PROD_SUBSCRIPTION));
        expect(vault).toBe(keyVaultName(ctx, PROD_SUBSCRIPTION));
      }
    }
    expect(names.size).toBe(2 * 5);
  });
});

describe("production", () => {
  const primary = stack("mockforge-prod-azure-eastus");
  const secondary = stack("mockforge-prod-azure-westeurope");
  const global = stack("mockforge-prod-azure-global");
  const edge = stack("mockforge-prod-azure-edge");
  const servers = (json: SynthJson) => configsOf(json, "azurerm_postgresql_flexible_server");

  it("runs a zone-redundant, geo-backed-up, locked primary with two in-region read replicas", () => {
    const writer = servers(primary).filter((s) => s.create_mode === "Default");
    expect(writer).toHaveLength(1);
    expect(writer[0]).toMatchObject({ version: "16", high_availability: { mode: "ZoneRedundant" }, geo_redundant_backup_enabled: true, backup_retention_days: 14, public_network_access_enabled: false });
    expect(servers(primary).filter((s) => s.create_mode === "Replica")).toHaveLength(2);
    expect(configsOf(primary, "azurerm_management_lock").some((l) => String(l.scope).includes("azurerm_postgresql_flexible_server."))).toBe(true);
  });

  it("replicates the primary database into each secondary region through a cross-stack reference", () => {
    for (const name of ["mockforge-prod-azure-westeurope", "mockforge-prod-azure-centralindia"]) {
      const [replica] = servers(stack(name));
      expect(servers(stack(name))).toHaveLength(1);
      expect(replica.create_mode).toBe("Replica");
      expect(replica.source_server_id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-mockforge-prod-azure-eastus\.outputs\..*\}$/);
    }
  });

  it("peers each secondary VNet with the primary, both ways, before the replica and the app talk to the primary", () => {
    expect(configsOf(secondary, "azurerm_virtual_network_peering").map((p) => p.name).sort()).toEqual(["to-eastus", "to-westeurope"]);
    expect(configsOf(primary, "azurerm_virtual_network_peering")).toHaveLength(0);
    const peerings = resourcesOf(secondary, "azurerm_virtual_network_peering").map(([id]) => `azurerm_virtual_network_peering.${id}`);
    expect(servers(secondary)[0].depends_on).toEqual(expect.arrayContaining(peerings));
    expect(only(secondary, "azurerm_container_app").depends_on).toEqual(expect.arrayContaining(peerings));
  });

  it("reads the shared admin secret and database password from the primary's Key Vault", () => {
    const app = only(secondary, "azurerm_container_app");
    const fromPrimary = app.secret.filter((s: any) => String(s.key_vault_secret_id).includes("mockforge-prod-azure-eastus"));
    expect(fromPrimary.map((s: any) => s.name).sort()).toEqual(["database-password", "mockforge-admin-secret", "mockforge-operator-key"]);
    expect(configsOf(secondary, "azurerm_key_vault_secret").map((s) => s.name)).toEqual(["redis-password"]);
  });

  it("scales 3..50 replicas, zone-redundant, in every region", () => {
    for (const region of ["eastus", "westeurope", "centralindia"]) {
      const json = stack(`mockforge-prod-azure-${region}`);
      expect(only(json, "azurerm_container_app").template).toMatchObject({ min_replicas: 3, max_replicas: 50 });
      expect(only(json, "azurerm_container_app_environment").zone_redundancy_enabled).toBe(true);
    }
  });

  it("keeps geo-redundant storage and geo-replicates a Premium registry into the secondary regions", () => {
    expect(only(primary, "azurerm_storage_account").account_replication_type).toBe("GZRS");
    const registry = only(global, "azurerm_container_registry");
    expect(registry.sku).toBe("Premium");
    expect(registry.georeplications.map((g: any) => g.location)).toEqual(["westeurope", "centralindia"]);
  });

  it("routes Front Door to all three regions and blocks with the WAF", () => {
    const origins = configsOf(edge, "azurerm_cdn_frontdoor_origin").filter((o) => String(o.host_name).includes("ingress"));
    expect(origins.map((o) => o.name).sort()).toEqual(["centralindia", "eastus", "westeurope"]);
    const policy = only(edge, "azurerm_cdn_frontdoor_firewall_policy");
    expect(policy.mode).toBe("Prevention");
    expect(policy.custom_rule[0].rate_limit_threshold).toBe(2000);
    expect(only(edge, "azurerm_cdn_frontdoor_custom_domain").host_name).toBe("api.azure.mockforge.cloud");
  });

  it("serves static assets from the primary region's storage website", () => {
    const assets = configsOf(edge, "azurerm_cdn_frontdoor_origin").find((o) => o.name === "storage")!;
    expect(assets.host_name).toMatch(/cross-stack-reference-input-mockforge-prod-azure-eastus.*primary_web_host/);
  });

  it("shares one set of private DNS zones, linked into every region's VNet", () => {
    expect(configsOf(global, "azurerm_private_dns_zone")).toHaveLength(2);
    for (const region of ["eastus", "westeurope", "centralindia"]) {
      expect(configsOf(stack(`mockforge-prod-azure-${region}`), "azurerm_private_dns_zone_virtual_network_link")).toHaveLength(2);
    }
  });

  it("locks every Redis data disk in every region (the policy pack's MF-AZURE-LOCK-1)", () => {
    for (const region of ["eastus", "westeurope", "centralindia"]) {
      const json = stack(`mockforge-prod-azure-${region}`);
      const disks = resourcesOf(json, "azurerm_managed_disk").map(([id]) => `\${azurerm_managed_disk.${id}.id}`);
      expect(disks).toHaveLength(3);
      const locked = configsOf(json, "azurerm_management_lock").filter((l) => l.lock_level === "CanNotDelete").map((l) => l.scope);
      expect(locked).toEqual(expect.arrayContaining(disks));
    }
  });

  it("alarms on the p95 latency over Front Door's access logs in the global workspace (the policy pack's MF-AZURE-MON-1)", () => {
    const p95 = only(edge, "azurerm_monitor_scheduled_query_rules_alert_v2");
    expect(p95.scopes).toEqual([expect.stringMatching(/cross-stack-reference-input-mockforge-prod-azure-global\.outputs\..*azurerm_log_analytics_workspace.*id\}$/)]);
    expect(p95.criteria[0]).toMatchObject({ threshold: 500, metric_measure_column: "p95_ms" });
    expect(p95.criteria[0].query).toContain("FrontDoorAccessLog");
    expect(p95.location).toBe("eastus");
  });

  it("reads the Front Door backend addresses for the ingress allow-list in every region", () => {
    for (const region of ["eastus", "westeurope", "centralindia"]) {
      expect(dataOf(stack(`mockforge-prod-azure-${region}`), "azurerm_network_service_tags")).toEqual([expect.objectContaining({ service: "AzureFrontDoor.Backend" })]);
    }
  });
});

describe("dev relaxes cost-heavy items only through its environment file", () => {
  const dev = stack("mockforge-dev-azure-eastus");

  it("runs a Burstable primary without standby, replicas or lock, but private and TLS-only", () => {
    const [server] = configsOf(dev, "azurerm_postgresql_flexible_server");
    expect(configsOf(dev, "azurerm_postgresql_flexible_server")).toHaveLength(1);
    expect(server).toMatchObject({ sku_name: "B_Standard_B1ms", public_network_access_enabled: false, geo_redundant_backup_enabled: false });
    expect(server.high_availability).toBeUndefined();
    expect(configsOf(dev, "azurerm_management_lock")).toHaveLength(0);
    expect(configsOf(dev, "azurerm_postgresql_flexible_server_configuration").find((c) => c.name === "require_secure_transport")!.value).toBe("on");
  });

  it("keeps the WAF (in Detection mode) and a single-zone Container Apps environment", () => {
    expect(only(stack("mockforge-dev-azure-edge"), "azurerm_cdn_frontdoor_firewall_policy").mode).toBe("Detection");
    expect(only(dev, "azurerm_container_app_environment").zone_redundancy_enabled).toBe(false);
    expect(only(stack("mockforge-dev-azure-global"), "azurerm_container_registry").sku).toBe("Standard");
  });

  it("still spreads the three Redis nodes over three zones", () => {
    expect(configsOf(dev, "azurerm_linux_virtual_machine").map((vm) => vm.zone).sort()).toEqual(["1", "2", "3"]);
  });
});

describe("staging", () => {
  it("protects data like production in its one region", () => {
    const staging = stack("mockforge-staging-azure-eastus");
    const servers = configsOf(staging, "azurerm_postgresql_flexible_server");
    expect(servers.filter((s) => s.create_mode === "Replica")).toHaveLength(1);
    expect(servers.find((s) => s.create_mode === "Default")!.high_availability).toEqual({ mode: "ZoneRedundant", standby_availability_zone: "2" });
    // Postgres, storage and the three Redis data disks.
    expect(configsOf(staging, "azurerm_management_lock").map((l) => String(l.scope).split(".")[0]).sort()).toEqual(
      ["${azurerm_managed_disk", "${azurerm_managed_disk", "${azurerm_managed_disk", "${azurerm_postgresql_flexible_server", "${azurerm_storage_account"],
    );
    expect(only(stack("mockforge-staging-azure-edge"), "azurerm_cdn_frontdoor_firewall_policy").mode).toBe("Prevention");
  });
});
