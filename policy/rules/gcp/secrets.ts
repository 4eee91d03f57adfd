/** Secrets never in plain environment variables, VM metadata or clear-text outputs: Secret Manager only. */
import type { StackContext } from "../../engine/types";
import { isSensitiveReference, looksSecretName, secretValueProblem } from "../shared/secret-names";
import { CLOUD_RUN_TYPES, runContainersOf } from "./cloud-run";
import { gcpRule, metadataOf } from "./helpers";

/** Every string inside a value, deeply. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  return (Array.isArray(value) ? value : Object.values(value)).flatMap(stringsIn);
}

/** Why a value (literal or expression, possibly nested) carries a secret, or undefined. */
function secretValue(value: unknown, ctx: StackContext): string | undefined {
  const ref = ctx.referencesIn(value).find(isSensitiveReference);
  if (ref) return `takes its value from ${ref.address}.${ref.attribute}`;
  return stringsIn(value).map(secretValueProblem).find((why) => why !== undefined);
}

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
        .flatMap((variable) => {
          const problems: string[] = [];
          if (looksSecretName(variable.name)) problems.push(`${container.label}: plain environment variable ${variable.name} looks like a secret`);
          const why = secretValue(variable.value, ctx);
          if (why) problems.push(`${container.label}: plain environment variable ${variable.name} ${why}`);
          return problems;
        }),
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
      const why = secretValue(value, ctx);
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
  check: (output, ctx) => {
    if (output.config.sensitive === true) return [];
    const problems: string[] = [];
    if (looksSecretName(output.name)) problems.push(`output ${output.name} is named like a secret but is not sensitive`);
    const why = secretValue(output.config.value, ctx);
    if (why) problems.push(`output ${output.name} ${why} but is not sensitive`);
    return problems;
  },
});

export const secretRules = [noSecretsInRunEnvironment, noSecretsInMetadata, sensitiveOutputs];
