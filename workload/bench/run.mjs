#!/usr/bin/env node
// `npm run bench`: MockForge against the mock servers people use today, plus a
// plain Node http server as the ceiling, on the same two scenarios:
//   static: GET returning the same 1000-byte JSON body
//   echo:   GET /users/<random id> answering {"id":"<id>","greeting":"hello <id>"} (templated)
// All servers run side by side on 127.0.0.1; wrk warms each up, then runs
// fixed-duration rounds, interleaved across servers (round 1 of each, then
// round 2, ...) so background load on a shared machine hits all alike. Prints req/s, p50, p99 and peak RSS (whole process tree) side by side,
// and the target ratios. Knobs: BENCH_DURATION (s, 10), BENCH_RUNS (3),
// BENCH_WARMUP (s, 10), BENCH_CONNECTIONS (50), BENCH_THREADS (1), BENCH_ONLY (names).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, "..");
const PEERS = join(BENCH, ".peers");
const WORK = join(BENCH, ".work");
const RESULTS = join(BENCH, "results");
const PAYLOAD_TEXT = readFileSync(join(BENCH, "payload.json"), "utf8");
const PAYLOAD = JSON.parse(PAYLOAD_TEXT);

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const THREADS = Number(process.env.BENCH_THREADS ?? 1);
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(",").map((s) => s.trim()) : undefined;

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function which(cmd) {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

// ---- peers: installed on demand into bench/.peers (git-ignored node_modules) ----
function ensurePeers() {
  if (existsSync(join(PEERS, "node_modules", ".package-lock.json"))) return undefined;
  log("installing peers into bench/.peers (npm ci) ...");
  const r = spawnSync("npm", [existsSync(join(PEERS, "package-lock.json")) ? "ci" : "install", "--no-audit", "--no-fund"], { cwd: PEERS, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) return `npm install of the peers failed: ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ")}`;
  return undefined;
}

// ---- per-server configuration files, written into bench/.work ----
function writeConfigs() {
  mkdirSync(WORK, { recursive: true });
  const echoTemplate = (expr) => `{"id":"${expr}","greeting":"hello ${expr}"}`;

  // MockForge: one workspace with a static stub and a templated echo stub (JSON is valid YAML).
  writeFileSync(
    join(WORK, "mockforge.yaml"),
    JSON.stringify(
      {
        workspaces: [
          {
            name: "bench",
            stubs: [
              { id: "static", request: { method: "GET", path: "/payload" }, response: { headers: { "Content-Type": "application/json" }, body: PAYLOAD_TEXT } },
              { id: "echo", request: { method: "GET", path: "/users/{id}" }, response: { headers: { "Content-Type": "application/json" }, body: echoTemplate("{{request.params.id}}") } },
            ],
          },
        ],
      },
      null,
      2,
    ),
  );

  // Mockoon: an environment with two routes; `--repair` fills the remaining defaults.
  const uuid = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  const mockoonResponse = (n, body) => ({
    uuid: uuid(n),
    body,
    latency: 0,
    statusCode: 200,
    label: "",
    headers: [{ key: "Content-Type", value: "application/json" }],
    bodyType: "INLINE",
    filePath: "",
    databucketID: "",
    sendFileAsBody: false,
    rules: [],
    rulesOperator: "OR",
    disableTemplating: false,
    fallbackTo404: false,
    default: true,
    crudKey: "id",
    callbacks: [],
  });
  writeFileSync(
    join(WORK, "mockoon.json"),
    JSON.stringify(
      {
        uuid: uuid(1),
        lastMigration: 33,
        name: "bench",
        endpointPrefix: "",
        latency: 0,
        port: 3000,
        hostname: "127.0.0.1",
        folders: [],
        routes: [
          { uuid: uuid(2), type: "http", documentation: "", method: "get", endpoint: "payload", responses: [mockoonResponse(3, PAYLOAD_TEXT)], responseMode: null, streamingMode: null, streamingInterval: 0 },
          { uuid: uuid(4), type: "http", documentation: "", method: "get", endpoint: "users/:id", responses: [mockoonResponse(5, echoTemplate("{{urlParam 'id'}}"))], responseMode: null, streamingMode: null, streamingInterval: 0 },
        ],
        rootChildren: [
          { type: "route", uuid: uuid(2) },
          { type: "route", uuid: uuid(4) },
        ],
        proxyMode: false,
        proxyHost: "",
        proxyRemovePrefix: false,
        tlsOptions: { enabled: false, type: "CERT", pfxPath: "", certPath: "", keyPath: "", caPath: "", passphrase: "" },
        cors: false,
        headers: [],
        proxyReqHeaders: [],
        proxyResHeaders: [],
        data: [],
        callbacks: [],
      },
      null,
      2,
    ),
  );

  // WireMock: mappings with the same bodies; the echo uses response templating.
  mkdirSync(join(WORK, "wiremock", "mappings"), { recursive: true });
  mkdirSync(join(WORK, "wiremock", "__files"), { recursive: true });
  writeFileSync(
    join(WORK, "wiremock", "mappings", "static.json"),
    JSON.stringify({ request: { method: "GET", urlPath: "/payload" }, response: { status: 200, headers: { "Content-Type": "application/json" }, body: PAYLOAD_TEXT } }),
  );
  writeFileSync(
    join(WORK, "wiremock", "mappings", "echo.json"),
    JSON.stringify({
      request: { method: "GET", urlPathTemplate: "/users/{id}" },
      response: { status: 200, headers: { "Content-Type": "application/json" }, body: echoTemplate("{{request.path.id}}"), transformers: ["response-template"] },
    }),
  );

  // Prism: an OpenAPI document whose example is the payload (static mode).
  writeFileSync(
    join(WORK, "prism.json"),
    JSON.stringify({
      openapi: "3.0.3",
      info: { title: "bench", version: "1" },
      paths: { "/payload": { get: { responses: { 200: { description: "payload", content: { "application/json": { example: PAYLOAD } } } } } } },
    }),
  );

  // json-server: the payload as a singular resource.
  writeFileSync(join(WORK, "db.json"), JSON.stringify({ payload: PAYLOAD }));
}

// ---- servers -----------------------------------------------------------------
const nodeBin = process.execPath;
const peerBin = (...p) => join(PEERS, "node_modules", ...p);

function servers() {
  const java = which("java");
  const wiremockJar = (() => {
    const dir = peerBin("wiremock", "build");
    if (!existsSync(dir)) return undefined;
    const jar = readdirSync(dir).find((f) => f.endsWith(".jar"));
    return jar ? join(dir, jar) : undefined;
  })();
  return [
    {
      name: "mockforge",
      role: "subject",
      version: JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version,
      command: (port) => [nodeBin, [join(ROOT, "dist", "workload", "src", "main.js")], { PORT: String(port), ADMIN_PORT: String(port + 1), METRICS_PORT: String(port + 2), MOCKFORGE_HOST: "127.0.0.1", LOG_LEVEL: "warn", MOCKFORGE_BOOTSTRAP: join(WORK, "mockforge.yaml") }],
      staticPath: "/w/bench/payload",
      echoPrefix: "/w/bench/users/",
    },
    {
      name: "node-http (ceiling)",
      role: "ceiling",
      version: process.version,
      command: (port) => [nodeBin, [join(BENCH, "ceiling.mjs"), String(port)], {}],
      staticPath: "/payload",
      echoPrefix: "/users/",
    },
    {
      name: "mockoon-cli",
      role: "peer",
      version: peerVersion("@mockoon/cli"),
      missing: existsSync(peerBin("@mockoon", "cli", "bin", "run.js")) ? undefined : "@mockoon/cli is not installed in bench/.peers",
      command: (port) => [nodeBin, [peerBin("@mockoon", "cli", "bin", "run.js"), "start", "--data", join(WORK, "mockoon.json"), "--port", String(port), "--hostname", "127.0.0.1", "--repair", "--disable-log-to-file", "--disable-admin-api"], {}],
      staticPath: "/payload",
      echoPrefix: "/users/",
    },
    {
      name: "prism",
      role: "peer",
      version: peerVersion("@stoplight/prism-cli"),
      missing: existsSync(peerBin("@stoplight", "prism-cli", "dist", "index.js")) ? undefined : "@stoplight/prism-cli is not installed in bench/.peers",
      command: (port) => [nodeBin, [peerBin("@stoplight", "prism-cli", "dist", "index.js"), "mock", join(WORK, "prism.json"), "--port", String(port), "--host", "127.0.0.1"], {}],
      staticPath: "/payload",
      echoPrefix: null,
      echoNote: "no response templating: Prism serves examples or generated data and cannot echo a path parameter",
    },
    {
      name: "wiremock",
      role: "peer",
      version: peerVersion("wiremock"),
      missing: !java ? "java is not installed (WireMock needs a JRE)" : !wiremockJar ? "the wiremock npm package (with its standalone jar) is not installed in bench/.peers" : undefined,
      // The npm package's bin only locates this jar and runs java on it; running java directly keeps the wrapper's memory out of the RSS figure.
      command: (port) => [java, ["-jar", wiremockJar, "--port", String(port), "--bind-address", "127.0.0.1", "--root-dir", join(WORK, "wiremock"), "--disable-banner", "--max-request-journal-entries", "1000"], {}],
      staticPath: "/payload",
      echoPrefix: "/users/",
    },
    {
      name: "json-server",
      role: "peer",
      version: peerVersion("json-server"),
      missing: existsSync(peerBin("json-server", "lib", "cli", "bin.js")) ? undefined : "json-server is not installed in bench/.peers",
      command: (port) => [nodeBin, [peerBin("json-server", "lib", "cli", "bin.js"), join(WORK, "db.json"), "--port", String(port), "--host", "127.0.0.1", "--quiet"], {}],
      staticPath: "/payload",
      echoPrefix: null,
      echoNote: "no templating: json-server serves stored records (GET /users/:id is a lookup, not an echo)",
    },
  ];
}

function peerVersion(name) {
  try {
    return JSON.parse(readFileSync(peerBin(...name.split("/"), "package.json"), "utf8")).version;
  } catch {
    return "-";
  }
}

// ---- process tree RSS ----------------------------------------------------------
function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      /* exited */
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []));
  return out;
}

