import { CLOUD_RUN_INGRESS, CONTAINER_NAME, GcpCloudRunService, type GcpCloudRunServiceProps } from "../../../constructs/gcp/service";
import { NETWORK_TAGS } from "../../../constructs/gcp/network-ref";
import { ENV, HEALTH_PATHS, PORTS, SECRET_ENV_NAMES } from "../../../constructs/core/runtime-contract";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { network, primaryContext, ref } from "./fixtures";
import { AUTOSCALING_SPEC } from "../../support/specs";

const baseProps: GcpCloudRunServiceProps = {
  context: primaryContext,
  network,
  serviceName: "mockforge-prod-usc1-server",
  imageUrl: "us-central1-docker.pkg.dev/mockforge-prod/mockforge-prod-images/server",
  imageTag: "1.4.2",
  assetsBucketName: "mockforge-prod-usc1-assets-mockforge-prod",
  cpu: 2,
  memoryMiB: 4096,
  autoscaling: AUTOSCALING_SPEC,
  imageRepository: "mockforge-prod-images",
  environment: { [ENV.port]: String(PORTS.http), [ENV.region]: "us-central1", [ENV.databaseWriterHost]: "writer.usc1.prod.db.mockforge.internal:5432" },
  secrets: {
    [ENV.databasePassword]: { secretId: "mockforge-prod-usc1-postgres-password" },
    [ENV.redisPassword]: { secretId: "mockforge-prod-usc1-redis-password" },
    [ENV.adminSecret]: { secretId: "mockforge-prod-usc1-admin-signing-key" },
    [ENV.operatorKey]: { secretId: "mockforge-prod-usc1-operator-key" },
  },
  healthCheckGracePeriodSeconds: 60,
  logRetentionDays: 90,
};
const synth = (overrides: Partial<GcpCloudRunServiceProps> = {}): SynthJson =>
  synthJson((scope) => new GcpCloudRunService(scope, "service", { ...baseProps, ...overrides }));

