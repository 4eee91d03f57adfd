/**
 * Per-workspace rate limits and usage counters with the in-memory store: 429 past the
 * quota with the RateLimit headers, a new window lets traffic through (injected clock),
 * health and admin are never limited, settings validation, the usage endpoint and its
 * authorization, and fail-open when the limiter does not answer.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadBootstrap } from "../src/bootstrap";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/log";
import { InMemoryStore } from "../src/store/memory-store";
import type { MockStore, RateLimitDecision } from "../src/store/store";
import { addStubs, json, startTestServer, type TestServer } from "./helpers";

/** 10 s into a minute: a 60 s window resets in 50 s. */
const T0 = Date.UTC(2030, 0, 1, 0, 0, 10);

async function metricsText(s: TestServer): Promise<string> {
  return (await fetch(`${s.metricsUrl}/metrics`)).text();
}

describe("rate limits (in memory)", () => {
  let s: TestServer;
  let clock = T0;
  before(async () => {
    s = await startTestServer({}, async () => new InMemoryStore(), { now: () => clock });
  });
  after(() => s.close());

  it("answers 429 problem+json past the quota, with RateLimit headers on every response and Retry-After", async () => {
    await s.workspace("lim", { rateLimit: { requests: 3, windowSeconds: 60 } });
    await addStubs(s, "lim", [{ id: "ok", request: { method: "GET", path: "/ok" }, response: { body: "fine" } }]);
    for (let i = 0; i < 3; i++) {
      const res = await s.mock("/w/lim/ok");
      assert.equal(res.status, 200, `request ${i + 1}`);
      assert.equal(await res.text(), "fine");
      assert.equal(res.headers.get("ratelimit-limit"), "3");
      assert.equal(res.headers.get("ratelimit-remaining"), String(2 - i));
      assert.equal(res.headers.get("ratelimit-reset"), "50");
      assert.equal(res.headers.get("retry-after"), null);
    }
    const refused = await s.mock("/w/lim/ok");
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("content-type"), "application/problem+json");
    assert.equal(refused.headers.get("retry-after"), "50");
    assert.equal(refused.headers.get("ratelimit-limit"), "3");
    assert.equal(refused.headers.get("ratelimit-remaining"), "0");
    assert.equal(refused.headers.get("ratelimit-reset"), "50");
    const requestId = refused.headers.get("x-request-id");
    assert.ok(requestId);
    const body = await json(refused);
    assert.equal(body.type, "urn:mockforge:problem:rate-limited");
    assert.equal(body.status, 429);
    assert.match(body.detail, /allows 3 requests per 60 s; try again in 50 s/);
    // Unmatched paths are limited too (the quota is the workspace's, not a stub's).
    assert.equal((await s.mock("/w/lim/nothing")).status, 429);

    // The refused requests are in the journal with status 429, under their request id.
    const journal = await json(await s.admin("GET", "/admin/workspaces/lim/requests?limit=10"));
    assert.deepEqual(journal.requests.map((r: any) => r.status), [429, 429, 200, 200, 200]);
    assert.equal(journal.requests[1].id, requestId);
    assert.equal(journal.requests[1].matched, null);
    assert.match(await metricsText(s), /mockforge_rate_limited_total\{workspace="lim"\} 2\n/);
  });

  it("a new window lets traffic through again; Retry-After is at least 1 s", async () => {
    clock = T0 + 50_000; // the next minute starts
    const res = await s.mock("/w/lim/ok");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("ratelimit-remaining"), "2");
    assert.equal(res.headers.get("ratelimit-reset"), "60");
    clock += 59_500; // half a second before that window ends
    assert.equal((await s.mock("/w/lim/ok")).status, 200);
    assert.equal((await s.mock("/w/lim/ok")).status, 200);
    const refused = await s.mock("/w/lim/ok");
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("retry-after"), "1");
    assert.equal(refused.headers.get("ratelimit-reset"), "1");
    clock += 500;
    assert.equal((await s.mock("/w/lim/ok")).status, 200);
  });

  it("never limits health endpoints, the admin API, or workspaces without a limit", async () => {
    for (let i = 0; i < 5; i++) await s.mock("/w/lim/ok");
    assert.equal((await s.mock("/w/lim/ok")).status, 429, "the quota is exhausted");
    for (const p of ["/health/live", "/health/ready", "/health/startup"]) {
      const res = await s.mock(p);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers.get("ratelimit-limit"), null, p);
    }
    for (let i = 0; i < 10; i++) assert.equal((await s.admin("GET", "/admin/workspaces/lim")).status, 200);
    await s.workspace("free");
    await addStubs(s, "free", [{ id: "ok", request: { method: "GET", path: "/ok" } }]);
    for (let i = 0; i < 10; i++) {
      const res = await s.mock("/w/free/ok");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("ratelimit-limit"), null);
    }
  });

  it("settings changes apply at once; null removes the limit; workspace reset clears the window", async () => {
    assert.equal((await s.admin("PATCH", "/admin/workspaces/lim", { settings: { rateLimit: { requests: 100, windowSeconds: 1 } } })).status, 200);
    const raised = await s.mock("/w/lim/ok");
    assert.equal(raised.status, 200);
    assert.equal(raised.headers.get("ratelimit-limit"), "100");
    assert.equal(raised.headers.get("ratelimit-reset"), "1");
    assert.equal((await s.admin("PATCH", "/admin/workspaces/lim", { settings: { rateLimit: { requests: 1, windowSeconds: 3600 } } })).status, 200);
    assert.equal((await s.mock("/w/lim/ok")).status, 200);
    assert.equal((await s.mock("/w/lim/ok")).status, 429);
    assert.equal((await s.admin("POST", "/admin/workspaces/lim/reset")).status, 204);
    assert.equal((await s.mock("/w/lim/ok")).status, 404, "reset forgot the window (and the stubs)");
    const patched = await json(await s.admin("PATCH", "/admin/workspaces/lim", { settings: { rateLimit: null } }));
    assert.equal(patched.workspace.settings.rateLimit, undefined);
    for (let i = 0; i < 3; i++) {
      const res = await s.mock("/w/lim/ok");
      assert.equal(res.status, 404);
      assert.equal(res.headers.get("ratelimit-limit"), null);
    }
  });

  it("refuses invalid rateLimit settings naming the field, the value and the allowed range", async () => {
    const errorsOf = async (settings: unknown, method = "POST"): Promise<Record<string, string>> => {
      const res = method === "POST" ? await s.admin("POST", "/admin/workspaces", { name: "bad-rl", settings }) : await s.admin("PATCH", "/admin/workspaces/free", { settings });
      assert.equal(res.status, 422);
      const body = await json(res);
      assert.equal(body.type, "urn:mockforge:problem:validation");
      return Object.fromEntries(body.errors.map((e: any) => [e.field, e.message]));
    };
    const range = await errorsOf({ rateLimit: { requests: 0, windowSeconds: 3601 } });
    assert.deepEqual(Object.keys(range).sort(), ["settings.rateLimit.requests", "settings.rateLimit.windowSeconds"]);
    assert.match(range["settings.rateLimit.requests"], /^0 is not valid: expected the requests allowed per window, an integer from 1 to 1000000$/);
    assert.match(range["settings.rateLimit.windowSeconds"], /^3601 is not valid: expected the window length in seconds, an integer from 1 to 3600$/);
    const kinds = await errorsOf({ rateLimit: { requests: 1.5, windowSeconds: "60", burst: 2 } }, "PATCH");
    assert.match(kinds["settings.rateLimit.requests"], /^1\.5 is not valid: .*integer from 1 to 1000000/);
    assert.match(kinds["settings.rateLimit.windowSeconds"], /^"60" is not valid: .*integer from 1 to 3600/);
    assert.match(kinds["settings.rateLimit.burst"], /unknown field; expected requests or windowSeconds/);
    const missing = await errorsOf({ rateLimit: { requests: 2_000_000 } });
    assert.match(missing["settings.rateLimit.requests"], /^2000000 is not valid/);
    assert.match(missing["settings.rateLimit.windowSeconds"], /^required: .*from 1 to 3600/);
    assert.match((await errorsOf({ rateLimit: "fast" }))["settings.rateLimit"], /^"fast" is not valid: expected \{ requests, windowSeconds \} or null$/);
    assert.equal((await s.admin("GET", "/admin/workspaces/bad-rl")).status, 404, "nothing was created");
    assert.equal((await json(await s.admin("GET", "/admin/workspaces/free"))).workspace.settings.rateLimit, undefined, "nothing was changed");
  });

  it("validates rateLimit in bootstrap files too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mf-rl-"));
    try {
      const logger = createLogger({ level: "silent" });
      const config = loadConfig({});
      const bad = join(dir, "bad.yaml");
      writeFileSync(bad, "workspaces:\n  - name: boot\n    settings:\n      rateLimit: { requests: 10, windowSeconds: 0 }\n");
      await assert.rejects(loadBootstrap(bad, new InMemoryStore(), config, logger), /workspaces\[0\] \(boot\): settings\.rateLimit\.windowSeconds: 0 is not valid: .*from 1 to 3600/);
      const good = join(dir, "good.yaml");
      writeFileSync(good, "workspaces:\n  - name: boot\n    settings:\n      rateLimit: { requests: 10, windowSeconds: 5 }\n");
      const store = new InMemoryStore();
      await loadBootstrap(good, store, config, logger);
      assert.deepEqual((await store.getWorkspace("boot"))?.settings.rateLimit, { requests: 10, windowSeconds: 5 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("usage counters (in memory)", () => {
  let s: TestServer;
  let keyUse = "";
  let keyOther = "";
  before(async () => {
    s = await startTestServer({}, async () => new InMemoryStore(), { now: () => T0 });
    keyUse = await s.workspace("use", { rateLimit: { requests: 7, windowSeconds: 60 } });
    keyOther = await s.workspace("other");
    await addStubs(s, "use", [
      { id: "ok", request: { method: "GET", path: "/ok" } },
      { id: "made", request: { method: "POST", path: "/made" }, response: { status: 201 } },
      { id: "moved", request: { method: "GET", path: "/moved" }, response: { status: 302, headers: { location: "/elsewhere" } } },
      { id: "boom", request: { method: "GET", path: "/boom" }, response: { status: 503 } },
      { id: "gone", request: { method: "GET", path: "/gone" }, response: { status: 404 } },
    ]);
  });
  after(() => s.close());

  it("counts total, matched, unmatched, rate-limited and status classes", async () => {
    const fresh = await json(await s.admin("GET", "/admin/workspaces/use/usage", undefined, { key: keyUse }));
    assert.deepEqual(fresh, {
      workspace: "use",
      requests: { total: 0, matched: 0, unmatched: 0, rateLimited: 0, byStatusClass: { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 } },
      since: null,
      rateLimit: { requests: 7, windowSeconds: 60 },
    });
    const statuses: number[] = [];
    for (const [path, init] of [
      ["/ok", {}],
      ["/ok", {}],
      ["/made", { method: "POST" }],
      ["/moved", { redirect: "manual" }],
      ["/boom", {}],
      ["/gone", {}],
      ["/nothing", {}],
      ["/ok", {}],
      ["/ok", {}],
    ] as Array<[string, RequestInit]>) {
      const res = await s.mock(`/w/use${path}`, init);
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    assert.deepEqual(statuses, [200, 200, 201, 302, 503, 404, 404, 429, 429]);
    await s.mock("/w/ghost/ok"); // an unknown workspace counts nowhere
    const t = Date.now();
    const usage = await json(await s.admin("GET", "/admin/workspaces/use/usage", undefined, { key: keyUse }));
    assert.deepEqual(usage.requests, { total: 9, matched: 6, unmatched: 1, rateLimited: 2, byStatusClass: { "1xx": 0, "2xx": 3, "3xx": 1, "4xx": 4, "5xx": 1 } });
    assert.ok(Math.abs(Date.parse(usage.since) - t) < 10_000, `since ${usage.since}`);
    assert.equal((await json(await s.admin("GET", "/admin/workspaces/other/usage"))).requests.total, 0, "other workspaces are counted apart");
  });

  it("DELETE …/usage zeroes the counters (the rate-limit window stays); workspace reset zeroes them too", async () => {
    assert.equal((await s.admin("DELETE", "/admin/workspaces/use/usage", undefined, { key: keyUse })).status, 204);
    const zero = await json(await s.admin("GET", "/admin/workspaces/use/usage"));
    assert.equal(zero.requests.total, 0);
    assert.equal(typeof zero.since, "string");
    assert.equal((await s.mock("/w/use/ok")).status, 429, "resetting usage does not lift the quota");
    assert.deepEqual((await json(await s.admin("GET", "/admin/workspaces/use/usage"))).requests.byStatusClass, { "1xx": 0, "2xx": 0, "3xx": 0, "4xx": 1, "5xx": 0 });
    assert.equal((await s.admin("POST", "/admin/workspaces/use/reset")).status, 204);
    const afterReset = await json(await s.admin("GET", "/admin/workspaces/use/usage"));
    assert.equal(afterReset.requests.total, 0);
    assert.equal(afterReset.requests.rateLimited, 0);
  });

  it("a workspace key reads only its own usage; unknown workspaces are 404; no key is 401", async () => {
    for (const method of ["GET", "DELETE"]) {
      const res = await s.admin(method, "/admin/workspaces/use/usage", undefined, { key: keyOther });
      assert.equal(res.status, 403, method);
      assert.match((await json(res)).detail, /belongs to workspace other, not use/);
    }
    assert.equal((await s.admin("GET", "/admin/workspaces/other/usage", undefined, { key: keyOther })).status, 200);
    assert.equal((await s.admin("GET", "/admin/workspaces/nope/usage")).status, 404);
    assert.equal((await s.admin("GET", "/admin/workspaces/use/usage", undefined, { key: null })).status, 401);
    assert.equal((await s.admin("PUT", "/admin/workspaces/use/usage")).status, 405);
  });

  it("deleting the workspace drops its counters", async () => {
    await s.mock("/w/other/x");
    assert.equal((await json(await s.admin("GET", "/admin/workspaces/other/usage"))).requests.total, 1);
    assert.equal((await s.admin("DELETE", "/admin/workspaces/other")).status, 204);
    await s.workspace("other");
    assert.equal((await json(await s.admin("GET", "/admin/workspaces/other/usage"))).requests.total, 0);
  });
});

describe("rate limits fail open", () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ MOCKFORGE_RATE_LIMIT_TIMEOUT_MS: "100", LOG_LEVEL: "warn" });
    await s.workspace("open", { rateLimit: { requests: 1, windowSeconds: 60 } });
    await addStubs(s, "open", [{ id: "ok", request: { method: "GET", path: "/ok" }, response: { body: "served" } }]);
  });
  after(() => s.close());

  it("serves the request when the limiter hangs, throws or rejects; counts and logs (throttled) the failures", async () => {
    const original = s.store.hitRateLimit.bind(s.store);
    const failures: Array<() => RateLimitDecision | Promise<RateLimitDecision>> = [
      () => new Promise<never>(() => undefined),
      () => {
        throw new Error("limiter broke");
      },
      () => Promise.reject(new Error("redis connection reconnecting")),
    ];
    try {
      for (const fail of failures) {
        (s.store as MockStore).hitRateLimit = fail;
        for (let i = 0; i < 2; i++) {
          const t0 = Date.now();
          const res = await s.mock("/w/open/ok");
          const ms = Date.now() - t0;
          assert.equal(res.status, 200);
          assert.equal(await res.text(), "served");
          assert.equal(res.headers.get("ratelimit-limit"), null, "no quota headers when the quota is unknown");
          assert.ok(ms < 1500, `served in ${ms} ms`);
        }
      }
    } finally {
      s.store.hitRateLimit = original;
    }
    assert.match(await metricsText(s), /mockforge_rate_limit_errors_total 6\n/);
    const warnings = s.logs.filter((l) => l.includes("rate limit not checked"));
    assert.equal(warnings.length, 1, "one warning per 10 s");
    assert.match(warnings[0], /did not answer within 100 ms/);
    // With the limiter back, the quota applies again.
    assert.equal((await s.mock("/w/open/ok")).status, 200);
    assert.equal((await s.mock("/w/open/ok")).status, 429);
  });
});