function treeRssBytes(pid) {
  let total = 0;
  for (const p of descendants(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      /* exited */
    }
  }
  return total;
}

// ---- helpers ---------------------------------------------------------------------
/** One GET on a fresh connection (a pooled keep-alive socket may have been closed by the server meanwhile). */
function fetchText(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 3000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode, text, type: res.headers["content-type"] }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

async function waitReady(url, child, timeoutMs) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const r = await fetchText(url);
      if (r.status === 200) return;
    } catch {
      /* not yet */
    }
    await sleep(250);
  }
  throw new Error(`not ready after ${timeoutMs / 1000} s`);
}

function runWrk(url, seconds, prefix) {
  const args = [`-t${THREADS}`, `-c${CONNECTIONS}`, `-d${seconds}s`, "--timeout", "5s", "-s", join(BENCH, "report.lua"), url];
  if (prefix) args.push("--", prefix);
  const out = execFileSync("wrk", args, { encoding: "utf8", maxBuffer: 10 * 1024 * 1024 });
  const line = out.split("\n").find((l) => l.startsWith("WRKJSON "));
  if (!line) throw new Error(`wrk printed no summary:\n${out}`);
  const r = JSON.parse(line.slice(8));
  return { rps: r.requests / (r.duration_us / 1e6), p50: r.p50_us / 1000, p99: r.p99_us / 1000, errors: r.errors, requests: r.requests };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function stop(child) {
  if (child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    /* gone */
  }
  for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100);
  if (child.exitCode === null) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
}

