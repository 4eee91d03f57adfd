/**
 * `npm run deploy -- --env staging [--cloud aws] [--region ...] [--confirm-prod]`:
 * deploys the selected stacks in dependency order, stops at the first failure
 * (exit non-zero, naming the stack). Production needs --confirm-prod.
 */
import { outdirOf, parseArgs, repoRoot, runMain, SELECTION_OPTIONS, selectionOf } from "./cli";
import { deployStacks } from "./deploy-stacks";
import { consoleProgress, processRunner } from "./runner";
import { readManifest, selectStacks, stacksOf } from "./stacks";

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), SELECTION_OPTIONS, ["confirm-prod"]);
  const root = repoRoot(__dirname);
  const stacks = selectStacks(stacksOf(readManifest(outdirOf(root))), selectionOf(args));
  process.stderr.write(`deploy: ${stacks.length} stack(s) in order: ${stacks.map((s) => s.name).join(", ")}\n`);
  const result = await deployStacks(stacks, { root, runner: processRunner, progress: consoleProgress(), confirmProd: args.flags.has("confirm-prod") });
  if (result.failed) {
    process.stderr.write(`deploy: ${result.failed} failed; deployed before it: ${result.deployed.join(", ") || "none"}\n`);
    return result.exitCode || 1;
  }
  process.stderr.write(`deploy: ${result.deployed.length} stack(s) deployed\n`);
  return 0;
});
