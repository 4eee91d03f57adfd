/**
 * Argument parsing and common options shared by the delivery CLIs
 * (select, plan, deploy, bootstrap): one place for `--env/--cloud/--region`.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Selection } from "./stacks";

export interface ParsedArgs {
  /** `--name value` (repeatable, comma lists split) -> values. */
  readonly values: ReadonlyMap<string, string[]>;
  /** `--flag` with no value. */
  readonly flags: ReadonlySet<string>;
  readonly positional: readonly string[];
}

/**
 * Parses `--key value`, `--key=value` and bare `--flag`s. `booleanFlags` names
 * the options that never take a value; any other unknown option is an error.
 */
export function parseArgs(argv: readonly string[], valueOptions: readonly string[], booleanFlags: readonly string[]): ParsedArgs {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [key, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (booleanFlags.includes(key)) {
      if (inline !== undefined) throw new Error(`--${key} takes no value`);
      flags.add(key);
    } else if (valueOptions.includes(key)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === "") throw new Error(`--${key} needs a value`);
      const list = values.get(key) ?? [];
      list.push(...value.split(",").map((v) => v.trim()).filter(Boolean));
      values.set(key, list);
    } else {
      throw new Error(`unknown option --${key}; expected ${[...valueOptions, ...booleanFlags].map((o) => `--${o}`).join(", ")}`);
    }
  }
  return { values, flags, positional };
}

/** The one value of `--name`, undefined when absent; an error when given twice. */
export function singleValue(args: ParsedArgs, name: string): string | undefined {
  const v = args.values.get(name);
  if (v !== undefined && v.length > 1) throw new Error(`--${name} takes one value, got ${v.join(", ")}`);
  return v?.[0];
}

export const SELECTION_OPTIONS = ["env", "cloud", "region"] as const;

export function selectionOf(args: ParsedArgs): Selection {
  return { env: args.values.get("env"), cloud: args.values.get("cloud"), region: args.values.get("region") };
}

/** The repository root: the nearest folder above `from` holding cdktf.json (works from scripts/ and dist/scripts/). */
export function repoRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "cdktf.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no cdktf.json above ${from}`);
  }
}

export function outdirOf(root: string): string {
  return resolve(root, process.env.CDKTF_OUTDIR ?? "cdktf.out");
}

/** Runs a CLI main, printing errors without a stack trace and setting the exit code. */
export function runMain(main: () => Promise<number> | number): void {
  let settled = false;
  // A main whose promise never settles (nothing left to wait on) must not look like success.
  process.once("exit", () => {
    if (settled) return;
    process.stderr.write("exited before finishing (a step waited on nothing that could complete)\n");
    process.exitCode = 1;
  });
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        settled = true;
        process.exitCode = code;
      },
      (error: unknown) => {
        settled = true;
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
}
