/** Secrets never in plain environment variables, VM metadata or clear-text outputs: Secret Manager only. */
import { looksSecretName } from "../shared/secret-names";
import { plainVariableProblems, secretValueOf, unsensitiveOutputProblems } from "../shared/secret-values";
import { CLOUD_RUN_TYPES, runContainersOf } from "./cloud-run";
import { gcpRule, metadataOf } from "./helpers";

export const noSecretsInRunEnvironment = gcpRule({
  id: "MF-GCP-RUN-2",
  severity: "error",
  title: "Cloud Run containers get secrets only from Secret Manager (value_source.secret_key_ref), never as plain environment variables",
  fix: "Move the variable to env { name, value_source { secret_key_ref { secret, version } } } (GcpCloudRunService does this for the runtime contract's SECRET_ENV_NAMES).",
  mirrors: [],
  appliesTo: CLOUD_RUN_TYPES,
  check: (block, ctx) =>
    runContainersOf(block).flatMap((container) =>
      container.env
        .filter((variable) => !variable.fromSecret)
        .flatMap((variable) => plainVariableProblems(container.label, variable.name, variable.value, ctx)),
    ),
});

export const noSecretsInMetadata = gcpRule({
  id: "MF-GCP-GCE-6",
  severity: "error",
  title: "Compute Engine metadata and startup scripts carry no secrets (any process on the VM, and anyone who can read the instance, can read metadata)",
  fix: "Store the secret in Secret Manager, grant the VM's service account secretAccessor on it, and fetch it at boot (GcpRedisSentinel does).",
  mirrors: [],
  appliesTo: ["google_compute_instance", "google_compute_instance_template", "google_compute_region_instance_template"],
  check: (block, ctx) => {
    const entries: Array<[string, unknown]> = [...Object.entries(metadataOf(block)), ...(block.config.metadata_startup_script !== undefined ? [["metadata_startup_script", block.config.metadata_startup_script] as [string, unknown]] : [])];
    return entries.flatMap(([key, value]) => {
      const problems: string[] = [];
      if (key !== "metadata_startup_script" && looksSecretName(key)) problems.push(`metadata key ${key} looks like a secret`);
      const why = secretValueOf(value, ctx);
      if (why) problems.push(`metadata ${key} ${why}`);
      return problems;
    });
  },
});

export const sensitiveOutputs = gcpRule({
  id: "MF-GCP-OUT-1",
  severity: "error",
  title: "Outputs that hold secrets (by name or value) are marked sensitive",
  fix: "Set sensitive: true on the TerraformOutput, or better, output the Secret Manager secret id instead of its value.",
  mirrors: [],
  appliesTo: ["output"],
  check: (output, ctx) => unsensitiveOutputProblems(output, ctx),
});

export const secretRules = [noSecretsInRunEnvironment, noSecretsInMetadata, sensitiveOutputs];
