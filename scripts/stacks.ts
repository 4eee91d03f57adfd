/**
 * Stack selection and deploy order for the delivery scripts (select, plan,
 * deploy): reads the synthesized `cdktf.out/manifest.json`, so the order is
 * exactly the dependencies the app recorded, not a second copy of them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SERVICE_NAME } from "../constructs/core/naming";

export const CLOUDS = ["aws", "gcp", "azure", "oci"] as const;
export type Cloud = (typeof CLOUDS)[number];

/** Where a stack sits in its cloud's deploy order. */
export type StackRole = "global" | "primary" | "secondary" | "edge";
const ROLE_RANK: Record<StackRole, number> = { global: 0, primary: 1, secondary: 2, edge: 3 };

export interface StackInfo {
  /** `mockforge-<env>-<cloud>-<region|global|edge>`. */
  readonly name: string;
  readonly env: string;
  readonly cloud: Cloud;
  /** Region id, or `global` / `edge`. */
  readonly region: string;
  readonly role: StackRole;
  /** Names of the stacks this one depends on (from the manifest). */
  readonly dependencies: readonly string[];
  /** Stack folder relative to the cdktf output folder (`stacks/<name>`). */
  readonly workingDirectory: string;
}

export interface Selection {
  /** Environment names or globs (`prod`, `*`). Empty or undefined selects all. */
  readonly env?: readonly string[];
  readonly cloud?: readonly string[];
  /** Region ids, `global`, `edge`, or globs (`eu-*`). */
  readonly region?: readonly string[];
}

interface ManifestEntry {
  readonly name?: string;
  readonly dependencies?: readonly string[];
  readonly workingDirectory?: string;
}
export interface Manifest {
  readonly stacks: Record<string, ManifestEntry>;
}

// The inverse of stackName() in stacks/stack-names.ts.
const NAME_PATTERN = new RegExp(`^${SERVICE_NAME}-([a-z0-9]+)-(${CLOUDS.join("|")})-(.+)$`);

/** Reads `<outdir>/manifest.json`; a clear error when the app has not been synthesized. */
export function readManifest(outdir: string): Manifest {
  const file = join(outdir, "manifest.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new Error(`no ${file}: synthesize first (node scripts/app.mjs; the npm scripts do this)`);
  }
  return JSON.parse(text) as Manifest;
}

/** Parses every manifest entry into a StackInfo; primary vs secondary comes from the dependencies. */
export function stacksOf(manifest: Manifest): StackInfo[] {
  const parsed = Object.entries(manifest.stacks).map(([name, entry]) => {
    const match = NAME_PATTERN.exec(name);
    if (!match) throw new Error(`manifest stack "${name}" is not named mockforge-<env>-<${CLOUDS.join("|")}>-<region|global|edge>`);
    return { name, env: match[1], cloud: match[2] as Cloud, region: match[3], entry };
  });
  const regionOf = new Map(parsed.map((s) => [s.name, s.region]));
  return parsed.map(({ name, env, cloud, region, entry }) => {
    const dependencies = [...(entry.dependencies ?? [])];
    let role: StackRole;
    if (region === "global" || region === "edge") role = region;
    else {
      // A region stack that references another region stack (its primary) is a secondary.
      const dependsOnRegion = dependencies.some((d) => {
        const r = regionOf.get(d);
        return r !== undefined && r !== "global" && r !== "edge";
      });
      role = dependsOnRegion ? "secondary" : "primary";
    }
    return { name, env, cloud, region, role, dependencies, workingDirectory: entry.workingDirectory ?? `stacks/${name}` };
  });
}

/** `*` matches any run of characters, `?` one; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

function matchesAny(value: string, patterns: readonly string[] | undefined): boolean {
  if (!patterns || patterns.length === 0) return true;
  return patterns.some((p) => globToRegExp(p).test(value));
}

function checkKnown(kind: string, patterns: readonly string[] | undefined, known: readonly string[]): void {
  for (const pattern of patterns ?? []) {
    if (!known.some((k) => globToRegExp(pattern).test(k))) {
      throw new Error(`unknown ${kind} "${pattern}": the synthesized stacks have ${kind} ${[...new Set(known)].sort().join(", ")}`);
    }
  }
}

/**
 * The stacks matching every filter, in deploy order. Each filter value must
 * match something that exists (a typo is an error, not an empty plan).
 */
export function selectStacks(all: readonly StackInfo[], selection: Selection): StackInfo[] {
  checkKnown("env", selection.env, all.map((s) => s.env));
  checkKnown("cloud", selection.cloud, all.map((s) => s.cloud));
  const envCloud = all.filter((s) => matchesAny(s.env, selection.env) && matchesAny(s.cloud, selection.cloud));
  checkKnown("region", selection.region, envCloud.map((s) => s.region));
  const chosen = envCloud.filter((s) => matchesAny(s.region, selection.region));
  return orderStacks(chosen);
}

function compareStacks(a: StackInfo, b: StackInfo): number {
  return (
    a.env.localeCompare(b.env) ||
    CLOUDS.indexOf(a.cloud) - CLOUDS.indexOf(b.cloud) ||
    ROLE_RANK[a.role] - ROLE_RANK[b.role] ||
    a.name.localeCompare(b.name)
  );
}

/**
 * Topological order over the dependencies among `stacks` (dependencies on
 * stacks outside the selection are assumed deployed). Ties break by env,
 * cloud, then global -> primary -> secondary -> edge, then name, so the order
 * is stable. A cycle throws naming the stacks in it.
 */
export function orderStacks(stacks: readonly StackInfo[]): StackInfo[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const remaining = new Map(stacks.map((s) => [s.name, new Set(s.dependencies.filter((d) => byName.has(d)))]));
  const ordered: StackInfo[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, deps]) => deps.size === 0).map(([name]) => byName.get(name)!);
    if (ready.length === 0) {
      throw new Error(`dependency cycle among stacks: ${[...remaining.keys()].sort().join(", ")}`);
    }
    ready.sort(compareStacks);
    const next = ready[0];
    ordered.push(next);
    remaining.delete(next.name);
    for (const deps of remaining.values()) deps.delete(next.name);
  }
  return ordered;
}

/** Whether a stack belongs to a production environment (the deploy script's guard). */
export function isProd(stack: StackInfo): boolean {
  return stack.env === "prod" || stack.env.startsWith("prod");
}
