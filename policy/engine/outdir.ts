import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StackInput } from "./run";

interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string }>;
}

/** Every stack cdktf wrote to `outdir` (manifest.json lists them), parsed, in manifest order. */
export function readSynthesizedStacks(outdir: string): StackInput[] {
  const manifestPath = join(outdir, "manifest.json");
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  } catch (error) {
    throw new Error(`policy: cannot read ${manifestPath}: ${(error as Error).message}`);
  }
  return Object.entries(manifest.stacks ?? {}).map(([name, entry]) => ({
    name,
    json: JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8")) as Record<string, any>,
  }));
}
