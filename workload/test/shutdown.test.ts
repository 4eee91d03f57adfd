import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { join } from "node:path";
import { describe, it } from "node:test";
import { WORKLOAD_ROOT } from "./helpers";

const MAIN = join(WORKLOAD_ROOT, "dist-test", "workload", "src", "main.js");

interface Started {
  child: ChildProcess;
  ports: { http: number; admin: number; metrics: number };
  lines: string[];
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, PORT: "0", ADMIN_PORT: "0", METRICS_PORT: "0", MOCKFORGE_HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${lines.join("\n")}`)), 10_000);
    child.stdout!.on("data", (c: Buffer) => {
      buf += c.toString();
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        const rec = JSON.parse(line) as { msg: string; ports?: Started["ports"] };
        if (rec.msg === "listening") {
          clearTimeout(timer);
          resolve({ child, ports: rec.ports!, lines, exited });
        }
      }
    });
    child.stderr!.on("data", (c: Buffer) => lines.push(c.toString()));
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${lines.join("\n")}`)));
  });
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

describe("graceful shutdown on SIGTERM", () => {
  it("stops accepting, finishes in-flight requests, then exits 0", async () => {
    const s = await start({ MOCKFORGE_BOOTSTRAP: join(WORKLOAD_ROOT, "examples", "workspace.yaml"), MOCKFORGE_SHUTDOWN_TIMEOUT_MS: "5000" });
    assert.equal((await get(s.ports.http, "/w/petstore/pets/42")).status, 200);
    // /reports/slow has a 200-400 ms delay: SIGTERM lands while it is in flight.
    const inflight = get(s.ports.http, "/w/petstore/reports/slow");
    await new Promise((r) => setTimeout(r, 60));
    const t0 = Date.now();
    s.child.kill("SIGTERM");
    const answered = await inflight;
    assert.equal(answered.status, 200);
    assert.match(answered.body, /quarterly/);
    const code = await s.exited;
    assert.equal(code, 0);
    assert.ok(Date.now() - t0 < 4000, "drained well within the bound");
    await assert.rejects(get(s.ports.http, "/health/live"), /ECONNREFUSED/);
    const msgs = s.lines.map((l) => JSON.parse(l).msg);
    assert.ok(msgs.includes("draining"));
    assert.ok(msgs.includes("stopped"));
  });

  it("force-closes requests that outlive the drain bound and still exits 0", async () => {
    const s = await start({ MOCKFORGE_SHUTDOWN_TIMEOUT_MS: "300", MOCKFORGE_OPERATOR_KEY: "op-key-123456" });
    const create = await fetch(`http://127.0.0.1:${s.ports.admin}/admin/workspaces`, { method: "POST", headers: { authorization: "Bearer op-key-123456", "content-type": "application/json" }, body: JSON.stringify({ name: "slow" }) });
    const key = ((await create.json()) as { apiKey: { key: string } }).apiKey.key;
    const stub = await fetch(`http://127.0.0.1:${s.ports.admin}/admin/workspaces/slow/stubs`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ request: { path: "/forever" }, response: { delay: { fixedMs: 20000 } } }),
    });
    assert.equal(stub.status, 201);
    const hanging = get(s.ports.http, "/w/slow/forever").then(
      () => "answered",
      () => "closed",
    );
    await new Promise((r) => setTimeout(r, 60));
    const t0 = Date.now();
    s.child.kill("SIGTERM");
    assert.equal(await s.exited, 0);
    assert.ok(Date.now() - t0 < 3000, "did not wait for the 20 s delay");
    assert.equal(await hanging, "closed");
    assert.ok(s.lines.some((l) => l.includes("drain timed out")));
  });
});
