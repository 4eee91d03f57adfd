import { Construct } from "constructs";
import { CloudRunV2Service, type CloudRunV2ServiceTemplateContainersEnv } from "@cdktf/provider-google/lib/cloud-run-v2-service";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import type { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import type { ServiceHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import { ENV, HEALTH_PATHS, PORTS, SECRET_ENV_NAMES } from "../core/runtime-contract";
import type { DeploymentContext, ServiceSpec } from "../core/specs";
import { CLOUD_RUN_CONCURRENCY, cloudRunSizeProblem } from "./limits";
import { NETWORK_TAGS, type GcpNetworkRef } from "./network-ref";
import { grantSecretRead } from "./secret";
import { IMAGE_TAG_RULE, isImageTag } from "../core/image-tag";

/** The one container of every instance. */
export const CONTAINER_NAME = "mockforge";
/** Cloud Run only exposes traffic to an instance on this named port (HTTP/1.1). */
const PORT_NAME = "http1";
/** Variables Cloud Run sets itself; a service may not define them. */
const RESERVED_ENV = ["K_SERVICE", "K_REVISION", "K_CONFIGURATION"];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STARTUP_PERIOD_SECONDS = 5;
/** Cloud Run waits at most 240 s for a startup probe. */
const MAX_STARTUP_SECONDS = 240;
/** Ingress limited to the VPC and Google Cloud load balancers: the default run.app URL refuses the internet. */
export const CLOUD_RUN_INGRESS = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER";

export interface GcpCloudRunServiceProps extends ServiceSpec {
  readonly context: DeploymentContext;
  readonly network: GcpNetworkRef;
  /** Service name; must equal the name the region's serverless NEG points at. */
  readonly serviceName: string;
  /** Image path in Artifact Registry without tag: `<location>-docker.pkg.dev/<project>/<repository>/<image>`. */
  readonly imageUrl: string;
  /** Bucket the server reads and writes (assets, exports). */
  readonly assetsBucketName: string;
  /**
   * Refuse `terraform destroy` of the service.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Concurrent requests per instance.
   * @default 80
   */
  readonly concurrency?: number;
  /**
   * Seconds a request may take.
   * @default 300
   */
  readonly requestTimeoutSeconds?: number;
}

/**
 * The MockForge server on Cloud Run (v2), in one region:
 *
 * - the image from Artifact Registry at an immutable tag; min/max instances
 *   from the environment, 80 concurrent requests per instance, CPU and
 *   memory per environment (CPU always allocated, startup boost);
 * - startup and liveness probes on the runtime contract's health paths;
 * - secrets injected from Secret Manager only (`latest` version), never as
 *   plain values; `PORT` comes from Cloud Run itself (the container port);
 * - Direct VPC egress on the region's subnet, all traffic through the VPC
 *   (firewall rules by the `mockforge-service` tag, Cloud NAT, the private
 *   DNS names of Cloud SQL), to reach Cloud SQL and Redis privately;
 * - ingress limited to internal traffic and Google Cloud load balancers;
 *   the invoker check is off because the external load balancer carries no
 *   identity, so the ingress setting is what keeps the service private;
 * - its own service account, allowed to read exactly its secrets and to
 *   read/write objects in its assets bucket.
 *
 * The autoscaling spec's CPU/memory targets and cooldowns have no Cloud Run
 * equivalent: Cloud Run scales on concurrency and CPU by itself, between
 * `minCount` and `maxCount`. Logs go to Cloud Logging (project retention).
 */
export class GcpCloudRunService extends Construct implements ServiceHandle {
  readonly service: CloudRunV2Service;
  readonly serviceAccount: ServiceAccount;
  readonly secretGrants: readonly SecretManagerSecretIamMember[];
  readonly bucketGrant: StorageBucketIamMember;
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: GcpCloudRunServiceProps) {
    super(scope, id);
    validate(props);
    const { context, network, autoscaling } = props;

    this.serviceAccount = new ServiceAccount(this, "service-account", {
      accountId: resourceName(context, "run", 30),
      displayName: `MockForge server (${context.environment}, ${context.region})`,
      description: "Cloud Run identity: reads its secrets, reads/writes its assets bucket",
    });
    const member = `serviceAccount:${this.serviceAccount.email}`;
    const secretIds = [...new Set(Object.values(props.secrets).map((ref) => ref.secretId))];
    this.secretGrants = secretIds.map((secretId, i) => grantSecretRead(this, `read-secret-${i}`, secretId, this.serviceAccount.email));
    this.bucketGrant = new StorageBucketIamMember(this, "assets-access", { bucket: props.assetsBucketName, role: "roles/storage.objectUser", member });

    const byName = <T>(record: Readonly<Record<string, T>>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // Cloud Run sets PORT to the container port; the contract's value is that port.
    const plain: CloudRunV2ServiceTemplateContainersEnv[] = byName(props.environment)
      .filter(([name]) => name !== ENV.port)
      .map(([name, value]) => ({ name, value }));
    const secret: CloudRunV2ServiceTemplateContainersEnv[] = byName(props.secrets).map(([name, ref]) => ({
      name,
      valueSource: { secretKeyRef: { secret: ref.secretId, version: "latest" } },
    }));
    const startupFailures = Math.max(1, Math.min(Math.ceil(props.healthCheckGracePeriodSeconds / STARTUP_PERIOD_SECONDS), MAX_STARTUP_SECONDS / STARTUP_PERIOD_SECONDS));

    this.serviceName = props.serviceName;
    this.service = new CloudRunV2Service(this, "service", {
      name: props.serviceName,
      location: context.region,
      description: `MockForge server (${context.environment}, ${context.region})`,
      ingress: CLOUD_RUN_INGRESS,
      invokerIamDisabled: true,
      deletionProtection: props.deletionProtection ?? true,
      template: {
        serviceAccount: this.serviceAccount.email,
        executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
        maxInstanceRequestConcurrency: props.concurrency ?? CLOUD_RUN_CONCURRENCY,
        timeout: `${props.requestTimeoutSeconds ?? 300}s`,
        scaling: { minInstanceCount: autoscaling.minCount, maxInstanceCount: autoscaling.maxCount },
        vpcAccess: {
          networkInterfaces: [{ network: network.vpcId, subnetwork: network.subnetworkId, tags: [NETWORK_TAGS.service] }],
          egress: "ALL_TRAFFIC",
        },
        containers: [
          {
            name: CONTAINER_NAME,
            image: `${props.imageUrl}:${props.imageTag}`,
            ports: { name: PORT_NAME, containerPort: PORTS.http },
            resources: {
              limits: { cpu: String(props.cpu), memory: `${props.memoryMiB}Mi` },
              // Sentinel connections and timers keep working between requests.
              cpuIdle: false,
              startupCpuBoost: true,
            },
            env: [...plain, ...secret],
            startupProbe: {
              httpGet: { path: HEALTH_PATHS.startup, port: PORTS.http },
              initialDelaySeconds: 0,
              periodSeconds: STARTUP_PERIOD_SECONDS,
              timeoutSeconds: 3,
              failureThreshold: startupFailures,
            },
            livenessProbe: {
              httpGet: { path: HEALTH_PATHS.live, port: PORTS.http },
              periodSeconds: 15,
              timeoutSeconds: 5,
              failureThreshold: 3,
            },
          },
        ],
      },
      traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }],
      // A revision that cannot read its secrets never becomes ready.
      dependsOn: [...this.secretGrants, this.bucketGrant],
    });
  }
}

