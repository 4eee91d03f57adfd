/**
 * Suppressions: the only way to turn a finding off. Each one names the rule,
 * where it applies and, always, why. Two places hold them:
 *
 * - policy/suppressions.yaml, reviewed like code:
 *     suppressions:
 *       - rule: MF-AWS-S3-5
 *         stack: mockforge-*-aws-us-east-1        # glob (* and ?)
 *         resource: aws_s3_bucket.assets_replica-*  # Terraform address, glob allowed
 *         reason: Why this exception is deliberate, in a sentence.
 * - next to the code, with suppressPolicy() (policy/suppress.ts), which writes
 *   the reason into the resource's "//" metadata of the synthesized JSON.
 *
 * Both kinds are listed in the report. A missing or trivial reason or an
 * unknown rule id is a hard error naming the file and entry (or the stack and
 * resource), so no suppression goes unexplained.
 */
import { existsSync, readFileSync } from "node:fs";
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { displayPath } from "./paths";
import type { SuppressionSource, TfBlock } from "./types";

/** Reasons shorter than this say nothing a reviewer can weigh. */
export const MIN_REASON_LENGTH = 20;
/** Key under a resource's "//" metadata that holds code suppressions: { ruleId: reason }. */
export const CODE_SUPPRESSIONS_KEY = "policy_suppressions";
const ENTRY_KEYS = ["rule", "stack", "resource", "reason"] as const;
/** Words that carry no reason; a reason needs at least three others. */
const FILLER_WORDS = new Set(["todo", "tbd", "fixme", "n", "a", "na", "none", "no", "reason", "because", "temp", "temporary", "x", "xx", "xxx", "later", "wip", "ignore", "ignored", "skip", "ok", "fine", "suppress", "suppressed"]);
const ADDRESS = /^(output\.[\w*?-]+|(data\.)?[a-z*?][a-z0-9_*?]*\.[\w*?-]+)$/;

/** Bad suppressions (or a bad suppression file): the message lists every problem. */
export class PolicyConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super([`Invalid policy suppressions (${problems.length === 1 ? "1 problem" : `${problems.length} problems`}):`, ...problems].join("\n"));
    this.name = "PolicyConfigError";
  }
}

/** A suppression from policy/suppressions.yaml. */
export interface FileSuppression {
  readonly rule: string;
  readonly stack: string;
  readonly resource: string;
  readonly reason: string;
  readonly source: Extract<SuppressionSource, { kind: "file" }>;
  /** True when this entry covers `address` in `stack`. */
  matches(stack: string, address: string): boolean;
}

/** Why `reason` is not acceptable, or undefined when it is. */
export function reasonProblem(reason: unknown): string | undefined {
  if (typeof reason !== "string" || reason.trim() === "") {
    return `has no reason; write why this exception is deliberate (at least ${MIN_REASON_LENGTH} characters)`;
  }
  const text = reason.trim();
  if (text.length < MIN_REASON_LENGTH) {
    return `reason "${text}" is too short (${text.length} characters); write why this exception is deliberate (at least ${MIN_REASON_LENGTH} characters)`;
  }
  if (text.split(/[^A-Za-z0-9]+/).filter((w) => w !== "" && !FILLER_WORDS.has(w.toLowerCase())).length < 3) {
    return `reason "${text}" is a placeholder; write why this exception is deliberate`;
  }
  return undefined;
}

/** `*` matches any run of characters, `?` one; everything else literally. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/**
 * Reads and validates policy/suppressions.yaml; a missing file means no
 * suppressions. Throws PolicyConfigError listing every bad entry.
 */
