/**
 * Least privilege: no Owner/Contributor-class roles at broad scope, no
 * wildcard custom roles, and no shared secrets where Entra ID will do
 * (storage account keys, Key Vault access policies, VM passwords).
 */
import type { StackContext, TfBlock } from "../../engine/types";
import { azureRule, blocksOf, isFalse, isTrue, shown, stringsOf } from "./helpers";

/** Built-in roles that can change anything, or grant access to anything, within their scope (name -> role GUID). */
export const PRIVILEGED_ROLES: Readonly<Record<string, string>> = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
};

/** Literal scopes that cover more than one resource: root, management group, subscription, resource group. */
const BROAD_SCOPE = /^\/$|^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+\/?$|^\/subscriptions\/[^/]+\/?$|^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/?$/i;
/** Resource and data source types whose id is a broad scope. */
const BROAD_SCOPE_TYPES = /^(data\.)?azurerm_(resource_group|subscription|management_group)\./;

function privilegedRoleOf(config: Record<string, any>): string | undefined {
  if (typeof config.role_definition_name === "string" && PRIVILEGED_ROLES[config.role_definition_name] !== undefined) return config.role_definition_name;
  const id = String(config.role_definition_id ?? "").toLowerCase();
  return Object.keys(PRIVILEGED_ROLES).find((name) => id.endsWith(PRIVILEGED_ROLES[name]));
}

/** Why `scope` is broad, or undefined when it names one resource (or less). */
function broadScope(scope: unknown, ctx: StackContext): string | undefined {
  if (typeof scope !== "string") return "the scope is missing";
  if (BROAD_SCOPE.test(scope)) return `scope ${scope} covers every resource below it`;
  const refs = ctx.referencesIn(scope);
  const broad = refs.find((r) => BROAD_SCOPE_TYPES.test(r.address));
  if (broad) return `scope ${scope} is a resource group, subscription or management group`;
  // Cross-stack references name what they carry (`...outputs.cross-stack-output-azurerm_resource_group<id>id`).
  if (refs.some((r) => r.address.startsWith("data.terraform_remote_state.")) && /azurerm_(resource_group|subscription|management_group)/.test(scope)) {
    return `scope ${scope} is another stack's resource group, subscription or management group`;
  }
  // The scope's shape with every expression as one path segment: `/subscriptions/${...}/resourceGroups/${...}` is broad whatever they hold.
  const shape = scope.replace(/\$\{[^}]*\}/g, "x");
  if (BROAD_SCOPE.test(shape)) return `scope ${scope} is a subscription or resource group`;
  if (shape === "x" && refs.length === 0) return `scope ${scope} cannot be resolved at synth time, so it may be a subscription or resource group`;
  return undefined;
}

export const noBroadPrivilegedRoles = azureRule({
  id: "MF-AZURE-IAM-1",
  severity: "error",
  title: "No Owner, Contributor, User Access Administrator or RBAC Administrator role at subscription, management group or resource group scope",
  fix: "Grant the narrow built-in role the job needs (AcrPull, Key Vault Secrets User, Storage Blob Data Contributor, ...) on the one resource it is for.",
  mirrors: [],
  appliesTo: ["azurerm_role_assignment"],
  check: ({ config }, ctx) => {
    const role = privilegedRoleOf(config);
    if (!role) return [];
    const why = broadScope(config.scope, ctx);
    return why ? [`assigns ${role}: ${why}`] : [];
  },
});

function wildcardActions(permissions: Record<string, any>): string[] {
  return [...stringsOf(permissions.actions), ...stringsOf(permissions.data_actions)].filter((a) => a === "*" || /^[^/]+\/\*$/.test(a));
}

export const noWildcardCustomRoles = azureRule({
  id: "MF-AZURE-IAM-2",
  severity: "error",
  title: 'Custom role definitions list their actions: no "*" or "<provider>/*" actions or data actions',
  fix: "List the operations the role needs (e.g. Microsoft.Storage/storageAccounts/blobServices/containers/read), or use a built-in role.",
  mirrors: ["CKV_AZURE_39", "AVD-AZU-0030"],
  appliesTo: ["azurerm_role_definition"],
  check: ({ config }) =>
    blocksOf(config.permissions).flatMap((p) => {
      const wild = wildcardActions(p);
      return wild.length > 0 ? [`permissions allow ${wild.join(", ")}: every operation of ${wild.includes("*") ? "every provider" : "the provider"} on the assignable scopes`] : [];
    }),
});

export const storageEntraOnly = azureRule({
  id: "MF-AZURE-ST-5",
  severity: "error",
  title: "Storage accounts accept Entra ID only: shared account keys and the SAS tokens signed with them are disabled",
  fix: "Set shared_access_key_enabled = false (and storage_use_azuread = true on the provider); grant data roles to identities instead.",
  mirrors: ["CKV2_AZURE_40"],
  appliesTo: ["azurerm_storage_account"],
  check: ({ config }) =>
    isFalse(config.shared_access_key_enabled)
      ? []
      : [`shared_access_key_enabled is ${shown(config.shared_access_key_enabled)}: two account keys grant full access to all data, with no identity in the logs`],
});

export const keyVaultRbac = azureRule({
  id: "MF-AZURE-KV-3",
  severity: "error",
  title: "Key Vaults use Azure RBAC (per-secret role assignments), not vault-wide access policies",
  fix: "Set rbac_authorization_enabled = true and grant Key Vault Secrets User on each secret an identity reads.",
  mirrors: [],
  appliesTo: ["azurerm_key_vault"],
  check: ({ config }: TfBlock) =>
    // enable_rbac_authorization is the pre-4.x name of the same setting.
    isTrue(config.rbac_authorization_enabled) || isTrue(config.enable_rbac_authorization)
      ? []
      : ["uses access policies: every identity with a policy reads every secret of the vault"],
});

export const vmNoPasswordLogin = azureRule({
  id: "MF-AZURE-VM-3",
  severity: "error",
  title: "Linux virtual machines (Redis nodes) allow SSH keys only, never password login",
  fix: "Leave disable_password_authentication true, remove admin_password and give an admin_ssh_key.",
  mirrors: ["CKV_AZURE_149", "AVD-AZU-0039"],
  appliesTo: ["azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set"],
  check: ({ config }) => {
    const problems: string[] = [];
    if (isFalse(config.disable_password_authentication)) problems.push("disable_password_authentication is false: the admin user can log in with a password");
    if (config.admin_password !== undefined) problems.push("has an admin_password");
    return problems;
  },
});

export const iamRules = [noBroadPrivilegedRoles, noWildcardCustomRoles, storageEntraOnly, keyVaultRbac, vmNoPasswordLogin];