function validate(props: GcpCloudRunServiceProps): void {
  const fail = (message: string): never => {
    throw new Error(`GcpCloudRunService (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  const intRange = (prop: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) fail(`${prop} ${value} is invalid; use a whole number from ${min} to ${max}.`);
  };
  const size = cloudRunSizeProblem(props.cpu, props.memoryMiB);
  if (size) fail(`${size.field} ${size.field === "cpu" ? props.cpu : props.memoryMiB} ${size.message}.`);
  const a = props.autoscaling;
  intRange("autoscaling.minCount", a.minCount, 0, 1000);
  intRange("autoscaling.maxCount", a.maxCount, 1, 1000);
  if (a.minCount > a.maxCount) fail(`autoscaling.minCount ${a.minCount} is above autoscaling.maxCount ${a.maxCount}; minCount must be <= maxCount.`);
  intRange("concurrency", props.concurrency ?? CLOUD_RUN_CONCURRENCY, 2, 1000);
  intRange("requestTimeoutSeconds", props.requestTimeoutSeconds ?? 300, 1, 3600);
  intRange("healthCheckGracePeriodSeconds", props.healthCheckGracePeriodSeconds, 0, 3600);
  if (!isImageTag(props.imageTag)) fail(`imageTag "${props.imageTag}" is not a valid image tag: expected ${IMAGE_TAG_RULE}.`);
  if (!/^[a-z0-9-]+-docker\.pkg\.dev\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/[a-z0-9._-]+\/[a-z0-9._/-]+$/.test(props.imageUrl)) {
    fail(`imageUrl "${props.imageUrl}" is not an Artifact Registry image path (<location>-docker.pkg.dev/<project>/<repository>/<image>, without tag).`);
  }
  const port = props.environment[ENV.port];
  if (port !== undefined && port !== String(PORTS.http)) fail(`environment.${ENV.port} is "${port}"; Cloud Run sets PORT to the container port ${PORTS.http}.`);
  for (const name of Object.keys(props.environment)) {
    if (SECRET_ENV_NAMES.includes(name)) fail(`environment.${name} is a secret; pass it in secrets (injected from Secret Manager), never as a plain environment variable.`);
    if (!ENV_NAME.test(name) || RESERVED_ENV.includes(name)) fail(`environment name "${name}" is not a variable Cloud Run lets a service set.`);
    if (name in props.secrets) fail(`${name} is in both environment and secrets; give it once, in secrets.`);
  }
  for (const [name, ref] of Object.entries(props.secrets)) {
    if (!ENV_NAME.test(name) || RESERVED_ENV.includes(name) || name === ENV.port) fail(`secrets name "${name}" is not a variable Cloud Run lets a service set.`);
    if (!ref.secretId) fail(`secrets.${name} has an empty secretId; give the Secret Manager secret id.`);
    if (ref.jsonKey !== undefined) fail(`secrets.${name} names jsonKey "${ref.jsonKey}"; Secret Manager secrets are whole values on GCP.`);
  }
}
