/**
 * The GCP stacks of the real app, from the real environment files: a snapshot
 * per stack for review diffs, and assertions for what the issue asks of every
 * environment (deploy order, state, labels, sizes, regions, replicas, edge).
 */
import { REQUIRED_TAG_KEYS } from "../../constructs/core/naming";
import { SECRET_ENV_NAMES } from "../../constructs/core/runtime-contract";
import { synthesizeApp } from "../support/app";
import { allResources, configsOf, type SynthJson } from "../support/synth";

const app = synthesizeApp();
const stack = (name: string): SynthJson => {
  const json = app.stacks.get(name);
  if (!json) throw new Error(`no stack ${name}; have ${[...app.stacks.keys()].join(", ")}`);
  return json;
};
const gcpStacks = () => [...app.stacks].filter(([name]) => name.includes("-gcp-"));
const deps = (name: string) => app.dependencies.get(name) ?? [];
const only = (json: SynthJson, type: string) => {
  const found = configsOf(json, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
};
const writerOf = (json: SynthJson) => configsOf(json, "google_sql_database_instance").find((i) => !String(i.name).includes("replica"))!;
const runOf = (json: SynthJson) => only(json, "google_cloud_run_v2_service");

const EXPECTED_STACKS = [
  "mockforge-dev-gcp-global",
  "mockforge-dev-gcp-us-central1",
  "mockforge-dev-gcp-edge",
  "mockforge-prod-gcp-global",
  "mockforge-prod-gcp-us-central1",
  "mockforge-prod-gcp-europe-west1",
  "mockforge-prod-gcp-asia-south1",
  "mockforge-prod-gcp-edge",
  "mockforge-staging-gcp-global",
  "mockforge-staging-gcp-us-central1",
  "mockforge-staging-gcp-edge",
];

describe("the GCP app", () => {
  it("has one stack per environment x region plus a global and an edge stack", () => {
    expect(gcpStacks().map(([name]) => name).sort()).toEqual([...EXPECTED_STACKS].sort());
  });

  it.each(EXPECTED_STACKS)("%s matches its snapshot", (name) => {
    expect(stack(name)).toMatchSnapshot();
  });

  it("gives every stack its own GCS backend prefix in the environment's state bucket", () => {
    const prefixes = new Set<string>();
    for (const [name, json] of gcpStacks()) {
      const gcs = (json.terraform as any).backend.gcs;
      const env = name.split("-")[1];
      expect(gcs).toEqual({ bucket: `mockforge-tfstate-${env}-gcp`, prefix: `mockforge/${env}/${name}` });
      prefixes.add(gcs.prefix);
    }
    expect(prefixes.size).toBe(EXPECTED_STACKS.length);
  });

  it("deploys global first, then the primary, then the secondaries, and the edge last", () => {
    expect(deps("mockforge-prod-gcp-global")).toEqual([]);
    expect(deps("mockforge-prod-gcp-us-central1")).toEqual(["mockforge-prod-gcp-global"]);
    for (const secondary of ["mockforge-prod-gcp-europe-west1", "mockforge-prod-gcp-asia-south1"]) {
      expect(deps(secondary)).toEqual(expect.arrayContaining(["mockforge-prod-gcp-global", "mockforge-prod-gcp-us-central1"]));
    }
    expect([...deps("mockforge-prod-gcp-edge")].sort()).toEqual(
      ["mockforge-prod-gcp-global", "mockforge-prod-gcp-us-central1", "mockforge-prod-gcp-europe-west1", "mockforge-prod-gcp-asia-south1"].sort(),
    );
    // No stack reads from a stack deployed after it: the order has no cycle.
    const order = (name: string) => EXPECTED_STACKS.indexOf(name);
    for (const name of EXPECTED_STACKS) for (const dep of deps(name)) expect(order(dep)).toBeLessThan(order(name));
  });

  it("labels every labelled resource with env, region, service, owner and cost-center (Cloud SQL and Cloud Monitoring through user_labels)", () => {
    let checked = 0;
    const monitoring = new Set<string>();
    for (const [name, json] of gcpStacks()) {
      for (const [type, id, config] of allResources(json)) {
        const userLabels = type === "google_sql_database_instance" ? config.settings.user_labels : type.startsWith("google_monitoring_") ? config.user_labels : undefined;
        // A notification channel's `labels` are its settings (the e-mail address), not resource labels.
        const labels = userLabels ?? (type === "google_monitoring_notification_channel" ? undefined : config.labels);
        if (labels === undefined) continue;
        checked++;
        if (type.startsWith("google_monitoring_")) monitoring.add(type);
        for (const key of REQUIRED_TAG_KEYS) expect({ resource: `${name} ${type}.${id}`, has: key in labels }).toEqual({ resource: `${name} ${type}.${id}`, has: true });
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect([...monitoring].sort()).toEqual(["google_monitoring_alert_policy", "google_monitoring_notification_channel"]);
    const channel = configsOf(stack("mockforge-prod-gcp-us-central1"), "google_monitoring_notification_channel")[0];
    expect(channel.labels).toEqual({ email_address: "oncall@mockforge.cloud" });
  });

  it("keeps every customer-managed key from terraform destroy in staging and production, and lets dev tear down", () => {
    for (const [name, json] of gcpStacks()) {
      const keys = configsOf(json, "google_kms_crypto_key");
      const protectedTier = !name.startsWith("mockforge-dev-");
      for (const key of keys) expect({ stack: name, lifecycle: key.lifecycle }).toEqual({ stack: name, lifecycle: { prevent_destroy: protectedTier } });
    }
    expect(configsOf(stack("mockforge-prod-gcp-global"), "google_kms_crypto_key")).toHaveLength(1);
  });

  it("enables container scanning in every environment's project, for the registry's vulnerability scans", () => {
    for (const env of ["dev", "staging", "prod"]) {
      expect(configsOf(stack(`mockforge-${env}-gcp-global`), "google_project_service").map((s) => s.service)).toContain("containerscanning.googleapis.com");
    }
  });

  it("labels each region's three Redis nodes as Sentinel nodes, one per zone", () => {
    for (const [name, json] of gcpStacks().filter(([n]) => !/-(global|edge)$/.test(n))) {
      const nodes = configsOf(json, "google_compute_instance").filter((n) => n.labels?.["mockforge-role"] === "redis-sentinel");
      expect({ stack: name, nodes: nodes.length, zones: new Set(nodes.map((n) => n.zone)).size }).toEqual({ stack: name, nodes: 3, zones: 3 });
    }
  });

  it("never puts a secret into a plain Cloud Run variable, and injects each from Secret Manager", () => {
    for (const [, json] of gcpStacks()) {
      for (const service of configsOf(json, "google_cloud_run_v2_service")) {
        const env = service.template.containers[0].env as Array<{ name: string; value?: string; value_source?: unknown }>;
        expect(env.filter((e) => SECRET_ENV_NAMES.includes(e.name) && e.value !== undefined)).toEqual([]);
        expect(env.filter((e) => e.value_source).map((e) => e.name).sort()).toEqual([...SECRET_ENV_NAMES].sort());
      }
    }
  });

  it("deploys the requested image tag from the environment's registry in the primary region", () => {
    for (const region of ["us-central1", "europe-west1", "asia-south1"]) {
      expect(runOf(stack(`mockforge-prod-gcp-${region}`)).template.containers[0].image).toBe("us-central1-docker.pkg.dev/mockforge-prod/mockforge-prod-images/server:test-tag");
    }
    expect(only(stack("mockforge-prod-gcp-global"), "google_artifact_registry_repository")).toMatchObject({ repository_id: "mockforge-prod-images", location: "us-central1" });
  });

  it("keeps one VPC per environment in the global stack, and a subnet per region", () => {
    expect(only(stack("mockforge-prod-gcp-global"), "google_compute_network").name).toBe("mockforge-prod-vpc");
    const subnets = ["us-central1", "europe-west1", "asia-south1"].map((r) => only(stack(`mockforge-prod-gcp-${r}`), "google_compute_subnetwork"));
    expect(subnets.map((s) => [s.region, s.ip_cidr_range, s.network])).toEqual([
      ["us-central1", "10.50.0.0/20", "projects/mockforge-prod/global/networks/mockforge-prod-vpc"],
      ["europe-west1", "10.51.0.0/20", "projects/mockforge-prod/global/networks/mockforge-prod-vpc"],
      ["asia-south1", "10.52.0.0/20", "projects/mockforge-prod/global/networks/mockforge-prod-vpc"],
    ]);
  });

  it("alerts on the same runbook thresholds as AWS", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const aws = new Map(configsOf(stack(`mockforge-${env}-aws-us-east-1`), "aws_cloudwatch_metric_alarm").map((a) => [a.alarm_name.replace(/^mockforge-[a-z]+-use1-/, ""), a.threshold]));
      const gcp = configsOf(stack(`mockforge-${env}-gcp-us-central1`), "google_monitoring_alert_policy");
      const value = (fragment: string): number => gcp.find((p) => p.display_name.endsWith(fragment))!.conditions[0].condition_threshold.threshold_value;
      expect(value("5xx rate") * 100).toBeCloseTo(aws.get("alb-5xx-rate"));
      expect(value("p95 latency") / 1000).toBeCloseTo(aws.get("alb-latency-p95"));
      expect(value("service CPU") * 100).toBeCloseTo(aws.get("service-cpu"));
      expect(value("service memory") * 100).toBeCloseTo(aws.get("service-memory"));
    }
    const awsLag = configsOf(stack("mockforge-prod-aws-us-east-1"), "aws_cloudwatch_metric_alarm").find((a) => a.metric_name === "ReplicaLag")!.threshold;
    const gcpLag = configsOf(stack("mockforge-prod-gcp-us-central1"), "google_monitoring_alert_policy").find((p) => p.display_name.includes("replica lag"))!;
    expect(gcpLag.conditions[0].condition_threshold.threshold_value).toBe(awsLag);
  });
});

describe("production on GCP", () => {
  const primary = stack("mockforge-prod-gcp-us-central1");
  const secondaries = ["europe-west1", "asia-south1"].map((r) => stack(`mockforge-prod-gcp-${r}`));
  const edge = stack("mockforge-prod-gcp-edge");

  it("runs in us-central1 (primary), europe-west1 and asia-south1", () => {
    const regionOf = (json: SynthJson) => (json.provider!.google[0] as { region: string }).region;
    expect([primary, ...secondaries].map(regionOf)).toEqual(["us-central1", "europe-west1", "asia-south1"]);
    expect(writerOf(primary).master_instance_name).toBeUndefined();
    for (const s of secondaries) expect(writerOf(s).master_instance_name).toBeDefined();
  });

  it("runs a REGIONAL, deletion-protected PostgreSQL 16 primary with two in-region replicas and PITR", () => {
    const instances = configsOf(primary, "google_sql_database_instance");
    const writer = writerOf(primary);
    expect(writer).toMatchObject({ database_version: "POSTGRES_16", deletion_protection: true, settings: { availability_type: "REGIONAL", deletion_protection_enabled: true } });
    expect(writer.settings.backup_configuration).toMatchObject({ enabled: true, point_in_time_recovery_enabled: true, backup_retention_settings: { retained_backups: 14 } });
    expect(instances.filter((i) => i.master_instance_name)).toHaveLength(2);
  });

  it("replicates the primary into each secondary region through a cross-stack reference", () => {
    for (const s of secondaries) {
      expect(writerOf(s).master_instance_name).toMatch(/terraform_remote_state\.cross-stack-reference-input-mockforge-prod-gcp-us-central1/);
      expect((s.data?.terraform_remote_state as any)["cross-stack-reference-input-mockforge-prod-gcp-us-central1"]).toMatchObject({
        backend: "gcs",
        config: { bucket: "mockforge-tfstate-prod-gcp", prefix: "mockforge/prod/mockforge-prod-gcp-us-central1" },
      });
    }
  });

  it("hands the service the writer (the primary's, everywhere) and its region's reader through the runtime contract", () => {
    const envOf = (json: SynthJson) => Object.fromEntries(runOf(json).template.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(envOf(primary)).toMatchObject({ DATABASE_HOST: "writer.usc1.prod.db.mockforge.internal:5432", DATABASE_READER_HOST: "reader.usc1.prod.db.mockforge.internal:5432" });
    expect(envOf(secondaries[0])).toMatchObject({ DATABASE_HOST: "writer.usc1.prod.db.mockforge.internal:5432", DATABASE_READER_HOST: "reader.euw1.prod.db.mockforge.internal:5432" });
  });

  it("scales Cloud Run 3..50 instances of 2 vCPU / 4096 MiB, 80 requests each", () => {
    for (const json of [primary, ...secondaries]) {
      const template = runOf(json).template;
      expect(template.scaling).toEqual({ min_instance_count: 3, max_instance_count: 50 });
      expect(template.max_instance_request_concurrency).toBe(80);
      expect(template.containers[0].resources.limits).toEqual({ cpu: "2", memory: "4096Mi" });
    }
  });

  it("keeps assets in the multi-region of each region's continent", () => {
    const assets = (json: SynthJson) => configsOf(json, "google_storage_bucket").find((b) => String(b.name).includes("-assets-mockforge"))!;
    expect([primary, ...secondaries].map((json) => assets(json).location)).toEqual(["US", "EU", "ASIA"]);
  });

  it("puts all three regions' NEGs behind one backend service with Cloud Armor and Cloud CDN", () => {
    const backend = only(edge, "google_compute_backend_service");
    expect(backend.backend).toHaveLength(3);
    for (const b of backend.backend) expect(b.group).toMatch(/terraform_remote_state\.cross-stack-reference-input-mockforge-prod-gcp-[a-z0-9-]+\.outputs/);
    expect(backend).toMatchObject({ load_balancing_scheme: "EXTERNAL_MANAGED", enable_cdn: true, cdn_policy: { cache_mode: "USE_ORIGIN_HEADERS" } });
    expect(backend.security_policy).toMatch(/google_compute_security_policy/);
  });

  it("blocks with Cloud Armor at the environment's rate limit, with adaptive protection", () => {
    const armor = configsOf(edge, "google_compute_security_policy").find((p) => p.type === "CLOUD_ARMOR")!;
    const rate = armor.rule.find((r: any) => r.action === "rate_based_ban");
    expect(rate).toMatchObject({ preview: false, rate_limit_options: { rate_limit_threshold: { count: 2000, interval_sec: 300 } } });
    expect(armor.adaptive_protection_config.layer_7_ddos_defense_config.enable).toBe(true);
  });

  it("serves the primary's assets bucket through Cloud CDN and points the API name at the load balancer", () => {
    expect(only(edge, "google_compute_backend_bucket").bucket_name).toMatch(/cross-stack-reference-input-mockforge-prod-gcp-us-central1/);
    expect(only(edge, "google_dns_record_set")).toMatchObject({ name: "api.gcp.mockforge.cloud.", type: "A" });
    expect(only(edge, "google_compute_managed_ssl_certificate").managed.domains).toEqual(["api.gcp.mockforge.cloud"]);
  });
});

describe("dev relaxes cost-heavy items only through its environment file", () => {
  const dev = stack("mockforge-dev-gcp-us-central1");

  it("runs a ZONAL database without replicas or deletion protection, still private, encrypted and backed up", () => {
    const instances = configsOf(dev, "google_sql_database_instance");
    expect(instances).toHaveLength(1);
    expect(instances[0]).toMatchObject({
      deletion_protection: false,
      settings: { availability_type: "ZONAL", tier: "db-g1-small", ip_configuration: { ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY" }, backup_configuration: { enabled: true } },
    });
    expect(instances[0].encryption_key_name).toMatch(/google_kms_crypto_key/);
  });

  it("runs Cloud Run at 1 whole vCPU (its own gcp.service.cpu) and the shared 1024 MiB, 1..2 instances", () => {
    const template = runOf(dev).template;
    expect(template.containers[0].resources.limits).toEqual({ cpu: "1", memory: "1024Mi" });
    expect(template.scaling).toEqual({ min_instance_count: 1, max_instance_count: 2 });
    expect(runOf(dev).deletion_protection).toBe(false);
  });

  it("keeps the WAF, in count (preview) mode, and regional buckets", () => {
    const armor = configsOf(stack("mockforge-dev-gcp-edge"), "google_compute_security_policy").find((p) => p.type === "CLOUD_ARMOR")!;
    expect(armor.rule.filter((r: any) => r.priority < 2147483647).every((r: any) => r.preview === true)).toBe(true);
    expect(armor.rule.find((r: any) => r.action === "rate_based_ban").rate_limit_options.rate_limit_threshold.count).toBe(1000);
    const buckets = configsOf(dev, "google_storage_bucket");
    expect(buckets.every((b) => b.location === "US-CENTRAL1" && b.force_destroy === true)).toBe(true);
  });
});
