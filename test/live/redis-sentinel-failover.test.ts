/**
 * LIVE: a 3-node Redis Sentinel cluster from the rendered configs, on the real Debian
 * binaries. Loses the primary node (redis-server and its Sentinel, SIGKILL) under a
 * write load and proves: Sentinel promotes a replica within a bound, no acknowledged
 * write is lost, the other replica follows, and the old primary rejoins as a replica.
 *
 * Each node has its own loopback address (127.0.0.1-3) and the same ports, exactly the
 * shape of a real deployment, where every node uses the same ports on its own address.
 */
import { ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { renderRedisConf, renderSentinelConf } from "../../constructs/core/redis-sentinel";
import { RespClient, RespError, type RespReply, pairsToRecord, parseInfo } from "../support/resp-client";

jest.setTimeout(120_000);

const REDIS_SERVER = "/usr/bin/redis-server";
const REDIS_SENTINEL = "/usr/bin/redis-sentinel";
const ADDRESSES = ["127.0.0.1", "127.0.0.2", "127.0.0.3"] as const;
// Unusual ports, probed free at start: another run of this suite on the same machine must not collide.
let REDIS_PORT = 17379;
let SENTINEL_PORT = 27379;
const MASTER = "mockforge-live";
const PASSWORD = `live-${randomBytes(12).toString("hex")}`;
const DOWN_AFTER_MS = 1000;
const FAILOVER_TIMEOUT_MS = 3000;
/** Upper bound for Sentinel to promote a replica after the primary dies (one split vote retry included). */
const PROMOTION_BOUND_MS = 15_000;
const ROOT = path.join(__dirname, "..", "..", ".tmp", `redis-sentinel-failover-${process.pid}`);

type Kind = "redis" | "sentinel";
const processes = new Map<string, ChildProcess>();
const clients = new Set<RespClient>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nodeDir = (i: number) => path.join(ROOT, `node${i}`);
const logPath = (kind: Kind, i: number) => path.join(nodeDir(i), `${kind}.log`);

function writeConfigs(i: number): void {
  const common = {
    nodeIndex: i,
    nodeAddresses: ADDRESSES,
    redisPort: REDIS_PORT,
    sentinelPort: SENTINEL_PORT,
    bindAddress: ADDRESSES[i],
    password: PASSWORD,
    masterName: MASTER,
    quorum: 2,
    downAfterMilliseconds: DOWN_AFTER_MS,
    failoverTimeoutMilliseconds: FAILOVER_TIMEOUT_MS,
  };
  fs.mkdirSync(path.join(nodeDir(i), "data"), { recursive: true });
  fs.mkdirSync(path.join(nodeDir(i), "sentinel"), { recursive: true });
  fs.writeFileSync(path.join(nodeDir(i), "redis.conf"), renderRedisConf({ ...common, dataDir: path.join(nodeDir(i), "data"), maxMemoryBytes: 64 * 1024 * 1024 }), { mode: 0o640 });
  fs.writeFileSync(path.join(nodeDir(i), "sentinel.conf"), renderSentinelConf({ ...common, dataDir: path.join(nodeDir(i), "sentinel") }), { mode: 0o640 });
}

/** Starts redis-server or redis-sentinel in the foreground (not daemonized) so the test owns the process. */
function start(kind: Kind, i: number): void {
  const conf = path.join(nodeDir(i), kind === "redis" ? "redis.conf" : "sentinel.conf");
  const log = fs.openSync(logPath(kind, i), "a");
  const child = spawn(kind === "redis" ? REDIS_SERVER : REDIS_SENTINEL, [conf], { stdio: ["ignore", log, log] });
  fs.closeSync(log);
  processes.set(`${kind}${i}`, child);
}

async function kill(kind: Kind, i: number, signal: NodeJS.Signals): Promise<void> {
  const child = processes.get(`${kind}${i}`);
  processes.delete(`${kind}${i}`);
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill(signal);
  await Promise.race([exited, new Promise<void>((r) => (timer = setTimeout(r, 5000)))]);
  clearTimeout(timer);
}

function logTails(): string {
  const tails: string[] = [];
  for (const i of [0, 1, 2]) {
    for (const kind of ["redis", "sentinel"] as const) {
      const file = logPath(kind, i);
      if (!fs.existsSync(file)) continue;
      const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-6);
      tails.push(`--- ${kind} node${i} ---\n${lines.join("\n")}`);
    }
  }
  return tails.join("\n");
}

