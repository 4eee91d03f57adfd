/**
 * `npm run bootstrap -- [--env prod] [--cloud aws] [--apply]`: creates each
 * cloud's remote-state location named in the environment files. Dry run by
 * default (prints the exact commands); --apply runs them with the cloud CLIs
 * (aws, gcloud, az, oci) and the credentials they already have.
 */
import { defaultEnvironmentsDir, loadEnvironments } from "../environments/load";
import { bootstrapPlans, type CliCommand, type StateLocationPlan } from "./bootstrap-commands";
import { parseArgs, runMain } from "./cli";
import { type CommandRunner, formatCommand, processRunner } from "./runner";
import { CLOUDS, type Cloud } from "./stacks";

/** Runs (or prints) every plan; stops at the first failing command. Returns the exit code. */
export async function applyPlans(plans: readonly StateLocationPlan[], apply: boolean, runner: CommandRunner, write: (line: string) => void): Promise<number> {
  for (const [i, plan] of plans.entries()) {
    write(`# [${i + 1}/${plans.length}] ${plan.cloud} ${plan.location} — state of ${plan.environments.join(", ")}`);
    const show = (c: CliCommand) => write(formatCommand(c.command, c.args));
    if (!apply) {
      write(`# create unless \`${formatCommand(plan.exists.command, plan.exists.args)}\` succeeds:`);
      plan.create.forEach(show);
      plan.configure.forEach(show);
      continue;
    }
    const exists = (await runner.run(plan.exists.command, plan.exists.args, { captureStdout: true })).code === 0;
    for (const c of [...(exists ? [] : plan.create), ...plan.configure]) {
      show(c);
      const result = await runner.run(c.command, c.args, { captureStdout: true });
      if (result.code !== 0) {
        write(`bootstrap: failed (exit ${result.code}): ${formatCommand(c.command, c.args)}`);
        return result.code;
      }
    }
  }
  return 0;
}

if (require.main === module) {
  runMain(async () => {
    const args = parseArgs(process.argv.slice(2), ["env", "cloud"], ["apply"]);
    const clouds = args.values.get("cloud");
    for (const c of clouds ?? []) if (!(CLOUDS as readonly string[]).includes(c)) throw new Error(`unknown cloud "${c}"; expected one of ${CLOUDS.join(", ")}`);
    const environments = loadEnvironments(defaultEnvironmentsDir(), args.values.get("env"));
    const plans = bootstrapPlans(environments, clouds as Cloud[] | undefined);
    const apply = args.flags.has("apply");
    const code = await applyPlans(plans, apply, processRunner, (l) => process.stdout.write(`${l}\n`));
    if (!apply) process.stdout.write("# dry run: nothing was created; run again with --apply\n");
    return code;
  });
}