describe("GcpCloudRunService", () => {
  const json = synth();
  const service = onlyConfigOf(json, "google_cloud_run_v2_service");
  const template = service.template;
  const container = template.containers[0];
  const env = Object.fromEntries(container.env.map((e: { name: string; value?: string; value_source?: unknown }) => [e.name, e.value ?? e.value_source]));

  it("runs the image from Artifact Registry at its immutable tag", () => {
    expect(container).toMatchObject({ name: CONTAINER_NAME, image: "us-central1-docker.pkg.dev/mockforge-prod/mockforge-prod-images/server:1.4.2" });
    expect(service).toMatchObject({ name: "mockforge-prod-usc1-server", location: "us-central1" });
  });

  it("scales between the environment's min and max instances, 80 concurrent requests each", () => {
    expect(template.scaling).toEqual({ min_instance_count: 3, max_instance_count: 50 });
    expect(template.max_instance_request_concurrency).toBe(80);
  });

  it("sizes CPU and memory from the environment, CPU always allocated", () => {
    expect(container.resources).toEqual({ limits: { cpu: "2", memory: "4096Mi" }, cpu_idle: false, startup_cpu_boost: true });
  });

  it("probes startup and liveness on the runtime contract's health paths", () => {
    expect(container.startup_probe).toMatchObject({ http_get: { path: HEALTH_PATHS.startup, port: PORTS.http }, period_seconds: 5, failure_threshold: 12 });
    expect(container.liveness_probe).toMatchObject({ http_get: { path: HEALTH_PATHS.live, port: PORTS.http }, period_seconds: 15, failure_threshold: 3 });
  });

  it("serves the contract's HTTP port (Cloud Run sets PORT from it)", () => {
    expect(container.ports).toEqual({ name: "http1", container_port: PORTS.http });
    expect(env[ENV.port]).toBeUndefined();
    expect(env[ENV.region]).toBe("us-central1");
  });

  it("injects every secret from Secret Manager, never as a plain value", () => {
    for (const name of SECRET_ENV_NAMES) {
      expect(env[name]).toEqual({ secret_key_ref: { secret: expect.stringMatching(/^mockforge-prod-usc1-/), version: "latest" } });
    }
  });

  it("egresses through the VPC (Direct VPC egress, all traffic) with the service's network tag", () => {
    expect(template.vpc_access).toEqual({
      egress: "ALL_TRAFFIC",
      network_interfaces: [{ network: network.vpcId, subnetwork: network.subnetworkId, tags: [NETWORK_TAGS.service] }],
    });
  });

  it("takes traffic only from inside and from Google Cloud load balancers", () => {
    expect(service.ingress).toBe(CLOUD_RUN_INGRESS);
    expect(CLOUD_RUN_INGRESS).toBe("INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER");
    expect(service.invoker_iam_disabled).toBe(true);
    expect(configsOf(json, "google_cloud_run_v2_service_iam_member")).toEqual([]);
  });

  it("runs as its own service account, allowed to read its secrets and its bucket's objects only", () => {
    const email = ref(json, "google_service_account", "", "email");
    expect(onlyConfigOf(json, "google_service_account").account_id).toBe("mockforge-prod-usc1-run");
    expect(template.service_account).toBe(email);
    const grants = configsOf(json, "google_secret_manager_secret_iam_member");
    expect(grants.map((g) => g.secret_id).sort()).toEqual(Object.values(baseProps.secrets).map((s) => s.secretId).sort());
    for (const grant of grants) expect(grant).toMatchObject({ role: "roles/secretmanager.secretAccessor", member: `serviceAccount:${email}` });
    expect(onlyConfigOf(json, "google_storage_bucket_iam_member")).toEqual(
      expect.objectContaining({ bucket: baseProps.assetsBucketName, role: "roles/storage.objectUser", member: `serviceAccount:${email}` }),
    );
    expect(configsOf(json, "google_project_iam_member")).toEqual([]);
    // One grant per secret plus the bucket grant: the service starts only once it may read them.
    expect(service.depends_on).toHaveLength(Object.keys(baseProps.secrets).length + 1);
  });

  it("runs second-generation instances, protected from destroy by default", () => {
    expect(template.execution_environment).toBe("EXECUTION_ENVIRONMENT_GEN2");
    expect(service.deletion_protection).toBe(true);
    expect(onlyConfigOf(synth({ deletionProtection: false }), "google_cloud_run_v2_service").deletion_protection).toBe(false);
  });

  it("caps the startup probe at Cloud Run's 240 s", () => {
    expect(onlyConfigOf(synth({ healthCheckGracePeriodSeconds: 3600 }), "google_cloud_run_v2_service").template.containers[0].startup_probe.failure_threshold).toBe(48);
  });

  it.each<[string, Partial<GcpCloudRunServiceProps>, RegExp]>([
    ["a fractional vCPU (forces concurrency 1)", { cpu: 0.5, memoryMiB: 1024 }, /cpu 0.5 is not a Cloud Run size for concurrency 80/],
    ["memory outside the vCPU's range", { cpu: 1, memoryMiB: 8192 }, /memoryMiB 8192 is not a Cloud Run memory size for 1 vCPU; 1 vCPU allows 512-4096 MiB/],
    ["min above max", { autoscaling: { ...baseProps.autoscaling, minCount: 60 } }, /minCount 60 is above autoscaling.maxCount 50/],
    ["a secret as plain environment", { environment: { [ENV.databasePassword]: "x" } }, /environment.DATABASE_PASSWORD is a secret/],
    ["a JSON-key secret", { secrets: { [ENV.adminSecret]: { secretId: "s", jsonKey: "k" } } }, /names jsonKey "k"/],
    ["a PORT other than the contract's", { environment: { [ENV.port]: "8080" } }, /environment.PORT is "8080"/],
    ["a reserved variable", { environment: { K_SERVICE: "x" } }, /environment name "K_SERVICE"/],
    ["an image outside Artifact Registry", { imageUrl: "docker.io/library/nginx" }, /imageUrl "docker.io\/library\/nginx"/],
    ["a bad image tag", { imageTag: "-x" }, /imageTag "-x"/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
