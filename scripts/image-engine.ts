/**
 * The container engines the image scripts drive: Docker when a daemon answers,
 * Debian's daemonless buildah otherwise (builds), and Docker or podman to run a
 * container (smoke test). Pure command builders plus a few probes, so the unit
 * tests check every command line without any engine installed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { IMAGE_TAG_RULE, isImageTag } from "../constructs/core/image-tag";
import type { Command, CommandRunner } from "./runner";

export const BUILD_ENGINES = ["docker", "buildah"] as const;
export type BuildEngine = (typeof BUILD_ENGINES)[number];
export const RUN_ENGINES = ["docker", "podman"] as const;
export type RunEngine = (typeof RUN_ENGINES)[number];

/** The local repository name images are tagged with before a push. */
export const IMAGE_NAME = "mockforge";
/** The Dockerfile, relative to the repository root (the build context). */
export const DOCKERFILE = "workload/Dockerfile";
/** The build secret id the Dockerfile mounts for `npm ci` behind a TLS-intercepting proxy. */
export const CA_SECRET_ID = "build-ca";


export function checkTag(tag: string, option = "--tag"): string {
  if (!isImageTag(tag)) {
    throw new Error(`${option} ${JSON.stringify(tag)} is not a valid image tag: expected ${IMAGE_TAG_RULE} (e.g. a git SHA)`);
  }
  return tag;
}

async function answers(runner: CommandRunner, command: string, args: readonly string[]): Promise<boolean> {
  return (await runner.run(command, args, { captureStdout: true, quiet: true })).code === 0;
}

/** `docker info` needs the daemon (`docker --version` answers with only the client installed). */
function dockerDaemonAnswers(runner: CommandRunner): Promise<boolean> {
  return answers(runner, "docker", ["info", "--format", "{{.ServerVersion}}"]);
}

function pick<T extends string>(requested: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (requested === undefined || requested === "") return undefined;
  if (!(allowed as readonly string[]).includes(requested)) {
    throw new Error(`${option} ${JSON.stringify(requested)} is not supported: expected one of ${allowed.join(", ")}`);
  }
  return requested as T;
}

/**
 * How Docker builds: `docker buildx build` where the buildx plugin is installed,
 * else the daemon's integrated BuildKit (DOCKER_BUILDKIT=1), which clients
 * before 23 drive themselves; newer clients without buildx cannot use BuildKit
 * (and the Dockerfile needs it for its secret mount).
 */
export type DockerBuilder = "buildx" | "buildkit";

export type BuildTool = { readonly engine: "docker"; readonly builder: DockerBuilder } | { readonly engine: "buildah" };

export async function dockerBuilder(runner: CommandRunner): Promise<DockerBuilder | undefined> {
  if (await answers(runner, "docker", ["buildx", "version"])) return "buildx";
  const version = await runner.run("docker", ["version", "--format", "{{.Client.Version}}"], { captureStdout: true, quiet: true });
  const major = Number(/^(\d+)\./.exec((version.stdout ?? "").trim())?.[1]);
  return version.code === 0 && major > 0 && major < 23 ? "buildkit" : undefined;
}

/**
 * `requested` (--engine or MOCKFORGE_IMAGE_ENGINE) wins; else Docker when a daemon
 * answers and BuildKit is usable, else buildah.
 */
export async function detectBuildEngine(runner: CommandRunner, requested?: string): Promise<BuildTool> {
  const chosen = pick(requested, BUILD_ENGINES, "--engine");
  if (chosen === "buildah") return { engine: "buildah" };
  if (chosen === "docker" || (await dockerDaemonAnswers(runner))) {
    const builder = await dockerBuilder(runner);
    if (builder !== undefined) return { engine: "docker", builder };
    if (chosen === "docker") {
      throw new Error("--engine docker: this Docker client cannot use BuildKit (no buildx plugin, client >= 23); install docker-buildx, or build with buildah");
    }
  }
  if (await answers(runner, "buildah", ["--version"])) return { engine: "buildah" };
  throw new Error("no container engine: no Docker daemon with BuildKit answered `docker info` and buildah is not installed (start dockerd, or `apt-get install buildah`)");
}

