/**
 * LIVE: Postgres + Redis through Sentinel (1 primary, 2 replicas, 3 sentinels, real
 * Debian binaries on loopback). Two server instances share stubs (Postgres), scenario
 * state, the journal, one rate limit and the usage counters (Redis). A third instance
 * does not LISTEN on Postgres, so the changes it picks up came through the Redis channel;
 * two Redis-only stores (no database) exchange change events too. Then the Redis primary
 * is SIGKILLed under a bounded load: mock requests keep being served, scenario writes
 * fail only during the failover window (its length is reported), no acknowledged write
 * is lost, the servers reconnect and re-subscribe without a restart. Finally every Redis
 * process is killed: rate-limited workspaces are still served (fail open), quickly.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadConfig, type Config } from "../src/config";
import { createLogger, type Logger } from "../src/log";
import { createStore } from "../src/store/create-store";
import type { MockStore } from "../src/store/store";
import { addStubs, json, sleep, startTestServer, type TestServer, waitFor } from "./helpers";
import { PgCluster } from "./pg-cluster";
import { RedisSentinelCluster } from "./redis-cluster";

const ADMIN_SECRET = "live-admin-secret-".padEnd(48, "r");
const makeStore = (config: Config, logger: Logger): Promise<MockStore> => createStore(config, logger);
/** Postgres without LISTEN: this instance hears of changes only through the Redis channel. */
const redisChangesOnly = (config: Config, logger: Logger): Promise<MockStore> => createStore(config, logger, { postgresListen: false });
/** Rate-limit clock shared by the instances: 10 s into a minute, fixed, so no window boundary falls inside a test. */
const CLOCK = Date.UTC(2030, 0, 1, 0, 0, 10);
const WINDOW_START_S = Date.UTC(2030, 0, 1, 0, 0, 0) / 1000;


