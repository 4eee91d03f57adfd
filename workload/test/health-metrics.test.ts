import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { HEALTH_PATHS } from "../src/contract";
import { addStubs, json, startTestServer, type TestServer } from "./helpers";

describe("health, metrics and logs", () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    await s.workspace("obs");
    await addStubs(s, "obs", [{ id: "x", request: { method: "GET", path: "/x" }, response: { status: 201 } }]);
  });
  after(() => s.close());

  it("serves the contract's health paths on the mock port", async () => {
    for (const p of [HEALTH_PATHS.live, HEALTH_PATHS.ready, HEALTH_PATHS.startup]) {
      const res = await s.mock(p);
      assert.equal(res.status, 200, p);
      assert.equal((await json(res)).status, "ok");
    }
    assert.equal((await json(await s.mock(HEALTH_PATHS.ready))).store, "memory");
  });

  it("readiness fails when the store is unreachable and recovers", async () => {
    const original = s.store.ping.bind(s.store);
    s.store.ping = async () => {
      throw new Error("connection refused");
    };
    try {
      const res = await s.mock(HEALTH_PATHS.ready);
      assert.equal(res.status, 503);
      assert.match((await json(res)).detail, /connection refused/);
      assert.equal((await s.mock(HEALTH_PATHS.live)).status, 200);
    } finally {
      s.store.ping = original;
    }
    assert.equal((await s.mock(HEALTH_PATHS.ready)).status, 200);
    const metrics = await (await fetch(`${s.metricsUrl}/metrics`)).text();
    assert.match(metrics, /mockforge_store_errors_total\{operation="ping"\} 1/);
  });

  it("exposes Prometheus metrics on the metrics port: requests by workspace/status/matched and a latency histogram", async () => {
    await s.mock("/w/obs/x");
    await s.mock("/w/obs/x");
    await s.mock("/w/obs/nothing");
    await s.mock("/w/ghost/x");
    const res = await fetch(`${s.metricsUrl}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.match(text, /mockforge_http_requests_total\{workspace="obs",status="201",matched="true"\} 2/);
    assert.match(text, /mockforge_http_requests_total\{workspace="obs",status="404",matched="false"\} 1/);
    assert.match(text, /mockforge_http_requests_total\{workspace="_unknown",status="404",matched="false"\} 1/);
    assert.match(text, /# TYPE mockforge_http_request_duration_seconds histogram/);
    const count = Number(/mockforge_http_request_duration_seconds_count (\d+)/.exec(text)?.[1]);
    const inf = Number(/mockforge_http_request_duration_seconds_bucket\{le="\+Inf"\} (\d+)/.exec(text)?.[1]);
    assert.ok(count >= 3 && inf === count);
    assert.match(text, /mockforge_workspaces_loaded \d+/);
    assert.match(text, /process_resident_memory_bytes \d+/);
    assert.equal((await fetch(`${s.metricsUrl}/other`)).status, 404);
  });

  it("writes structured JSON logs carrying the request id", async () => {
    await s.admin("GET", "/admin/workspaces/obs/stubs");
    const lines = s.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const adminLine = lines.find((l) => l.msg === "admin request" && l.path === "/admin/workspaces/obs/stubs");
    assert.ok(adminLine, "admin request was logged");
    assert.match(String(adminLine!.requestId), /^adm-/);
    assert.equal(typeof adminLine!.time, "string");
    assert.equal(adminLine!.level, "info");
    assert.ok(lines.some((l) => l.msg === "listening"));
    await s.mock("/w/obs/x", { headers: { "x-request-id": "log-me-1" } });
    const mockLine = s.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "mock request" && l.requestId === "log-me-1");
    assert.ok(mockLine, "mock requests are logged at debug level with their request id");
    assert.equal(mockLine!.workspace, "obs");
    assert.equal(mockLine!.status, 201);
    assert.equal(mockLine!.matched, "x");
  });

  it("every mock response carries x-request-id; incoming ids are kept", async () => {
    const a = await s.mock("/w/obs/x");
    assert.ok((a.headers.get("x-request-id") ?? "").length > 3);
    const b = await s.mock("/w/obs/x", { headers: { "x-request-id": "trace-123" } });
    assert.equal(b.headers.get("x-request-id"), "trace-123");
    const c = await s.mock("/w/obs/x", { headers: { "x-request-id": "bad id with spaces" } });
    assert.notEqual(c.headers.get("x-request-id"), "bad id with spaces");
    const journal = await json(await s.admin("GET", "/admin/workspaces/obs/requests?limit=1"));
    assert.equal(journal.requests[0].id, c.headers.get("x-request-id"));
  });
});
