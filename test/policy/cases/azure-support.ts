/**
 * Running one Azure rule through the engine, and compliant building blocks the
 * Azure cases weaken one setting at a time.
 */
import type { Construct } from "constructs";
import { CdnFrontdoorCustomDomain } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain";
import { CdnFrontdoorEndpoint } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-endpoint";
import { CdnFrontdoorFirewallPolicy, type CdnFrontdoorFirewallPolicyConfig } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-firewall-policy";
import { CdnFrontdoorOrigin } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-origin";
import { CdnFrontdoorRoute, type CdnFrontdoorRouteConfig } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-route";
import { CdnFrontdoorSecurityPolicy } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-security-policy";
import { ContainerApp, type ContainerAppConfig } from "@cdktf/provider-azurerm/lib/container-app";
import { PostgresqlFlexibleServer, type PostgresqlFlexibleServerConfig } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresqlFlexibleServerConfiguration } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration";
import { StorageAccount, type StorageAccountConfig } from "@cdktf/provider-azurerm/lib/storage-account";
import { runPolicy } from "../../../policy/engine/run";
import type { Finding, Rule, Tier } from "../../../policy/engine/types";
import { AZURE_RULES } from "../../../policy/rules/azure";

/** The Azure rule with this id (fails the test when there is none). */
export function azureRule(id: string): Rule {
  const rule = AZURE_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`no Azure rule ${id}`);
  return rule;
}

/** The stack name Azure tests use: environment `test`, whose tier each call chooses. */
export const AZURE_TEST_STACK = "mockforge-test-azure-eastus";

/** Runs one rule, through the engine, over a synthesized stack's JSON (as an azurerm stack); returns its findings. */
export function azureFindingsOf(rule: Rule, json: Record<string, any>, tier: Tier = "production"): Finding[] {
  const terraform = { ...json.terraform, required_providers: { azurerm: { source: "azurerm" }, ...json.terraform?.required_providers } };
  const report = runPolicy([{ name: AZURE_TEST_STACK, json: { ...json, terraform } }], { ruleSets: { azure: [rule] }, tiers: { test: tier } });
  return [...report.stacks[0].errors, ...report.stacks[0].warnings];
}

export const placed = { location: "eastus", resourceGroupName: "rg" } as const;
export const WORKSPACE_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs";
export const PROFILE_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/fd";
export const REGISTRY = "mfprodglbacr1a2b3c.azurecr.io";
export const IDENTITY_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/server";
export const SECRET_URL = "https://mfprodeuskv123456.vault.azure.net/secrets/redis-password";

/** A storage account that passes every storage rule; `overrides` weaken one setting. */
export function storageAccount(scope: Construct, id = "account", overrides: Partial<StorageAccountConfig> = {}): StorageAccount {
  return new StorageAccount(scope, id, {
    ...placed,
    name: `mfteststorage${id.replace(/[^a-z0-9]/g, "")}`.slice(0, 24),
    accountKind: "StorageV2",
    accountTier: "Standard",
    accountReplicationType: "ZRS",
    minTlsVersion: "TLS1_2",
    httpsTrafficOnlyEnabled: true,
    infrastructureEncryptionEnabled: true,
    allowNestedItemsToBePublic: false,
    sharedAccessKeyEnabled: false,
    publicNetworkAccessEnabled: false,
    blobProperties: { versioningEnabled: true, deleteRetentionPolicy: { days: 14 }, containerDeleteRetentionPolicy: { days: 14 } },
    ...overrides,
  });
}

/** A Flexible Server (with its TLS parameters) that passes every database rule; `overrides` weaken one setting. */
export function postgresServer(
  scope: Construct,
  id = "server",
  overrides: Partial<PostgresqlFlexibleServerConfig> = {},
  parameters: Record<string, string> = { require_secure_transport: "on", ssl_min_protocol_version: "TLSv1.2" },
): PostgresqlFlexibleServer {
  const server = new PostgresqlFlexibleServer(scope, id, {
    ...placed,
    name: `mockforge-test-${id}`,
    version: "16",
    skuName: "GP_Standard_D4ds_v5",
    delegatedSubnetId: "postgres-subnet",
    publicNetworkAccessEnabled: false,
    backupRetentionDays: 14,
    geoRedundantBackupEnabled: true,
    highAvailability: { mode: "ZoneRedundant", standbyAvailabilityZone: "2" },
    ...overrides,
  });
  for (const [name, value] of Object.entries(parameters)) {
    new PostgresqlFlexibleServerConfiguration(scope, `${id}-${name}`, { serverId: server.id, name, value });
  }
  return server;
}