/** Docker with a live daemon, else podman (which shares buildah's image store). */
export async function detectRunEngine(runner: CommandRunner, requested?: string): Promise<RunEngine> {
  const chosen = pick(requested, RUN_ENGINES, "--engine");
  if (chosen !== undefined) return chosen;
  if (await dockerDaemonAnswers(runner)) return "docker";
  if (await answers(runner, "podman", ["--version"])) return "podman";
  throw new Error("no container runtime: no Docker daemon answered `docker info` and podman is not installed (start dockerd, or `apt-get install podman`)");
}

export interface BuildRequest {
  readonly tool: BuildTool;
  /** name:tag */
  readonly image: string;
  readonly dockerfile: string;
  readonly context: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Image labels set by the engine on the final image (see buildCommand). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Build secrets (id -> file); mounted only into the RUN steps that ask for them. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** buildah's RUN isolation (BUILDAH_ISOLATION); chroot when unset. */
  readonly isolation?: string;
}

export function buildCommand(req: BuildRequest): Command {
  const args: string[] = [];
  for (const [k, v] of Object.entries(req.buildArgs)) args.push("--build-arg", `${k}=${v}`);
  // Also set on the command line: buildah's layer cache can reuse a LABEL step whose
  // build arguments changed (a new commit's revision would keep the old one).
  for (const [k, v] of Object.entries(req.labels ?? {})) args.push("--label", `${k}=${v}`);
  for (const [id, src] of Object.entries(req.secrets ?? {})) args.push("--secret", `id=${id},src=${src}`);
  if (req.tool.engine === "docker") {
    // BuildKit (RUN --mount=type=secret, parallel stages); --load puts the result in the daemon's store.
    if (req.tool.builder === "buildx") return { command: "docker", args: ["buildx", "build", "--load", "--file", req.dockerfile, "--tag", req.image, ...args, req.context] };
    return { command: "docker", args: ["build", "--file", req.dockerfile, "--tag", req.image, ...args, req.context], env: { DOCKER_BUILDKIT: "1" } };
  }
  // Docker image format: HEALTHCHECK is part of Docker's image config, not OCI's. RUN steps use chroot
  // isolation unless BUILDAH_ISOLATION says otherwise: it needs no cgroup set-up, so it also works
  // inside CI containers and VMs with hybrid cgroups, where an OCI runtime (crun, runc) refuses.
  return {
    command: "buildah",
    args: ["build", "--format", "docker", "--layers", "--file", req.dockerfile, "--tag", req.image, ...args, req.context],
    env: { BUILDAH_ISOLATION: req.isolation ?? "chroot" },
  };
}

/** Writes the image to a tar file: an OCI archive with buildah, `docker save`'s archive with Docker. */
export function exportCommand(engine: BuildEngine, image: string, file: string): Command {
  if (engine === "docker") return { command: "docker", args: ["save", "--output", file, image] };
  return { command: "buildah", args: ["push", image, `oci-archive:${file}:${image}`] };
}

/** Prints the image's size in bytes. */
export function sizeCommand(engine: BuildEngine, image: string): Command {
  if (engine === "docker") return { command: "docker", args: ["image", "inspect", "--format", "{{.Size}}", image] };
  return { command: "buildah", args: ["inspect", "--type", "image", "--format", "{{.Manifest}}", image] };
}

/** Reads the size out of sizeCommand's output (docker: a number; buildah: the manifest, whose local layers are uncompressed). */
export function parseSize(engine: BuildEngine, stdout: string): number | undefined {
  if (engine === "docker") {
    const n = Number(stdout.trim());
    return Number.isFinite(n) && n > 0 ? n : undefined;
  }
  try {
    const manifest = JSON.parse(stdout) as { layers?: Array<{ size?: unknown }> };
    const n = (manifest.layers ?? []).reduce((sum, l) => sum + (typeof l.size === "number" ? l.size : 0), 0);
    return n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Exits 0 when the engine's store has the image. */
export function imageExistsCommand(engine: BuildEngine | RunEngine, image: string): Command {
  if (engine === "buildah") return { command: "buildah", args: ["inspect", "--type", "image", "--format", "{{.FromImageID}}", image] };
  return { command: engine, args: ["image", "inspect", "--format", "{{.Id}}", image] };
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** The workload package's version (the image's org.opencontainers.image.version label). */
export function workloadVersion(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, "workload", "package.json"), "utf8")) as { version?: unknown };
  if (typeof pkg.version !== "string") throw new Error(`${join(root, "workload", "package.json")}: "version" is missing`);
  return pkg.version;
}
