import { Construct } from "constructs";
import type { ServiceHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import { PORTS } from "../core/runtime-contract";
import type { DeploymentContext, ServiceSpec } from "../core/specs";
import { AutoscalingAutoScalingConfiguration, type AutoscalingRule } from "./bindings/autoscaling-auto-scaling-configuration";
import { CoreInstanceConfiguration } from "./bindings/core-instance-configuration";
import { CoreInstancePool } from "./bindings/core-instance-pool";
import { SERVICE_IMAGE_METADATA_KEY, SERVICE_SECRETS_METADATA_KEY } from "./instance-metadata";
import type { OciNetworkRef } from "./network-ref";
import { FAULT_DOMAINS } from "./region-info";
import { renderServiceCloudInit } from "./service-cloud-init";
import { IMAGE_TAG_RULE, isImageTag } from "../core/image-tag";

/** OCI autoscaling never acts more often than every 300 seconds. */
export const MIN_COOLDOWN_SECONDS = 300;
/** x86 flexible shapes: 1 OCPU is 2 vCPUs; memory is 1 to 64 GB per OCPU. */
export const VCPUS_PER_OCPU = 2;
export const MAX_MEMORY_GB_PER_OCPU = 64;

/** A secret the service reads at start, and the region of the Vault holding it. */
export interface OciServiceSecret {
  readonly secretId: string;
  readonly region: string;
}

export interface OciInstancePoolServiceProps extends Omit<ServiceSpec, "secrets"> {
  readonly context: DeploymentContext;
  readonly compartmentId: string;
  readonly network: OciNetworkRef;
  /** Names of the region's availability domains (placement goes to every one of them). */
  readonly availabilityDomains: readonly string[];
  /** Flexible compute shape, e.g. `VM.Standard.E5.Flex`. */
  readonly shape: string;
  /**
   * OCPUs per instance.
   * @default ceil(cpu / 2), at least 1 (1 OCPU = 2 vCPUs)
   */
  readonly ocpus?: number;
  /**
   * Memory per instance in GB.
   * @default ceil(memoryMiB / 1024), at least 1 GB per OCPU
   */
  readonly memoryGb?: number;
  /** Oracle Linux 9 platform image the instances boot. */
  readonly imageId: string;
  /** Image repository URL without tag: `<region-key>.ocir.io/<namespace>/<repository>`. */
  readonly repositoryUrl: string;
  /** Vault key encrypting the boot volumes. */
  readonly kmsKeyId: string;
  /** Secret environment variables and where each secret lives. */
  readonly secrets: Readonly<Record<string, OciServiceSecret>>;
  /** The load balancer and backend set instances register with. */
  readonly loadBalancerId: string;
  readonly backendSetName: string;
  /**
   * Boot volume size in GB (50 to 32768).
   * @default 50
   */
  readonly bootVolumeSizeGb?: number;
}

/**
 * The MockForge server on OCI Compute: an instance configuration (Oracle
 * Linux 9, encrypted boot volume, in-transit encryption, IMDSv2 only, no
 * public IP) launched by an instance pool spread over every availability
 * domain and fault domain, registered in the load balancer's backend set,
 * and scaled by threshold rules on CPU and memory. cloud-init runs the
 * container from OCIR; secrets come from Vault at every start.
 */
export class OciInstancePoolService extends Construct implements ServiceHandle {
  readonly instanceConfiguration: CoreInstanceConfiguration;
  readonly instancePool: CoreInstancePool;
  readonly autoscaling: AutoscalingAutoScalingConfiguration;
  readonly serviceName: string;
  readonly instancePoolId: string;
  /** The user data, as rendered (before base64). */
  readonly cloudInit: string;
  readonly ocpus: number;
  readonly memoryGb: number;

  constructor(scope: Construct, id: string, props: OciInstancePoolServiceProps) {
    super(scope, id);
    const sizes = validate(props);
    this.ocpus = sizes.ocpus;
    this.memoryGb = sizes.memoryGb;
    const { context, compartmentId, network, autoscaling } = props;
    this.serviceName = resourceName(context, "service");

    this.cloudInit = renderServiceCloudInit({ environment: props.environment });
    const secretLines = Object.keys(props.secrets)
      .sort()
      .map((name) => `${name} ${props.secrets[name].region} ${props.secrets[name].secretId}`)
      .join("\n");

    this.instanceConfiguration = new CoreInstanceConfiguration(this, "instance-configuration", {
      compartmentId,
      displayName: resourceName(context, "service-config"),
      instanceDetails: {
        instanceType: "compute",
        launchDetails: {
          compartmentId,
          shape: props.shape,
          shapeConfig: { ocpus: this.ocpus, memoryInGbs: this.memoryGb },
          sourceDetails: {
            sourceType: "image",
            imageId: props.imageId,
            bootVolumeSizeInGbs: props.bootVolumeSizeGb ?? 50,
            kmsKeyId: props.kmsKeyId,
          },
          createVnicDetails: { assignPublicIp: false, nsgIds: [network.nsgs.service] },
          metadata: {
            user_data: Buffer.from(this.cloudInit, "utf8").toString("base64"),
            [SERVICE_IMAGE_METADATA_KEY]: `${props.repositoryUrl}:${props.imageTag}`,
            [SERVICE_SECRETS_METADATA_KEY]: secretLines,
          },
          isPvEncryptionInTransitEnabled: true,
          instanceOptions: { areLegacyImdsEndpointsDisabled: true },
          // The monitoring plugin publishes the CPU and memory metrics autoscaling and alarms use.
          agentConfig: { isMonitoringDisabled: false, isManagementDisabled: false },
          availabilityConfig: { recoveryAction: "RESTORE_INSTANCE" },
          displayName: this.serviceName,
        },
      },
      // The pool switches to a new configuration before the old one is deleted.
      lifecycle: { createBeforeDestroy: true },
    });

    this.instancePool = new CoreInstancePool(this, "instance-pool", {
      compartmentId,
      displayName: this.serviceName,
      instanceConfigurationId: this.instanceConfiguration.id,
      size: autoscaling.minCount,
      placementConfigurations: props.availabilityDomains.map((availabilityDomain) => ({
        availabilityDomain,
        faultDomains: [...FAULT_DOMAINS],
        primaryVnicSubnets: { subnetId: network.privateSubnetId },
      })),
      loadBalancers: [
        { loadBalancerId: props.loadBalancerId, backendSetName: props.backendSetName, port: PORTS.http, vnicSelection: "PrimaryVnic" },
      ],
      // Autoscaling owns the size after creation.
      lifecycle: { ignoreChanges: ["size"] },
    });
    this.instancePoolId = this.instancePool.id;

    const rule = (displayName: string, metricType: string, operator: string, threshold: number, change: number): AutoscalingRule => ({
      displayName,
      action: { type: "CHANGE_COUNT_BY", value: change },
      metric: { metricType, threshold: { operator, value: threshold } },
    });
    this.autoscaling = new AutoscalingAutoScalingConfiguration(this, "autoscaling", {
      compartmentId,
      displayName: resourceName(context, "service-autoscaling"),
      autoScalingResources: { type: "instancePool", id: this.instancePool.id },
      coolDownInSeconds: Math.max(MIN_COOLDOWN_SECONDS, autoscaling.scaleOutCooldownSeconds, autoscaling.scaleInCooldownSeconds),
      isEnabled: true,
      policies: [
        {
          displayName: "cpu-and-memory-thresholds",
          policyType: "threshold",
          isEnabled: true,
          capacity: { initial: autoscaling.minCount, min: autoscaling.minCount, max: autoscaling.maxCount },
          rules: [
            rule("scale-out-on-cpu", "CPU_UTILIZATION", "GT", autoscaling.cpuTargetPercent, 1),
            rule("scale-out-on-memory", "MEMORY_UTILIZATION", "GT", autoscaling.memoryTargetPercent, 1),
            // Scale in only when CPU is well below its target: rules fire independently, so a
            // memory-based scale-in could undo a CPU-driven scale-out.
            rule("scale-in-on-cpu", "CPU_UTILIZATION", "LT", Math.floor(autoscaling.cpuTargetPercent / 2), -1),
          ],
        },
      ],
    });
  }
}

/** OCPUs and memory for a Flex shape from vCPUs and MiB. */
export function flexShapeSize(cpu: number, memoryMiB: number): { ocpus: number; memoryGb: number } {
  const ocpus = Math.max(1, Math.ceil(cpu / VCPUS_PER_OCPU));
  const memoryGb = Math.max(ocpus, Math.ceil(memoryMiB / 1024));
  return { ocpus, memoryGb };
}

function validate(props: OciInstancePoolServiceProps): { ocpus: number; memoryGb: number } {
  const fail = (message: string): never => {
    throw new Error(`OciInstancePoolService (${props.context.environment}, ${props.context.region}): ${message}`);
  };
  const derived = flexShapeSize(props.cpu, props.memoryMiB);
  const ocpus = props.ocpus ?? derived.ocpus;
  const memoryGb = props.memoryGb ?? Math.max(derived.memoryGb, ocpus);
  if (!/\.Flex$/.test(props.shape)) fail(`shape "${props.shape}" is not a flexible shape (e.g. VM.Standard.E5.Flex); OCPUs and memory are set per instance.`);
  if (!Number.isInteger(ocpus) || ocpus < 1 || ocpus > 64) fail(`ocpus is ${ocpus}; use a whole number from 1 to 64.`);
  if (!Number.isInteger(memoryGb) || memoryGb < ocpus || memoryGb > ocpus * MAX_MEMORY_GB_PER_OCPU) {
    fail(`memoryGb is ${memoryGb}; with ${ocpus} OCPU use ${ocpus} to ${ocpus * MAX_MEMORY_GB_PER_OCPU} GB (1 to ${MAX_MEMORY_GB_PER_OCPU} GB per OCPU).`);
  }
  const a = props.autoscaling;
  const whole = (name: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) fail(`${name} is ${value}; use a whole number from ${min} to ${max}.`);
  };
  whole("autoscaling.minCount", a.minCount, 1, 1000);
  whole("autoscaling.maxCount", a.maxCount, 1, 1000);
  if (a.minCount > a.maxCount) fail(`autoscaling.minCount ${a.minCount} is above autoscaling.maxCount ${a.maxCount}; minCount must be <= maxCount.`);
  whole("autoscaling.cpuTargetPercent", a.cpuTargetPercent, 2, 100);
  whole("autoscaling.memoryTargetPercent", a.memoryTargetPercent, 1, 100);
  if (props.availabilityDomains.length < 1) fail("availabilityDomains is empty; give the region's availability domain names.");
  const boot = props.bootVolumeSizeGb ?? 50;
  whole("bootVolumeSizeGb", boot, 50, 32768);
  if (!isImageTag(props.imageTag)) fail(`imageTag "${props.imageTag}" is not a valid image tag: expected ${IMAGE_TAG_RULE}.`);
  for (const [name, secret] of Object.entries(props.secrets)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`secrets name "${name}" is not a valid variable name.`);
    if (!secret.secretId) fail(`secrets.${name} has an empty secretId.`);
    if (name in props.environment) fail(`${name} is in both environment and secrets; give it once, in secrets.`);
  }
  return { ocpus, memoryGb };
}
