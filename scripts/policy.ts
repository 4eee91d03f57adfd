/**
 * `npm run policy`: after the app has synthesized (and run the policy pack on)
 * every stack, prints the per-stack table (rules checked, errors, warnings,
 * suppressions), lists the suppressions and warnings, and copies the report to
 * ./policy-report.json for CI artifacts and pull-request comments.
 */
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { REPORT_FILE } from "../policy/enforce";
import { formatFinding, formatSource, formatSuppressed, formatTable, type PolicyReport } from "../policy/engine/report";

const root = join(__dirname, "..", "..");
const outdir = resolve(root, process.env.CDKTF_OUTDIR ?? "cdktf.out");
const source = join(outdir, REPORT_FILE);

function main(): number {
  if (!existsSync(source)) {
    process.stderr.write(`policy: no ${REPORT_FILE} in ${outdir}; run the app first (npm run policy does)\n`);
    return 1;
  }
  const report = JSON.parse(readFileSync(source, "utf8")) as PolicyReport;
  const lines = [formatTable(report), ""];
  const suppressed = report.stacks.flatMap((s) => s.suppressed);
  if (suppressed.length > 0) lines.push(`Suppressed (${suppressed.length}):`, ...suppressed.map(formatSuppressed), "");
  const warnings = report.stacks.flatMap((s) => s.warnings);
  if (warnings.length > 0) lines.push(`Warnings (${warnings.length}):`, ...warnings.map(formatFinding), "");
  const errors = report.stacks.flatMap((s) => s.errors);
  if (errors.length > 0) lines.push(`Errors (${errors.length}):`, ...errors.map(formatFinding), "");
  if (report.unusedSuppressions.length > 0) {
    lines.push(
      `Suppressions that matched nothing in this synth (stale, or their environment was not synthesized):`,
      ...report.unusedSuppressions.map((u) => `  ${u.rule} ${u.stack} ${u.resource} [${formatSource(u.source)}]`),
      "",
    );
  }
  const target = join(root, REPORT_FILE);
  copyFileSync(source, target);
  lines.push(`${report.rules.length} rules; report written to ${REPORT_FILE}`);
  process.stdout.write(`${lines.join("\n")}\n`);
  return report.ok ? 0 : 1;
}

process.exitCode = main();