describe("Redis Sentinel state (live)", () => {
  let pg: PgCluster;
  let redis: RedisSentinelCluster;
  let a: TestServer<MockStore>;
  let b: TestServer<MockStore>;
  let c: TestServer<MockStore>;
  let key = "";
  const primaryPort = async (): Promise<number> => Number((await redis.primary()).split(":")[1]);
  const metric = async (s: TestServer<MockStore>, re: RegExp): Promise<number> => Number(re.exec(await (await fetch(`${s.metricsUrl}/metrics`)).text())?.[1] ?? NaN);

  before(async () => {
    pg = new PgCluster();
    redis = new RedisSentinelCluster();
    await Promise.all([pg.init(), redis.init()]);
    const env = { ...pg.env(), ...redis.env(), MOCKFORGE_ADMIN_SECRET: ADMIN_SECRET, LOG_LEVEL: "silent" };
    const clock = { now: () => CLOCK };
    [a, b, c] = await Promise.all([startTestServer(env, makeStore, clock), startTestServer(env, makeStore, clock), startTestServer(env, redisChangesOnly, clock)]);
  });
  after(async () => {
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    await c?.close().catch(() => undefined);
    await redis?.destroy();
    await pg?.destroy();
  });

  it("two instances share stubs, scenario state and the journal; readiness reports each dependency", async () => {
    assert.equal(a.store.kind, "postgres+redis");
    assert.deepEqual((await json(await a.mock("/health/ready"))).dependencies, { database: "ok", changeListener: "ok", redis: "ok", redisChanges: "ok" });
    key = await a.workspace("team");
    await addStubs(a, "team", [
      { id: "ping", request: { method: "GET", path: "/ping" }, response: { body: "pong" } },
      { id: "s1", scenario: { name: "order", requiredState: "Started", newState: "Placed" }, request: { method: "POST", path: "/order" }, response: { status: 201 } },
      { id: "s2", scenario: { name: "order", requiredState: "Placed" }, request: { method: "GET", path: "/order" }, response: { body: "placed" } },
    ], key);
    await waitFor("B serves A's stub", async () => (await b.mock("/w/team/ping")).status === 200, 1000);
    assert.equal((await b.mock("/w/team/order")).status, 404);
    assert.equal((await a.mock("/w/team/order", { method: "POST" })).status, 201);
    assert.equal(await (await b.mock("/w/team/order")).text(), "placed", "B sees the state A moved to");
    const states = await json(await b.admin("GET", "/admin/workspaces/team/scenarios", undefined, { key }));
    assert.equal(states.scenarios.find((s: any) => s.name === "order").state, "Placed");
    // The journal: requests served by A and B, read through either.
    await a.mock("/w/team/ping?from=a");
    await b.mock("/w/team/ping?from=b");
    await waitFor("both requests in the shared journal", async () => {
      const j = await json(await a.admin("GET", "/admin/workspaces/team/requests?limit=50", undefined, { key }));
      const qs = j.requests.map((r: any) => r.query);
      return qs.includes("from=a") && qs.includes("from=b");
    }, 1000);
    assert.equal((await b.admin("DELETE", "/admin/workspaces/team/requests", undefined, { key })).status, 204);
    assert.equal((await json(await a.admin("GET", "/admin/workspaces/team/requests", undefined, { key }))).requests.length, 0);
  });

  it("two instances share one rate limit, the journal of refused requests, and usage counters that add up", async () => {
    const k = await a.workspace("quota", { rateLimit: { requests: 6, windowSeconds: 60 } });
    await addStubs(a, "quota", [{ id: "ok", request: { method: "GET", path: "/ok" }, response: { body: "ok" } }], k);
    // Alternating instances: each one's RateLimit-Remaining counts the other's requests too.
    const seen: Array<[number, string | null]> = [];
    for (const [i, path] of ["/ok", "/ok", "/ok", "/ok", "/ok", "/nothing"].entries()) {
      const res = await (i % 2 === 0 ? a : b).mock(`/w/quota${path}`);
      await res.arrayBuffer();
      seen.push([res.status, res.headers.get("ratelimit-remaining")]);
      assert.equal(res.headers.get("ratelimit-limit"), "6");
      assert.equal(res.headers.get("ratelimit-reset"), "50");
    }
    assert.deepEqual(seen, [[200, "5"], [200, "4"], [200, "3"], [200, "2"], [200, "1"], [404, "0"]]);
    for (const s of [a, b]) {
      const res = await s.mock("/w/quota/ok");
      assert.equal(res.status, 429, "the 7th request is refused on either instance");
      assert.equal(res.headers.get("retry-after"), "50");
      assert.equal((await json(res)).type, "urn:mockforge:problem:rate-limited");
      assert.equal(await metric(s, /mockforge_rate_limited_total\{workspace="quota"\} (\d+)/), 1);
    }
    // The window's counter lives in Redis and expires.
    const rlKey = `mf:{quota}:rl:60:${WINDOW_START_S}`;
    assert.equal(await redis.command(await primaryPort(), "GET", rlKey), "8");
    const pttl = Number(await redis.command(await primaryPort(), "PTTL", rlKey));
    assert.ok(pttl > 0 && pttl <= 55_000, `PTTL ${pttl}`);

    // Counters from both instances add up, read through either (B's share arrives within its flush interval).
    const expected = { total: 8, matched: 5, unmatched: 1, rateLimited: 2, byStatusClass: { "1xx": 0, "2xx": 5, "3xx": 0, "4xx": 3, "5xx": 0 } };
    for (const s of [a, b]) {
      await waitFor("usage from both instances", async () => (await json(await s.admin("GET", "/admin/workspaces/quota/usage", undefined, { key: k }))).requests.total === 8, 2000);
      const usage = await json(await s.admin("GET", "/admin/workspaces/quota/usage", undefined, { key: k }));
      assert.deepEqual(usage.requests, expected);
      assert.deepEqual(usage.rateLimit, { requests: 6, windowSeconds: 60 });
    }
    const journal = await json(await b.admin("GET", "/admin/workspaces/quota/requests?limit=20", undefined, { key: k }));
    assert.deepEqual(journal.requests.map((r: any) => r.status).sort(), [200, 200, 200, 200, 200, 404, 429, 429]);

    // DELETE …/usage through B zeroes the shared counters; a workspace reset through A drops the window.
    assert.equal((await b.admin("DELETE", "/admin/workspaces/quota/usage", undefined, { key: k })).status, 204);
    assert.equal((await json(await a.admin("GET", "/admin/workspaces/quota/usage", undefined, { key: k }))).requests.total, 0);
    assert.equal((await a.admin("POST", "/admin/workspaces/quota/reset", undefined, { key: k })).status, 204);
    assert.equal(await redis.command(await primaryPort(), "EXISTS", rlKey), 0);
    const res = await b.mock("/w/quota/ok");
    assert.equal(res.status, 404, "the stubs are gone, the quota is fresh");
    assert.equal(res.headers.get("ratelimit-remaining"), "5");
  });

  it("a change through A reaches an instance without Postgres LISTEN through the Redis channel within 1 s", async () => {
    // C does not listen on Postgres: whatever it learns about changes comes from Redis.
    assert.deepEqual((await json(await c.mock("/health/ready"))).dependencies, { database: "ok", redis: "ok", redisChanges: "ok" });
    assert.equal(await redis.command(await primaryPort(), "PUBSUB", "NUMSUB", "mf:changes").then((r) => (r as unknown[])[1]), 3, "three subscribers");
    // C compiles and caches the workspace; only a change event makes it look again.
    assert.equal((await c.mock("/w/team/fresh")).status, 404);
    await addStubs(a, "team", [{ id: "fresh", request: { method: "GET", path: "/fresh" }, response: { body: "via redis" } }], key);
    const ms = await waitFor("C serves the stub added through A", async () => (await c.mock("/w/team/fresh")).status === 200, 1000);
    assert.equal(await (await c.mock("/w/team/fresh")).text(), "via redis");
    // A settings change (the workspace's rate limit) the same way.
    const before = await c.mock("/w/team/fresh");
    assert.equal(before.headers.get("ratelimit-limit"), null);
    assert.equal((await a.admin("PATCH", "/admin/workspaces/team", { settings: { rateLimit: { requests: 100_000, windowSeconds: 3600 } } }, { key })).status, 200);
    const ms2 = await waitFor("C applies A's settings change", async () => (await c.mock("/w/team/fresh")).headers.get("ratelimit-limit") === "100000", 1000);
    assert.equal((await a.admin("PATCH", "/admin/workspaces/team", { settings: { rateLimit: null } }, { key })).status, 200);
    await waitFor("C drops the limit again", async () => (await c.mock("/w/team/fresh")).headers.get("ratelimit-limit") === null, 1000);
    assert.ok(ms <= 1000 && ms2 <= 1000, `stub after ${ms} ms, settings after ${ms2} ms`);
  });

  it("without a database, Redis alone carries change events between instances", async () => {
    const config = loadConfig({ ...redis.env(), LOG_LEVEL: "silent" });
    const logger = createLogger({ level: "silent" });
    const [x, y] = await Promise.all([createStore(config, logger), createStore(config, logger)]);
    try {
      assert.equal(x.kind, "memory+redis");
      const heard: string[] = [];
      y.onChange((w) => heard.push(w));
      await x.createWorkspace({ name: "solo", createdAt: Date.now(), settings: { seed: 1 } });
      await waitFor("Y hears of X's new workspace", async () => heard.includes("solo"), 1000);
      await x.updateWorkspaceSettings("solo", { seed: 2 });
      await waitFor("Y hears of X's settings change", async () => heard.filter((w) => w === "solo").length === 2, 1000);
      assert.equal(await y.getWorkspace("solo"), undefined, "the workspace itself stays on X (stubs and settings are per instance without a database)");
    } finally {
      await Promise.all([x.close(), y.close()]);
    }
  });

  it("survives a primary failover under load: requests served, errors only in the window, no acknowledged write lost", async (t) => {
    const original = await redis.primary();
    assert.equal(original, `127.0.0.1:${redis.redisPorts[0]}`);
    const acked = new Map<string, string>();
    const errorTimes: number[] = [];
    const mockErrorTimes: number[] = [];
    let mockOk = 0;
    let killedAt = 0;
    let ackedAfterKill = 0;
    let firstAckAfterKill = 0;
    let stop = false;
    const deadline = Date.now() + 30_000;

    // Background read load on both instances (served from the compiled workspace; journal appends are fire-and-forget).
    const readers = [a, b].map(async (s) => {
      while (!stop) {
        const r = await s.mock("/w/team/ping").catch(() => undefined);
        if (r?.status === 200) mockOk++;
        else mockErrorTimes.push(Date.now());
        await r?.text().catch(() => undefined);
        await sleep(5);
      }
    });
    // Write load: scenario state through the admin API, alternating instances; a 200 is an acknowledgement.
    try {
      for (let n = 0; ackedAfterKill < 100; n++) {
        if (Date.now() > deadline) assert.fail(`writes did not recover: ${ackedAfterKill} acknowledged after the kill\n${redis.logTails()}`);
        if (!killedAt && acked.size >= 100) {
          killedAt = Date.now();
          await Promise.all([redis.kill("redis0"), redis.kill("sentinel0")]);
        }
        const s = n % 2 === 0 ? a : b;
        const res = await s.admin("PUT", `/admin/workspaces/team/scenarios/k${n}`, { state: `v${n}` }, { key }).catch(() => undefined);
        if (res?.status === 200) {
          acked.set(`k${n}`, `v${n}`);
          if (killedAt && ackedAfterKill++ === 0) firstAckAfterKill = Date.now();
        } else errorTimes.push(Date.now());
        await res?.text().catch(() => undefined);
      }
    } finally {
      stop = true;
      await Promise.all(readers);
    }

    const promoted = await redis.primary();
    assert.notEqual(promoted, original, "a replica was promoted");
    // Requests in a workspace with scenarios read their state from Redis, so they may fail while no primary exists.
    const failures = [...errorTimes, ...mockErrorTimes];
    // The window: from the kill until writes are acknowledged again and nothing fails any more.
    const window = Math.max(firstAckAfterKill, ...failures) - killedAt;
    t.diagnostic(
      `failover window (kill → writes acknowledged again, last failure): ${window} ms (first ack after ${firstAckAfterKill - killedAt} ms); failed writes ${errorTimes.length}, acknowledged ${acked.size} (${ackedAfterKill} after the kill); ` +
        `mock requests ok ${mockOk}, failed ${mockErrorTimes.length}; new primary ${promoted}`,
    );
    assert.ok(failures.every((at) => at >= killedAt), "nothing failed before the kill");
    assert.ok(window < 15_000, `failover window ${window} ms`);
    assert.ok(mockOk > 0 && mockErrorTimes.length < mockOk, "mock requests kept being served");

    // Every acknowledged write is on the new primary, read through both instances.
    for (const s of [a, b]) {
      const states = await s.store.getScenarioStates("team");
      const missing = [...acked].filter(([k, v]) => states[k] !== v);
      assert.deepEqual(missing, [], "acknowledged writes lost");
    }
    // ...and they are in Redis, on the promoted primary itself.
    const flat = (await redis.command(Number(promoted.split(":")[1]), "HGETALL", "mf:{team}:scenarios")) as string[];
    const onPrimary = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) onPrimary.set(flat[i], flat[i + 1]);
    assert.deepEqual([...acked].filter(([k, v]) => onPrimary.get(k) !== v), [], "acknowledged writes missing on the new primary");
    // Both instances are ready again without a restart.
    await waitFor("readiness back on A and B", async () => (await a.mock("/health/ready")).status === 200 && (await b.mock("/health/ready")).status === 200, 10_000);
  });

  it("after the failover every subscriber is re-subscribed on the new primary and changes flow again", async () => {
    await waitFor("readiness back on C", async () => (await c.mock("/health/ready")).status === 200, 10_000);
    const port = await primaryPort();
    assert.notEqual(port, redis.redisPorts[0]);
    await waitFor(
      "three subscribers on the promoted primary",
      async () => (await redis.command(port, "PUBSUB", "NUMSUB", "mf:changes").then((r) => (r as unknown[])[1])) === 3,
      5000,
    );
    await sleep(300); // let C's post-reconnect invalidation settle, so the 404 below is cached
    assert.equal((await c.mock("/w/team/after-failover")).status, 404);
    await addStubs(b, "team", [{ id: "after-failover", request: { method: "GET", path: "/after-failover" }, response: { body: "still flowing" } }], key);
    await waitFor("C serves the stub added through B", async () => (await c.mock("/w/team/after-failover")).status === 200, 1000);
  });

  it("fails open while Redis is down: rate-limited workspaces are served quickly, the failures counted", async () => {
    const k = await a.workspace("open", { rateLimit: { requests: 1000, windowSeconds: 60 } });
    await addStubs(a, "open", [{ id: "ok", request: { method: "GET", path: "/ok" }, response: { body: "served" } }], k);
    const warm = await a.mock("/w/open/ok");
    assert.equal(warm.status, 200);
    assert.equal(warm.headers.get("ratelimit-remaining"), "999", "checked in Redis while it is up");
    const errorsBefore = await metric(a, /mockforge_rate_limit_errors_total (\d+)/);
    await Promise.all(["redis1", "redis2", "sentinel1", "sentinel2"].map((n) => redis.kill(n)));
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      const res = await a.mock("/w/open/ok");
      times.push(Date.now() - t0);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), "served");
    }
    assert.ok(times.every((ms) => ms < 1500), `latencies ${times.join(", ")} ms`);
    assert.ok((await metric(a, /mockforge_rate_limit_errors_total (\d+)/)) >= errorsBefore + 5, "every unchecked request counted");
    const ready = await a.mock("/health/ready");
    assert.equal(ready.status, 503, "readiness reports Redis");
    assert.notEqual((await json(ready)).dependencies.redis, "ok");
  });
});
