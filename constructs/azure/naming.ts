/**
 * Azure resource names. Azure limits are tighter and more varied than
 * elsewhere (storage accounts: 3-24 lower-case letters and digits, globally
 * unique; Key Vaults: 3-24; Container Apps: 32), so names use short region
 * codes, and globally unique names end in a hash of where they belong.
 * Every name is derived from its inputs alone: the same inputs always give
 * the same name, in every stack that computes it.
 */
import { createHash } from "node:crypto";
import { SERVICE_NAME } from "../core/naming";
import type { DeploymentContext } from "../core/specs";

/**
 * Short codes of the Azure regions MockForge may use (regions with three
 * availability zones: zone-redundant Postgres HA and one Redis node per zone
 * need them). environments/regions.ts derives AZURE_REGIONS (what environment
 * files may name) from these keys.
 */
export const AZURE_REGION_CODES: Readonly<Record<string, string>> = {
  australiaeast: "aue",
  brazilsouth: "brs",
  canadacentral: "cac",
  centralindia: "cin",
  centralus: "cus",
  eastasia: "ea",
  eastus: "eus",
  eastus2: "eus2",
  francecentral: "frc",
  germanywestcentral: "gwc",
  israelcentral: "ilc",
  italynorth: "itn",
  japaneast: "jpe",
  koreacentral: "krc",
  mexicocentral: "mxc",
  newzealandnorth: "nzn",
  northeurope: "neu",
  norwayeast: "nwe",
  polandcentral: "plc",
  qatarcentral: "qac",
  southafricanorth: "san",
  southcentralus: "scus",
  southeastasia: "sea",
  spaincentral: "spc",
  swedencentral: "sec",
  switzerlandnorth: "szn",
  uaenorth: "uan",
  uksouth: "uks",
  westeurope: "weu",
  westus2: "wus2",
  westus3: "wus3",
};

/** Region code used in names for resources that belong to the whole environment. */
export const GLOBAL_REGION_CODE = "glb";

/** The short code of an Azure region; throws for a region outside AZURE_REGION_CODES. */
export function azureRegionCode(region: string): string {
  const code = AZURE_REGION_CODES[region];
  if (code === undefined) {
    throw new Error(`Azure region "${region}" has no short name code; use one of ${Object.keys(AZURE_REGION_CODES).join(", ")} (constructs/azure/naming.ts).`);
  }
  return code;
}

/** `mockforge-<env>-<region code>-<component>`, the Azure twin of core resourceName(). */
export function azureName(ctx: DeploymentContext, component: string, maxLength = 63): string {
  return checked(`${SERVICE_NAME}-${ctx.environment}-${azureRegionCode(ctx.region)}-${component}`.toLowerCase(), component, maxLength);
}

/** `mockforge-<env>-glb-<component>`: resources of the environment as a whole (global and edge stacks). */
export function azureGlobalName(environment: string, component: string, maxLength = 63): string {
  return checked(`${SERVICE_NAME}-${environment}-${GLOBAL_REGION_CODE}-${component}`.toLowerCase(), component, maxLength);
}

function checked(name: string, component: string, maxLength: number): string {
  if (name.length > maxLength) {
    throw new Error(`Azure resource name "${name}" is ${name.length} characters; the limit here is ${maxLength}. Use a shorter component name than "${component}".`);
  }
  return name;
}

/** Hex digits of the uniqueness hash in globally unique names. */
export const UNIQUE_SUFFIX_LENGTH = 6;

/** Where a globally unique name belongs: the hash covers all of it. */
export interface UniqueNameInput {
  /** Subscription the resource lives in: two subscriptions never share a name. */
  readonly subscriptionId: string;
  readonly environment: string;
  /** Region code (or GLOBAL_REGION_CODE). */
  readonly regionCode: string;
  /** Short component tag, letters and digits, e.g. `st`, `kv`, `acr`. */
  readonly component: string;
}

/** First `UNIQUE_SUFFIX_LENGTH` hex digits of SHA-256 over the input (stable across runs and machines). */
export function uniqueSuffix(input: UniqueNameInput): string {
  const source = [input.subscriptionId.toLowerCase(), input.environment, input.regionCode, input.component].join("/");
  return createHash("sha256").update(source).digest("hex").slice(0, UNIQUE_SUFFIX_LENGTH);
}

/**
 * A globally unique name of lower-case letters and digits only:
 * `mf<env><region code><component>` cut to fit, then the uniqueness hash.
 * Storage accounts (3-24), Key Vaults (3-24) and registries (5-50) all accept it.
 */
export function compactUniqueName(input: UniqueNameInput, maxLength: number): string {
  const stem = `mf${input.environment}${input.regionCode}${input.component}`.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (maxLength < UNIQUE_SUFFIX_LENGTH + 3) throw new Error(`compactUniqueName: maxLength ${maxLength} leaves no room for a name and the ${UNIQUE_SUFFIX_LENGTH}-digit hash.`);
  return stem.slice(0, maxLength - UNIQUE_SUFFIX_LENGTH) + uniqueSuffix(input);
}

/** A globally unique DNS-style name: `<azureName>-<hash>` (Postgres servers: 3-63, lower case, digits and dashes). */
export function dashedUniqueName(ctx: DeploymentContext, subscriptionId: string, component: string, maxLength = 63): string {
  const suffix = uniqueSuffix({ subscriptionId, environment: ctx.environment, regionCode: azureRegionCode(ctx.region), component });
  return checked(`${azureName(ctx, component)}-${suffix}`, component, maxLength);
}

/** Storage account name: 3-24 lower-case letters and digits, globally unique. */
export function storageAccountName(ctx: DeploymentContext, subscriptionId: string, component = "st"): string {
  return compactUniqueName({ subscriptionId, environment: ctx.environment, regionCode: azureRegionCode(ctx.region), component }, 24);
}

/** Key Vault name: 3-24 letters, digits and dashes starting with a letter, globally unique (and reserved 90 days after deletion). */
export function keyVaultName(ctx: DeploymentContext, subscriptionId: string): string {
  return compactUniqueName({ subscriptionId, environment: ctx.environment, regionCode: azureRegionCode(ctx.region), component: "kv" }, 24);
}

/** Container registry name: 5-50 letters and digits, globally unique (its login server is `<name>.azurecr.io`). */
export function containerRegistryName(environment: string, subscriptionId: string): string {
  return compactUniqueName({ subscriptionId, environment, regionCode: GLOBAL_REGION_CODE, component: "acr" }, 50);
}

/** The login server of a registry name (public Azure cloud). */
export function containerRegistryLoginServer(registryName: string): string {
  return `${registryName}.azurecr.io`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a subscription or tenant id (a GUID). */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}
