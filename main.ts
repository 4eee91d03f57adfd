/**
 * The app `cdktf.json` runs: environment files -> stacks -> Terraform JSON.
 *
 * - Configuration is validated completely before any stack is built, and the
 *   output is written to a scratch folder swapped into place only on success,
 *   so a bad file never leaves half-written output behind.
 * - It runs from compiled JavaScript (scripts/app.mjs transpiles what changed):
 *   type checking belongs to `npm run build` and the tests, not to every synth.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { App } from "cdktf";
import { ConfigError } from "./environments/errors";
import { loadEnvironments } from "./environments/load";
import { enforcePolicy, PolicyError } from "./policy/enforce";
import { PolicyConfigError } from "./policy/engine/suppressions";
import { buildApp } from "./stacks/app";
import { isImageTag } from "./constructs/core/image-tag";

const debug = Boolean(process.env.MOCKFORGE_DEBUG);

if (!debug) {
  // cdktf records a full creation stack trace (no depth limit) for every token,
  // tens of thousands per synth, only to explain resolution errors; capturing and
  // formatting them was ~20 % of a synth. Errors keep their messages (this app
  // reports messages, not traces); MOCKFORGE_DEBUG=1 keeps the traces.
  Error.prepareStackTrace = (error: Error) => `${error.name}: ${error.message}`;
  const captureStackTrace = Error.captureStackTrace;
  Error.captureStackTrace = (target: object, below?: Function): void => {
    // cdktf's token bookkeeping captures into a bare `{ stack: "" }`; skip the walk there.
    if (target instanceof Error) captureStackTrace(target, below);
  };
}

/** The image tag CI deploys (git SHA); checked like the environment files' imageTag. */
function imageTagOverride(): string | undefined {
  const tag = process.env.MOCKFORGE_IMAGE_TAG;
  if (tag === undefined || tag === "") return undefined;
  if (!isImageTag(tag) || tag === "latest") {
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

/** Synthesizes the selected environments into `outdir`. */
function synthesize(outdir: string): void {
  const imageTag = imageTagOverride();
  // MOCKFORGE_ENVIRONMENTS_DIR points at another folder of environment files (default: environments/).
  const environments = loadEnvironments(process.env.MOCKFORGE_ENVIRONMENTS_DIR || undefined, selectedEnvironments());
  const app = new App({ outdir });
  buildApp(app, environments, { imageTag });
  app.synth();
  // Guardrails over the JSON just written; an unsuppressed error throws before the swap.
  enforcePolicy(outdir, environments);
}

function main(): void {
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out");
  const scratch = `${outdir}.partial-${process.pid}`;
  try {
    synthesize(scratch);
    swapInto(scratch, outdir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function swapInto(from: string, outdir: string): void {
  if (existsSync(outdir)) rmSync(outdir, { recursive: true, force: true });
  renameSync(from, outdir);
}

function report(error: unknown): void {
  if (error instanceof ConfigError || error instanceof PolicyError || error instanceof PolicyConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else if (error instanceof Error && !debug) {
    process.stderr.write(`mockforge: ${error.message}\n(set MOCKFORGE_DEBUG=1 for the stack trace)\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  }
  process.exitCode = 1;
}

try {
  main();
} catch (error) {
  report(error);
}
