/** Shared inputs for the Azure construct tests. */
import type { Construct } from "constructs";
import { AzureKeyVault } from "../../../constructs/azure/key-vault";
import type { DeploymentContext } from "../../../constructs/core/specs";
import { resourcesOf, type SynthJson } from "../../support/synth";

export const SUBSCRIPTION = "33333333-3333-4333-8333-333333333333";
export const context: DeploymentContext = { cloud: "azure", environment: "prod", region: "eastus", primary: true };
export const KEY_VAULT_ZONE_ID = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net";

/** A Key Vault as the constructs that keep secrets need one. */
export function keyVault(scope: Construct, allowedIpRanges: string[] = []): AzureKeyVault {
  return new AzureKeyVault(scope, "kv", {
    name: "mfprodeuskv123456",
    location: "eastus",
    resourceGroupName: "rg",
    privateEndpointSubnetId: "endpoints-subnet",
    privateDnsZoneId: KEY_VAULT_ZONE_ID,
    allowedIpRanges,
  });
}

/** `${<type>.<id>.<attr>}` for the one resource of `type` whose logical id contains `fragment`. */
export function ref(json: SynthJson, type: string, fragment: string, attr = "id"): string {
  const match = resourcesOf(json, type).filter(([id]) => id.includes(fragment));
  if (match.length !== 1) throw new Error(`expected one ${type} matching ${fragment}, found ${match.length}`);
  return `\${${type}.${match[0][0]}.${attr}}`;
}

/** The config of the one resource of `type` whose logical id contains `fragment`. */
export function configOf(json: SynthJson, type: string, fragment: string): Record<string, any> {
  const match = resourcesOf(json, type).filter(([id]) => id.includes(fragment));
  if (match.length !== 1) throw new Error(`expected one ${type} matching ${fragment}, found ${match.length}`);
  return match[0][1];
}
