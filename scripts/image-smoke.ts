/**
 * `npm run image:smoke -- --image mockforge:<tag> [--revision <commit sha>] [--engine docker|podman]`
 *
 * Runs the built image as a container (Docker with a live daemon, else podman, which
 * shares buildah's image store) and checks it from outside, through published ports:
 * the image config (non-root user, HEALTHCHECK, OCI labels — with --revision, the
 * revision label must be that commit — no shell), the health
 * endpoints, a workspace and a stub created through the admin API and then served on
 * the mock port, metrics, the HEALTHCHECK command itself, and a clean stop on SIGTERM
 * (exit 0, within the drain bound). The container is removed whatever happens.
 */
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { parseArgs, runMain, singleValue } from "./cli";
import { detectRunEngine, type RunEngine } from "./image-engine";
import { type CommandRunner, processRunner } from "./runner";

const CONTAINER_PORTS = { http: 3000, admin: 9080, metrics: 9090 } as const;

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** The image configuration as `inspect` reports it (the fields the smoke test checks). */
export interface ImageConfig {
  readonly user: string;
  readonly healthcheck: readonly string[] | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly exposed: readonly string[];
}

/** Reads `docker/podman image inspect` JSON (both use Docker's Config block). */
export function parseImageConfig(json: string): ImageConfig {
  type Healthcheck = { Test?: string[] };
  const parsed = JSON.parse(json) as Array<{
    Config?: { User?: string; Healthcheck?: Healthcheck; Labels?: Record<string, string> | null; ExposedPorts?: Record<string, unknown> };
    /** podman reports the health check beside Config, not in it. */
    Healthcheck?: Healthcheck;
  }>;
  const cfg = parsed[0]?.Config ?? {};
  return {
    user: cfg.User ?? "",
    healthcheck: cfg.Healthcheck?.Test ?? parsed[0]?.Healthcheck?.Test,
    labels: cfg.Labels ?? {},
    exposed: Object.keys(cfg.ExposedPorts ?? {}),
  };
}

/** What the image's configuration must satisfy; each failed check names what it saw. */
export function checkImageConfig(cfg: ImageConfig, expectedRevision?: string): Check[] {
  const uid = cfg.user.split(":")[0];
  const hc = cfg.healthcheck ?? [];
  const checks: Check[] = [
    { name: "runs as a non-root user", ok: uid !== "" && uid !== "0" && uid !== "root", detail: `User=${JSON.stringify(cfg.user)}` },
    {
      name: "HEALTHCHECK probes /health/live without a shell",
      ok: hc[0] === "CMD" && hc.some((a) => a.endsWith("healthcheck.js")),
      detail: `Healthcheck.Test=${JSON.stringify(hc)}`,
    },
  ];
  for (const label of ["org.opencontainers.image.source", "org.opencontainers.image.revision", "org.opencontainers.image.version"]) {
    const v = cfg.labels[label];
    checks.push({ name: `label ${label}`, ok: v !== undefined && v !== "", detail: `${label}=${JSON.stringify(v)}` });
  }
  const revision = cfg.labels["org.opencontainers.image.revision"] ?? "";
  checks.push({ name: "revision label is a commit SHA", ok: /^[0-9a-f]{40}$/.test(revision), detail: `revision=${JSON.stringify(revision)}` });
  if (expectedRevision !== undefined) {
    checks.push({ name: "revision label is the commit built", ok: revision === expectedRevision, detail: `revision=${JSON.stringify(revision)}, expected ${expectedRevision}` });
  }
  for (const port of Object.values(CONTAINER_PORTS)) {
    checks.push({ name: `exposes ${port}/tcp`, ok: cfg.exposed.includes(`${port}/tcp`), detail: `ExposedPorts=${JSON.stringify(cfg.exposed)}` });
  }
  return checks;
}

/** `docker/podman port <c> <p>` prints lines like `127.0.0.1:49153` or `0.0.0.0:49153`. */
export function parseHostPort(stdout: string): number | undefined {
  const m = /:(\d+)\s*$/m.exec(stdout.trim().split("\n")[0] ?? "");
  return m ? Number(m[1]) : undefined;
}

interface HttpAnswer {
  status: number;
  body: string;
}

