/**
 * `npm run image:push -- (--env dev [--cloud aws] | --repository <host/path>) --tag <git-sha>
 *   (--archive <file.tar> | --verify-only) [--dry-run]`
 *
 * Pushes the image built once (`npm run image -- --export <file.tar>`) to every registry
 * of the selected environments, under one immutable tag. The registries come from each
 * global stack's `image_push_targets` output (`terraform output`, so deploy the global
 * stacks first: the deploy workflow does global -> push -> regions). Per registry host it
 * logs in with the cloud's CLI (password on stdin, never on a command line), then per
 * repository: a tag that already holds the same digest is left alone, a tag holding
 * anything else is an error (tags are immutable), otherwise `skopeo copy` with the digest
 * preserved. `--dry-run` reads the outputs and prints the logins and copies instead of
 * running them. `--verify-only` checks that the tag is already in every repository (a
 * rollback redeploys a tag pushed before). `--repository` pushes to the given repositories
 * instead of the stacks' (e.g. a registry on 127.0.0.1, which needs no login).
 */
import { join } from "node:path";
import { IMAGE_PUSH_TARGETS_OUTPUT } from "../stacks/stack-names";
import { outdirOf, parseArgs, repoRoot, runMain, singleValue } from "./cli";
import { checkTag } from "./image-engine";
import { type Command, type CommandRunner, formatCommand, processRunner, runChecked } from "./runner";
import { CLOUDS, readManifest, selectStacks, type StackInfo, stacksOf } from "./stacks";

/** How to log in to one registry host: a user name and a command printing the password. */
export interface RegistryLogin {
  readonly host: string;
  /** A registry on this machine's loopback (local development, the CI push test): no login, plain HTTP. */
  readonly loopback?: boolean;
  readonly username: string;
  /** Prints the password on stdout; undefined when it comes from the environment. */
  readonly passwordCommand?: Command;
  /** The environment variable holding the password (OCI auth token). */
  readonly passwordEnv?: string;
}

const AWS_HOST = /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;
const GCP_HOST = /^[a-z0-9-]+-docker\.pkg\.dev$/;
const AZURE_HOST = /^([a-z0-9]{5,50})\.azurecr\.io$/;
const OCI_HOST = /^[a-z0-9-]+\.ocir\.io$/;
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;
export const OCI_USERNAME_ENV = "OCI_REGISTRY_USERNAME";
export const OCI_TOKEN_ENV = "OCI_AUTH_TOKEN";

export function loginFor(host: string, env: NodeJS.ProcessEnv = process.env): RegistryLogin {
  if (LOOPBACK_HOST.test(host)) return { host, username: "", loopback: true };
  const aws = AWS_HOST.exec(host);
  if (aws) return { host, username: "AWS", passwordCommand: { command: "aws", args: ["ecr", "get-login-password", "--region", aws[1]] } };
  if (GCP_HOST.test(host)) return { host, username: "oauth2accesstoken", passwordCommand: { command: "gcloud", args: ["auth", "print-access-token"] } };
  const azure = AZURE_HOST.exec(host);
  if (azure) {
    return {
      host,
      // ACR's token exchange: the fixed all-zero user with an AAD access token.
      username: "00000000-0000-0000-0000-000000000000",
      passwordCommand: { command: "az", args: ["acr", "login", "--name", azure[1], "--expose-token", "--output", "tsv", "--query", "accessToken"] },
    };
  }
  if (OCI_HOST.test(host)) {
    const user = env[OCI_USERNAME_ENV];
    if (!user) throw new Error(`image:push: ${host} needs ${OCI_USERNAME_ENV} (<tenancy-namespace>/<user name>) and ${OCI_TOKEN_ENV} (an auth token) in the environment`);
    return { host, username: user, passwordEnv: OCI_TOKEN_ENV };
  }
  throw new Error(`image:push: no login method for registry host "${host}": expected ECR (*.dkr.ecr.<region>.amazonaws.com), Artifact Registry (<location>-docker.pkg.dev), ACR (*.azurecr.io) OCIR (*.ocir.io) or a loopback registry (127.0.0.1:<port>)`);
}

