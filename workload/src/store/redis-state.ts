/**
 * Redis through Sentinel for the fast-changing, shared state: scenario state and the
 * bounded request journal. Everything else is delegated to the base store (Postgres, or
 * memory without a database). The client (ioredis) asks the Sentinels for the current
 * primary, reconnects through them on its own after a failover, and
 * queues commands meanwhile. A scenario write is acknowledged only once at least one
 * replica has it (WAIT), so a failover cannot lose an acknowledged transition.
 */
import { Redis } from "ioredis";
import type { RedisConfig } from "../config";
import type { Logger } from "../log";
import type { StubDefinition } from "../stubs/stub-types";
import type {
  ApiKeyRecord,
  JournalEntry,
  MockStore,
  StoredFile,
  StoredOpenApiDoc,
  StubWriteMode,
  Workspace,
  WorkspaceSettings,
} from "./store";

const scenariosKey = (ws: string): string => `mf:{${ws}}:scenarios`;
const journalKey = (ws: string): string => `mf:{${ws}}:journal`;

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
  private lastJournalWarn = 0;
  private readonly replicasToAck: number;
  private readonly ackTimeoutMs: number;

  constructor(
    private readonly base: MockStore,
    cfg: RedisConfig,
    private readonly logger: Logger,
    opts: RedisStateOptions = {},
  ) {
    this.kind = `${base.kind}+redis`;
    this.replicasToAck = opts.replicasToAck ?? 1;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 1000;
    this.redis = new Redis({
      sentinels: cfg.sentinels,
      name: cfg.masterName,
      password: cfg.password,
      sentinelPassword: cfg.password,
      role: "master",
      // The connection to a dead primary drops and the client asks the Sentinels again; a demoted
      // primary answers READONLY (below). (ioredis' failoverDetector leaves sentinel sockets without
      // error listeners, so it is not used.)
      enableAutoPipelining: true,
      connectTimeout: 2000,
      commandTimeout: 3000,
      maxRetriesPerRequest: 3,
      lazyConnect: true,
      retryStrategy: (times) => Math.min(100 * times, 1000),
      sentinelRetryStrategy: (times) => Math.min(100 * times, 1000),
      // A demoted primary answers READONLY: reconnect (asking the Sentinels again) and retry.
      reconnectOnError: (err) => (/READONLY|LOADING|MASTERDOWN/.test(err.message) ? 2 : false),
    });
    this.redis.on("error", (err: Error) => logger.debug("redis connection error", { error: err.message }));
    this.redis.on("ready", () => logger.info("redis connected", { master: cfg.masterName }));
  }

  /** Connects through the Sentinels; rejects when no primary answers within `waitMs`. */
  async start(waitMs = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no primary reachable through the sentinels within ${waitMs} ms`)), waitMs);
    });
    try {
      await Promise.race([this.redis.connect().then(() => this.redis.ping()), timeout]);
    } finally {
      clearTimeout(timer);
    }
    this.logger.info("redis ready", { master: this.redis.options.name });
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
    return { ...base, redis };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    await this.base.close();
  }

  onChange(listener: (workspace: string) => void): () => void {
    return this.base.onChange(listener);
  }

  // Workspaces: the base store, plus this workspace's Redis keys

  createWorkspace(workspace: Workspace): Promise<boolean> {
    return this.base.createWorkspace(workspace);
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
    await this.redis.del(scenariosKey(name), journalKey(name));
    return ok;
  }
  async resetWorkspace(name: string): Promise<void> {
    await this.base.resetWorkspace(name);
    await this.redis.del(scenariosKey(name), journalKey(name));
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
      .catch((err: Error) => {
        const now = Date.now();
        if (now - this.lastJournalWarn > 10_000) {
          this.lastJournalWarn = now;
          this.logger.warn("journal append failed (entries dropped while redis is unavailable)", { error: err.message });
        }
      });
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
}
