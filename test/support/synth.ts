import { Testing, TerraformStack } from "cdktf";
import type { Construct } from "constructs";

/** Synthesized Terraform JSON of one stack, parsed. */
export interface SynthJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, Record<string, unknown>>;
  readonly provider?: Record<string, unknown[]>;
  readonly terraform?: Record<string, unknown>;
  readonly locals?: Record<string, unknown>;
}

/** Synthesizes whatever `build` adds to a fresh stack and parses the JSON. */
export function synthJson(build: (scope: Construct) => void): SynthJson {
  return JSON.parse(Testing.synthScope(build)) as SynthJson;
}

/** Synthesizes a whole stack (with providers, backends, outputs). */
export function synthStack(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack)) as SynthJson;
}

/** All resources of a type, as [logical id, config] pairs. */
export function resourcesOf(json: SynthJson, type: string): Array<[string, Record<string, any>]> {
  return Object.entries(json.resource?.[type] ?? {}) as Array<[string, Record<string, any>]>;
}

/** The configs of all resources of a type. */
export function configsOf(json: SynthJson, type: string): Array<Record<string, any>> {
  return resourcesOf(json, type).map(([, config]) => config);
}

/** The only resource of a type; fails the test when there are none or several. */
export function onlyConfigOf(json: SynthJson, type: string): Record<string, any> {
  const found = configsOf(json, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0];
}

export function dataOf(json: SynthJson, type: string): Array<Record<string, any>> {
  return Object.values(json.data?.[type] ?? {}) as Array<Record<string, any>>;
}

/** Every resource in the JSON as [type, logical id, config]. */
export function allResources(json: SynthJson): Array<[string, string, Record<string, any>]> {
  const out: Array<[string, string, Record<string, any>]> = [];
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const [id, config] of Object.entries(byId)) out.push([type, id, config as Record<string, any>]);
  }
  return out;
}