/** Starts a server and checks both scenarios answer the expected content. */
async function startServer(server, port) {
  const state = { server, result: { name: server.name, role: server.role, version: server.version, scenarios: {} }, port, peak: {} };
  if (server.missing) {
    state.result.skipped = server.missing;
    return state;
  }
  const [cmd, args, env] = server.command(port);
  // Output goes to a file, not a pipe: reading it would cost this process CPU during the runs.
  const logFile = join(WORK, `${server.name.replace(/[^a-z0-9]+/gi, "-")}.log`);
  const fd = openSync(logFile, "w");
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  state.child = child;
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(base + server.staticPath, child, 90_000);
  } catch (err) {
    state.result.skipped = `could not run: ${err.message} — output: ${readFileSync(logFile, "utf8").trim().split("\n").slice(-3).join(" | ")}`;
    await stop(child);
    return state;
  }
  state.targets = {};
  for (const [scenario, path, prefix] of [
    ["static", server.staticPath, undefined],
    ["echo", server.echoPrefix, server.echoPrefix],
  ]) {
    if (path === null) {
      state.result.scenarios[scenario] = { skipped: server.echoNote };
      continue;
    }
    // Correctness first: the same content as everyone else.
    const probe = await fetchText(base + (prefix ? `${prefix}777` : path));
    const expected = prefix ? { id: "777", greeting: "hello 777" } : PAYLOAD;
    let parsed;
    try {
      parsed = JSON.parse(probe.text);
    } catch {
      parsed = undefined;
    }
    if (probe.status !== 200 || !isDeepStrictEqual(parsed, expected)) {
      state.result.scenarios[scenario] = { skipped: `wrong answer (status ${probe.status}): ${probe.text.slice(0, 160)}` };
      continue;
    }
    state.targets[scenario] = { url: prefix ? base + "/" : base + path, prefix, bytes: Buffer.byteLength(probe.text), runs: [] };
  }
  return state;
}

