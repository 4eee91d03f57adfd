/**
 * `npm run image -- [--tag <tag>] [--base <image>] [--engine docker|buildah]
 *   [--export <file.tar>] [--ca-bundle <file>]`
 *
 * Builds the MockForge server image from workload/Dockerfile with the repository
 * root as context: Docker when a daemon answers, buildah otherwise. The tag
 * defaults to the git revision (12 hex digits, `-dirty` when the work tree has
 * changes), the OCI labels carry source, revision, version and commit time.
 * `--export` writes the image to a tar file (an OCI archive with buildah).
 * `--base` (or MOCKFORGE_BASE_IMAGE) replaces the Dockerfile's public Node 20
 * base, e.g. with the one `npm run image:base` builds where no registry answers.
 * `--ca-bundle` (default: the file NODE_EXTRA_CA_CERTS names, when it exists)
 * is passed as a build secret for `npm ci` behind a TLS-intercepting proxy; it
 * never lands in a layer.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parseArgs, repoRoot, runMain, singleValue } from "./cli";
import {
  buildCommand,
  type BuildTool,
  CA_SECRET_ID,
  checkTag,
  detectBuildEngine,
  DOCKERFILE,
  exportCommand,
  formatBytes,
  IMAGE_NAME,
  parseSize,
  sizeCommand,
  workloadVersion,
} from "./image-engine";
import { type Command, type CommandRunner, processRunner, runChecked } from "./runner";

export interface GitFacts {
  /** Full commit SHA. */
  readonly revision: string;
  /** Committer date, ISO 8601 (the image's `created`, reproducible for one commit). */
  readonly committedAt: string;
  /** Uncommitted changes in the work tree. */
  readonly dirty: boolean;
  /** The repository's web address, when known. */
  readonly source: string | undefined;
}

export async function gitFacts(runner: CommandRunner, root: string, env: NodeJS.ProcessEnv = process.env): Promise<GitFacts> {
  const git = async (...args: string[]): Promise<string | undefined> => {
    const r = await runner.run("git", ["-C", root, ...args], { captureStdout: true, quiet: true });
    return r.code === 0 ? (r.stdout ?? "").trim() : undefined;
  };
  const revision = await git("rev-parse", "HEAD");
  if (revision === undefined || !/^[0-9a-f]{40}$/.test(revision)) {
    throw new Error(`image: ${root} is not a git checkout with a commit (git rev-parse HEAD failed); pass --tag explicitly`);
  }
  const committedAt = (await git("log", "-1", "--format=%cI")) ?? "1970-01-01T00:00:00Z";
  const dirty = ((await git("status", "--porcelain", "--untracked-files=no")) ?? "") !== "";
  let source: string | undefined;
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY) source = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`;
  else {
    const remote = await git("remote", "get-url", "origin");
    // Only a web address says where the source is (a clone of a local path does not).
    if (remote && /^(https?:\/\/|git@[^:]+:|ssh:\/\/)/.test(remote)) {
      source = remote.replace(/^ssh:\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\//, "https://$1/").replace(/^git@([^:]+):/, "https://$1/").replace(/\.git$/, "");
    }
  }
  return { revision, committedAt, dirty, source };
}

export function defaultTag(facts: GitFacts): string {
  return facts.revision.slice(0, 12) + (facts.dirty ? "-dirty" : "");
}

export interface ImageBuildPlan {
  readonly tool: BuildTool;
  readonly image: string;
  readonly build: Command;
  readonly export?: Command;
}

export interface ImageOptions {
  readonly root: string;
  readonly tag: string;
  readonly base?: string;
  readonly caBundle?: string;
  readonly exportFile?: string;
  readonly version: string;
  readonly facts: GitFacts;
  /** buildah only: BUILDAH_ISOLATION from the caller's environment. */
  readonly isolation?: string;
}

export function planImageBuild(tool: BuildTool, o: ImageOptions): ImageBuildPlan {
  const image = `${IMAGE_NAME}:${checkTag(o.tag)}`;
  const buildArgs: Record<string, string> = {
    VERSION: o.version,
    REVISION: o.facts.revision,
    CREATED: o.facts.committedAt,
    SOURCE: o.facts.source ?? "unknown",
  };
  if (o.base !== undefined) buildArgs.BASE_IMAGE = o.base;
  const labels = {
    "org.opencontainers.image.version": buildArgs.VERSION,
    "org.opencontainers.image.revision": buildArgs.REVISION,
    "org.opencontainers.image.created": buildArgs.CREATED,
    "org.opencontainers.image.source": buildArgs.SOURCE,
  };
  const build = buildCommand({
    tool,
    image,
    dockerfile: join(o.root, DOCKERFILE),
    context: o.root,
    buildArgs,
    labels,
    secrets: o.caBundle === undefined ? undefined : { [CA_SECRET_ID]: o.caBundle },
    isolation: o.isolation,
  });
  return { tool, image, build, export: o.exportFile === undefined ? undefined : exportCommand(tool.engine, image, o.exportFile) };
}

function existingFile(path: string | undefined, option: string): string | undefined {
  if (path === undefined) return undefined;
  const abs = resolve(path);
  if (!existsSync(abs)) throw new Error(`${option} ${JSON.stringify(path)}: no such file`);
  return abs;
}

if (require.main === module) {
  runMain(async () => {
    const args = parseArgs(process.argv.slice(2), ["tag", "base", "engine", "export", "ca-bundle"], []);
    const root = repoRoot(__dirname);
    const facts = await gitFacts(processRunner, root);
    const caBundle =
      existingFile(singleValue(args, "ca-bundle"), "--ca-bundle") ??
      (process.env.NODE_EXTRA_CA_CERTS && existsSync(process.env.NODE_EXTRA_CA_CERTS) ? process.env.NODE_EXTRA_CA_CERTS : undefined);
    const exportArg = singleValue(args, "export");
    const exportFile = exportArg === undefined ? undefined : isAbsolute(exportArg) ? exportArg : resolve(exportArg);
    const tool = await detectBuildEngine(processRunner, singleValue(args, "engine") ?? process.env.MOCKFORGE_IMAGE_ENGINE);
    const engine = tool.engine;
    const plan = planImageBuild(tool, {
      root,
      tag: singleValue(args, "tag") ?? defaultTag(facts),
      base: singleValue(args, "base") ?? (process.env.MOCKFORGE_BASE_IMAGE || undefined),
      caBundle,
      exportFile,
      version: workloadVersion(root),
      facts,
      isolation: process.env.BUILDAH_ISOLATION || undefined,
    });
    const started = Date.now();
    await runChecked(processRunner, plan.build, "image: the build", { echo: true });
    const seconds = (Date.now() - started) / 1000;
    const size = sizeCommand(engine, plan.image);
    const sized = await processRunner.run(size.command, size.args, { captureStdout: true, quiet: true });
    const bytes = sized.code === 0 ? parseSize(engine, sized.stdout ?? "") : undefined;
    process.stdout.write(`image: built ${plan.image} with ${engine} in ${seconds.toFixed(1)} s${bytes === undefined ? "" : `, ${formatBytes(bytes)} uncompressed`}\n`);
    if (plan.export !== undefined && exportFile !== undefined) {
      mkdirSync(dirname(exportFile), { recursive: true });
      await runChecked(processRunner, plan.export, "image: the export", { echo: true });
      process.stdout.write(`image: exported ${plan.image} to ${exportFile}\n`);
    }
    return 0;
  });
}
