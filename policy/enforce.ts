/**
 * The hook main.ts runs after `app.synth()` has written the scratch folder and
 * before it is swapped into place: the pack checks exactly the JSON Terraform
 * will read (escape hatches and overrides included).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultSuppressionsFile, displayPath } from "./engine/paths";
import { formatErrors, formatFinding, summaryLine, type PolicyReport } from "./engine/report";
import { readSynthesizedStacks } from "./engine/outdir";
import { ruleIndex, runPolicy } from "./engine/run";
import { loadSuppressionFile } from "./engine/suppressions";
import type { Tier } from "./engine/types";
import { RULE_SETS } from "./registry";

/** File name of the report, inside the synth output folder. */
export const REPORT_FILE = "policy-report.json";

/** Unsuppressed errors: the message lists each one; printed without a stack trace. */
export class PolicyError extends Error {
  constructor(readonly report: PolicyReport) {
    super(formatErrors(report));
    this.name = "PolicyError";
  }
}

export interface EnforceOptions {
  /** @default policy/suppressions.yaml in the project root */
  readonly suppressionsFile?: string;
  /** Where the summary line goes. @default process.stdout */
  readonly out?: { write(text: string): unknown };
  /** Where warnings go. @default process.stderr */
  readonly err?: { write(text: string): unknown };
  /**
   * The folder the report will end up in, for the summary line.
   * @default `outdir` without main.ts's scratch suffix `.partial-<pid>` (it is swapped into place after the check)
   */
  readonly displayOutdir?: string;
}

/**
 * Checks every stack in `outdir`, writes `<outdir>/policy-report.json`,
 * prints warnings and a one-line summary, and throws PolicyError when an
 * unsuppressed error remains (the caller then keeps the previous output).
 */
export function enforcePolicy(outdir: string, environments: readonly { readonly name: string; readonly tier: Tier }[], options: EnforceOptions = {}): PolicyReport {
  const started = process.hrtime.bigint();
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const known = new Set(ruleIndex(RULE_SETS).keys());
  const fileSuppressions = loadSuppressionFile(options.suppressionsFile ?? defaultSuppressionsFile(), known);
  const tiers = Object.fromEntries(environments.map((e) => [e.name, e.tier]));
  const report = runPolicy(readSynthesizedStacks(outdir), { ruleSets: RULE_SETS, tiers, fileSuppressions });
  const reportPath = join(outdir, REPORT_FILE);
  writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);

  const warnings = report.stacks.flatMap((s) => s.warnings);
  if (warnings.length > 0) err.write(`Policy warnings:\n${warnings.map(formatFinding).join("\n")}\n`);
  if (!report.ok) throw new PolicyError(report);
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  const finalOutdir = options.displayOutdir ?? outdir.replace(/\.partial-\d+$/, "");
  out.write(`${summaryLine(report, displayPath(join(finalOutdir, REPORT_FILE)), elapsedMs)}\n`);
  return report;
}