/** A Container App that passes every app rule; `overrides` weaken one setting. */
export function containerApp(scope: Construct, id = "app", overrides: Partial<ContainerAppConfig> = {}): ContainerApp {
  return new ContainerApp(scope, id, {
    name: `mockforge-test-${id}`,
    resourceGroupName: "rg",
    containerAppEnvironmentId: "environment-id",
    revisionMode: "Single",
    identity: { type: "UserAssigned", identityIds: [IDENTITY_ID] },
    registry: [{ server: REGISTRY, identity: IDENTITY_ID }],
    secret: [{ name: "redis-password", keyVaultSecretId: SECRET_URL, identity: IDENTITY_ID }],
    ingress: {
      externalEnabled: true,
      targetPort: 3000,
      allowInsecureConnections: false,
      trafficWeight: [{ latestRevision: true, percentage: 100 }],
      ipSecurityRestriction: [{ name: "front-door-1", action: "Allow", ipAddressRange: "13.107.224.0/24" }],
    },
    template: {
      minReplicas: 3,
      maxReplicas: 10,
      container: [
        {
          name: "mockforge",
          image: `${REGISTRY}/mockforge-prod-server:1.2.3`,
          cpu: 1,
          memory: "2Gi",
          env: [
            { name: "PORT", value: "3000" },
            { name: "REDIS_PASSWORD", secretName: "redis-password" },
          ],
        },
      ],
    },
    ...overrides,
  });
}

export interface FrontDoorOptions {
  /** Which domains the security policy covers. @default both */
  readonly wafCovers?: "both" | "custom-domain" | "none";
  readonly route?: Partial<CdnFrontdoorRouteConfig>;
  readonly waf?: Partial<CdnFrontdoorFirewallPolicyConfig>;
  readonly certificateNameCheck?: boolean;
  readonly minimumTlsVersion?: string;
}

/** A Front Door endpoint with a custom domain, an origin, a route, a WAF policy and its security policy. */
export function frontDoor(scope: Construct, options: FrontDoorOptions = {}): { endpoint: CdnFrontdoorEndpoint; route: CdnFrontdoorRoute } {
  const endpoint = new CdnFrontdoorEndpoint(scope, "endpoint", { name: "mockforge-test-api", cdnFrontdoorProfileId: PROFILE_ID });
  const domain = new CdnFrontdoorCustomDomain(scope, "domain", {
    name: "api-mockforge-cloud",
    cdnFrontdoorProfileId: PROFILE_ID,
    hostName: "api.mockforge.cloud",
    tls: { certificateType: "ManagedCertificate", minimumTlsVersion: options.minimumTlsVersion ?? "TLS12" },
  });
  const origin = new CdnFrontdoorOrigin(scope, "origin", {
    name: "eastus",
    cdnFrontdoorOriginGroupId: "origin-group-id",
    hostName: "app.eastus.azurecontainerapps.io",
    certificateNameCheckEnabled: options.certificateNameCheck ?? true,
  });
  const route = new CdnFrontdoorRoute(scope, "route", {
    name: "api",
    cdnFrontdoorEndpointId: endpoint.id,
    cdnFrontdoorOriginGroupId: "origin-group-id",
    cdnFrontdoorOriginIds: [origin.id],
    cdnFrontdoorCustomDomainIds: [domain.id],
    patternsToMatch: ["/*"],
    supportedProtocols: ["Https"],
    // The provider refuses a redirect without Http among the protocols (and defaults it to true).
    httpsRedirectEnabled: false,
    forwardingProtocol: "HttpsOnly",
    linkToDefaultDomain: true,
    ...options.route,
  });
  const waf = new CdnFrontdoorFirewallPolicy(scope, "waf", {
    name: "mockforgetestwaf",
    resourceGroupName: "rg",
    skuName: "Premium_AzureFrontDoor",
    mode: "Prevention",
    enabled: true,
    managedRule: [{ type: "Microsoft_DefaultRuleSet", version: "2.1", action: "Block" }],
    ...options.waf,
  });
  const covers = options.wafCovers ?? "both";
  if (covers !== "none") {
    const domains = covers === "both" ? [domain.id, endpoint.id] : [domain.id];
    new CdnFrontdoorSecurityPolicy(scope, "security-policy", {
      name: "mockforge-test-waf",
      cdnFrontdoorProfileId: PROFILE_ID,
      securityPolicies: {
        firewall: {
          cdnFrontdoorFirewallPolicyId: waf.id,
          association: { domain: domains.map((cdnFrontdoorDomainId) => ({ cdnFrontdoorDomainId })), patternsToMatch: ["/*"] },
        },
      },
    });
  }
  return { endpoint, route };
}
