/**
 * `npm run plan -- --env prod --cloud aws [--region 'eu-*'] [--out plan.md] [--detailed-exitcode]`:
 * plans the selected stacks in deploy order and writes the markdown summary
 * (stdout and --out, default plan-summary.md; each stack's also to
 * cdktf.out/stacks/<name>/plan-summary.md). Exit 1 on a failed plan; with
 * --detailed-exitcode, 2 when any stack has changes (drift detection).
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { outdirOf, parseArgs, repoRoot, runMain, SELECTION_OPTIONS, selectionOf } from "./cli";
import { planExitCode, planReport, planStacks } from "./plan-stacks";
import { consoleProgress, processRunner } from "./runner";
import { readManifest, selectStacks, stacksOf } from "./stacks";

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), [...SELECTION_OPTIONS, "out", "title"], ["detailed-exitcode"]);
  const root = repoRoot(__dirname);
  const outdir = outdirOf(root);
  const stacks = selectStacks(stacksOf(readManifest(outdir)), selectionOf(args));
  const detailedExitcode = args.flags.has("detailed-exitcode");
  process.stderr.write(`plan: ${stacks.length} stack(s) in order: ${stacks.map((s) => s.name).join(", ")}\n`);
  const results = await planStacks(stacks, { outdir, runner: processRunner, progress: consoleProgress(), detailedExitcode });
  for (const r of results) writeFileSync(join(outdir, "stacks", r.stack, "plan-summary.md"), r.markdown);
  const report = planReport(results, args.values.get("title")?.join(",") ?? "Plan");
  writeFileSync(resolve(root, args.values.get("out")?.[0] ?? "plan-summary.md"), report);
  process.stdout.write(report);
  return planExitCode(results, detailedExitcode);
});
