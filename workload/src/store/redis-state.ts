/**
 * Redis through Sentinel for the fast-changing, shared state: scenario state, the bounded
 * request journal, rate-limit windows, usage counters, and the change channel between
 * instances. Everything else is delegated to the base store (Postgres, or memory without a
 * database). The client (ioredis) asks the Sentinels for the current primary, reconnects
 * through them on its own after a failover, and queues commands meanwhile. A scenario
 * write is acknowledged only once at least one replica has it (WAIT), so a failover cannot
 * lose an acknowledged transition.
 *
 * Change channel: every durable change made through the base store is PUBLISHed on
 * `mf:changes` (workspace, origin instance, change id, writer LSN); a dedicated subscriber
 * connection hands each message to the base store's `deliverChange`, the same path as a
 * Postgres NOTIFY (replica catch-up, then the listeners; a change id seen on the other
 * channel first is dropped). ioredis re-subscribes on its own after a reconnect (its ready
 * handler replays the previous connection's subscriptions; autoResubscribe defaults to
 * true); messages published while the subscriber was away are lost, so every reconnect
 * also invalidates every workspace.
 */
import { Redis, type RedisOptions } from "ioredis";
import type { RedisConfig } from "../config";
import type { Logger } from "../log";
import type { StubDefinition } from "../stubs/stub-types";
import type {
  ApiKeyRecord,
  ChangeEvent,
  JournalEntry,
  MockStore,
  RateLimit,
  RateLimitDecision,
  StoredFile,
  StoredOpenApiDoc,
  StubWriteMode,
  UsageCounts,
  UsageOutcome,
  Workspace,
  WorkspaceSettings,
} from "./store";
import { rateDecision, rateWindow, usageCounts, UsageTally, type UsageField } from "./usage";

/** The pub/sub channel for change events (one for every workspace). */
export const REDIS_CHANGE_CHANNEL = "mf:changes";

const scenariosKey = (ws: string): string => `mf:{${ws}}:scenarios`;
const journalKey = (ws: string): string => `mf:{${ws}}:journal`;
const usageKey = (ws: string): string => `mf:{${ws}}:usage`;
/** One key per workspace and fixed window: `mf:{ws}:rl:<windowSeconds>:<window start, epoch seconds>`. */
const rateKey = (ws: string, limit: RateLimit, startMs: number): string => `mf:{${ws}}:rl:${limit.windowSeconds}:${startMs / 1000}`;
const rateKeyPattern = (ws: string): string => `mf:{${ws}}:rl:*`;

/** Kept past the window's end, so an instance whose clock is slightly behind still counts into the same key. */
const RATE_KEY_GRACE_MS = 5000;
/** INCR the window's counter; give it a TTL on creation (or if it somehow lost it). Returns the count. */
const RATE_HIT_LUA = `
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n
`;
interface RateCommands {
  mfRateHit(key: string, ttlMs: string): Promise<number>;
}

/** How often this instance adds its counted requests to the shared counters. */
export const USAGE_FLUSH_MS = 250;

/** The message on the change channel (the same fields as the Postgres NOTIFY payload). */
interface ChangeWire {
  w: string;
  o?: string;
  id?: string;
  lsn?: string;
}

interface WireEntry extends Omit<JournalEntry, "body"> {
  body: string | null;
}

export interface RedisStateOptions {
  /** Replicas that must confirm a scenario write (WAIT); 0 turns the check off. */
  replicasToAck?: number;
  /** How long a write waits for them. */
  ackTimeoutMs?: number;
}

