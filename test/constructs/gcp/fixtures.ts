import type { GcpNetworkRef } from "../../../constructs/gcp/network-ref";
import type { DeploymentContext } from "../../../constructs/core/specs";
import { resourcesOf, type SynthJson } from "../../support/synth";

/** A hand-made region network, as GcpNetwork would expose it. */
export const network: GcpNetworkRef = {
  cidr: "10.50.0.0/20",
  vpcId: "projects/mockforge-prod/global/networks/mockforge-prod-vpc",
  vpcName: "mockforge-prod-vpc",
  privateServicesCidr: "10.60.0.0/16",
  privateServicesRangeName: "mockforge-prod-private-services",
  subnetworkId: "projects/mockforge-prod/regions/us-central1/subnetworks/mockforge-prod-usc1-subnet",
};
export const PROJECT_ID = "mockforge-prod";
export const primaryContext: DeploymentContext = { cloud: "gcp", environment: "prod", region: "us-central1", primary: true };
export const secondaryContext: DeploymentContext = { cloud: "gcp", environment: "prod", region: "europe-west1", primary: false };

/** Logical id of the first resource of a type whose id starts with `prefix`. */
export function idOf(json: SynthJson, type: string, prefix = ""): string {
  const found = resourcesOf(json, type).find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`no ${type} with id prefix "${prefix}"`);
  return found[0];
}

/** `${type.id.attribute}` as Terraform JSON references it. */
export function ref(json: SynthJson, type: string, prefix: string, attribute: string): string {
  return `\${${type}.${idOf(json, type, prefix)}.${attribute}}`;
}

/** The config of the resource whose id starts with `prefix`. */
export function configOf(json: SynthJson, type: string, prefix = ""): Record<string, any> {
  const found = resourcesOf(json, type).find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`no ${type} with id prefix "${prefix}"`);
  return found[1];
}
