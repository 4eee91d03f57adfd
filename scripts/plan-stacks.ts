/**
 * Plans the selected stacks in deploy order with Terraform in each stack's
 * synthesized folder (`init`, `plan -out`, `show -json`) and summarizes each
 * plan. Separate from the CLI so tests drive it with a fake runner.
 */
import { join } from "node:path";
import { type PlanJson, summarizePlan, hasDangerousChanges } from "./plan-summary";
import type { CommandRunner, Progress } from "./runner";
import type { StackInfo } from "./stacks";

export interface PlanOptions {
  /** The cdktf output folder holding `stacks/<name>/cdk.tf.json`. */
  readonly outdir: string;
  readonly runner: CommandRunner;
  readonly progress: Progress;
  /**
   * Pass `-detailed-exitcode` (drift detection): exit 2 from a plan means
   * changes, not failure. @default false
   */
  readonly detailedExitcode?: boolean;
}

export interface StackPlanResult {
  readonly stack: string;
  /** `failed`: init/plan/show exited non-zero (the remaining stacks are still planned). */
  readonly status: "ok" | "changes" | "failed";
  readonly markdown: string;
  readonly dangerous: boolean;
}

const PLAN_FILE = "plan.tfplan";

/** Plans every stack; a failing stack is reported and the rest are still planned (a plan changes nothing). */
export async function planStacks(stacks: readonly StackInfo[], options: PlanOptions): Promise<StackPlanResult[]> {
  const results: StackPlanResult[] = [];
  for (const [i, stack] of stacks.entries()) {
    const cwd = join(options.outdir, stack.workingDirectory);
    const step = (what: string) => options.progress.step(i + 1, stacks.length, stack.name, what);
    const failed = (what: string): StackPlanResult => ({
      stack: stack.name,
      status: "failed",
      dangerous: false,
      markdown: `### ${stack.name}\n\n:x: **${what} failed**; see the job log.\n`,
    });

    step("terraform init");
    const init = await options.runner.run("terraform", ["init", "-input=false", "-no-color"], { cwd });
    if (init.code !== 0) {
      results.push(failed("terraform init"));
      continue;
    }
    step("terraform plan");
    const planArgs = ["plan", "-input=false", "-no-color", "-lock-timeout=5m", `-out=${PLAN_FILE}`];
    if (options.detailedExitcode) planArgs.push("-detailed-exitcode");
    const plan = await options.runner.run("terraform", planArgs, { cwd });
    const planOk = plan.code === 0 || (options.detailedExitcode === true && plan.code === 2);
    if (!planOk) {
      results.push(failed("terraform plan"));
      continue;
    }
    const show = await options.runner.run("terraform", ["show", "-json", PLAN_FILE], { cwd, captureStdout: true });
    if (show.code !== 0 || show.stdout === undefined) {
      results.push(failed("terraform show -json"));
      continue;
    }
    const json = JSON.parse(show.stdout) as PlanJson;
    const markdown = summarizePlan(stack.name, json);
    const changed = (json.resource_changes ?? []).some((rc) => rc.mode !== "data" && !rc.change.actions.every((a) => a === "no-op" || a === "read"));
    results.push({ stack: stack.name, status: changed ? "changes" : "ok", markdown, dangerous: hasDangerousChanges(json) });
    step(changed ? "planned: changes" : "planned: no changes");
  }
  return results;
}

/** The whole report: a heading line per run, then each stack's summary in deploy order. */
export function planReport(results: readonly StackPlanResult[], title = "Plan"): string {
  const failed = results.filter((r) => r.status === "failed").length;
  const changed = results.filter((r) => r.status === "changes").length;
  const dangerous = results.filter((r) => r.dangerous).length;
  const head = `## ${title}: ${results.length} stack(s), ${changed} with changes, ${failed} failed${dangerous > 0 ? `, :rotating_light: ${dangerous} with stateful replacements/destroys` : ""}`;
  return [head, "", ...results.map((r) => r.markdown)].join("\n");
}

/** CLI exit code: 1 on any failure; with detailed exit codes 2 when anything changed (drift). */
export function planExitCode(results: readonly StackPlanResult[], detailedExitcode: boolean): number {
  if (results.some((r) => r.status === "failed")) return 1;
  if (detailedExitcode && results.some((r) => r.status === "changes")) return 2;
  return 0;
}