export class RedisStateStore implements MockStore {
  readonly kind: string;
  private readonly redis: Redis;
  /** Dedicated to SUBSCRIBE (a subscribed connection is kept out of the command path). */
  private readonly sub: Redis;
  private readonly lastWarn = new Map<string, number>();
  private readonly replicasToAck: number;
  private readonly ackTimeoutMs: number;
  private readonly unrelay: () => void;
  private subscribed = false;
  /** Counted requests not yet added to Redis: workspace → deltas. */
  private pendingUsage = new Map<string, UsageTally>();
  private flushing: Promise<void> | undefined;
  private readonly usageTimer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly base: MockStore,
    cfg: RedisConfig,
    private readonly logger: Logger,
    opts: RedisStateOptions = {},
  ) {
    this.kind = `${base.kind}+redis`;
    this.replicasToAck = opts.replicasToAck ?? 1;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 1000;
    const options: RedisOptions = {
      sentinels: cfg.sentinels,
      name: cfg.masterName,
      password: cfg.password,
      sentinelPassword: cfg.password,
      role: "master",
      // The connection to a dead primary drops and the client asks the Sentinels again; a demoted
      // primary answers READONLY (below). (ioredis' failoverDetector leaves sentinel sockets without
      // error listeners, so it is not used.)
      connectTimeout: 2000,
      commandTimeout: 3000,
      maxRetriesPerRequest: 3,
      lazyConnect: true,
      retryStrategy: (times) => Math.min(100 * times, 1000),
      sentinelRetryStrategy: (times) => Math.min(100 * times, 1000),
      // A demoted primary answers READONLY: reconnect (asking the Sentinels again) and retry.
      reconnectOnError: (err) => (/READONLY|LOADING|MASTERDOWN/.test(err.message) ? 2 : false),
    };
    this.redis = new Redis({ ...options, enableAutoPipelining: true });
    this.redis.defineCommand("mfRateHit", { numberOfKeys: 1, lua: RATE_HIT_LUA });
    this.redis.on("error", (err: Error) => logger.debug("redis connection error", { error: err.message }));
    this.redis.on("ready", () => logger.info("redis connected", { master: cfg.masterName }));

    // The subscriber: also through the Sentinels, so after a failover it reconnects to the new primary.
    this.sub = new Redis({ ...options, autoResubscribe: true });
    this.sub.on("error", (err: Error) => logger.debug("redis subscriber connection error", { error: err.message }));
    this.sub.on("message", (channel: string, message: string) => {
      if (channel === REDIS_CHANGE_CHANNEL) this.received(message);
    });
    this.sub.on("ready", () => {
      if (!this.subscribed) return;
      // A reconnect: ioredis re-subscribes by itself (it replays the old connection's channels in its
      // ready handler); subscribing again is harmless and keeps this independent of that option.
      // What was published meanwhile is gone, so every workspace is recompiled.
      this.sub.subscribe(REDIS_CHANGE_CHANNEL).then(
        () => {
          logger.info("redis change channel re-subscribed", { channel: REDIS_CHANGE_CHANNEL });
          void this.invalidateAll();
        },
        (err: Error) => this.warn("subscribe", "redis change channel subscription failed", err),
      );
    });

    this.unrelay = base.onLocalChange ? base.onLocalChange((change) => this.publish(change)) : () => undefined;
    this.usageTimer = setInterval(() => void this.flushUsage().catch(() => undefined), USAGE_FLUSH_MS);
    this.usageTimer.unref();
  }

  /** Logs a recurring failure at most every 10 s per kind. */
  private warn(kind: string, msg: string, err: Error): void {
    const now = Date.now();
    if (now - (this.lastWarn.get(kind) ?? 0) <= 10_000) return;
    this.lastWarn.set(kind, now);
    this.logger.warn(msg, { error: err.message });
  }

  /** Connects through the Sentinels; rejects when no primary answers within `waitMs`. */
  async start(waitMs = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no primary reachable through the sentinels within ${waitMs} ms`)), waitMs);
    });
    try {
      await Promise.race([
        Promise.all([
          this.redis.connect().then(() => this.redis.ping()),
          this.sub.connect().then(() => this.sub.subscribe(REDIS_CHANGE_CHANNEL)),
        ]),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
    this.subscribed = true;
    this.logger.info("redis ready", { master: this.redis.options.name, changeChannel: REDIS_CHANGE_CHANNEL });
  }

  // The change channel

  private publish(change: ChangeEvent): void {
    if (this.closed) return;
    const wire: ChangeWire = { w: change.workspace, ...(change.origin ? { o: change.origin } : {}), ...(change.id ? { id: change.id } : {}), ...(change.lsn ? { lsn: change.lsn } : {}) };
    // Fire-and-forget: the change is durable already; while Redis fails over the command waits in
    // ioredis' queue (bounded by maxRetriesPerRequest), and the other instances also get the Postgres
    // NOTIFY (with a database) or recompile everything when their subscriber reconnects.
    this.redis.publish(REDIS_CHANGE_CHANNEL, JSON.stringify(wire)).catch((err: Error) => this.warn("publish", "change not published on the redis channel", err));
  }

  private received(message: string): void {
    let wire: ChangeWire;
    try {
      wire = JSON.parse(message) as ChangeWire;
    } catch {
      return;
    }
    if (typeof wire?.w !== "string" || !this.base.deliverChange) return;
    void this.base.deliverChange({
      workspace: wire.w,
      ...(typeof wire.id === "string" ? { id: wire.id } : {}),
      ...(typeof wire.o === "string" ? { origin: wire.o } : {}),
      ...(typeof wire.lsn === "string" ? { lsn: wire.lsn } : {}),
    });
  }

  private async invalidateAll(): Promise<void> {
    if (!this.base.deliverChange) return;
    try {
      for (const w of await this.base.listWorkspaces()) void this.base.deliverChange({ workspace: w.name });
    } catch {
      /* the next change or reconnect covers it */
    }
  }

  // Lifecycle

  async ping(): Promise<void> {
    const deps = await this.dependencies();
    const bad = Object.entries(deps).filter(([, v]) => v !== "ok");
    if (bad.length > 0) throw new Error(bad.map(([k, v]) => `${k}: ${v}`).join("; "));
  }

  async dependencies(): Promise<Record<string, string>> {
    const base: Record<string, string> = this.base.dependencies
      ? await this.base.dependencies()
      : await this.base.ping().then(
          () => ({ [this.base.kind]: "ok" }),
          (err: Error) => ({ [this.base.kind]: err.message }),
        );
    let redis = "ok";
    try {
      if (this.redis.status !== "ready") throw new Error(`connection ${this.redis.status}`);
      await this.redis.ping();
    } catch (err) {
      redis = (err as Error).message || "unreachable";
    }
    const redisChanges = this.sub.status === "ready" ? "ok" : `subscriber connection ${this.sub.status}`;
    return { ...base, redis, redisChanges };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unrelay();
    clearInterval(this.usageTimer);
    // Hand this instance's last counts over, but do not hold the shutdown up for an unreachable Redis.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flushUsage().catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, 500)))]);
    clearTimeout(timer);
    this.sub.disconnect();
    this.redis.disconnect();
    await this.base.close();
  }

  onChange(listener: (workspace: string) => void): () => void {
    return this.base.onChange(listener);
  }

  onLocalChange(listener: (change: ChangeEvent) => void): () => void {
    return this.base.onLocalChange ? this.base.onLocalChange(listener) : () => undefined;
  }

  async deliverChange(change: ChangeEvent): Promise<void> {
    await this.base.deliverChange?.(change);
  }

  // Workspaces: the base store, plus this workspace's Redis keys

  async createWorkspace(workspace: Workspace): Promise<boolean> {
    const ok = await this.base.createWorkspace(workspace);
    // A reused name starts clean (keys a deleted namesake may have left: late counter flushes, journal appends).
    if (ok) await this.deleteKeys(workspace.name);
    return ok;
  }
  getWorkspace(name: string, options?: { fresh?: boolean }): Promise<Workspace | undefined> {
    return this.base.getWorkspace(name, options);
  }
  listWorkspaces(): Promise<Workspace[]> {
    return this.base.listWorkspaces();
  }
  updateWorkspaceSettings(name: string, settings: WorkspaceSettings): Promise<Workspace | undefined> {
    return this.base.updateWorkspaceSettings(name, settings);
  }
  async deleteWorkspace(name: string): Promise<boolean> {
    const ok = await this.base.deleteWorkspace(name);
    await this.deleteKeys(name);
    return ok;
  }
  async resetWorkspace(name: string): Promise<void> {
    await this.base.resetWorkspace(name);
    await this.deleteKeys(name);
    await this.redis.hset(usageKey(name), "since", String(Date.now()));
  }

  /** Every Redis key of a workspace: scenarios, journal, usage counters, rate-limit windows. */
  private async deleteKeys(name: string): Promise<void> {
    this.pendingUsage.delete(name);
    const keys = [scenariosKey(name), journalKey(name), usageKey(name)];
    let cursor = "0";
    do {
      const [next, found] = await this.redis.scan(cursor, "MATCH", rateKeyPattern(name), "COUNT", 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== "0");
    await this.redis.del(...keys);
  }

  putApiKey(record: ApiKeyRecord): Promise<void> {
    return this.base.putApiKey(record);
  }
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    return this.base.findApiKeyByHash(hash);
  }
  listApiKeys(workspace: string): Promise<ApiKeyRecord[]> {
    return this.base.listApiKeys(workspace);
  }
  deleteApiKey(workspace: string, id: string): Promise<boolean> {
    return this.base.deleteApiKey(workspace, id);
  }

  listStubs(workspace: string): Promise<StubDefinition[]> {
    return this.base.listStubs(workspace);
  }
  getStub(workspace: string, id: string): Promise<StubDefinition | undefined> {
    return this.base.getStub(workspace, id);
  }
  putStubs(workspace: string, stubs: StubDefinition[], mode: StubWriteMode): Promise<void> {
    return this.base.putStubs(workspace, stubs, mode);
  }
  deleteStub(workspace: string, id: string): Promise<boolean> {
    return this.base.deleteStub(workspace, id);
  }
  deleteAllStubs(workspace: string): Promise<number> {
    return this.base.deleteAllStubs(workspace);
  }

  putOpenApiDoc(workspace: string, doc: StoredOpenApiDoc): Promise<void> {
    return this.base.putOpenApiDoc(workspace, doc);
  }
  listOpenApiDocs(workspace: string): Promise<StoredOpenApiDoc[]> {
    return this.base.listOpenApiDocs(workspace);
  }
  getOpenApiDoc(workspace: string, id: string): Promise<StoredOpenApiDoc | undefined> {
    return this.base.getOpenApiDoc(workspace, id);
  }
  deleteOpenApiDoc(workspace: string, id: string): Promise<boolean> {
    return this.base.deleteOpenApiDoc(workspace, id);
  }

  putFile(workspace: string, file: StoredFile): Promise<void> {
    return this.base.putFile(workspace, file);
  }
  getFile(workspace: string, name: string): Promise<StoredFile | undefined> {
    return this.base.getFile(workspace, name);
  }
  listFiles(workspace: string): Promise<Array<Omit<StoredFile, "data"> & { size: number }>> {
    return this.base.listFiles(workspace);
  }
  deleteFile(workspace: string, name: string): Promise<boolean> {
    return this.base.deleteFile(workspace, name);
  }

  // Scenario state

  async getScenarioStates(workspace: string): Promise<Record<string, string>> {
    return this.redis.hgetall(scenariosKey(workspace));
  }

  /** Resolves once the primary and `replicasToAck` replicas have the write. */
  private async replicated(): Promise<void> {
    if (this.replicasToAck === 0) return;
    const n = Number(await this.redis.call("WAIT", String(this.replicasToAck), String(this.ackTimeoutMs)));
    if (n < this.replicasToAck) throw new Error(`redis write reached ${n} of ${this.replicasToAck} replicas within ${this.ackTimeoutMs} ms`);
  }

  async setScenarioState(workspace: string, scenario: string, state: string): Promise<void> {
    await this.redis.hset(scenariosKey(workspace), scenario, state);
    await this.replicated();
  }

  async resetScenarios(workspace: string, scenario?: string): Promise<void> {
    if (scenario === undefined) await this.redis.del(scenariosKey(workspace));
    else await this.redis.hdel(scenariosKey(workspace), scenario);
    await this.replicated();
  }

  // Journal: a capped list per workspace, newest first in Redis

  appendJournal(workspace: string, entry: JournalEntry, journalSize: number): void {
    if (journalSize <= 0) return;
    const wire: WireEntry = { ...entry, body: entry.body ? entry.body.toString("base64") : null };
    const key = journalKey(workspace);
    this.redis
      .multi()
      .lpush(key, JSON.stringify(wire))
      .ltrim(key, 0, journalSize - 1)
      .exec()
      .catch((err: Error) => this.warn("journal", "journal append failed (entries dropped while redis is unavailable)", err));
  }

  async listJournal(workspace: string): Promise<JournalEntry[]> {
    const raw = await this.redis.lrange(journalKey(workspace), 0, -1);
    return raw.reverse().map((line) => {
      const w = JSON.parse(line) as WireEntry;
      return { ...w, body: w.body === null ? undefined : Buffer.from(w.body, "base64") };
    });
  }

  async clearJournal(workspace: string): Promise<void> {
    await this.redis.del(journalKey(workspace));
  }

  // Rate limits: one counter per workspace and window in Redis, shared by every instance

  hitRateLimit(workspace: string, limit: RateLimit, nowMs: number): Promise<RateLimitDecision> {
    // Not connected (failover, outage): answer at once instead of waiting in ioredis' offline queue;
    // the engine serves the request anyway (fail open).
    if (this.redis.status !== "ready") return Promise.reject(new Error(`redis connection ${this.redis.status}`));
    const { startMs, endMs } = rateWindow(limit, nowMs);
    const ttlMs = Math.max(1000, endMs - nowMs + RATE_KEY_GRACE_MS);
    return (this.redis as unknown as RateCommands)
      .mfRateHit(rateKey(workspace, limit, startMs), String(ttlMs))
      .then((count) => rateDecision(Number(count), limit, endMs));
  }

  // Usage counters: hash mf:{ws}:usage, fed from per-instance deltas every USAGE_FLUSH_MS

  recordUsage(workspace: string, status: number, outcome: UsageOutcome): void {
    let t = this.pendingUsage.get(workspace);
    if (t === undefined) this.pendingUsage.set(workspace, (t = new UsageTally(null)));
    t.add(status, outcome);
  }

  /** Adds the pending deltas to Redis (one pipeline); kept for later while Redis is not connected. */
  private flushUsage(): Promise<void> {
    if (this.flushing) return this.flushing.catch(() => undefined).then(() => this.flushUsage());
    if (this.pendingUsage.size === 0 || this.redis.status !== "ready") return Promise.resolve();
    const batch = this.pendingUsage;
    this.pendingUsage = new Map();
    const now = String(Date.now());
    const p = this.redis.pipeline();
    for (const [ws, tally] of batch) {
      const key = usageKey(ws);
      p.hsetnx(key, "since", now);
      for (const [field, n] of tally.counts) p.hincrby(key, field, n);
    }
    this.flushing = p
      .exec()
      .then((results) => {
        const failed = results?.find(([err]) => err !== null);
        if (failed) throw failed[0];
      })
      .catch((err: Error) => {
        // Dropped rather than retried: a retry could count twice if the first attempt was applied.
        this.warn("usage", "usage counters not updated (counts of this interval dropped)", err);
        throw err;
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  async getUsage(workspace: string): Promise<UsageCounts> {
    // This instance's latest requests first, so a read right after them sees them.
    await this.flushUsage().catch(() => undefined);
    const h = await this.redis.hgetall(usageKey(workspace));
    const since = h.since !== undefined ? Number(h.since) : null;
    return usageCounts((f: UsageField) => Number(h[f] ?? 0), since);
  }

  async resetUsage(workspace: string): Promise<void> {
    this.pendingUsage.delete(workspace);
    await this.redis.multi().del(usageKey(workspace)).hset(usageKey(workspace), "since", String(Date.now())).exec();
  }
}
