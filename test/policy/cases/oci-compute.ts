/** OCI cases for compute: instance hardening, secrets in metadata, images, pools, the Sentinel quorum. */
import { TerraformResource } from "cdktf";
import type { Construct } from "constructs";
import { Password } from "@cdktf/provider-random/lib/password";
import { REDIS_SENTINEL_ROLE_TAG } from "../../../constructs/oci/redis-sentinel";
import { ArtifactsContainerRepository, type ArtifactsContainerRepositoryConfig } from "../../../constructs/oci/bindings/artifacts-container-repository";
import { AutoscalingAutoScalingConfiguration } from "../../../constructs/oci/bindings/autoscaling-auto-scaling-configuration";
import { CoreInstance, type CoreInstanceConfig } from "../../../constructs/oci/bindings/core-instance";
import { CoreInstanceConfiguration, type CoreInstanceConfigurationLaunchDetails } from "../../../constructs/oci/bindings/core-instance-configuration";
import { CoreInstancePool } from "../../../constructs/oci/bindings/core-instance-pool";
import { CoreVolumeAttachment } from "../../../constructs/oci/bindings/core-volume-attachment";
import { AD, COMPARTMENT, KEY, SUBNET_OCID } from "./oci-support";
import type { RuleCase } from "./types";

const INSTANCE: CoreInstanceConfig = {
  availabilityDomain: AD,
  compartmentId: COMPARTMENT,
  shape: "VM.Standard.E5.Flex",
  sourceDetails: { sourceType: "image", sourceId: "ocid1.image.oc1.iad.i", kmsKeyId: KEY },
  createVnicDetails: { subnetId: SUBNET_OCID, assignPublicIp: false },
  isPvEncryptionInTransitEnabled: true,
  instanceOptions: { areLegacyImdsEndpointsDisabled: true },
  agentConfig: { isMonitoringDisabled: false },
  lifecycle: { preventDestroy: true },
};
export const instance = (overrides: Partial<CoreInstanceConfig> = {}, id = "node") => (s: Construct) => new CoreInstance(s, id, { ...INSTANCE, ...overrides });

const LAUNCH: CoreInstanceConfigurationLaunchDetails = {
  compartmentId: COMPARTMENT,
  shape: "VM.Standard.E5.Flex",
  sourceDetails: { sourceType: "image", imageId: "ocid1.image.oc1.iad.i", kmsKeyId: KEY },
  createVnicDetails: { assignPublicIp: false },
  isPvEncryptionInTransitEnabled: true,
  instanceOptions: { areLegacyImdsEndpointsDisabled: true },
  metadata: { "mockforge-image": "iad.ocir.io/mockforgens/mockforge-test-server:1.2.3" },
};
export const configuration = (overrides: Partial<CoreInstanceConfigurationLaunchDetails> = {}) => (s: Construct) =>
  new CoreInstanceConfiguration(s, "config", { compartmentId: COMPARTMENT, instanceDetails: { instanceType: "compute", launchDetails: { ...LAUNCH, ...overrides } } });

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const withMetadata = (metadata: Record<string, string>) => instance({ metadata });

const REPO: ArtifactsContainerRepositoryConfig = { compartmentId: COMPARTMENT, displayName: "mockforge-test-server", isImmutable: true, isPublic: false };
const repo = (overrides: Partial<ArtifactsContainerRepositoryConfig> = {}) => (s: Construct) => new ArtifactsContainerRepository(s, "repo", { ...REPO, ...overrides });
const image = (reference: string) => configuration({ metadata: { "mockforge-image": reference } });

/** An instance pool of `size`, scaled by a policy with minimum `min` (none: no autoscaling). */
const pool = (size: number, min?: number) => (s: Construct) => {
  const config = configuration()(s);
  const p = new CoreInstancePool(s, "pool", { compartmentId: COMPARTMENT, instanceConfigurationId: config.id, size, placementConfigurations: [{ availabilityDomain: AD, primaryVnicSubnets: { subnetId: SUBNET_OCID } }] });
  if (min !== undefined) {
    new AutoscalingAutoScalingConfiguration(s, "autoscaling", {
      compartmentId: COMPARTMENT,
      autoScalingResources: { type: "instancePool", id: p.id },
      policies: [{ displayName: "thresholds", policyType: "threshold", capacity: { initial: Math.max(min, 1), min, max: 10 } }],
    });
  }
};

/** Sentinel nodes at the given [availability domain, fault domain] placements. */
const sentinels = (placements: Array<[string, string | undefined]>) => (s: Construct) =>
  placements.forEach(([availabilityDomain, faultDomain], i) =>
    instance({ availabilityDomain, faultDomain, freeformTags: { [REDIS_SENTINEL_ROLE_TAG.key]: REDIS_SENTINEL_ROLE_TAG.value } }, `node-${i + 1}`)(s),
  );
