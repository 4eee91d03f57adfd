/**
 * Deploys the selected stacks one by one in deploy order with
 * `cdktf deploy <stack> --auto-approve`, stopping at the first failure, and
 * refusing production stacks unless the caller confirmed them explicitly.
 */
import type { CommandRunner, Progress } from "./runner";
import { isProd, type StackInfo } from "./stacks";

export interface DeployOptions {
  /** The repository root (where cdktf.json is). */
  readonly root: string;
  readonly runner: CommandRunner;
  readonly progress: Progress;
  /** Required to deploy any production stack (`--confirm-prod`). @default false */
  readonly confirmProd?: boolean;
}

export interface DeployResult {
  /** Stacks deployed successfully, in order. */
  readonly deployed: readonly string[];
  /** The stack whose deploy failed (nothing after it was attempted). */
  readonly failed?: string;
  readonly exitCode: number;
}

export class ProdNotConfirmedError extends Error {}

/** Throws before running anything when prod stacks are selected without confirmation. */
export function checkProdConfirmation(stacks: readonly StackInfo[], confirmProd: boolean): void {
  const prod = stacks.filter(isProd).map((s) => s.name);
  if (prod.length > 0 && !confirmProd) {
    throw new ProdNotConfirmedError(`refusing to deploy production stack(s) without --confirm-prod: ${prod.join(", ")}`);
  }
}

export async function deployStacks(stacks: readonly StackInfo[], options: DeployOptions): Promise<DeployResult> {
  checkProdConfirmation(stacks, options.confirmProd === true);
  const deployed: string[] = [];
  for (const [i, stack] of stacks.entries()) {
    options.progress.step(i + 1, stacks.length, stack.name, "cdktf deploy");
    // The app was synthesized once before this run; we order the stacks ourselves.
    const result = await options.runner.run(
      "npx",
      ["cdktf", "deploy", stack.name, "--auto-approve", "--skip-synth", "--ignore-missing-stack-dependencies"],
      { cwd: options.root, env: { CHECKPOINT_DISABLE: "1", CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1" } },
    );
    if (result.code !== 0) {
      options.progress.step(i + 1, stacks.length, stack.name, `FAILED (exit ${result.code}); not deploying ${stacks.length - i - 1} remaining stack(s)`);
      return { deployed, failed: stack.name, exitCode: result.code };
    }
    deployed.push(stack.name);
    options.progress.step(i + 1, stacks.length, stack.name, "deployed");
  }
  return { deployed, exitCode: 0 };
}
