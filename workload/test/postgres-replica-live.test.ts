/**
 * LIVE: the Postgres store with a real streaming replica as DATABASE_READER_HOST
 * (a throwaway primary plus a `pg_basebackup -R` hot standby, both on loopback under
 * workload/.tmp, started and stopped here). Proves: the store's reader pool is on the
 * standby (pg_is_in_recovery) and the writer pool on the primary; the server's stub
 * reads run on the replica and never on the primary (pg_stat_activity on each node);
 * admin writes succeed, so they went to the primary (the replica refuses writes);
 * and, with the replica deliberately applying commits 400 ms late, a second instance
 * serves a stub created via the first within 1 s because the change listener waits
 * for the replica to replay the writer's LSN before dropping its compiled workspace.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client, type Pool } from "pg";
import { createStore } from "../src/store/create-store";
import type { PostgresStore } from "../src/store/postgres-store";
import type { Config } from "../src/config";
import type { Logger } from "../src/log";
import { addStubs, json, startTestServer, type TestServer, waitFor } from "./helpers";
import { PgCluster } from "./pg-cluster";
import { PgReplica } from "./pg-replica";

const ADMIN_SECRET = "replica-admin-secret-".padEnd(48, "x");
/** The replica applies each commit this late, so a read that does not wait for replay is visibly stale. */
const APPLY_DELAY_MS = 400;
/** Every statement in the server log, prefixed with the client's application_name. */
const STATEMENT_LOG = { log_statement: "all", log_line_prefix: "[%a] " };
const STUB_READ = "SELECT definition FROM stubs WHERE workspace = $1 ORDER BY position";
const pgStore = (config: Config, logger: Logger): Promise<PostgresStore> => createStore(config, logger) as Promise<PostgresStore>;
const pools = (store: PostgresStore): { reader: Pool; writer: Pool } => store as unknown as { reader: Pool; writer: Pool };


