/**
 * Secrets never in plain text: not in instance metadata or cloud-init user
 * data (which any process on the instance can read from the metadata
 * service, and which OCI keeps with the instance), not in clear-text outputs.
 * Instances read secrets from Vault with their instance principal instead.
 */
import type { StackContext, TfReference } from "../../engine/types";
import { isSensitiveReference, looksSecretName, secretValueProblem } from "../shared/secret-names";
import { secretValueOf, unsensitiveOutputProblems } from "../shared/secret-values";
import { launchSettingsOf } from "./compute";
import { ociRule } from "./helpers";

/** OCI attributes that hold secret values, beyond the shared list (secret bundles, auth tokens, customer secret keys). */
const OCI_SENSITIVE: Readonly<Record<string, readonly string[]>> = {
  oci_vault_secret: ["secret_content"],
  "data.oci_secrets_secretbundle": ["secret_bundle_content"],
  "data.oci_secrets_secretbundle_versions": ["secret_bundle_versions"],
  oci_identity_auth_token: ["token"],
  oci_identity_customer_secret_key: ["key"],
  oci_identity_smtp_credential: ["password"],
};

function isSecretReference(ref: TfReference): boolean {
  if (isSensitiveReference(ref)) return true;
  const type = ref.address.slice(0, ref.address.lastIndexOf("."));
  return ref.attribute !== undefined && (OCI_SENSITIVE[type] ?? []).includes(ref.attribute);
}

/** Why a value (literal or expression, possibly nested) carries a secret, or undefined. */
function secretValue(value: unknown, ctx: StackContext): string | undefined {
  return secretValueOf(value, ctx, isSecretReference);
}

/** user_data as text: decoded when it is literal base64, else as written (an expression). */
function userDataText(value: unknown): string {
  if (typeof value !== "string" || value.includes("${")) return typeof value === "string" ? value : "";
  const decoded = Buffer.from(value, "base64").toString("utf8");
  // Not base64 after all (cloud-init also takes plain text): keep the original.
  return Buffer.from(decoded, "utf8").toString("base64").replace(/=+$/, "") === value.replace(/=+$/, "") ? decoded : value;
}

/** `NAME=value` lines (env files, shell) whose NAME says secret and whose value is written out, not read at run time. */
const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;
function plainSecretAssignments(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split("\n")) {
    const m = ASSIGNMENT.exec(line);
    if (!m || !looksSecretName(m[1])) continue;
    const value = m[2].trim().replace(/^(['"])(.*)\1$/, "$2");
    // Empty, run-time expansions ($VAR, $(cmd)), file paths and template tokens hold no secret.
    if (value === "" || value.startsWith("$") || value.startsWith("/") || value.includes("@@")) continue;
    found.push(m[1]);
  }
  return found;
}

export const noSecretsInMetadata = ociRule({
  id: "MF-OCI-COMPUTE-6",
  severity: "error",
  title: "Instance metadata and cloud-init user data hold no secrets (instances read them from Vault at boot)",
  fix: "Store the secret in OCI Vault, pass only its OCID in metadata, and read it with the instance principal at boot (see constructs/oci/instance-metadata.ts).",
  mirrors: [],
  appliesTo: ["oci_core_instance", "oci_core_instance_configuration"],
  check: (block, ctx) => {
    const { where, settings } = launchSettingsOf(block);
    const problems: string[] = [];
    for (const attribute of ["metadata", "extended_metadata"]) {
      const map = settings?.[attribute];
      if (map === undefined || map === null) continue;
      if (typeof map !== "object") {
        const why = secretValue(map, ctx);
        if (why) problems.push(`${where}${attribute} ${why}`);
        continue;
      }
      for (const [key, value] of Object.entries<unknown>(map)) {
        const label = `${where}${attribute}.${key}`;
        const why = secretValue(value, ctx);
        if (why) problems.push(`${label} ${why}`);
        if (key === "user_data") {
          const text = userDataText(value);
          const inText = why ? undefined : secretValueProblem(text);
          if (inText) problems.push(`${label} ${inText}`);
          for (const name of plainSecretAssignments(text)) problems.push(`${label} sets ${name} in plain text`);
        } else if (looksSecretName(key) && typeof value === "string" && value !== "" && !value.includes("${") && !value.includes("ocid1.")) {
          problems.push(`${label} is named like a secret and holds a literal value`);
        }
      }
    }
    return problems;
  },
});

export const sensitiveOutputs = ociRule({
  id: "MF-OCI-OUT-1",
  severity: "error",
  title: "Outputs that hold secrets (by name or value) are marked sensitive",
  fix: "Set sensitive: true on the TerraformOutput, or better, output the secret's OCID instead of its value.",
  mirrors: [],
  appliesTo: ["output"],
  check: (output, ctx) => unsensitiveOutputProblems(output, ctx, isSecretReference),
});

export const secretRules = [noSecretsInMetadata, sensitiveOutputs];
