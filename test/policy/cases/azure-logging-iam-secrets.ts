import type { Construct } from "constructs";
import { TerraformLocal, TerraformOutput, Fn } from "cdktf";
import { Password } from "@cdktf/provider-random/lib/password";
import { CdnFrontdoorProfile } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-profile";
import { ContainerAppEnvironment, type ContainerAppEnvironmentConfig } from "@cdktf/provider-azurerm/lib/container-app-environment";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { containerApp, IDENTITY_ID, placed, postgresServer, REGISTRY, storageAccount, WORKSPACE_ID } from "./azure-support";
import { vm } from "./azure-encryption-transit";
import { vault } from "./azure-network";
import type { RuleCase } from "./types";

/** A diagnostic setting on `target` (+ `suffix`) to the workspace, with these log categories or groups. */
const diagnostics = (scope: Construct, id: string, target: string, logs: Array<{ category?: string; categoryGroup?: string }>) =>
  new MonitorDiagnosticSetting(scope, id, { name: "mockforge-to-log-analytics", targetResourceId: target, logAnalyticsWorkspaceId: WORKSPACE_ID, enabledLog: logs, enabledMetric: [{ category: "AllMetrics" }] });

const profile = (logs: Array<{ category?: string; categoryGroup?: string }> | "none") => (scope: Construct) => {
  const p = new CdnFrontdoorProfile(scope, "profile", { name: "mockforge-test-fd", resourceGroupName: "rg", skuName: "Premium_AzureFrontDoor" });
  if (logs !== "none") diagnostics(scope, "profile-diagnostics", p.id, logs);
};

const environment = (overrides: Partial<ContainerAppEnvironmentConfig>, logs: "all" | "none" = "all") => (scope: Construct) => {
  const env = new ContainerAppEnvironment(scope, "environment", { ...placed, name: "mockforge-test-cae", infrastructureSubnetId: "apps-subnet", logsDestination: "azure-monitor", ...overrides });
  if (logs === "all") diagnostics(scope, "environment-diagnostics", env.id, [{ categoryGroup: "allLogs" }]);
};

const assignment = (role: { roleDefinitionName?: string; roleDefinitionId?: string }, scopeOf: (scope: Construct) => string) => (scope: Construct) =>
  new RoleAssignment(scope, "assignment", { scope: scopeOf(scope), principalId: "principal-id", principalType: "ServicePrincipal", ...role });

const customRole = (actions: string[]) => (scope: Construct) =>
  new RoleDefinition(scope, "role", { name: "mockforge-test-role", scope: "/subscriptions/s", permissions: [{ actions }], assignableScopes: ["/subscriptions/s/resourceGroups/rg"] });

export const azureLoggingCases: RuleCase[] = [
  {
    rule: "MF-AZURE-LOG-1",
    variant: "no diagnostic setting",
    bad: profile("none"),
    message: /has no diagnostic setting sending its logs anywhere/,
    good: profile([{ categoryGroup: "allLogs" }]),
  },
  {
    rule: "MF-AZURE-LOG-1",
    variant: "access logs without WAF logs",
    bad: profile([{ category: "FrontDoorAccessLog" }]),
    message: /collect neither allLogs nor all of FrontDoorAccessLog, FrontDoorWebApplicationFirewallLog/,
    good: profile([{ category: "FrontDoorAccessLog" }, { category: "FrontDoorWebApplicationFirewallLog" }]),
  },
  {
    rule: "MF-AZURE-LOG-2",
    variant: "no blob diagnostics",
    // A setting on the account itself carries account metrics only, not blob access.
    bad: (s) => diagnostics(s, "diagnostics", storageAccount(s).id, [{ categoryGroup: "allLogs" }]),
    message: /has no diagnostic setting on its blob service/,
    good: (s) => diagnostics(s, "diagnostics", `${storageAccount(s).id}/blobServices/default`, [{ categoryGroup: "allLogs" }]),
  },
  {
    rule: "MF-AZURE-LOG-2",
    variant: "reads not logged",
    bad: (s) => diagnostics(s, "diagnostics", `${storageAccount(s).id}/blobServices/default`, [{ category: "StorageWrite" }, { category: "StorageDelete" }]),
    message: /collect neither allLogs nor all of StorageRead, StorageWrite, StorageDelete/,
    good: (s) => diagnostics(s, "diagnostics", `${storageAccount(s).id}/blobServices/default`, [{ category: "StorageRead" }, { category: "StorageWrite" }, { category: "StorageDelete" }]),
  },
  {
    rule: "MF-AZURE-LOG-3",
    variant: "Key Vault without audit logs",
    bad: vault(),
    message: /has no diagnostic setting sending its logs anywhere/,
    good: (s) => {
      vault()(s);
      diagnostics(s, "vault-diagnostics", "${azurerm_key_vault.vault.id}", [{ categoryGroup: "audit" }]);
    },
  },
  {
    rule: "MF-AZURE-LOG-3",
    variant: "database sends metrics only",
    bad: (s) => diagnostics(s, "diagnostics", postgresServer(s).id, []),
    message: /its diagnostic settings send metrics only, no logs/,
    good: (s) => diagnostics(s, "diagnostics", postgresServer(s).id, [{ categoryGroup: "allLogs" }]),
  },
  {
    rule: "MF-AZURE-LOG-3",
    variant: "Container Apps logs kept nowhere",
    bad: environment({ logsDestination: undefined }, "none"),
    message: /logs_destination is not set: console and system logs of the apps are kept nowhere/,
    good: environment({ logsDestination: "log-analytics", logAnalyticsWorkspaceId: WORKSPACE_ID }, "none"),
  },
  {
    rule: "MF-AZURE-LOG-3",
    variant: "azure-monitor without a diagnostic setting",
    bad: environment({}, "none"),
    message: /has no diagnostic setting sending its logs anywhere/,
    good: environment({}),
  },
];