/** Parses a global stack's `terraform output -json image_push_targets`. */
export function parseTargets(stack: string, stdout: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    throw new Error(`image:push: ${stack}: output ${IMAGE_PUSH_TARGETS_OUTPUT} is not JSON (got ${JSON.stringify(stdout.slice(0, 120))}); is the stack deployed?`);
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string" && /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+$/.test(v))) {
    throw new Error(`image:push: ${stack}: output ${IMAGE_PUSH_TARGETS_OUTPUT} must be a non-empty list of repositories like host/path (no tag); got ${JSON.stringify(value)}`);
  }
  return value as string[];
}

export function hostOf(repository: string): string {
  return repository.slice(0, repository.indexOf("/"));
}

/** `oci-archive:` for buildah's export (and Docker >= 25's save, which carries an oci-layout), else `docker-archive:`. */
export function archiveReference(file: string, entries: readonly string[]): string {
  return entries.some((e) => e.replace(/^\.\//, "") === "oci-layout") ? `oci-archive:${file}` : `docker-archive:${file}`;
}

export interface PushOptions {
  readonly tag: string;
  /** `oci-archive:<file>` / `docker-archive:<file>`; undefined with verifyOnly. */
  readonly source?: string;
  readonly verifyOnly: boolean;
  readonly dryRun: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
}

export interface PushReport {
  readonly pushed: string[];
  readonly present: string[];
}

/** Pushes (or verifies) one tag into every repository; stops at the first failure. */
export async function pushImage(repositories: readonly string[], runner: CommandRunner, o: PushOptions): Promise<PushReport> {
  checkTag(o.tag);
  if (!o.verifyOnly && o.source === undefined) throw new Error("image:push: --archive <file.tar> is required unless --verify-only");
  const report: PushReport = { pushed: [], present: [] };
  const hosts = [...new Set(repositories.map(hostOf))];
  const logins = new Map(hosts.map((host) => [host, loginFor(host, o.env)]));
  for (const [host, login] of logins) {
    if (login.loopback) continue;
    const skopeoLogin: Command = { command: "skopeo", args: ["login", "--username", login.username, "--password-stdin", host] };
    if (o.dryRun) {
      o.log(`${login.passwordCommand ? formatCommand(login.passwordCommand.command, login.passwordCommand.args) : `printenv ${login.passwordEnv}`} | ${formatCommand(skopeoLogin.command, skopeoLogin.args)}`);
      continue;
    }
    const password = login.passwordCommand ? await runChecked(runner, login.passwordCommand, `image:push: getting a token for ${host}`, { capture: true }) : o.env[login.passwordEnv ?? ""];
    if (!password) throw new Error(`image:push: ${host}: no password (${login.passwordEnv ?? "empty token"})`);
    await runChecked(runner, skopeoLogin, `image:push: logging in to ${host}`, { capture: true, input: password });
  }
  const sourceDigest =
    o.source === undefined || o.dryRun ? undefined : await runChecked(runner, { command: "skopeo", args: ["inspect", "--format", "{{.Digest}}", o.source] }, `image:push: reading ${o.source}`, { capture: true });
  for (const [i, repository] of repositories.entries()) {
    const ref = `docker://${repository}:${o.tag}`;
    const plainHttp = logins.get(hostOf(repository))?.loopback === true;
    const copy: Command = { command: "skopeo", args: ["copy", "--preserve-digests", "--retry-times", "3", ...(plainHttp ? ["--dest-tls-verify=false"] : []), o.source ?? "", ref] };
    const inspect: Command = { command: "skopeo", args: ["inspect", ...(plainHttp ? ["--tls-verify=false"] : []), "--format", "{{.Digest}}", ref] };
    o.log(`[${i + 1}/${repositories.length}] ${repository}:${o.tag}`);
    if (o.dryRun) {
      o.log(o.verifyOnly ? formatCommand(inspect.command, inspect.args) : `${formatCommand(copy.command, copy.args)}   # unless the tag already holds this digest`);
      continue;
    }
    const existing = await runner.run(inspect.command, inspect.args, { captureStdout: true, quiet: true });
    const digest = existing.code === 0 ? (existing.stdout ?? "").trim() : undefined;
    if (o.verifyOnly) {
      if (digest === undefined) throw new Error(`image:push: ${repository}:${o.tag} does not exist: only a tag pushed before can be redeployed (build it, or pick one from the registry)`);
      o.log(`  present (${digest})`);
      report.present.push(repository);
      continue;
    }
    if (digest !== undefined) {
      if (digest !== sourceDigest) {
        throw new Error(`image:push: ${repository}:${o.tag} already holds ${digest}, not this build's ${sourceDigest}: tags are immutable; push a new tag (a new commit)`);
      }
      o.log(`  already there (${digest})`);
      report.present.push(repository);
      continue;
    }
    await runChecked(runner, copy, `image:push: pushing to ${repository}`, { capture: true });
    o.log(`  pushed (${sourceDigest})`);
    report.pushed.push(repository);
  }
  return report;
}

/** The selected environments' global stacks (the ones with the push-targets output). */
export function globalStacks(all: readonly StackInfo[], env: readonly string[], cloud: readonly string[] | undefined): StackInfo[] {
  const selected = selectStacks(all, { env, cloud, region: ["global"] });
  if (selected.length === 0) throw new Error(`image:push: no global stack for --env ${env.join(",")}${cloud ? ` --cloud ${cloud.join(",")}` : ""} in the synthesized app`);
  return selected;
}

if (require.main === module) {
  runMain(async () => {
    const args = parseArgs(process.argv.slice(2), ["env", "cloud", "tag", "archive", "repository"], ["verify-only", "dry-run"]);
    const env = args.values.get("env");
    const explicit = args.values.get("repository");
    if ((env === undefined) === (explicit === undefined)) {
      throw new Error("image:push: give --env (push to the environments' registries, read from their global stacks) or --repository <host/path> (push there), not both");
    }
    const cloud = args.values.get("cloud");
    for (const c of cloud ?? []) if (!(CLOUDS as readonly string[]).includes(c)) throw new Error(`image:push: unknown cloud "${c}"; expected one of ${CLOUDS.join(", ")}`);
    const tag = singleValue(args, "tag") ?? process.env.MOCKFORGE_IMAGE_TAG;
    if (tag === undefined) throw new Error("image:push: --tag is required (the tag `npm run image` built, e.g. the git SHA)");
    const verifyOnly = args.flags.has("verify-only");
    const dryRun = args.flags.has("dry-run");
    const archive = singleValue(args, "archive");
    if (verifyOnly === (archive !== undefined)) throw new Error("image:push: give exactly one of --archive <file.tar> (push) or --verify-only (check a tag pushed before)");
    let source: string | undefined;
    if (archive !== undefined) {
      const listing = await processRunner.run("tar", ["-tf", archive], { captureStdout: true });
      if (listing.code !== 0) throw new Error(`image:push: --archive ${JSON.stringify(archive)} is not a readable tar file`);
      source = archiveReference(archive, (listing.stdout ?? "").split("\n"));
    }
    const log = (l: string): void => void process.stdout.write(`${l}\n`);
    if (explicit !== undefined) {
      const repositories = parseTargets("--repository", JSON.stringify(explicit));
      const report = await pushImage(repositories, processRunner, { tag, source, verifyOnly, dryRun, env: process.env, log });
      log(`# ${report.pushed.length} pushed, ${report.present.length} already present`);
      return 0;
    }
    const root = repoRoot(__dirname);
    const outdir = outdirOf(root);
    const stacks = globalStacks(stacksOf(readManifest(outdir)), env ?? [], cloud);
    for (const stack of stacks) {
      const tf: Command = { command: "terraform", args: [`-chdir=${join(outdir, stack.workingDirectory)}`, "output", "-json", IMAGE_PUSH_TARGETS_OUTPUT] };
      log(`# ${stack.name}`);
      // Reading the outputs is read-only, so a dry run does it too and prints the rest.
      const repositories = parseTargets(stack.name, await runChecked(processRunner, tf, `image:push: reading ${IMAGE_PUSH_TARGETS_OUTPUT} of ${stack.name}`, { capture: true }));
      const report = await pushImage(repositories, processRunner, { tag, source, verifyOnly, dryRun, env: process.env, log });
      log(`# ${stack.name}: ${report.pushed.length} pushed, ${report.present.length} already present`);
    }
    return 0;
  });
}
