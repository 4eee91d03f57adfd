import type { Cloud, Finding, Rule, Severity, SuppressedFinding, SuppressionSource, Tier } from "./types";

/** How the tier of a stack was found (see run.ts `tierOf`). */
export type TierSource = "stack name" | "env tag" | "unknown: strictest assumed";

export interface StackReport {
  readonly name: string;
  /** Clouds whose providers the stack uses. */
  readonly clouds: readonly Cloud[];
  readonly environment?: string;
  readonly tier: Tier;
  readonly tierSource: TierSource;
  /** Clouds of this stack that have no rule set yet (nothing of theirs was checked). */
  readonly cloudsWithoutRules: readonly Cloud[];
  /** Resources and outputs in the stack. */
  readonly blocks: number;
  /** Distinct rules that applied to at least one block of the stack. */
  readonly rulesChecked: number;
  /** Rule x block evaluations. */
  readonly checks: number;
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
}

export interface RuleSummary {
  readonly id: string;
  readonly cloud: Cloud;
  readonly severity: Severity;
  readonly title: string;
  readonly fix: string;
  readonly mirrors: readonly string[];
  readonly appliesTo: readonly string[];
}

/** A suppression that matched no finding in this run (stale, or its environment was not synthesized). */
export interface UnusedSuppression {
  readonly rule: string;
  readonly stack: string;
  readonly resource: string;
  readonly source: SuppressionSource;
}

/** policy-report.json: deterministic (no timestamps), so it diffs cleanly in pull requests. */
export interface PolicyReport {
  readonly version: 1;
  readonly ok: boolean;
  readonly totals: { readonly stacks: number; readonly errors: number; readonly warnings: number; readonly suppressed: number };
  readonly stacks: readonly StackReport[];
  readonly unusedSuppressions: readonly UnusedSuppression[];
  readonly rules: readonly RuleSummary[];
}

export function ruleSummary(rule: Rule): RuleSummary {
  return { id: rule.id, cloud: rule.cloud, severity: rule.severity, title: rule.title, fix: rule.fix, mirrors: rule.mirrors, appliesTo: rule.appliesTo };
}

function where(finding: Finding): string {
  return `${finding.stack} ${finding.address}${finding.constructPath ? ` (${finding.constructPath})` : ""}`;
}

/** One finding, for people: id, stack, address, message, then the fix. */
export function formatFinding(finding: Finding): string {
  const label = finding.severity === "error" ? "ERROR" : "WARN ";
  return `  ${label} ${finding.rule} ${where(finding)}\n        ${finding.message}\n        fix: ${finding.fix}`;
}

export function formatSource(source: SuppressionSource): string {
  return source.kind === "code" ? "suppressPolicy() in code" : `${source.file}${source.line !== undefined ? `:${source.line}` : ""} entry ${source.entry}`;
}

export function formatSuppressed(finding: SuppressedFinding): string {
  return `  ${finding.rule} ${where(finding)}\n        reason: ${finding.reason} [${formatSource(finding.source)}]`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The line printed after every synth. */
export function summaryLine(report: PolicyReport, reportPath: string, elapsedMs?: number): string {
  const { totals } = report;
  const unruled = [...new Set(report.stacks.flatMap((s) => s.cloudsWithoutRules))].sort();
  const unchecked = report.stacks.filter((s) => s.cloudsWithoutRules.length > 0 && s.rulesChecked === 0).length;
  const checked = unchecked > 0 ? `${totals.stacks - unchecked} of ${count(totals.stacks, "stack")}` : count(totals.stacks, "stack");
  let line = `policy: ${checked} checked against ${count(report.rules.length, "rule")}: ${count(totals.errors, "error")}, ${count(totals.warnings, "warning")}, ${totals.suppressed} suppressed`;
  if (unruled.length > 0) line += `; no rule set yet for ${unruled.join(", ")}`;
  line += ` -> ${reportPath}`;
  if (elapsedMs !== undefined) line += ` (${elapsedMs.toFixed(0)} ms)`;
  return line;
}

/** The message a failed synth prints: every unsuppressed error. */
export function formatErrors(report: PolicyReport): string {
  const errors = report.stacks.flatMap((s) => s.errors);
  return [
    `Policy check failed: ${count(errors.length, "error")} (the previous synth output is kept):`,
    ...errors.map(formatFinding),
    "Fix the resources, or add a reviewed suppression (rule, stack, resource, reason) to policy/suppressions.yaml.",
  ].join("\n");
}

/** The per-stack table `npm run policy` prints. */
export function formatTable(report: PolicyReport): string {
  const header = ["stack", "tier", "rules checked", "errors", "warnings", "suppressions"];
  const rows = report.stacks.map((s) => [
    s.name + (s.cloudsWithoutRules.length > 0 ? ` (no rules for ${s.cloudsWithoutRules.join(", ")})` : ""),
    s.tier,
    String(s.rulesChecked),
    String(s.errors.length),
    String(s.warnings.length),
    String(s.suppressed.length),
  ]);
  const total = report.totals;
  rows.push(["total", "", "", String(total.errors), String(total.warnings), String(total.suppressed)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(0, -1).map(line), widths.map((w) => "-".repeat(w)).join("  "), line(rows[rows.length - 1])].join("\n");
}