export const azureIamCases: RuleCase[] = [
  {
    rule: "MF-AZURE-IAM-1",
    variant: "Owner on a resource group of the stack",
    bad: assignment({ roleDefinitionName: "Owner" }, (s) => new ResourceGroup(s, "rg", { name: "rg", location: "eastus" }).id),
    message: /assigns Owner: scope \$\{azurerm_resource_group\.rg\.id\} is a resource group, subscription or management group/,
    good: assignment({ roleDefinitionName: "Key Vault Secrets User" }, (s) => new ResourceGroup(s, "rg", { name: "rg", location: "eastus" }).id),
  },
  {
    rule: "MF-AZURE-IAM-1",
    variant: "Contributor by role id on a subscription",
    bad: assignment({ roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c" }, () => "/subscriptions/33333333-3333-4333-8333-333333333333"),
    message: /assigns Contributor: scope \/subscriptions\/33333333-3333-4333-8333-333333333333 covers every resource below it/,
    // Contributor on one resource (a storage account of the stack) is narrow.
    good: assignment({ roleDefinitionName: "Contributor" }, (s) => storageAccount(s).id),
  },
  {
    rule: "MF-AZURE-IAM-1",
    variant: "User Access Administrator on an unresolvable scope",
    bad: assignment({ roleDefinitionName: "User Access Administrator" }, () => "${var.role_scope}"),
    message: /assigns User Access Administrator: scope \$\{var.role_scope\} cannot be resolved at synth time, so it may be a subscription or resource group/,
    good: assignment({ roleDefinitionName: "AcrPull" }, () => "${var.role_scope}"),
  },
  {
    rule: "MF-AZURE-IAM-1",
    variant: "Owner on a subscription named by an expression",
    bad: assignment({ roleDefinitionName: "Owner" }, () => "/subscriptions/${var.subscription_id}"),
    message: /assigns Owner: scope \/subscriptions\/\$\{var.subscription_id\} covers every resource below it/,
    good: assignment({ roleDefinitionName: "Owner" }, () => "/subscriptions/${var.subscription_id}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"),
  },
  {
    rule: "MF-AZURE-IAM-2",
    variant: "every action",
    bad: customRole(["*"]),
    message: /permissions allow \*: every operation of every provider/,
    good: customRole(["Microsoft.Storage/storageAccounts/blobServices/containers/read"]),
  },
  {
    rule: "MF-AZURE-IAM-2",
    variant: "every action of a provider",
    bad: customRole(["Microsoft.Storage/*"]),
    message: /permissions allow Microsoft.Storage\/\*: every operation of the provider/,
    good: customRole(["Microsoft.Storage/storageAccounts/read"]),
  },
  {
    rule: "MF-AZURE-ST-5",
    bad: (s) => storageAccount(s, "account", { sharedAccessKeyEnabled: undefined }),
    message: /shared_access_key_enabled is not set: two account keys grant full access/,
    good: (s) => storageAccount(s),
  },
  {
    rule: "MF-AZURE-KV-3",
    bad: vault({ rbacAuthorizationEnabled: undefined }),
    message: /uses access policies: every identity with a policy reads every secret of the vault/,
    good: vault(),
  },
  {
    rule: "MF-AZURE-VM-3",
    bad: vm({ disablePasswordAuthentication: false, adminPassword: "not-a-real-password-1" }),
    message: /disable_password_authentication is false: the admin user can log in with a password/,
    // The provider default (password login off) is compliant.
    good: vm({ disablePasswordAuthentication: undefined }),
  },
];

/** A generated password kept in Key Vault (what AzureGeneratedSecret creates). */
const generatedSecret = (scope: Construct) => {
  const password = new Password(scope, "password", { length: 40, special: false });
  return { password, secret: new KeyVaultSecret(scope, "secret", { keyVaultId: "vault-id", name: "redis-password", value: password.result }) };
};

export const azureSecretCases: RuleCase[] = [
  {
    rule: "MF-AZURE-APP-3",
    variant: "secret-looking name",
    bad: (s) =>
      containerApp(s, "app", {
        template: { minReplicas: 3, container: [{ name: "mockforge", image: `${REGISTRY}/mockforge-prod-server:1.2.3`, cpu: 1, memory: "2Gi", env: [{ name: "REDIS_PASSWORD", value: "hunter2hunter2" }] }] },
      }),
    message: /container mockforge: plain environment variable REDIS_PASSWORD looks like a secret/,
    good: (s) => containerApp(s),
  },
  {
    rule: "MF-AZURE-APP-3",
    variant: "value from a generated password",
    bad: (s) => {
      const { password } = generatedSecret(s);
      containerApp(s, "app", {
        template: { minReplicas: 3, container: [{ name: "mockforge", image: `${REGISTRY}/mockforge-prod-server:1.2.3`, cpu: 1, memory: "2Gi", env: [{ name: "DATABASE_URL", value: `postgres://app:${password.result}@db:5432/app` }] }] },
      });
    },
    message: /plain environment variable DATABASE_URL takes its value from random_password.password.result/,
    good: (s) => {
      generatedSecret(s);
      containerApp(s);
    },
  },
  {
    rule: "MF-AZURE-APP-4",
    variant: "inline secret value",
    bad: (s) => containerApp(s, "app", { secret: [{ name: "redis-password", value: generatedSecret(s).password.result }] }),
    message: /secret redis-password is stored in the app's configuration \(value\), not read from Key Vault/,
    good: (s) => containerApp(s),
  },
  {
    rule: "MF-AZURE-APP-4",
    variant: "registry password",
    bad: (s) =>
      containerApp(s, "app", {
        secret: [{ name: "acr-password", keyVaultSecretId: "https://v.vault.azure.net/secrets/acr", identity: IDENTITY_ID }],
        registry: [{ server: REGISTRY, username: "mfprodglbacr1a2b3c", passwordSecretName: "acr-password" }],
      }),
    message: /registry mfprodglbacr1a2b3c.azurecr.io is pulled with a username and password, not a managed identity/,
    good: (s) => containerApp(s),
  },
  {
    rule: "MF-AZURE-VM-4",
    variant: "password in a cloud-init local",
    bad: (s) => {
      const { password } = generatedSecret(s);
      const cloudInit = new TerraformLocal(s, "cloud-init", `#cloud-config\nruncmd:\n  - redis-cli CONFIG SET requirepass ${password.result}\n`);
      vm({ customData: Fn.base64encode(cloudInit.asString) })(s);
    },
    message: /custom_data takes its value from random_password.password.result: anyone who can read the VM model reads the secret/,
    // The secret's URL (read at boot with the managed identity) is not the secret.
    good: (s) => {
      const { secret } = generatedSecret(s);
      const cloudInit = new TerraformLocal(s, "cloud-init", `#cloud-config\nruncmd:\n  - fetch-secret ${secret.versionlessId}\n`);
      vm({ customData: Fn.base64encode(cloudInit.asString) })(s);
    },
  },
  {
    rule: "MF-AZURE-VM-4",
    variant: "Key Vault secret value in user data",
    bad: (s) => vm({ userData: Fn.base64encode(`REDIS_PASSWORD=${generatedSecret(s).secret.value}`) })(s),
    message: /user_data takes its value from azurerm_key_vault_secret.secret.value/,
    good: vm({ userData: Fn.base64encode("REDIS_PORT=6379") }),
  },
  {
    rule: "MF-AZURE-OUT-1",
    variant: "generated password",
    bad: (s) => new TerraformOutput(s, "redis_auth", { value: generatedSecret(s).password.result }),
    message: /output redis_auth takes its value from random_password.password.result but is not sensitive/,
    good: (s) => new TerraformOutput(s, "redis_auth", { value: generatedSecret(s).password.result, sensitive: true }),
  },
  {
    rule: "MF-AZURE-OUT-1",
    variant: "storage connection string by name",
    bad: (s) => new TerraformOutput(s, "storage_connection_string", { value: storageAccount(s).primaryConnectionString }),
    message: /output storage_connection_string is named like a secret but is not sensitive/,
    // The Key Vault secret's id points at the secret; it is not the secret.
    good: (s) => new TerraformOutput(s, "redis_password_secret_id", { value: generatedSecret(s).secret.resourceVersionlessId }),
  },
];