async function connect(host: string, port: number): Promise<RespClient> {
  const client = await RespClient.connect({ host, port, password: PASSWORD, connectTimeoutMs: 500, commandTimeoutMs: 3000 });
  clients.add(client);
  return client;
}

async function call(host: string, port: number, ...args: (string | number)[]): Promise<RespReply> {
  const client = await connect(host, port);
  try {
    return await client.call(...args);
  } finally {
    client.close();
    clients.delete(client);
  }
}

const replication = async (host: string) => parseInfo(await call(host, REDIS_PORT, "INFO", "replication"));
const sentinelMaster = async (i: number) => pairsToRecord(await call(ADDRESSES[i], SENTINEL_PORT, "SENTINEL", "MASTER", MASTER));

async function masterAddrFrom(i: number): Promise<string> {
  const reply = await call(ADDRESSES[i], SENTINEL_PORT, "SENTINEL", "get-master-addr-by-name", MASTER);
  if (!Array.isArray(reply) || reply.length !== 2) throw new Error(`sentinel ${i} replied ${JSON.stringify(reply)}`);
  return `${reply[0]}:${reply[1]}`;
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

async function pickPorts(): Promise<void> {
  const start = Math.floor(Math.random() * 100);
  for (let k = 0; k < 100; k++) {
    const offset = (start + k) % 100;
    const checks = await Promise.all(ADDRESSES.flatMap((a) => [portFree(a, 17379 + offset), portFree(a, 27379 + offset)]));
    if (checks.every(Boolean)) {
      REDIS_PORT = 17379 + offset;
      SENTINEL_PORT = 27379 + offset;
      return;
    }
  }
  throw new Error("no free port pair in 17379-17478 / 27379-27478 on 127.0.0.1-3");
}

/** Polls `probe` until it returns true; on timeout the error names what was awaited, the last state and the logs. */
async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean | string>): Promise<number> {
  const started = Date.now();
  let last = "";
  while (Date.now() - started < timeoutMs) {
    try {
      const result = await probe();
      if (result === true) return Date.now() - started;
      last = typeof result === "string" ? result : "not yet";
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last}\n${logTails()}`);
}

/** Every acknowledged key with its value, read from one node (a replica serves reads too). */
async function missingKeys(host: string, acknowledged: Map<string, string>): Promise<string[]> {
  const client = await connect(host, REDIS_PORT);
  try {
    const keys = [...acknowledged.keys()];
    const missing: string[] = [];
    for (let at = 0; at < keys.length; at += 500) {
      const batch = keys.slice(at, at + 500);
      const values = (await client.call("MGET", ...batch)) as RespReply[];
      batch.forEach((k, j) => {
        if (values[j] !== acknowledged.get(k)) missing.push(`${k}=${JSON.stringify(values[j])}`);
      });
    }
    return missing;
  } finally {
    client.close();
    clients.delete(client);
  }
}

beforeAll(async () => {
  for (const bin of [REDIS_SERVER, REDIS_SENTINEL]) {
    if (!fs.existsSync(bin)) {
      throw new Error(`${bin} is missing: this live test runs the real Debian Redis binaries. Install them with \`sudo apt-get install -y redis-server redis-sentinel redis-tools\` (Debian/Ubuntu), then rerun.`);
    }
  }
  await pickPorts();
  fs.rmSync(ROOT, { recursive: true, force: true });
  for (const i of [0, 1, 2]) writeConfigs(i);
  for (const i of [0, 1, 2]) start("redis", i);
  await waitFor("node0 to see 2 online replicas", 15_000, async () => {
    const info = await replication(ADDRESSES[0]);
    return (info.role === "master" && info.connected_slaves === "2" && /state=online/.test(info.slave0) && /state=online/.test(info.slave1)) || JSON.stringify(info);
  });
  for (const i of [0, 1, 2]) start("sentinel", i);
  await waitFor("every Sentinel to know 2 replicas and 2 other Sentinels", 20_000, async () => {
    for (const i of [0, 1, 2]) {
      const m = await sentinelMaster(i);
      if (m["num-slaves"] !== "2" || m["num-other-sentinels"] !== "2") return `sentinel ${i}: ${JSON.stringify(m)}`;
    }
    return true;
  });
});

