/**
 * `npm run stacks -- --env prod --cloud aws --region 'eu-*' [--json]`: the
 * selected stacks from the synthesized manifest, in deploy order.
 */
import { outdirOf, parseArgs, repoRoot, runMain, SELECTION_OPTIONS, selectionOf } from "./cli";
import { readManifest, selectStacks, stacksOf } from "./stacks";

runMain(() => {
  const args = parseArgs(process.argv.slice(2), SELECTION_OPTIONS, ["json"]);
  const stacks = selectStacks(stacksOf(readManifest(outdirOf(repoRoot(__dirname)))), selectionOf(args));
  if (args.flags.has("json")) {
    process.stdout.write(`${JSON.stringify(stacks.map((s) => ({ name: s.name, env: s.env, cloud: s.cloud, region: s.region, role: s.role })))}\n`);
  } else {
    process.stdout.write(stacks.map((s) => `${s.name}\n`).join(""));
  }
  return 0;
});
