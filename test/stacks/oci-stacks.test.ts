import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REQUIRED_TAG_KEYS } from "../../constructs/core/naming";
import { SECRET_ENV_NAMES } from "../../constructs/core/runtime-contract";
import { synthesizeApp } from "../support/app";
import { allResources, configsOf, dataOf, onlyConfigOf, type SynthJson } from "../support/synth";

const app = synthesizeApp();
const stack = (name: string): SynthJson => {
  const json = app.stacks.get(name);
  if (!json) throw new Error(`no stack ${name}; have ${[...app.stacks.keys()].join(", ")}`);
  return json;
};
const ociStacks = () => [...app.stacks].filter(([name]) => name.includes("-oci-"));
const deps = (name: string) => app.dependencies.get(name) ?? [];
const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");

/** Resource types whose documentation lists `freeform_tags` (test data of the bindings test). */
const TAGGABLE = new Set(
  readdirSync(join(__dirname, "..", "constructs", "oci", "bindings-docs"))
    .filter((f) => f.startsWith("oci_") && f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(__dirname, "..", "constructs", "oci", "bindings-docs", f), "utf8")) as { type: string; arguments: string[] })
    .filter((d) => d.arguments.includes("freeform_tags"))
    .map((d) => d.type),
);

const EXPECTED_STACKS = [
  "mockforge-dev-oci-global",
  "mockforge-dev-oci-us-ashburn-1",
  "mockforge-prod-oci-global",
  "mockforge-prod-oci-us-ashburn-1",
  "mockforge-prod-oci-eu-frankfurt-1",
  "mockforge-prod-oci-ap-mumbai-1",
  "mockforge-staging-oci-global",
  "mockforge-staging-oci-us-ashburn-1",
];

