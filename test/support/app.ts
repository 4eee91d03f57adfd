import { existsSync, readFileSync } from "node:fs";
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
  /** The cdktf output folder the stacks were read from. */
  readonly outdir: string;
}

interface Manifest {
  stacks: Record<string, { synthesizedStackPath: string; dependencies: string[] }>;
}

/** The image tag the whole-app tests synthesize with. */
export const TEST_IMAGE_TAG = "test-tag";
/** Set by test/support/global-setup.ts: where the real app was synthesized once for this jest run. */
export const SHARED_APP_ENV = "MOCKFORGE_TEST_APP_DIR";

/** Synthesizes the real app (all environment files) into `outdir` the way `cdktf synth` does. */
export function synthesizeAppInto(outdir: string, environments?: string[], imageTag = TEST_IMAGE_TAG): void {
  const app = Testing.app({ outdir });
  buildApp(app, loadEnvironments(undefined, environments), { imageTag });
  app.synth();
}

/** Reads every stack of a cdktf output folder. */
export function readOutdir(outdir: string): SynthesizedApp {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as Manifest;
  const stacks = new Map<string, SynthJson>();
  const dependencies = new Map<string, readonly string[]>();
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    stacks.set(name, JSON.parse(readFileSync(join(outdir, entry.synthesizedStackPath), "utf8")) as SynthJson);
    dependencies.set(name, entry.dependencies);
  }
  return { stacks, dependencies, outdir };
}

/**
 * The real app from the real environment files, synthesized the way
 * `cdktf synth` does (app.synth(), so cross-stack references are resolved).
 * With the defaults, every test file reads the one synthesis the jest global
 * setup made for this run instead of synthesizing all stacks again.
 */
export function synthesizeApp(environments?: string[], imageTag = TEST_IMAGE_TAG): SynthesizedApp {
  const shared = process.env[SHARED_APP_ENV];
  if (environments === undefined && imageTag === TEST_IMAGE_TAG && shared && existsSync(join(shared, "manifest.json"))) {
    return readOutdir(shared);
  }
  const app = Testing.app();
  buildApp(app, loadEnvironments(undefined, environments), { imageTag });
  app.synth();
  return readOutdir(app.outdir);
}