/**
 * All servers run side by side (idle ones cost next to nothing) and the
 * rounds are interleaved: round 1 of every server, then round 2, ... so that
 * background load on a shared machine hits every server alike.
 */
async function benchAll(states) {
  const live = states.filter((st) => st.child && st.targets);
  let current;
  const sampler = setInterval(() => {
    for (const st of live) {
      if (st.child.exitCode !== null || !current) continue;
      const rss = treeRssBytes(st.child.pid);
      st.peak[current] = Math.max(st.peak[current] ?? 0, rss);
    }
  }, 200);
  try {
    for (const scenario of ["static", "echo"]) {
      current = scenario;
      const active = live.filter((st) => st.targets[scenario]);
      for (const st of active) {
        log(`${st.server.name} ${scenario}: warm-up ${WARMUP} s`);
        runWrk(st.targets[scenario].url, WARMUP, st.targets[scenario].prefix);
      }
      for (let i = 0; i < RUNS; i++) {
        for (const st of active) {
          const t = st.targets[scenario];
          const r = runWrk(t.url, DURATION, t.prefix);
          log(`${st.server.name} ${scenario}: round ${i + 1}/${RUNS}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms${r.errors.status || r.errors.timeout ? `, errors ${JSON.stringify(r.errors)}` : ""}`);
          t.runs.push(r);
        }
      }
      for (const st of active) {
        const t = st.targets[scenario];
        const errors = t.runs.reduce((n, r) => n + r.errors.status + r.errors.timeout + r.errors.read + r.errors.connect, 0);
        st.result.scenarios[scenario] = {
          rps: median(t.runs.map((r) => r.rps)),
          p50: median(t.runs.map((r) => r.p50)),
          p99: median(t.runs.map((r) => r.p99)),
          peakRssMb: Math.max(st.peak[scenario] ?? 0, treeRssBytes(st.child.pid)) / 1024 / 1024,
          bytes: t.bytes,
          errors,
          runs: t.runs.map((r) => ({ rps: Math.round(r.rps), p50: r.p50, p99: r.p99 })),
        };
      }
    }
  } finally {
    clearInterval(sampler);
  }
}

