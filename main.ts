/**
 * The app `cdktf.json` runs: environment files -> stacks -> Terraform JSON.
 * Configuration is validated completely before any stack is built, so a bad
 * file never leaves half-written output behind.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { App } from "cdktf";
import { ConfigError } from "./environments/errors";
import { loadEnvironments } from "./environments/load";
import { buildApp } from "./stacks/app";

const IMAGE_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The image tag CI deploys (git SHA); checked like the environment files' imageTag. */
function imageTagOverride(): string | undefined {
  const tag = process.env.MOCKFORGE_IMAGE_TAG;
  if (tag === undefined || tag === "") return undefined;
  if (!IMAGE_TAG_PATTERN.test(tag) || tag === "latest") {
    throw new ConfigError([
      {
        file: "(environment variable)",
        path: "MOCKFORGE_IMAGE_TAG",
        value: tag,
        message: "must be an immutable image tag: 1-128 letters, digits, _ . - (not starting with . or -), and not `latest`",
      },
    ]);
  }
  return tag;
}

function selectedEnvironments(): string[] | undefined {
  const raw = process.env.MOCKFORGE_ENVIRONMENTS;
  return raw ? raw.split(",").map((name) => name.trim()).filter(Boolean) : undefined;
}

/**
 * Synthesizes into a scratch folder and swaps it into place only when every
 * stack synthesized: a failure leaves the previous output untouched.
 */
function main(): void {
  const imageTag = imageTagOverride();
  const environments = loadEnvironments(undefined, selectedEnvironments());
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
  const scratch = `${outdir}.partial-${process.pid}`;
  try {
    const app = new App({ outdir: scratch });
    buildApp(app, environments, { imageTag });
    app.synth();
    if (existsSync(outdir)) rmSync(outdir, { recursive: true, force: true });
    renameSync(scratch, outdir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
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
