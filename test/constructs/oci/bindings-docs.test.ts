/**
 * Every attribute name the OCI bindings emit must be documented by the
 * provider (oracle/terraform-provider-oci website/docs) or, for the backend,
 * by Terraform. The documented names live in ./bindings-docs/*.json; this test
 * synthesizes every OCI stack of the real app and walks each resource, data
 * source, provider and backend block, nested blocks included.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { synthesizeApp } from "../../support/app";
import type { SynthJson } from "../../support/synth";

interface DocumentedArguments {
  readonly kind: "resource" | "data" | "provider" | "backend";
  readonly type: string;
  readonly source: string;
  readonly arguments: readonly string[];
}

const DOCS_DIR = join(__dirname, "bindings-docs");
const documented = new Map<string, ReadonlySet<string>>();
for (const file of readdirSync(DOCS_DIR).filter((f) => f.endsWith(".json"))) {
  const entry = JSON.parse(readFileSync(join(DOCS_DIR, file), "utf8")) as DocumentedArguments;
  documented.set(`${entry.kind}:${entry.type}`, new Set(entry.arguments));
}

/** Terraform meta-arguments and cdktf metadata: not provider arguments. */
const META = new Set(["//", "depends_on", "lifecycle", "provider", "count", "for_each", "connection", "provisioner", "alias"]);

/** Dotted paths of every argument in a block: lists of objects are nested blocks, plain objects are maps (keys are data). */
function argumentPaths(block: Record<string, unknown>, prefix = ""): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(block)) {
    if (prefix === "" && META.has(key)) continue;
    const path = `${prefix}${key}`;
    paths.push(path);
    if (Array.isArray(value) && value.length > 0 && value.every((item) => item !== null && typeof item === "object" && !Array.isArray(item))) {
      for (const item of value) paths.push(...argumentPaths(item as Record<string, unknown>, `${path}.`));
    }
  }
  return paths;
}

/** `<kind>:<type>` -> emitted paths, over one stack. */
function emitted(json: SynthJson): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const add = (key: string, paths: string[]) => {
    const set = found.get(key) ?? new Set<string>();
    for (const p of paths) set.add(p);
    found.set(key, set);
  };
  for (const [kind, blocks] of [
    ["resource", json.resource],
    ["data", json.data],
  ] as const) {
    for (const [type, byId] of Object.entries(blocks ?? {})) {
      if (!type.startsWith("oci_")) continue;
      for (const config of Object.values(byId)) add(`${kind}:${type}`, argumentPaths(config));
    }
  }
  for (const config of (json.provider?.oci ?? []) as Record<string, unknown>[]) add("provider:oci", argumentPaths(config));
  const backend = (json.terraform?.backend as Record<string, Record<string, unknown>> | undefined)?.oci;
  if (backend) add("backend:oci", argumentPaths(backend));
  return found;
}

/** Emitted names without documentation, as readable lines. */
function undocumented(found: Map<string, Set<string>>): string[] {
  const problems: string[] = [];
  for (const [key, paths] of found) {
    const names = documented.get(key);
    if (!names) {
      problems.push(`${key}: no documented-argument list in test/constructs/oci/bindings-docs/`);
      continue;
    }
    for (const path of paths) if (!names.has(path)) problems.push(`${key}: "${path}" is not in its documentation`);
  }
  return problems;
}

describe("OCI bindings emit only documented attribute names", () => {
  const app = synthesizeApp();
  const ociStacks = [...app.stacks].filter(([name]) => name.includes("-oci-"));
  const all = new Map<string, Set<string>>();
  for (const [, json] of ociStacks) {
    for (const [key, paths] of emitted(json)) all.set(key, new Set([...(all.get(key) ?? []), ...paths]));
  }

  it("covers every OCI stack of the app", () => {
    expect(ociStacks.length).toBeGreaterThanOrEqual(8);
    expect(all.get("backend:oci")).toEqual(new Set(["bucket", "namespace", "key", "region"]));
    expect(all.get("provider:oci")).toEqual(new Set(["region", "tenancy_ocid"]));
  });

  it.each(ociStacks.map(([name]) => name))("%s", (name) => {
    expect(undocumented(emitted(app.stacks.get(name)!))).toEqual([]);
  });

  it("has documentation data for every OCI type the app uses", () => {
    const used = [...all.keys()].sort();
    for (const key of used) expect(documented.has(key) ? key : `${key} (missing)`).toBe(key);
    expect(used.filter((k) => k.startsWith("resource:")).length).toBeGreaterThanOrEqual(45);
  });

  it("would catch a misspelled or undocumented name, nested blocks included", () => {
    const fake: SynthJson = {
      resource: {
        oci_core_vcn: { v: { compartment_id: "c", cidr_blocks: ["10.0.0.0/16"], freeform_tags: { anyKey: "x" }, cidrBlocks: ["x"] } },
        oci_load_balancer_load_balancer: { l: { compartment_id: "c", shape_details: [{ minimum_bandwidth_in_mbps: 10, max_bandwidth: 100 }] } },
        oci_made_up_thing: { m: { name: "x" } },
      },
    };
    expect(undocumented(emitted(fake))).toEqual([
      'resource:oci_core_vcn: "cidrBlocks" is not in its documentation',
      'resource:oci_load_balancer_load_balancer: "shape_details.max_bandwidth" is not in its documentation',
      "resource:oci_made_up_thing: no documented-argument list in test/constructs/oci/bindings-docs/",
    ]);
  });
});