/** One HTTP request with node:http (its socket keeps the process alive, unlike fetch's unref'd timeout). */
function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest(url, { method: init.method ?? "GET", headers: init.headers, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`${init.method ?? "GET"} ${url}: no answer within 5 s`)));
    req.on("error", reject);
    req.end(init.body);
  });
}

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  let lastError = "";
  while (Date.now() - started < timeoutMs) {
    try {
      if (await probe()) return Date.now() - started;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`image:smoke: ${what} did not happen within ${timeoutMs} ms${lastError ? ` (last error: ${lastError})` : ""}`);
}

async function capture(runner: CommandRunner, engine: RunEngine, args: string[]): Promise<{ code: number; out: string }> {
  const r = await runner.run(engine, args, { captureStdout: true });
  return { code: r.code, out: (r.stdout ?? "").trim() };
}

export async function smoke(runner: CommandRunner, engine: RunEngine, image: string, log: (line: string) => void, expectedRevision?: string): Promise<Check[]> {
  const checks: Check[] = [];
  const record = (c: Check): void => {
    checks.push(c);
    log(`${c.ok ? "ok  " : "FAIL"} ${c.name}${c.ok ? "" : ` — ${c.detail}`}`);
  };
  const inspected = await capture(runner, engine, ["image", "inspect", image]);
  if (inspected.code !== 0) throw new Error(`image:smoke: ${engine} has no image ${image}; build it first (npm run image)`);
  checkImageConfig(parseImageConfig(inspected.out), expectedRevision).forEach(record);
  const healthcheck = parseImageConfig(inspected.out).healthcheck ?? [];

  const name = `mockforge-smoke-${process.pid}-${randomBytes(3).toString("hex")}`;
  const operatorKey = randomBytes(18).toString("base64url");
  const publish = Object.values(CONTAINER_PORTS).flatMap((p) => ["--publish", `127.0.0.1::${p}`]);
  const run = await capture(runner, engine, [
    "run", "--detach", "--name", name, ...publish,
    "--env", `MOCKFORGE_OPERATOR_KEY=${operatorKey}`,
    "--env", "MOCKFORGE_ENV=smoke",
    "--env", "MOCKFORGE_SHUTDOWN_TIMEOUT_MS=5000",
    image,
  ]);
  if (run.code !== 0) throw new Error(`image:smoke: \`${engine} run\` failed with exit ${run.code}`);
  try {
    const port = async (p: number): Promise<number> => {
      const out = await capture(runner, engine, ["port", name, `${p}/tcp`]);
      const hostPort = parseHostPort(out.out);
      if (out.code !== 0 || hostPort === undefined) throw new Error(`image:smoke: no published host port for ${p}/tcp (${engine} port said ${JSON.stringify(out.out)})`);
      return hostPort;
    };
    const base = `http://127.0.0.1:${await port(CONTAINER_PORTS.http)}`;
    const admin = `http://127.0.0.1:${await port(CONTAINER_PORTS.admin)}`;
    const metrics = `http://127.0.0.1:${await port(CONTAINER_PORTS.metrics)}`;

    const startMs = await waitFor("/health/startup answering 200", 30_000, async () => (await http(`${base}/health/startup`)).status === 200);
    record({ name: `started (/health/startup 200 after ${startMs} ms)`, ok: true, detail: "" });
    const live = await http(`${base}/health/live`);
    record({ name: "/health/live answers 200", ok: live.status === 200, detail: `status ${live.status}` });
    const ready = await http(`${base}/health/ready`);
    record({ name: "/health/ready answers 200 and reports the store", ok: ready.status === 200 && /store|memory/.test(ready.body), detail: `status ${ready.status}: ${ready.body.slice(0, 200)}` });

    const auth = { authorization: `Bearer ${operatorKey}`, "content-type": "application/json" };
    const created = await http(`${admin}/admin/workspaces`, { method: "POST", headers: auth, body: JSON.stringify({ name: "smoke" }) });
    record({ name: "admin API creates a workspace (operator key)", ok: created.status === 201, detail: `status ${created.status}: ${created.body.slice(0, 200)}` });
    const unauthorized = await http(`${admin}/admin/workspaces`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "nope" }) });
    record({ name: "admin API refuses a request without a key", ok: unauthorized.status === 401, detail: `status ${unauthorized.status}` });
    const marker = randomBytes(8).toString("hex");
    const stub = { id: "smoke", request: { method: "GET", path: "/smoke/{id}" }, response: { status: 200, json: { marker, id: "{{request.params.id}}" } } };
    const put = await http(`${admin}/admin/workspaces/smoke/stubs`, { method: "POST", headers: auth, body: JSON.stringify(stub) });
    record({ name: "admin API accepts a stub", ok: put.status === 201 || put.status === 200, detail: `status ${put.status}: ${put.body.slice(0, 300)}` });
    const served = await http(`${base}/w/smoke/smoke/42`);
    let servedBody: { marker?: string; id?: string } = {};
    try {
      servedBody = JSON.parse(served.body) as typeof servedBody;
    } catch {
      /* reported below */
    }
    record({ name: "the stub is served on the mock port", ok: served.status === 200 && servedBody.marker === marker && servedBody.id === "42", detail: `status ${served.status}: ${served.body.slice(0, 200)}` });
    const scraped = await http(`${metrics}/metrics`);
    record({ name: "metrics are exposed", ok: scraped.status === 200 && scraped.body.includes("mockforge_http_requests_total"), detail: `status ${scraped.status}` });

    const hc = healthcheck[0] === "CMD" ? healthcheck.slice(1) : [];
    const probe = hc.length > 0 ? await runner.run(engine, ["exec", name, ...hc], { captureStdout: true }) : { code: -1 };
    record({ name: "the HEALTHCHECK command passes inside the container", ok: probe.code === 0, detail: `exit ${probe.code}` });
    const shell = await runner.run(engine, ["exec", name, "/bin/sh", "-c", "true"], { captureStdout: true, quiet: true });
    record({ name: "no shell in the image", ok: shell.code !== 0, detail: `/bin/sh ran (exit ${shell.code})` });
    const npm = await runner.run(engine, ["exec", name, "/usr/local/bin/npm", "--version"], { captureStdout: true, quiet: true });
    record({ name: "no npm in the image", ok: npm.code !== 0, detail: `npm ran (exit ${npm.code})` });

    const stopStarted = Date.now();
    const kill = await capture(runner, engine, ["kill", "--signal", "SIGTERM", name]);
    if (kill.code !== 0) throw new Error(`image:smoke: \`${engine} kill --signal SIGTERM\` failed with exit ${kill.code}`);
    const waited = await capture(runner, engine, ["wait", name]);
    const stopMs = Date.now() - stopStarted;
    const exitCode = Number(waited.out.split("\n").pop());
    record({ name: `SIGTERM stops it cleanly (exit ${exitCode} after ${stopMs} ms)`, ok: waited.code === 0 && exitCode === 0 && stopMs < 10_000, detail: `exit ${waited.out}, ${stopMs} ms` });
    const logs = await capture(runner, engine, ["logs", name]);
    record({ name: "the shutdown is logged", ok: /SIGTERM/.test(logs.out), detail: logs.out.split("\n").slice(-5).join(" | ") });
  } finally {
    await runner.run(engine, ["rm", "--force", name], { captureStdout: true, quiet: true });
  }
  return checks;
}

if (require.main === module) {
  runMain(async () => {
    const args = parseArgs(process.argv.slice(2), ["image", "engine", "revision"], []);
    const revision = singleValue(args, "revision");
    if (revision !== undefined && !/^[0-9a-f]{40}$/.test(revision)) throw new Error(`image:smoke: --revision ${JSON.stringify(revision)} is not a full commit SHA (40 hex digits)`);
    const image = singleValue(args, "image");
    if (image === undefined) throw new Error("image:smoke: --image <name:tag> is required (the tag `npm run image` printed)");
    const engine = await detectRunEngine(processRunner, singleValue(args, "engine") ?? process.env.MOCKFORGE_RUN_ENGINE);
    const started = Date.now();
    const checks = await smoke(processRunner, engine, image, (l) => process.stdout.write(`${l}\n`), revision);
    const failed = checks.filter((c) => !c.ok);
    process.stdout.write(`image:smoke: ${checks.length - failed.length}/${checks.length} checks passed with ${engine} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return failed.length === 0 ? 0 : 1;
  });
}