export function loadSuppressionFile(file: string, knownRules: ReadonlySet<string>): FileSuppression[] {
  if (!existsSync(file)) return [];
  const shown = displayPath(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(file, "utf8"), { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: Node | null | undefined): number | undefined => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new PolicyConfigError([`${shown}:${lineCounter.linePos(first.pos[0]).line}: invalid YAML: ${first.message}`]);
  }
  const root = doc.contents;
  if (root === null || (isMap(root) && root.items.length === 0)) return [];
  const list = isMap(root) ? root.get("suppressions", true) : undefined;
  if (!isMap(root) || (list !== undefined && list !== null && !isSeq(list)) || root.items.some((pair) => String((pair.key as any)?.value ?? pair.key) !== "suppressions")) {
    throw new PolicyConfigError([`${shown}: must be a mapping with one key, \`suppressions\`, holding a list of {rule, stack, resource, reason} entries`]);
  }
  if (!isSeq(list)) return [];

  const problems: string[] = [];
  const suppressions: FileSuppression[] = [];
  list.items.forEach((item, index) => {
    const entry = index + 1;
    const line = lineOf(item as Node);
    const raw = (item as Node | null)?.toJSON?.() ?? item;
    const where = (detail?: string) => `${shown}:${line ?? "?"}: entry ${entry}${detail ? ` (${detail})` : ""}`;
    if (!isMap(item) || raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      problems.push(`${where()}: must be a mapping with ${ENTRY_KEYS.join(", ")}`);
      return;
    }
    const data = raw as Record<string, unknown>;
    const label = [data.rule, data.resource].filter((v) => typeof v === "string").join(" on ");
    const before = problems.length;
    for (const key of Object.keys(data)) {
      if (!(ENTRY_KEYS as readonly string[]).includes(key)) problems.push(`${where(label)}: unknown key "${key}"; an entry has ${ENTRY_KEYS.join(", ")}`);
    }
    for (const key of ["rule", "stack", "resource"] as const) {
      if (typeof data[key] !== "string" || (data[key] as string).trim() === "") problems.push(`${where(label)}: ${key} is missing; name the ${key === "rule" ? "rule id" : key === "stack" ? "stack (glob allowed)" : "resource address type.name (glob allowed)"}`);
    }
    if (typeof data.rule === "string" && data.rule.trim() !== "" && !knownRules.has(data.rule)) {
      problems.push(`${where(label)}: rule "${data.rule}" is not a rule of the pack; see the rule list in policy-report.json or \`npm run policy\``);
    }
    if (typeof data.resource === "string" && data.resource.trim() !== "" && !ADDRESS.test(data.resource)) {
      problems.push(`${where(label)}: resource "${data.resource}" is not a Terraform address such as aws_s3_bucket.name (glob allowed)`);
    }
    const bad = reasonProblem(data.reason);
    if (bad) problems.push(`${where(label)}: ${bad}`);
    if (problems.length > before) return;
    const stackPattern = globToRegExp(data.stack as string);
    const resourcePattern = globToRegExp(data.resource as string);
    suppressions.push({
      rule: data.rule as string,
      stack: data.stack as string,
      resource: data.resource as string,
      reason: (data.reason as string).trim(),
      source: { kind: "file", file: shown, entry, line },
      matches: (stack, address) => stackPattern.test(stack) && resourcePattern.test(address),
    });
  });
  if (problems.length > 0) throw new PolicyConfigError(problems);
  return suppressions;
}

/**
 * Code suppressions written by suppressPolicy() into a block's "//" metadata,
 * validated: an unknown rule id or a bad reason is a problem naming the stack
 * and the resource.
 */
export function codeSuppressionsOf(
  block: TfBlock,
  stack: string,
  knownRules: ReadonlySet<string>,
  problems: string[],
): ReadonlyMap<string, string> {
  const recorded = block.config["//"]?.[CODE_SUPPRESSIONS_KEY];
  const found = new Map<string, string>();
  if (recorded === undefined) return found;
  const where = `${stack} ${block.address}${block.constructPath ? ` (${block.constructPath})` : ""}`;
  if (recorded === null || typeof recorded !== "object" || Array.isArray(recorded)) {
    problems.push(`${where}: "//".${CODE_SUPPRESSIONS_KEY} must map rule ids to reasons (use suppressPolicy())`);
    return found;
  }
  for (const [rule, reason] of Object.entries(recorded as Record<string, unknown>)) {
    if (!knownRules.has(rule)) {
      problems.push(`${where}: suppressPolicy() names rule "${rule}", which is not a rule of the pack`);
      continue;
    }
    const bad = reasonProblem(reason);
    if (bad) {
      problems.push(`${where}: suppressPolicy(${rule}) ${bad}`);
      continue;
    }
    found.set(rule, (reason as string).trim());
  }
  return found;
}
