import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { loadEnvironments } from "../../environments/load";
import { buildApp } from "../../stacks/app";
import type { SynthJson } from "./synth";

export interface SynthesizedApp {
  /** Stack name -> synthesized Terraform JSON, as `cdktf synth` writes it. */
  readonly stacks: ReadonlyMap<string, SynthJson>;
  /** Stack name -> names of the stacks it depends on (from the manifest). */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
}

interface Manifest {
  stacks: Record<string, { synthesizedStackPath: string; dependencies: string[] }>;
}

/**
 * Synthesizes the real app from the real environment files the way
 * `cdktf synth` does (app.synth(), so cross-stack references are resolved)
 * and reads back every stack's JSON.
 */
export function synthesizeApp(environments?: string[], imageTag = "test-tag"): SynthesizedApp {
  const app = Testing.app();
  buildApp(app, loadEnvironments(undefined, environments), { imageTag });
  app.synth();
  const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8")) as Manifest;
  const stacks = new Map<string, SynthJson>();
  const dependencies = new Map<string, readonly string[]>();
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    stacks.set(name, JSON.parse(readFileSync(join(app.outdir, entry.synthesizedStackPath), "utf8")) as SynthJson);
    dependencies.set(name, entry.dependencies);
  }
  return { stacks, dependencies };
}