function fmt(n, digits = 0) {
  return n === undefined ? "-" : n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function report(results) {
  const lines = [];
  lines.push(`MockForge benchmark — ${new Date().toISOString()}`);
  lines.push(`machine: ${readFileSync("/proc/cpuinfo", "utf8").split("\n").filter((l) => l.startsWith("processor")).length} cores, node ${process.version}, load average at the end ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  lines.push(`load: wrk -t${THREADS} -c${CONNECTIONS}, ${WARMUP} s warm-up, then ${RUNS} rounds × ${DURATION} s interleaved across servers (medians)`);
  const summary = {};
  for (const scenario of ["static", "echo"]) {
    lines.push("");
    lines.push(scenario === "static" ? "Scenario static: GET returning the same 1000-byte JSON body" : 'Scenario echo: GET /users/<random id> → {"id":"<id>","greeting":"hello <id>"} (templated)');
    lines.push("| server | version | req/s | p50 ms | p99 ms | peak RSS MB | body bytes | note |");
    lines.push("|---|---|---:|---:|---:|---:|---:|---|");
    for (const r of results) {
      const s = r.scenarios[scenario];
      if (r.skipped || !s || s.skipped) {
        lines.push(`| ${r.name} | ${r.version ?? "-"} | - | - | - | - | - | not run: ${r.skipped ?? s?.skipped ?? "n/a"} |`);
        continue;
      }
      lines.push(`| ${r.name} | ${r.version} | ${fmt(s.rps)} | ${fmt(s.p50, 2)} | ${fmt(s.p99, 2)} | ${fmt(s.peakRssMb, 0)} | ${s.bytes} | ${s.errors ? `${s.errors} errors` : ""} |`);
    }
    const ours = results.find((r) => r.role === "subject")?.scenarios[scenario];
    const ceiling = results.find((r) => r.role === "ceiling")?.scenarios[scenario];
    const peers = results.filter((r) => r.role === "peer" && r.scenarios[scenario]?.rps !== undefined);
    if (ours?.rps !== undefined && peers.length > 0) {
      const fastest = peers.reduce((a, b) => (b.scenarios[scenario].rps > a.scenarios[scenario].rps ? b : a));
      const f = fastest.scenarios[scenario];
      const ratio = ours.rps / f.rps;
      const lowerP99 = ours.p99 < f.p99;
      const ceil = ceiling?.rps ? ours.rps / ceiling.rps : undefined;
      summary[scenario] = { fastestPeer: fastest.name, throughputRatio: ratio, oursP99: ours.p99, peerP99: f.p99, lowerP99, ceilingShare: ceil };
      lines.push("");
      lines.push(`targets (${scenario}): mockforge ${fmt(ours.rps)} req/s vs fastest peer ${fastest.name} ${fmt(f.rps)} req/s = ${ratio.toFixed(2)}× (target ≥ 1.50×) ${ratio >= 1.5 ? "MET" : "NOT MET"}`);
      lines.push(`                p99 ${ours.p99.toFixed(2)} ms vs ${f.p99.toFixed(2)} ms (target lower) ${lowerP99 ? "MET" : "NOT MET"}`);
      if (ceil !== undefined) lines.push(`                share of the plain Node ceiling ${fmt(ceiling.rps)} req/s = ${(ceil * 100).toFixed(0)} % (target ≥ 60 %) ${ceil >= 0.6 ? "MET" : "NOT MET"}`);
    }
  }
  return { text: lines.join("\n"), summary };
}

async function main() {
  if (!which("wrk")) {
    console.error("wrk is not installed: apt-get install -y wrk");
    process.exit(2);
  }
  if (!existsSync(join(ROOT, "dist", "workload", "src", "main.js"))) {
    console.error("dist/ is missing: run npm run build first (npm run bench does)");
    process.exit(2);
  }
  const installProblem = ensurePeers();
  writeConfigs();
  const states = [];
  let port = 18100;
  try {
    for (const server of servers()) {
      if (ONLY && !ONLY.some((o) => server.name.startsWith(o))) continue;
      if (installProblem && server.role === "peer") {
        states.push({ result: { name: server.name, role: server.role, version: server.version, skipped: installProblem, scenarios: {} } });
        continue;
      }
      log(`starting ${server.name}`);
      states.push(await startServer(server, port));
      port += 10;
    }
    await benchAll(states);
  } finally {
    for (const st of states) if (st.child) await stop(st.child);
  }
  const results = states.map((st) => st.result);
  const { text, summary } = report(results);
  console.log(text);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, "latest.md"), text + "\n");
  writeFileSync(join(RESULTS, "latest.json"), JSON.stringify({ at: new Date().toISOString(), settings: { DURATION, RUNS, WARMUP, CONNECTIONS, THREADS }, results, summary }, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