describe("Postgres store with a streaming replica as reader (live)", () => {
  let primary: PgCluster;
  let replica: PgReplica;
  const servers: TestServer<PostgresStore>[] = [];
  const probes: Client[] = [];
  let onPrimary: Client;
  let onReplica: Client;

  const probe = async (pg: PgCluster): Promise<Client> => {
    const c = new Client({ host: "127.0.0.1", port: pg.port, user: pg.user, password: pg.password, database: pg.database, application_name: "replica-test-probe" });
    await c.connect();
    probes.push(c);
    return c;
  };
  const start = async (): Promise<TestServer<PostgresStore>> => {
    const s = await startTestServer(
      { ...primary.env(), DATABASE_READER_HOST: replica.hostPort, MOCKFORGE_ADMIN_SECRET: ADMIN_SECRET, LOG_LEVEL: "silent" },
      pgStore,
    );
    servers.push(s);
    return s;
  };
  /** Waits until the replica has replayed everything the primary has written so far. */
  const caughtUp = async (): Promise<void> => {
    const lsn = (await onPrimary.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0].lsn;
    await waitFor(
      "the replica replays the primary's WAL",
      async () => (await onReplica.query<{ ok: boolean }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok", [lsn])).rows[0].ok,
      5000,
    );
  };
  /** The server's connections (application_name mockforge) on one node, with each one's last statement. */
  const serverSessions = async (c: Client): Promise<string[]> =>
    (
      await c.query<{ query: string }>(
        "SELECT query FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name = 'mockforge' AND datname = $1",
        [primary.database],
      )
    ).rows.map((r) => r.query);

  before(async () => {
    // synchronous_commit on: a commit's WAL is written before the statement returns, so the
    // writer's pg_current_wal_lsn() in the change notification covers it (as in production).
    primary = new PgCluster({ settings: { synchronous_commit: "on", ...STATEMENT_LOG } });
    await primary.init();
    replica = new PgReplica(primary, { recovery_min_apply_delay: `${APPLY_DELAY_MS}ms`, ...STATEMENT_LOG });
    await replica.init();
    onPrimary = await probe(primary);
    onReplica = await probe(replica);
  });
  after(async () => {
    for (const s of [...servers]) await s.close().catch(() => undefined);
    for (const c of probes) await c.end().catch(() => undefined);
    if (replica) await replica.destroy();
    if (primary) await primary.destroy();
  });

  it("reads go to the replica, writes (and the change listener) to the primary", async () => {
    const a = await start();
    await caughtUp(); // the migrations, applied on the primary at start-up
    const { reader, writer } = pools(a.store);
    assert.notEqual(reader, writer, "a separate reader pool");
    assert.equal((await reader.query("SELECT pg_is_in_recovery() AS r")).rows[0].r, true, "the reader pool is on the standby");
    assert.equal((await writer.query("SELECT pg_is_in_recovery() AS r")).rows[0].r, false, "the writer pool is on the primary");
    // A write routed to the replica would fail: it is read-only.
    await assert.rejects(reader.query("CREATE TABLE must_fail (x int)"), /read-only transaction/);
    const ready = await json(await a.mock("/health/ready"));
    assert.deepEqual(ready.dependencies, { database: "ok", databaseReader: "ok", changeListener: "ok" });

    // Admin writes succeed, so they reached the primary.
    const key = await a.workspace("routed");
    // The admin API looks the workspace up through the reader: let the replica apply it first.
    await caughtUp();
    await addStubs(a, "routed", [{ id: "hi", request: { method: "GET", path: "/hi" }, response: { body: "from the replica" } }], key);
    await caughtUp();
    const res = await a.mock("/w/routed/hi");
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "from the replica");
    assert.equal((await onReplica.query("SELECT count(*)::int AS n FROM stubs WHERE workspace = 'routed'")).rows[0].n, 1, "the replica has the row");

    // The server is connected to both nodes; its stub read ran on the replica, never on the primary.
    // The statement logs say so for every statement (pg_stat_activity only keeps each connection's last one).
    const onR = await serverSessions(onReplica);
    const onP = await serverSessions(onPrimary);
    assert.ok(onR.length >= 1, "the server has reader connections on the replica");
    assert.ok(onP.length >= 2, `the server has writer + listener connections on the primary (${onP.length})`);
    const byServer = (log: string) => log.split("\n").filter((line) => line.startsWith("[mockforge] "));
    const replicaLog = byServer(replica.logText());
    const primaryLog = byServer(primary.logText());
    assert.ok(replicaLog.some((l) => l.includes(STUB_READ)), "the stub read ran on the replica");
    assert.ok(!primaryLog.some((l) => l.includes(STUB_READ)), "no stub read on the primary");
    assert.ok(onP.includes(`LISTEN mockforge_changes`), "the change listener is on the primary");
    assert.ok(!replicaLog.some((l) => /LISTEN/.test(l)), "no listener on the replica");
    assert.ok(!replicaLog.some((l) => /:\s*(INSERT|UPDATE|DELETE)\b/i.test(l)), "no write on the replica");
  });

  it("the admin API reads its own writes although the replica replays them late", async () => {
    const a = await start();
    // No wait for the replica: the workspace lookup behind the stub import must come from the writer.
    const key = await a.workspace("fresh-reads");
    await addStubs(a, "fresh-reads", [{ id: "one", request: { method: "GET", path: "/one" }, response: { body: "1" } }], key);
    const res = await a.admin("GET", "/admin/workspaces/fresh-reads", undefined, { key });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { workspace: { name: string } }).workspace.name, "fresh-reads");
  });

  it("a second instance serves a stub created via the first within 1 s, though the replica applies commits late (LSN wait)", async () => {
    const a = await start();
    const b = await start();
    const key = await a.workspace("lagging");
    await caughtUp();
    // B compiles (and caches) the workspace from the replica before the change.
    assert.equal((await b.mock("/w/lagging/greet")).status, 404);

    await addStubs(a, "lagging", [{ id: "greet", request: { method: "GET", path: "/greet" }, response: { body: "from A" } }], key);
    const t0 = Date.now();
    // The replica has not applied the commit yet: without the wait, B would recompile a stale workspace and keep serving 404.
    const early = (await onReplica.query("SELECT count(*)::int AS n FROM stubs WHERE workspace = 'lagging'")).rows[0].n;
    const probedAt = Date.now() - t0;
    if (probedAt < APPLY_DELAY_MS / 2) assert.equal(early, 0, "the replica lags at the moment of the notification");
    const ms = await waitFor("B serves the stub created via A", async () => (await b.mock("/w/lagging/greet")).status === 200, 1000);
    assert.ok(ms <= 1000, `propagation took ${ms} ms`);
    assert.equal(await (await b.mock("/w/lagging/greet")).text(), "from A");

    // And an update through B reaches A the same way.
    assert.equal((await b.admin("PUT", "/admin/workspaces/lagging/stubs/greet", { request: { method: "GET", path: "/greet" }, response: { body: "from B" } }, { key })).status, 200);
    await waitFor("A serves B's update", async () => (await (await a.mock("/w/lagging/greet")).text()) === "from B", 1000);
  });
});
