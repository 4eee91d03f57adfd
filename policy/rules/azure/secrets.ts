/**
 * Secrets never in plain environment variables, app configuration, VM custom
 * data or clear-text outputs: workloads read them from Key Vault with a
 * managed identity.
 */
import { expressionsOf } from "../../engine/references";
import type { StackContext, TfBlock } from "../../engine/types";
import { plainVariableProblems, secretValueOf, stringsIn, unsensitiveOutputProblems } from "../shared/secret-values";
import { azureRule, blocksOf, isAzureSensitiveReference, SCALE_SET_TYPES, VM_TYPES } from "./helpers";

/** Why a value (literal or expression, possibly nested) carries a secret, or undefined. */
export function secretValue(value: unknown, ctx: StackContext): string | undefined {
  return secretValueOf(value, ctx, isAzureSensitiveReference);
}

/** The containers (and init containers) of a Container App's template. */
export function containersOf(app: TfBlock): Array<Record<string, any>> {
  return blocksOf(app.config.template).flatMap((t) => [...blocksOf(t.container), ...blocksOf(t.init_container)]);
}

export const noSecretsInEnvironment = azureRule({
  id: "MF-AZURE-APP-3",
  severity: "error",
  title: "Container Apps get secrets only as secret references (env secret_name), never as plain environment variables",
  fix: "Add the secret to the app's secret list as a Key Vault reference and set the variable's secret_name; the runtime contract lists them in SECRET_ENV_NAMES.",
  mirrors: [],
  appliesTo: ["azurerm_container_app"],
  check: (app, ctx) =>
    containersOf(app).flatMap((container) =>
      blocksOf(container.env).flatMap((variable) => {
        if (variable.value === undefined) return [];
        return plainVariableProblems(`container ${container.name}`, String(variable.name), variable.value, ctx, isAzureSensitiveReference);
      }),
    ),
});

export const appSecretsFromKeyVault = azureRule({
  id: "MF-AZURE-APP-4",
  severity: "error",
  title: "Container Apps hold no secret values: app secrets are Key Vault references read with a managed identity, and registries are pulled with one",
  fix: "Give every secret key_vault_secret_id and identity instead of value, and every registry identity instead of username/password_secret_name.",
  mirrors: [],
  appliesTo: ["azurerm_container_app"],
  check: ({ config }) => [
    ...blocksOf(config.secret)
      .filter((s) => s.value !== undefined || !s.key_vault_secret_id)
      .map((s) => `secret ${s.name ?? "?"} is stored in the app's configuration (value), not read from Key Vault`),
    ...blocksOf(config.registry)
      .filter((r) => r.password_secret_name !== undefined || !r.identity)
      .map((r) => `registry ${r.server ?? "?"} is pulled with a username and password, not a managed identity`),
  ],
});

/** A value with every `local.<name>` it uses replaced by that local's value (locals are where cdktf puts long templates). */
function withLocals(value: unknown, ctx: StackContext, seen = new Set<string>()): unknown[] {
  const found: unknown[] = [value];
  const locals = (ctx.json.locals ?? {}) as Record<string, unknown>;
  for (const text of stringsIn(value)) {
    for (const expression of expressionsOf(text)) {
      for (const m of expression.matchAll(/(?<![\w.-])local\.([A-Za-z_][\w-]*)/g)) {
        if (seen.has(m[1]) || !(m[1] in locals)) continue;
        seen.add(m[1]);
        found.push(...withLocals(locals[m[1]], ctx, seen));
      }
    }
  }
  return found;
}

export const noSecretsInCustomData = azureRule({
  id: "MF-AZURE-VM-4",
  severity: "error",
  title: "VM custom data and user data (cloud-init) carry no secrets: nodes fetch them from Key Vault at boot",
  fix: "Keep passwords and keys out of custom_data/user_data (and the locals they use); read them at boot with the VM's managed identity (AzureRedisSentinel does).",
  mirrors: ["CKV_AZURE_45", "AVD-AZU-0037"],
  appliesTo: [...VM_TYPES, ...SCALE_SET_TYPES],
  check: (vm, ctx) =>
    ["custom_data", "user_data"].flatMap((key) => {
      if (vm.config[key] === undefined) return [];
      const why = withLocals(vm.config[key], ctx)
        .map((value) => secretValue(value, ctx))
        .find((w) => w !== undefined);
      return why ? [`${key} ${why}: anyone who can read the VM model reads the secret`] : [];
    }),
});

export const sensitiveOutputs = azureRule({
  id: "MF-AZURE-OUT-1",
  severity: "error",
  title: "Outputs that hold secrets (by name or value) are marked sensitive",
  fix: "Set sensitive: true on the TerraformOutput, or better, output the Key Vault secret's id instead of its value.",
  mirrors: [],
  appliesTo: ["output"],
  check: (output, ctx) => unsensitiveOutputProblems(output, ctx, isAzureSensitiveReference),
});

export const secretRules = [noSecretsInEnvironment, appSecretsFromKeyVault, noSecretsInCustomData, sensitiveOutputs];