afterAll(async () => {
  for (const client of clients) client.close();
  for (const key of [...processes.keys()]) {
    const [kind, i] = [key.replace(/\d$/, "") as Kind, Number(key.slice(-1))];
    await kill(kind, i, "SIGKILL");
  }
  fs.rmSync(ROOT, { recursive: true, force: true });
});

describe("Redis Sentinel failover (live, real redis-server and redis-sentinel)", () => {
  const acknowledged = new Map<string, string>();
  let newPrimary = "";
  let remainingReplica = "";

  it("runs the rendered configuration: durability and write-safety settings are live", async () => {
    const client = await connect(ADDRESSES[0], REDIS_PORT);
    try {
      expect(await client.call("CONFIG", "GET", "appendonly")).toEqual(["appendonly", "yes"]);
      expect(await client.call("CONFIG", "GET", "min-replicas-to-write")).toEqual(["min-replicas-to-write", "1"]);
      expect(await client.call("CONFIG", "GET", "maxmemory-policy")).toEqual(["maxmemory-policy", "noeviction"]);
      await expect(client.call("FLUSHALL")).rejects.toThrow(/unknown command/i);
    } finally {
      client.close();
    }
    const anonymous = await RespClient.connect({ host: ADDRESSES[0], port: REDIS_PORT });
    try {
      await expect(anonymous.call("GET", "k0")).rejects.toThrow(/NOAUTH/);
    } finally {
      anonymous.close();
    }
    await expect(RespClient.connect({ host: ADDRESSES[0], port: SENTINEL_PORT, password: "wrong-password" })).rejects.toThrow(RespError);
  });

  it("promotes a replica after the primary node dies mid-load, losing no acknowledged write", async () => {
    const sentinelOrder = [1, 2, 0];
    const askSentinels = async (): Promise<string> => {
      for (const i of sentinelOrder) {
        try {
          return await masterAddrFrom(i);
        } catch {
          // that Sentinel is down: ask the next
        }
      }
      throw new Error("no Sentinel answered");
    };

    const originalPrimary = await askSentinels();
    expect(originalPrimary).toBe(`${ADDRESSES[0]}:${REDIS_PORT}`);

    let client: RespClient | undefined;
    let clientMaster = "";
    let n = 0;
    let killedAt = 0;
    let killing: Promise<unknown> | undefined;
    let promotedAt = 0;
    let firstAckAfterKillAt = 0;
    let ackedAfterKill = 0;
    let refusedWrites = 0;
    const loadDeadline = Date.now() + 40_000;

    while (ackedAfterKill < 300) {
      if (Date.now() > loadDeadline) throw new Error(`write load did not recover: ${ackedAfterKill} writes acknowledged after the kill\n${logTails()}`);
      if (!killing && acknowledged.size >= 500) {
        // Lose the whole primary node, as when its VM dies, while the next write is in flight.
        killing = sleep(0).then(() => {
          killedAt = Date.now();
          return Promise.all([kill("redis", 0, "SIGKILL"), kill("sentinel", 0, "SIGKILL")]);
        });
      }
      try {
        if (!client || client.isClosed) {
          const master = await askSentinels();
          if (killedAt && !promotedAt && master !== originalPrimary) promotedAt = Date.now();
          const [host, port] = master.split(":");
          client = await connect(host, Number(port));
          clientMaster = master;
        }
        const key = `k${n}`;
        const value = `v${n}`;
        n++;
        if ((await client.call("SET", key, value)) !== "OK") continue;
        const replicas = await client.call("WAIT", 1, 500);
        if (typeof replicas === "number" && replicas >= 1) {
          acknowledged.set(key, value);
          if (killedAt && clientMaster !== originalPrimary) {
            ackedAfterKill++;
            if (!firstAckAfterKillAt) firstAckAfterKillAt = Date.now();
          }
        }
      } catch (e) {
        // Connection lost (node gone) or refused write (READONLY, NOREPLICAS): rediscover through Sentinel.
        if (e instanceof RespError) refusedWrites++;
        client?.close();
        client = undefined;
        await sleep(50);
      }
    }
    client?.close();
    await killing;

    newPrimary = (await askSentinels()).split(":")[0];
    remainingReplica = ADDRESSES.find((a) => a !== newPrimary && a !== ADDRESSES[0]) ?? "";
    const promotionMs = promotedAt - killedAt;
    const writeOutageMs = firstAckAfterKillAt - killedAt;
    console.log(
      `Redis Sentinel failover: promoted ${newPrimary} ${promotionMs} ms after SIGKILL of the primary node; ` +
        `first acknowledged write after ${writeOutageMs} ms (down-after ${DOWN_AFTER_MS} ms, failover-timeout ${FAILOVER_TIMEOUT_MS} ms); ` +
        `${acknowledged.size} writes acknowledged of ${n} attempted, ${refusedWrites} refused with an error reply`,
    );

    expect([ADDRESSES[1], ADDRESSES[2]]).toContain(newPrimary);
    expect(promotedAt).toBeGreaterThan(0);
    expect(promotionMs).toBeLessThan(PROMOTION_BOUND_MS);
    expect((await replication(newPrimary)).role).toBe("master");
    expect(await missingKeys(newPrimary, acknowledged)).toEqual([]);
  });

  it("keeps the remaining replica following the new primary", async () => {
    await waitFor(`${remainingReplica} to replicate from ${newPrimary}`, 15_000, async () => {
      const info = await replication(remainingReplica);
      return (info.role === "slave" && info.master_host === newPrimary && info.master_link_status === "up") || JSON.stringify(info);
    });
    await waitFor("both live Sentinels to report the new primary", 5000, async () => {
      for (const i of [1, 2]) if ((await masterAddrFrom(i)) !== `${newPrimary}:${REDIS_PORT}`) return `sentinel ${i} disagrees`;
      return true;
    });
  });

  it("rejoins the restarted old primary as a replica of the new primary (topology kept)", async () => {
    // Same files as before the crash: redis.conf still says "primary", Sentinel's state file is as it rewrote it.
    start("redis", 0);
    start("sentinel", 0);
    const rejoinMs = await waitFor(`${ADDRESSES[0]} to rejoin as a replica of ${newPrimary}`, 40_000, async () => {
      const info = await replication(ADDRESSES[0]);
      return (info.role === "slave" && info.master_host === newPrimary && info.master_link_status === "up") || JSON.stringify(info);
    });
    console.log(`Redis Sentinel failover: old primary rejoined as a replica ${rejoinMs} ms after restart`);

    await waitFor("all three Sentinels to agree on the new primary", 15_000, async () => {
      for (const i of [0, 1, 2]) if ((await masterAddrFrom(i)) !== `${newPrimary}:${REDIS_PORT}`) return `sentinel ${i} disagrees`;
      return true;
    });
    const primary = await replication(newPrimary);
    expect(primary.role).toBe("master");
    expect(primary.connected_slaves).toBe("2");
    expect(await call(newPrimary, REDIS_PORT, "WAIT", 2, 5000)).toBe(2);
    for (const host of [ADDRESSES[0], remainingReplica]) expect(await missingKeys(host, acknowledged)).toEqual([]);
  });
});
