/**
 * LIVE: Postgres + Redis through Sentinel (1 primary, 2 replicas, 3 sentinels, real
 * Debian binaries on loopback). Two server instances share stubs (Postgres), scenario
 * state and the journal (Redis). Then the Redis primary is SIGKILLed under a bounded
 * load: mock requests keep being served, scenario writes fail only during the failover
 * window (its length is reported), no acknowledged write is lost, and the servers
 * reconnect without a restart.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Config } from "../src/config";
import type { Logger } from "../src/log";
import { createStore } from "../src/store/create-store";
import type { MockStore } from "../src/store/store";
import { addStubs, json, startTestServer, type TestServer } from "./helpers";
import { PgCluster } from "./pg-cluster";
import { RedisSentinelCluster } from "./redis-cluster";

const ADMIN_SECRET = "live-admin-secret-".padEnd(48, "r");
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const makeStore = (config: Config, logger: Logger): Promise<MockStore> => createStore(config, logger);

async function waitFor(what: string, fn: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    if (await fn().catch(() => false)) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await sleep(25);
  }
}

describe("Redis Sentinel state (live)", () => {
  let pg: PgCluster;
  let redis: RedisSentinelCluster;
  let a: TestServer<MockStore>;
  let b: TestServer<MockStore>;
  let key = "";

  before(async () => {
    pg = new PgCluster();
    redis = new RedisSentinelCluster();
    await Promise.all([pg.init(), redis.init()]);
    const env = { ...pg.env(), ...redis.env(), MOCKFORGE_ADMIN_SECRET: ADMIN_SECRET, LOG_LEVEL: "silent" };
    a = await startTestServer(env, makeStore);
    b = await startTestServer(env, makeStore);
  });
  after(async () => {
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    await redis?.destroy();
    await pg?.destroy();
  });

  it("two instances share stubs, scenario state and the journal; readiness reports each dependency", async () => {
    assert.equal(a.store.kind, "postgres+redis");
    assert.deepEqual((await json(await a.mock("/health/ready"))).dependencies, { database: "ok", changeListener: "ok", redis: "ok" });
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
    stop = true;
    await Promise.all(readers);

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
});