describe("the OCI app", () => {
  it("has one stack per environment x region plus one global stack per environment", () => {
    expect(ociStacks().map(([name]) => name).sort()).toEqual([...EXPECTED_STACKS].sort());
  });

  it.each(EXPECTED_STACKS)("%s matches its snapshot", (name) => {
    expect(stack(name)).toMatchSnapshot();
  });

  it("gives every stack its own state object in the environment's bucket, through Terraform's oci backend", () => {
    const keys = new Set<string>();
    for (const [name, json] of ociStacks()) {
      const backend = (json.terraform as any).backend;
      expect(Object.keys(backend)).toEqual(["oci"]);
      expect(backend.oci).toMatchObject({ bucket: "mockforge-tfstate", namespace: "mockforgens", region: "us-ashburn-1" });
      expect(backend.oci.key).toBe(`mockforge/${name.split("-")[1]}/${name}.tfstate`);
      keys.add(backend.oci.key);
    }
    expect(keys.size).toBe(EXPECTED_STACKS.length);
  });

  it("pins the oracle/oci provider and points each region stack's default provider at its region", () => {
    for (const [name, json] of ociStacks()) {
      expect((json.terraform as any).required_providers.oci).toEqual({ source: "oracle/oci", version: "~> 7.19" });
      const [defaultProvider] = (json.provider?.oci ?? []) as Array<{ region: string; alias?: string }>;
      expect(defaultProvider.alias).toBeUndefined();
      if (!name.endsWith("-global")) expect(name.endsWith(`-oci-${defaultProvider.region}`)).toBe(true);
    }
  });

  it("deploys the global stack first, then the primary region, then the secondaries", () => {
    for (const env of ["dev", "staging", "prod"]) expect(deps(`mockforge-${env}-oci-global`)).toEqual([]);
    expect(deps("mockforge-prod-oci-us-ashburn-1")).toEqual(["mockforge-prod-oci-global"]);
    for (const secondary of ["mockforge-prod-oci-eu-frankfurt-1", "mockforge-prod-oci-ap-mumbai-1"]) {
      expect([...deps(secondary)].sort()).toEqual(["mockforge-prod-oci-global", "mockforge-prod-oci-us-ashburn-1"]);
    }
  });

  it("tags every taggable resource with env, region, service, owner and cost-center", () => {
    let checked = 0;
    for (const [name, json] of ociStacks()) {
      for (const [type, id, config] of allResources(json)) {
        if (!TAGGABLE.has(type)) continue;
        checked++;
        const where = `${name} ${type}.${id}`;
        expect({ where, keys: Object.keys(config.freeform_tags ?? {}).sort() }).toEqual({ where, keys: expect.arrayContaining([...REQUIRED_TAG_KEYS]) });
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it("never puts a secret into user data; instances get secret OCIDs and read the values from Vault", () => {
    for (const [, json] of ociStacks()) {
      for (const config of configsOf(json, "oci_core_instance_configuration")) {
        const launch = config.instance_details[0].launch_details[0];
        const userData = decode(launch.metadata.user_data);
        for (const name of SECRET_ENV_NAMES) expect(userData).not.toContain(`${name}=`);
        expect(userData).not.toContain("random_password");
        const names = (launch.metadata["mockforge-secrets"] as string).split("\n").map((line) => line.split(" ")[0]);
        expect(names.sort()).toEqual([...SECRET_ENV_NAMES].sort());
      }
      for (const node of configsOf(json, "oci_core_instance")) expect(decode(node.metadata.user_data)).not.toContain("random_password");
    }
  });

  it("gives no instance a public IP", () => {
    for (const [, json] of ociStacks()) {
      for (const node of configsOf(json, "oci_core_instance")) expect(node.create_vnic_details[0].assign_public_ip).toBe(false);
      for (const config of configsOf(json, "oci_core_instance_configuration")) {
        expect(config.instance_details[0].launch_details[0].create_vnic_details[0].assign_public_ip).toBe(false);
      }
    }
  });

  it("deploys the requested image tag from the region's own OCIR repository", () => {
    const launch = onlyConfigOf(stack("mockforge-prod-oci-eu-frankfurt-1"), "oci_core_instance_configuration").instance_details[0].launch_details[0];
    expect(launch.metadata["mockforge-image"]).toBe("fra.ocir.io/${data.oci_objectstorage_namespace.namespace.namespace}/mockforge-prod-server:test-tag");
  });
});

describe("production on OCI", () => {
  const global = stack("mockforge-prod-oci-global");
  const primary = stack("mockforge-prod-oci-us-ashburn-1");
  const frankfurt = stack("mockforge-prod-oci-eu-frankfurt-1");
  const mumbai = stack("mockforge-prod-oci-ap-mumbai-1");

  it("global: IAM in the home region, a private immutable repository per region, DNS steering over the three regions", () => {
    expect(onlyConfigOf(global, "oci_identity_dynamic_group").name).toBe("mockforge-prod-instances");
    const repos = configsOf(global, "oci_artifacts_container_repository");
    expect(repos).toHaveLength(3);
    for (const repo of repos) expect(repo).toMatchObject({ display_name: "mockforge-prod-server", is_public: false, is_immutable: true });
    expect(repos.map((r) => r.provider).sort()).toEqual(["oci", "oci.ap-mumbai-1", "oci.eu-frankfurt-1"]);
    const policy = onlyConfigOf(global, "oci_dns_steering_policy");
    expect(policy.answers.map((a: { rdata: string }) => a.rdata)).toEqual([
      "us-ashburn-1.origin.api.oci.mockforge.cloud",
      "eu-frankfurt-1.origin.api.oci.mockforge.cloud",
      "ap-mumbai-1.origin.api.oci.mockforge.cloud",
    ]);
    expect(onlyConfigOf(global, "oci_dns_steering_policy_attachment").domain_name).toBe("api.oci.mockforge.cloud");
  });

  it("primary database: 1 + 2 replica nodes, reader endpoint, protected, backups copied to both secondaries", () => {
    const db = onlyConfigOf(primary, "oci_psql_db_system");
    expect(db).toMatchObject({ instance_count: 3, instance_ocpu_count: 4, instance_memory_size_in_gbs: 64 });
    expect(db.network_details[0].is_reader_endpoint_enabled).toBe(true);
    expect(db.lifecycle.prevent_destroy).toBe(true);
    expect(db.management_policy[0].backup_policy[0]).toMatchObject({ retention_days: 14, copy_policy: [{ regions: ["eu-frankfurt-1", "ap-mumbai-1"], retention_period: 14 }] });
    expect(db.credentials[0].password_details[0].password_type).toBe("VAULT_SECRET");
  });

  it("each secondary runs a warm standby of the primary database, through a cross-stack reference", () => {
    for (const secondary of [frankfurt, mumbai]) {
      const db = onlyConfigOf(secondary, "oci_psql_db_system");
      expect(db.source[0].source_type).toBe("DB_SYSTEM");
      expect(db.source[0].primary_db_system_id).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-mockforge-prod-oci-us-ashburn-1\.outputs\./);
      const [remote] = dataOf(secondary, "terraform_remote_state");
      expect(remote).toMatchObject({ backend: "oci", config: { key: "mockforge/prod/mockforge-prod-oci-us-ashburn-1.tfstate", namespace: "mockforgens" } });
    }
  });

  it("peers each secondary's DRG with the primary's (accepting on the primary, requesting on the secondary)", () => {
    const accepting = configsOf(primary, "oci_core_remote_peering_connection");
    expect(accepting).toHaveLength(2);
    for (const rpc of accepting) expect(rpc).not.toHaveProperty("peer_id");
    for (const secondary of [frankfurt, mumbai]) {
      const [requesting] = configsOf(secondary, "oci_core_remote_peering_connection");
      expect(requesting.peer_region_name).toBe("us-ashburn-1");
      expect(requesting.peer_id).toMatch(/terraform_remote_state/);
    }
  });

  it("replicates the primary's bucket to Frankfurt (one replication policy per bucket on OCI)", () => {
    const policy = onlyConfigOf(frankfurt, "oci_objectstorage_replication_policy");
    expect(policy).toMatchObject({ bucket: "mockforge-prod-usash1-assets", destination_region_name: "eu-frankfurt-1", provider: "oci.primary" });
    expect(configsOf(mumbai, "oci_objectstorage_replication_policy")).toEqual([]);
    expect(configsOf(primary, "oci_objectstorage_replication_policy")).toEqual([]);
  });

  it("scales 3..50 instances over the three ADs of Ashburn on CPU 70 % and memory 80 %", () => {
    const pool = onlyConfigOf(primary, "oci_core_instance_pool");
    expect(pool.size).toBe(3);
    expect(pool.placement_configurations).toHaveLength(3);
    const [policy] = onlyConfigOf(primary, "oci_autoscaling_auto_scaling_configuration").policies;
    expect(policy.capacity).toEqual([{ initial: 3, min: 3, max: 50 }]);
    expect(policy.rules.slice(0, 2).map((r: any) => [r.metric[0].metric_type, r.metric[0].threshold[0].value])).toEqual([
      ["CPU_UTILIZATION", 70],
      ["MEMORY_UTILIZATION", 80],
    ]);
  });

  it("spreads Redis over three ADs in Ashburn and three fault domains of Mumbai's one AD", () => {
    const ads = (json: SynthJson) => configsOf(json, "oci_core_instance").map((n) => n.availability_domain);
    expect(new Set(ads(primary)).size).toBe(3);
    expect(new Set(ads(mumbai)).size).toBe(1);
    expect(new Set(configsOf(mumbai, "oci_core_instance").map((n) => n.fault_domain)).size).toBe(3);
  });

  it("blocks with the WAF, protects the load balancer and uses a virtual private vault", () => {
    expect(onlyConfigOf(primary, "oci_waf_web_app_firewall_policy").request_rate_limiting[0].rules[0]).toMatchObject({
      action_name: "block-403",
      configurations: [{ requests_limit: 2000, period_in_seconds: 300, action_duration_in_seconds: 300 }],
    });
    expect(onlyConfigOf(primary, "oci_load_balancer_load_balancer").is_delete_protection_enabled).toBe(true);
    expect(onlyConfigOf(primary, "oci_kms_vault").vault_type).toBe("VIRTUAL_PRIVATE");
    for (const key of configsOf(primary, "oci_kms_key")) expect(key.is_auto_rotation_enabled).toBe(true);
  });
});

describe("dev relaxes cost-heavy items only through its environment file", () => {
  const dev = stack("mockforge-dev-oci-us-ashburn-1");

  it("runs a one-node database without deletion protection, still with Vault credentials and backups", () => {
    const db = onlyConfigOf(dev, "oci_psql_db_system");
    expect(db.instance_count).toBe(1);
    expect(db.lifecycle.prevent_destroy).toBe(false);
    expect(db.management_policy[0].backup_policy[0]).toMatchObject({ kind: "DAILY", retention_days: 7 });
  });

  it("keeps encryption and the WAF (in count mode) but uses the shared-partition vault", () => {
    expect(onlyConfigOf(dev, "oci_kms_vault").vault_type).toBe("DEFAULT");
    expect(onlyConfigOf(dev, "oci_objectstorage_bucket").kms_key_id).toMatch(/oci_kms_key/);
    expect(onlyConfigOf(dev, "oci_waf_web_app_firewall_policy").request_protection[0].rules[0].action_name).toBe("check");
    expect(onlyConfigOf(dev, "oci_load_balancer_load_balancer").shape_details).toEqual([{ minimum_bandwidth_in_mbps: 10, maximum_bandwidth_in_mbps: 10 }]);
  });
});
