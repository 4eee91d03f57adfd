/**
 * A throwaway Redis Sentinel setup for the live tests: 1 primary + 2 replicas
 * (redis-server) and 3 redis-sentinel processes, all on 127.0.0.1 with free ports,
 * password-protected, in a temp folder under workload/.tmp. Processes run in the
 * foreground, owned by the test.
 */
import { ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { WORKLOAD_ROOT } from "./helpers";
import { freePort } from "./pg-cluster";
import { setTimeout as sleep } from "node:timers/promises";

const REDIS_SERVER = "/usr/bin/redis-server";
const REDIS_SENTINEL = "/usr/bin/redis-sentinel";

export class RedisSentinelCluster {
  readonly master = "mf-live";
  readonly password = `rp-${randomBytes(12).toString("hex")}`;
  redisPorts: number[] = [];
  sentinelPorts: number[] = [];
  private readonly procs = new Map<string, ChildProcess>();
  private readonly dir: string;

  constructor() {
    for (const bin of [REDIS_SERVER, REDIS_SENTINEL]) {
      if (!fs.existsSync(bin)) {
        throw new Error(`${bin} is missing: the live Redis tests run the real Debian binaries. Install them with \`apt-get install -y redis-server redis-sentinel\`, then rerun.`);
      }
    }
    const tmp = join(WORKLOAD_ROOT, ".tmp");
    fs.mkdirSync(tmp, { recursive: true });
    this.dir = fs.mkdtempSync(join(tmp, `redis-${process.pid}-`));
  }

  env(): Record<string, string> {
    return {
      REDIS_SENTINELS: this.sentinelPorts.map((p) => `127.0.0.1:${p}`).join(","),
      REDIS_MASTER_NAME: this.master,
      REDIS_PASSWORD: this.password,
    };
  }

  private start(name: string, bin: string, conf: string): void {
    const log = fs.openSync(join(this.dir, `${name}.log`), "a");
    this.procs.set(name, spawn(bin, [conf], { stdio: ["ignore", log, log] }));
    fs.closeSync(log);
  }

  async init(): Promise<void> {
    for (let i = 0; i < 3; i++) this.redisPorts.push(await freePort());
    for (let i = 0; i < 3; i++) this.sentinelPorts.push(await freePort());
    for (let i = 0; i < 3; i++) {
      const d = join(this.dir, `redis${i}`);
      fs.mkdirSync(d);
      const conf = [
        `port ${this.redisPorts[i]}`,
        "bind 127.0.0.1",
        `dir ${d}`,
        'save ""',
        "appendonly no",
        `requirepass ${this.password}`,
        `masterauth ${this.password}`,
        "repl-diskless-sync yes",
        "repl-diskless-sync-delay 0",
        ...(i === 0 ? [] : [`replicaof 127.0.0.1 ${this.redisPorts[0]}`]),
      ].join("\n");
      fs.writeFileSync(join(d, "redis.conf"), conf + "\n");
      this.start(`redis${i}`, REDIS_SERVER, join(d, "redis.conf"));
    }
    await this.waitFor("the primary to have 2 online replicas", 15_000, async () => {
      const info = await this.command(this.redisPorts[0], "INFO", "replication");
      return /connected_slaves:2/.test(String(info)) && (String(info).match(/state=online/g) ?? []).length === 2;
    });
    for (let i = 0; i < 3; i++) {
      const d = join(this.dir, `sentinel${i}`);
      fs.mkdirSync(d);
      const conf = [
        `port ${this.sentinelPorts[i]}`,
        "bind 127.0.0.1",
        `dir ${d}`,
        `sentinel monitor ${this.master} 127.0.0.1 ${this.redisPorts[0]} 2`,
        `sentinel auth-pass ${this.master} ${this.password}`,
        `sentinel down-after-milliseconds ${this.master} 1000`,
        `sentinel failover-timeout ${this.master} 3000`,
        `sentinel parallel-syncs ${this.master} 2`,
        `requirepass ${this.password}`,
        `sentinel sentinel-pass ${this.password}`,
      ].join("\n");
      fs.writeFileSync(join(d, "sentinel.conf"), conf + "\n");
      this.start(`sentinel${i}`, REDIS_SENTINEL, join(d, "sentinel.conf"));
    }
    await this.waitFor("every sentinel to know 2 replicas and 2 other sentinels", 20_000, async () => {
      for (const p of this.sentinelPorts) {
        const m = (await this.command(p, "SENTINEL", "MASTER", this.master)) as string[];
        const rec: Record<string, string> = {};
        for (let j = 0; j < m.length; j += 2) rec[m[j]] = m[j + 1];
        if (rec["num-slaves"] !== "2" || rec["num-other-sentinels"] !== "2") return false;
      }
      return true;
    });
  }

  /** One command on a fresh, short-lived connection. */
  async command(port: number, ...args: string[]): Promise<unknown> {
    const c = new Redis({ host: "127.0.0.1", port, password: this.password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
    c.on("error", () => undefined);
    try {
      await c.connect();
      return await c.call(args[0], ...args.slice(1));
    } finally {
      c.disconnect();
    }
  }

  /** host:port of the primary, as the first answering sentinel sees it. */
  async primary(): Promise<string> {
    for (const p of this.sentinelPorts) {
      try {
        const r = (await this.command(p, "SENTINEL", "get-master-addr-by-name", this.master)) as string[];
        return `${r[0]}:${r[1]}`;
      } catch {
        /* that sentinel is down: ask the next */
      }
    }
    throw new Error("no sentinel answered");
  }

  async kill(name: string): Promise<void> {
    const child = this.procs.get(name);
    this.procs.delete(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGKILL");
    await exited;
  }

  async waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<number> {
    const t0 = Date.now();
    for (;;) {
      if (await probe().catch(() => false)) return Date.now() - t0;
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.logTails()}`);
      await sleep(100);
    }
  }

  logTails(): string {
    return [...fs.readdirSync(this.dir)]
      .filter((f) => f.endsWith(".log"))
      .map((f) => `--- ${f}\n${fs.readFileSync(join(this.dir, f), "utf8").split("\n").slice(-8).join("\n")}`)
      .join("\n");
  }

  async destroy(): Promise<void> {
    for (const name of [...this.procs.keys()]) await this.kill(name);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
