/**
 * The app `cdktf.json` runs: environment files -> stacks -> Terraform JSON.
 * Configuration is validated completely before any stack is built, so a bad
 * file never leaves half-written output behind.
 */
import { App } from "cdktf";
import { ConfigError } from "./environments/errors";
import { loadEnvironments } from "./environments/load";
import { buildApp } from "./stacks/app";

function selectedEnvironments(): string[] | undefined {
  const raw = process.env.MOCKFORGE_ENVIRONMENTS;
  return raw ? raw.split(",").map((name) => name.trim()).filter(Boolean) : undefined;
}

function main(): void {
  const environments = loadEnvironments(undefined, selectedEnvironments());
  const app = new App();
  buildApp(app, environments, { imageTag: process.env.MOCKFORGE_IMAGE_TAG });
  app.synth();
}

try {
  main();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof Error && !process.env.MOCKFORGE_DEBUG) {
    process.stderr.write(`mockforge: ${error.message}\n(set MOCKFORGE_DEBUG=1 for the stack trace)\n`);
  } else {
    throw error;
  }
  process.exitCode = 1;
}
