import type { DeploymentContext } from "../../../constructs/core/specs";
import type { OciNetworkRef } from "../../../constructs/oci/network-ref";
import { resourcesOf, type SynthJson } from "../../support/synth";

export const COMPARTMENT_ID = "ocid1.compartment.oc1..aaaaaaaatestcompartment000000000000000000000";
export const TENANCY_ID = "ocid1.tenancy.oc1..aaaaaaaatesttenancy0000000000000000000000000";
export const primaryContext: DeploymentContext = { cloud: "oci", environment: "prod", region: "us-ashburn-1", primary: true };
export const secondaryContext: DeploymentContext = { cloud: "oci", environment: "prod", region: "eu-frankfurt-1", primary: false };

/** A hand-made region network, as OciNetwork would expose it (10.130.0.0/16). */
export const network: OciNetworkRef = {
  cidr: "10.130.0.0/16",
  vcnId: "ocid1.vcn.oc1.iad.vcn",
  publicSubnetId: "ocid1.subnet.oc1.iad.public",
  privateSubnetId: "ocid1.subnet.oc1.iad.private",
  dataSubnetId: "ocid1.subnet.oc1.iad.data",
  privateSubnetCidr: "10.130.64.0/20",
  dataSubnetCidr: "10.130.128.0/20",
  nsgs: { loadBalancer: "nsg-lb", service: "nsg-service", database: "nsg-db", redis: "nsg-redis" },
};

/** Logical id of the first resource of a type whose id starts with `prefix`. */
export function idOf(json: SynthJson, type: string, prefix = ""): string {
  const found = resourcesOf(json, type).find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`no ${type} with id prefix "${prefix}"`);
  return found[0];
}

/** `${type.id.attribute}` as Terraform JSON references it. */
export function ref(json: SynthJson, type: string, prefix: string, attribute = "id"): string {
  return `\${${type}.${idOf(json, type, prefix)}.${attribute}}`;
}

/** The config of the resource whose id starts with `prefix`. */
export function configOf(json: SynthJson, type: string, prefix = ""): Record<string, any> {
  const found = resourcesOf(json, type).find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`no ${type} with id prefix "${prefix}"`);
  return found[1];
}

/** Decodes base64 user data. */
export function decodeBase64(text: string): string {
  return Buffer.from(text, "base64").toString("utf8");
}