const AD2 = "Uocm:US-ASHBURN-AD-2";
const AD3 = "Uocm:US-ASHBURN-AD-3";

/** A resource type the project has no binding for (OCI Container Instances), written raw. */
const containerInstance = (imageUrl: string) => (s: Construct) =>
  new TerraformResource(s, "container-instance", { terraformResourceType: "oci_container_instances_container_instance" }).addOverride("containers", [{ image_url: imageUrl }]);

export const ociComputeCases: RuleCase[] = [
  {
    rule: "MF-OCI-COMPUTE-1",
    variant: "instance",
    bad: instance({ sourceDetails: { sourceType: "image", sourceId: "ocid1.image.oc1.iad.i" } }),
    message: /source_details.kms_key_id is not set: the boot volume \(OS, logs, swap\) uses an Oracle-managed key/,
    good: instance(),
  },
  {
    rule: "MF-OCI-COMPUTE-1",
    variant: "instance configuration",
    bad: configuration({ sourceDetails: { sourceType: "image", imageId: "ocid1.image.oc1.iad.i" } }),
    message: /instance_details.launch_details.source_details.kms_key_id is not set/,
    good: configuration(),
  },
  { rule: "MF-OCI-COMPUTE-2", variant: "instance", bad: instance({ isPvEncryptionInTransitEnabled: undefined }), message: /is_pv_encryption_in_transit_enabled is not set: volume traffic crosses the network in clear text/, good: instance() },
  {
    rule: "MF-OCI-COMPUTE-2",
    variant: "instance configuration",
    bad: configuration({ isPvEncryptionInTransitEnabled: false }),
    message: /instance_details.launch_details.is_pv_encryption_in_transit_enabled is false/,
    good: configuration(),
  },
  {
    rule: "MF-OCI-COMPUTE-2",
    variant: "volume attachment",
    bad: (s) => new CoreVolumeAttachment(s, "attachment", { attachmentType: "paravirtualized", instanceId: "i", volumeId: "v", isPvEncryptionInTransitEnabled: false }),
    message: /is_pv_encryption_in_transit_enabled is false/,
    good: (s) => new CoreVolumeAttachment(s, "attachment", { attachmentType: "paravirtualized", instanceId: "i", volumeId: "v", isPvEncryptionInTransitEnabled: true }),
  },
  { rule: "MF-OCI-COMPUTE-4", variant: "instance", bad: instance({ instanceOptions: undefined }), message: /instance_options.are_legacy_imds_endpoints_disabled is not set: IMDSv1 lets an SSRF read/, good: instance() },
  {
    rule: "MF-OCI-COMPUTE-4",
    variant: "instance configuration",
    bad: configuration({ instanceOptions: { areLegacyImdsEndpointsDisabled: false } }),
    message: /instance_details.launch_details.instance_options.are_legacy_imds_endpoints_disabled is false/,
    good: configuration(),
  },
  { rule: "MF-OCI-COMPUTE-5", bad: instance({ agentConfig: { isMonitoringDisabled: true } }), message: /agent_config.is_monitoring_disabled is true: no CPU or memory metrics/, good: instance({ agentConfig: undefined }) },
  {
    rule: "MF-OCI-COMPUTE-6",
    variant: "generated password in metadata",
    bad: (s) => withMetadata({ "db-password": new Password(s, "pw", { length: 32 }).result })(s),
    message: /metadata.db-password takes its value from random_password.pw.result/,
    good: withMetadata({ "mockforge-redis-password-secret-id": "${oci_vault_secret.redis.id}" }),
  },
  {
    rule: "MF-OCI-COMPUTE-6",
    variant: "literal secret-named metadata",
    bad: withMetadata({ "redis-password": "hunter2hunter2" }),
    message: /metadata.redis-password is named like a secret and holds a literal value/,
    good: withMetadata({ "mockforge-secrets": "DATABASE_PASSWORD us-ashburn-1 ocid1.vaultsecret.oc1.iad.db" }),
  },
  {
    rule: "MF-OCI-COMPUTE-6",
    variant: "secret in the user data env file",
    bad: withMetadata({ user_data: base64("#cloud-config\nwrite_files:\n  - path: /etc/app.env\n    content: |\n      DATABASE_USER=app\n      DATABASE_PASSWORD=hunter2hunter2\n") }),
    message: /metadata.user_data sets DATABASE_PASSWORD in plain text/,
    // Read at run time, or a path: no secret in the text.
    good: withMetadata({ user_data: base64('#!/bin/bash\nFETCH_PASSWORD=/usr/local/lib/fetch-password\nDATABASE_PASSWORD="$(oci secrets secret-bundle get --secret-id "$ID")"\nexport REDIS_PASSWORD=$REDIS_SECRET\n') }),
  },
  {
    rule: "MF-OCI-COMPUTE-6",
    variant: "URL with a password in user data",
    bad: configuration({ metadata: { user_data: base64("#!/bin/sh\ncurl https://deploy:s3cr3tpass@git.example.com/repo.git\n") } }),
    message: /instance_details.launch_details.metadata.user_data holds a URL with a password in it/,
    good: configuration({ metadata: { user_data: base64("#!/bin/sh\ncurl https://git.example.com/repo.git\n") } }),
  },
  { rule: "MF-OCI-COMPUTE-7", tier: "staging", bad: instance({ lifecycle: undefined }), message: /has neither lifecycle.prevent_destroy nor a delete lock in staging/, good: instance() },
  { rule: "MF-OCI-OCIR-1", bad: repo({ isPublic: true }), message: /is_public is true: anyone can pull the images/, good: repo() },
  { rule: "MF-OCI-OCIR-2", bad: repo({ isImmutable: false }), message: /is_immutable is false: a tag can be pushed over/, good: repo() },
  {
    rule: "MF-OCI-OCIR-3",
    variant: "public image",
    bad: image("docker.io/library/nginx:1.27"),
    message: /instance_details.launch_details.metadata.mockforge-image runs docker.io\/library\/nginx:1.27, which is not a tagged image of the project's OCIR/,
    good: image("iad.ocir.io/${data.oci_objectstorage_namespace.namespace.namespace}/mockforge-prod-server:0123abc"),
  },
  {
    rule: "MF-OCI-OCIR-3",
    variant: "another team's repository",
    bad: image("iad.ocir.io/mockforgens/payments-api:1.0.0"),
    message: /payments-api:1.0.0, which is not a tagged image of the project's OCIR/,
    good: image(`us-ashburn-1.ocir.io/mockforgens/mockforge-test-server@sha256:${"a".repeat(64)}`),
  },
  { rule: "MF-OCI-OCIR-3", variant: ":latest", bad: image("iad.ocir.io/mockforgens/mockforge-test-server:latest"), message: /:latest is mutable/, good: image("ocir.us-ashburn-1.oci.oraclecloud.com/mockforgens/mockforge-test-server:1.2.3") },
  {
    rule: "MF-OCI-OCIR-3",
    variant: "container instance (no binding, raw resource)",
    bad: containerInstance("ghcr.io/someone/tool:1"),
    message: /containers\[0\].image_url runs ghcr.io\/someone\/tool:1/,
    good: containerInstance("fra.ocir.io/mockforgens/mockforge-test-server:1.2.3"),
  },
  { rule: "MF-OCI-POOL-1", variant: "pool size", bad: pool(1), message: /size is 1: one instance failing or being replaced leaves no capacity/, good: pool(2, 2) },
  { rule: "MF-OCI-POOL-1", variant: "autoscaling minimum", bad: pool(3, 1), message: /oci_autoscaling_auto_scaling_configuration.autoscaling policy "thresholds" may scale in to 1 instance/, good: pool(3, 3) },
  {
    rule: "MF-OCI-REDIS-1",
    variant: "two nodes share a fault domain",
    bad: sentinels([[AD, "FAULT-DOMAIN-1"], [AD, "FAULT-DOMAIN-2"], [AD, "FAULT-DOMAIN-1"]]),
    message: /shares its availability and fault domain with oci_core_instance.node-(1|3)/,
    // One availability domain, three fault domains (single-AD regions).
    good: sentinels([[AD, "FAULT-DOMAIN-1"], [AD, "FAULT-DOMAIN-2"], [AD, "FAULT-DOMAIN-3"]]),
  },
  {
    rule: "MF-OCI-REDIS-1",
    variant: "fault domain left to OCI",
    bad: sentinels([[AD, undefined], [AD, "FAULT-DOMAIN-2"], [AD2, "FAULT-DOMAIN-3"]]),
    message: /has no fault_domain and shares its availability domain with oci_core_instance.node-2/,
    good: sentinels([[AD, undefined], [AD2, undefined], [AD3, undefined]]),
  },
  {
    rule: "MF-OCI-REDIS-1",
    variant: "too few nodes",
    bad: sentinels([[AD, "FAULT-DOMAIN-1"], [AD2, "FAULT-DOMAIN-2"]]),
    message: /the stack has 2 Sentinel node\(s\); a quorum that survives one failure needs 3/,
    good: sentinels([[AD, "FAULT-DOMAIN-1"], [AD2, "FAULT-DOMAIN-2"], [AD3, "FAULT-DOMAIN-3"]]),
  },
];
