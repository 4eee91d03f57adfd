/**
 * LIVE: the Postgres store against a real, throwaway Postgres cluster (initdb in
 * workload/.tmp, loopback, started and stopped here). Proves: migrations are
 * idempotent (sequential and concurrent), admin writes survive a server restart, two
 * instances share stubs and scenario state (LISTEN/NOTIFY, within 1 s), tenant
 * isolation and admin auth hold, and readiness follows the database through a
 * restart without a crash.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Pool } from "pg";
import { hashApiKey } from "../src/admin/auth";
import { connectionConfig } from "../src/store/postgres-store";
import { migrate, readMigrations } from "../src/store/migrate";
import { createStore } from "../src/store/create-store";
import type { PostgresStore } from "../src/store/postgres-store";
import type { Config } from "../src/config";
import type { Logger } from "../src/log";
import { join } from "node:path";
import { addStubs, json, startTestServer, WORKLOAD_ROOT, type TestServer, waitFor } from "./helpers";
import { PgCluster } from "./pg-cluster";

const ADMIN_SECRET = "live-admin-secret-".padEnd(48, "x");
const pgStore = (config: Config, logger: Logger): Promise<PostgresStore> => createStore(config, logger) as Promise<PostgresStore>;


describe("Postgres store (live)", () => {
  let pg: PgCluster;
  const servers: TestServer<PostgresStore>[] = [];
  const start = async (): Promise<TestServer<PostgresStore>> => {
    const s = await startTestServer({ ...pg.env(), MOCKFORGE_ADMIN_SECRET: ADMIN_SECRET, LOG_LEVEL: "silent" }, pgStore);
    servers.push(s);
    return s;
  };
  const stop = async (s: TestServer<PostgresStore>): Promise<void> => {
    servers.splice(servers.indexOf(s), 1);
    await s.close();
  };

  before(async () => {
    pg = new PgCluster();
    await pg.init();
  });
  after(async () => {
    for (const s of [...servers]) await s.close().catch(() => undefined);
    if (pg) await pg.destroy();
  });

  it("applies the versioned migrations once: a second run and concurrent runs apply nothing", async () => {
    const cfg = { writerHost: pg.hostPort, readerHost: undefined, name: pg.database, user: pg.user, password: pg.password, sslMode: "disable" as const };
    const pools = [0, 1, 2].map(() => new Pool({ ...connectionConfig(cfg, pg.hostPort), max: 2 }));
    try {
      const all = readMigrations().map((m) => m.version);
      const results = await Promise.all(pools.map((p) => migrate(p)));
      // Exactly one runner applied each version, whoever got the advisory lock first.
      assert.deepEqual(results.flat().sort(), all);
      assert.deepEqual(await migrate(pools[0]), []);
      assert.deepEqual(await migrate(pools[1]), []);
      const rows = (await pools[0].query("SELECT version FROM schema_migrations ORDER BY version")).rows.map((r) => r.version);
      assert.deepEqual(rows, all);
      // Server start-up runs them again: still nothing to do, and the server starts.
      const s = await start();
      assert.equal(s.store.kind, "postgres");
      await stop(s);
      assert.equal((await pools[0].query("SELECT count(*)::int AS n FROM schema_migrations")).rows[0].n, all.length);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it("a write through the admin API survives a server restart (workspace, key, stub, document, file)", async () => {
    const a = await start();
    const key = await a.workspace("durable", { seed: 7 });
    await addStubs(a, "durable", [{ id: "hello", request: { method: "GET", path: "/hello/{name}" }, response: { json: { z: 1, a: "hi {{request.params.name}}" } } }], key);
    const doc = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /ping:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              example: {pong: true}\n";
    assert.equal((await a.admin("POST", "/admin/workspaces/durable/openapi?name=ping", undefined, { raw: doc, contentType: "application/yaml", key })).status, 201);
    assert.equal((await a.admin("PUT", "/admin/workspaces/durable/files/data/blob.bin", undefined, { raw: Buffer.from([0, 1, 2, 255]), contentType: "application/octet-stream", key })).status, 200);
    // Only the HMAC of the key is in the database.
    const hashes = await a.store.listApiKeys("durable");
    assert.equal(hashes[0].hash, hashApiKey(ADMIN_SECRET, key));
    await stop(a);

    const b = await start();
    const res = await b.mock("/w/durable/hello/ada");
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '{"z":1,"a":"hi ada"}', "json bodies keep their key order");
    assert.deepEqual(await json(await b.mock("/w/durable/ping")), { pong: true });
    const ws = await json(await b.admin("GET", "/admin/workspaces/durable", undefined, { key }));
    assert.equal(ws.workspace.settings.seed, 7);
    assert.deepEqual(ws.counts, { stubs: 1, openapi: 1, files: 1 });
    const file = await b.admin("GET", "/admin/workspaces/durable/files/data/blob.bin", undefined, { key });
    assert.equal(file.status, 200);
    assert.deepEqual([...Buffer.from(await file.arrayBuffer())], [0, 1, 2, 255]);
    await stop(b);
  });

  it("a bootstrap file seeds the database once; later starts leave the stored workspace as it is", async () => {
    const boot = { ...pg.env(), MOCKFORGE_ADMIN_SECRET: ADMIN_SECRET, LOG_LEVEL: "silent", MOCKFORGE_BOOTSTRAP: join(WORKLOAD_ROOT, "examples", "workspace.yaml") };
    const a = await startTestServer(boot, pgStore);
    servers.push(a);
    assert.equal((await a.mock("/w/petstore/hello/ada")).status, 200);
    assert.equal((await a.admin("DELETE", "/admin/workspaces/petstore/stubs/greeting")).status, 204);
    await stop(a);
    const b = await startTestServer(boot, pgStore);
    servers.push(b);
    assert.equal((await b.mock("/w/petstore/hello/ada")).status, 404, "the admin API's deletion is kept, not re-seeded");
    assert.equal((await b.mock("/w/petstore/pets/7")).status, 200);
    await stop(b);
  });

  it("two instances on different ports share stubs and scenario state; B serves a stub created via A within 1 s", async () => {
    const a = await start();
    const b = await start();
    assert.notEqual(a.mockUrl, b.mockUrl);
    const key = await a.workspace("shared");
    // B compiles (and caches) the workspace before the change.
    assert.equal((await b.mock("/w/shared/greet")).status, 404);
    await addStubs(a, "shared", [{ id: "greet", request: { method: "GET", path: "/greet" }, response: { body: "from A" } }], key);
    const ms = await waitFor("B serves the stub created via A", async () => (await b.mock("/w/shared/greet")).status === 200, 1000);
    assert.ok(ms <= 1000, `propagation took ${ms} ms`);
    // And back: a change through B reaches A.
    assert.equal((await b.admin("PUT", "/admin/workspaces/shared/stubs/greet", { request: { method: "GET", path: "/greet" }, response: { body: "from B" } }, { key })).status, 200);
    await waitFor("A serves B's update", async () => (await (await a.mock("/w/shared/greet")).text()) === "from B", 1000);
    assert.equal((await b.admin("DELETE", "/admin/workspaces/shared/stubs/greet", undefined, { key })).status, 204);
    await waitFor("A stops serving the stub deleted via B", async () => (await a.mock("/w/shared/greet")).status === 404, 1000);

    // Scenario state lives in Postgres: a transition on A is seen by B.
    await addStubs(a, "shared", [
      { id: "s1", scenario: { name: "flow", requiredState: "Started", newState: "Done" }, request: { method: "POST", path: "/go" }, response: { status: 202 } },
      { id: "s2", scenario: { name: "flow", requiredState: "Done" }, request: { method: "GET", path: "/state" }, response: { body: "done" } },
    ], key);
    await waitFor("B has the scenario stubs", async () => (await b.mock("/w/shared/state")).status === 404 && (await b.admin("GET", "/admin/workspaces/shared/stubs/s2", undefined, { key })).status === 200, 1000);
    assert.equal((await a.mock("/w/shared/go", { method: "POST" })).status, 202);
    await waitFor("B sees the new scenario state", async () => (await b.mock("/w/shared/state")).status === 200, 1000);
    await stop(a);
    await stop(b);
  });

  it("tenant isolation and admin auth hold with the real store", async () => {
    const s = await start();
    const keyA = await s.workspace("tenant-a");
    const keyB = await s.workspace("tenant-b");
    await addStubs(s, "tenant-b", [{ id: "secret", request: { path: "/secret" }, response: { body: "b only" } }], keyB);
    assert.equal((await s.admin("GET", "/admin/workspaces/tenant-b/stubs", undefined, { key: keyA })).status, 403);
    assert.equal((await s.admin("GET", "/admin/workspaces/tenant-b/stubs/secret", undefined, { key: keyA })).status, 403);
    assert.equal((await s.admin("DELETE", "/admin/workspaces/tenant-b/stubs", undefined, { key: keyA })).status, 403);
    assert.equal((await s.admin("POST", "/admin/workspaces", { name: "tenant-c" }, { key: keyA })).status, 403);
    assert.equal((await s.admin("GET", "/admin/workspaces/tenant-a/stubs", undefined, { key: null })).status, 401);
    assert.equal((await s.admin("GET", "/admin/workspaces/tenant-a/stubs", undefined, { key: "mfk_not-a-real-key-at-all" })).status, 401);
    const listA = await json(await s.admin("GET", "/admin/workspaces/tenant-a/stubs", undefined, { key: keyA }));
    assert.deepEqual(listA.stubs, []);
    assert.equal((await s.mock("/w/tenant-a/secret")).status, 404);
    assert.equal(await (await s.mock("/w/tenant-b/secret")).text(), "b only");
    // Revocation is immediate (keys are looked up on the writer).
    const keyId = (await json(await s.admin("GET", "/admin/workspaces/tenant-a/keys", undefined, { key: keyA }))).keys[0].id;
    assert.equal((await s.admin("DELETE", `/admin/workspaces/tenant-a/keys/${keyId}`, undefined, { key: keyA })).status, 204);
    assert.equal((await s.admin("GET", "/admin/workspaces/tenant-a/stubs", undefined, { key: keyA })).status, 401);
    // Deleting a workspace removes its keys and stubs (ON DELETE CASCADE).
    assert.equal((await s.admin("DELETE", "/admin/workspaces/tenant-b")).status, 204);
    assert.equal((await s.admin("GET", "/admin/whoami", undefined, { key: keyB })).status, 401);
    assert.equal((await s.mock("/w/tenant-b/secret")).status, 404);
    await stop(s);
  });

  it("readiness reports the database, goes false when Postgres stops and true again when it is back (no crash)", async () => {
    const a = await start();
    const b = await start();
    const key = await a.workspace("outage");
    const ready = await json(await a.mock("/health/ready"));
    assert.equal(ready.store, "postgres");
    assert.deepEqual(ready.dependencies, { database: "ok", changeListener: "ok" });

    await pg.stop();
    const down = await a.mock("/health/ready");
    assert.equal(down.status, 503);
    const body = await json(down);
    assert.notEqual(body.dependencies.database, "ok");
    assert.equal((await a.mock("/health/live")).status, 200);
    // An admin write fails cleanly (5xx problem), it does not crash the process.
    const failed = await a.admin("POST", "/admin/workspaces/outage/stubs", { id: "x", request: { path: "/x" }, response: { body: "x" } }, { key });
    assert.ok(failed.status >= 500, `status ${failed.status}`);

    await pg.start();
    const back = await waitFor("readiness true again", async () => (await a.mock("/health/ready")).status === 200 && (await b.mock("/health/ready")).status === 200, 10_000);
    assert.ok(back < 10_000);
    // Writes work again and still reach the other instance (the change listener reconnected).
    await addStubs(a, "outage", [{ id: "after", request: { path: "/after" }, response: { body: "back" } }], key);
    await waitFor("B serves a stub written after the restart", async () => (await b.mock("/w/outage/after")).status === 200, 1000);
    await stop(a);
    await stop(b);
  });
});
