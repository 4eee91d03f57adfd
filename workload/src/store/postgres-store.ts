/**
 * Postgres store: workspaces, hashed API keys, stubs, OpenAPI documents, files and
 * scenario state in Postgres (schema: migrations/*.sql). Writes go to the writer
 * endpoint; reads go to the reader endpoint when one is configured. Changes are
 * announced with NOTIFY on one channel; every instance LISTENs (on the writer) and
 * invalidates the workspace, so a stub written through instance A is served by
 * instance B within milliseconds. The notification carries the writer's WAL
 * position; with a reader configured the listener waits (bounded) until the reader
 * has replayed it, so B never recompiles from a stale replica. Changes arriving
 * through the Redis channel (RedisStateStore) take the same path (`deliverChange`).
 *
 * The request journal, usage counters and rate-limit windows stay in process memory
 * (per instance) unless RedisStateStore moves them to Redis.
 */
import { Pool, Client, type PoolConfig, type ClientConfig } from "pg";
import type { DatabaseConfig } from "../config";
import type { Logger } from "../log";
import type { StubDefinition } from "../stubs/stub-types";
import { ChangeHub } from "./changes";
import { Ring } from "./memory-store";
import { migrate } from "./migrate";
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
import { LocalUsage } from "./usage";

export const CHANGE_CHANNEL = "mockforge_changes";

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function splitHostPort(hostPort: string): { host: string; port: number } {
  const i = hostPort.lastIndexOf(":");
  return { host: hostPort.slice(0, i).replace(/^\[|\]$/g, ""), port: Number(hostPort.slice(i + 1)) };
}

/** Connection settings for one endpoint; TLS per DATABASE_SSLMODE (disable only reaches here for loopback hosts). */
export function connectionConfig(db: DatabaseConfig, hostPort: string): ClientConfig {
  const { host, port } = splitHostPort(hostPort);
  let ssl: ClientConfig["ssl"];
  if (db.sslMode === "disable") {
    if (!isLoopbackHost(host)) throw new Error(`DATABASE_SSLMODE=disable is only allowed for loopback hosts, not ${host}`);
    ssl = false;
  } else if (db.sslMode === "require") ssl = { rejectUnauthorized: false };
  else ssl = { rejectUnauthorized: true, servername: host };
  return {
    host,
    port,
    database: db.name,
    user: db.user,
    password: db.password,
    ssl,
    connectionTimeoutMillis: 2000,
    application_name: "mockforge",
    keepAlive: true,
  };
}

/** The NOTIFY payload (the Redis channel carries the same fields). Older instances send only `w` (and `lsn`). */
interface ChangeMessage {
  w: string;
  lsn?: string;
  /** Origin instance. */
  o?: string;
  /** Change id (de-duplication across channels). */
  id?: string;
}

export interface PostgresStoreOptions {
  /**
   * LISTEN for change notifications (default true). Off only in tests that prove another
   * channel (Redis) delivers changes on its own; NOTIFY is always sent.
   */
  listen?: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class PostgresStore implements MockStore {
  readonly kind = "postgres";
  private readonly writer: Pool;
  private readonly reader: Pool;
  private readonly changes: ChangeHub;
  private readonly usage = new LocalUsage();
  private readonly journals = new Map<string, Ring<JournalEntry>>();
  private readonly listenEnabled: boolean;
  private listenClient: Client | undefined;
  private listening = false;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: DatabaseConfig,
    private readonly logger: Logger,
    opts: PostgresStoreOptions = {},
  ) {
    this.listenEnabled = opts.listen ?? true;
    this.changes = new ChangeHub((change) => this.catchUp(change));
    const base: PoolConfig = { ...connectionConfig(db, db.writerHost), max: 10, idleTimeoutMillis: 30_000 };
    this.writer = new Pool(base);
    this.writer.on("error", (err) => logger.warn("database connection lost (writer)", { error: err.message }));
    if (db.readerHost !== undefined) {
      this.reader = new Pool({ ...connectionConfig(db, db.readerHost), max: 10, idleTimeoutMillis: 30_000 });
      this.reader.on("error", (err) => logger.warn("database connection lost (reader)", { error: err.message }));
    } else this.reader = this.writer;
  }

  /** Applies migrations (retrying while the database is unreachable, up to `waitMs`) and starts listening for changes. */
  async start(waitMs = 30_000): Promise<void> {
    const deadline = Date.now() + waitMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const applied = await migrate(this.writer);
        this.logger.info("database schema ready", { applied, writer: this.db.writerHost, reader: this.db.readerHost ?? null });
        break;
      } catch (err) {
        if (Date.now() >= deadline || /migration .* failed/.test((err as Error).message)) throw err;
        this.logger.warn("database not reachable yet, retrying", { attempt, error: (err as Error).message });
        await sleep(Math.min(2000, 200 * attempt));
      }
    }
    if (this.listenEnabled) await this.listen();
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new Client(connectionConfig(this.db, this.db.writerHost));
    this.listenClient = client;
    const lost = (why: string): void => {
      if (this.listenClient !== client) return;
      this.listenClient = undefined;
      this.listening = false;
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.logger.warn("change listener lost, reconnecting", { error: why });
      this.scheduleListen(500);
    };
    client.on("error", (err) => lost(err.message));
    client.on("end", () => lost("connection ended"));
    client.on("notification", (msg) => {
      if (msg.channel !== CHANGE_CHANNEL || !msg.payload) return;
      let parsed: ChangeMessage;
      try {
        parsed = JSON.parse(msg.payload) as ChangeMessage;
      } catch {
        return;
      }
      if (typeof parsed?.w !== "string") return;
      void this.changes.deliver({
        workspace: parsed.w,
        ...(typeof parsed.id === "string" ? { id: parsed.id } : {}),
        ...(typeof parsed.o === "string" ? { origin: parsed.o } : {}),
        ...(typeof parsed.lsn === "string" ? { lsn: parsed.lsn } : {}),
      });
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (err) {
      lost((err as Error).message);
      return;
    }
    const wasReconnect = this.listening === false && this.everListened;
    this.listening = true;
    this.everListened = true;
    if (wasReconnect) {
      // Notifications sent while we were away are lost: drop every compiled workspace.
      this.logger.info("change listener reconnected");
      try {
        for (const w of await this.listWorkspaces()) this.emit(w.name);
      } catch {
        /* the next change or reconnect covers it */
      }
    }
  }
  private everListened = false;

  private scheduleListen(ms: number): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.listen();
    }, ms);
  }

  /** Before a change (from NOTIFY or the Redis channel) is applied: wait (at most ~1 s) until the replica has replayed it. */
  private async catchUp(change: ChangeEvent): Promise<void> {
    if (this.reader === this.writer || !change.lsn) return;
    for (let i = 0; i < 20; i++) {
      try {
        const r = await this.reader.query<{ ok: boolean | null }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok", [change.lsn]);
        if (r.rows[0]?.ok !== false) break;
      } catch {
        break;
      }
      await sleep(50);
    }
  }

  private emit(workspace: string): void {
    this.changes.emit(workspace);
  }

  /**
   * Local listeners at once; other instances through NOTIFY (sent by the database that holds
   * the write) and the relays (the Redis channel), both carrying the writer's LSN and the change id.
   */
  private async changed(workspace: string): Promise<void> {
    const change = this.changes.local(workspace);
    const r = await this.writer.query<{ lsn: string }>(
      `WITH p AS (SELECT pg_current_wal_lsn()::text AS lsn)
       SELECT p.lsn, pg_notify($1, json_build_object('w', $2::text, 'lsn', p.lsn, 'o', $3::text, 'id', $4::text)::text) FROM p`,
      [CHANGE_CHANNEL, workspace, change.origin, change.id],
    );
    this.changes.relay({ ...change, lsn: r.rows[0]?.lsn });
  }

  onLocalChange(listener: (change: ChangeEvent) => void): () => void {
    return this.changes.onLocalChange(listener);
  }

  /** A change from another channel (Redis): the same path as a NOTIFY. */
  deliverChange(change: ChangeEvent): Promise<void> {
    return this.changes.deliver(change);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error("store is closed");
    const status = await this.dependencies();
    const bad = Object.entries(status).filter(([, v]) => v !== "ok");
    if (bad.length > 0) throw new Error(bad.map(([k, v]) => `${k}: ${v}`).join("; "));
  }

  async dependencies(): Promise<Record<string, string>> {
    const check = async (pool: Pool): Promise<string> => {
      try {
        await pool.query("SELECT 1");
        return "ok";
      } catch (err) {
        return (err as Error).message || "unreachable";
      }
    };
    const out: Record<string, string> = { database: await check(this.writer) };
    if (this.reader !== this.writer) out.databaseReader = await check(this.reader);
    if (this.listenEnabled) out.changeListener = this.listening ? "ok" : "reconnecting";
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const c = this.listenClient;
    this.listenClient = undefined;
    if (c) await c.end().catch(() => undefined);
    await this.writer.end().catch(() => undefined);
    if (this.reader !== this.writer) await this.reader.end().catch(() => undefined);
  }

  onChange(listener: (workspace: string) => void): () => void {
    return this.changes.onChange(listener);
  }

  private async exists(workspace: string): Promise<void> {
    const r = await this.writer.query("SELECT 1 FROM workspaces WHERE name = $1", [workspace]);
    if (r.rowCount === 0) throw new Error(`workspace ${JSON.stringify(workspace)} does not exist`);
  }

  // Workspaces

  async createWorkspace(workspace: Workspace): Promise<boolean> {
    const r = await this.writer.query(
      "INSERT INTO workspaces (name, created_at, settings) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
      [workspace.name, workspace.createdAt, JSON.stringify(workspace.settings)],
    );
    if (r.rowCount === 0) return false;
    await this.changed(workspace.name);
    return true;
  }

  async getWorkspace(name: string, options: { fresh?: boolean } = {}): Promise<Workspace | undefined> {
    const r = await (options.fresh ? this.writer : this.reader).query<{ name: string; created_at: string; settings: WorkspaceSettings }>(
      "SELECT name, created_at, settings FROM workspaces WHERE name = $1",
      [name],
    );
    const row = r.rows[0];
    return row ? { name: row.name, createdAt: Number(row.created_at), settings: row.settings } : undefined;
  }

  async listWorkspaces(): Promise<Workspace[]> {
    const r = await this.reader.query<{ name: string; created_at: string; settings: WorkspaceSettings }>(
      "SELECT name, created_at, settings FROM workspaces ORDER BY name COLLATE \"C\"",
    );
    return r.rows.map((row) => ({ name: row.name, createdAt: Number(row.created_at), settings: row.settings }));
  }

  async updateWorkspaceSettings(name: string, settings: WorkspaceSettings): Promise<Workspace | undefined> {
    const r = await this.writer.query<{ name: string; created_at: string; settings: WorkspaceSettings }>(
      "UPDATE workspaces SET settings = $2 WHERE name = $1 RETURNING name, created_at, settings",
      [name, JSON.stringify(settings)],
    );
    const row = r.rows[0];
    if (!row) return undefined;
    await this.changed(name);
    return { name: row.name, createdAt: Number(row.created_at), settings: row.settings };
  }

  async deleteWorkspace(name: string): Promise<boolean> {
    const r = await this.writer.query("DELETE FROM workspaces WHERE name = $1", [name]);
    this.journals.delete(name);
    this.usage.forget(name);
    if (r.rowCount === 0) return false;
    await this.changed(name);
    return true;
  }

  async resetWorkspace(name: string): Promise<void> {
    await this.tx(async (q) => {
      const r = await q("SELECT 1 FROM workspaces WHERE name = $1 FOR UPDATE", [name]);
      if (r.rowCount === 0) throw new Error(`workspace ${JSON.stringify(name)} does not exist`);
      for (const table of ["stubs", "openapi_documents", "files", "scenario_states"]) {
        await q(`DELETE FROM ${table} WHERE workspace = $1`, [name]);
      }
    });
    this.journals.get(name)?.clear();
    this.usage.reset(name);
    await this.changed(name);
  }

  private async tx(fn: (q: (sql: string, params?: unknown[]) => Promise<{ rowCount: number | null }>) => Promise<void>): Promise<void> {
    const client = await this.writer.connect();
    try {
      await client.query("BEGIN");
      await fn((sql, params) => client.query(sql, params));
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  // API keys

  async putApiKey(record: ApiKeyRecord): Promise<void> {
    await this.exists(record.workspace);
    await this.writer.query(
      `INSERT INTO api_keys (hash, id, workspace, label, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (hash) DO UPDATE SET id = EXCLUDED.id, workspace = EXCLUDED.workspace, label = EXCLUDED.label, created_at = EXCLUDED.created_at`,
      [record.hash, record.id, record.workspace, record.label ?? null, record.createdAt],
    );
  }

  private static key(row: { hash: string; id: string; workspace: string; label: string | null; created_at: string }): ApiKeyRecord {
    return { id: row.id, workspace: row.workspace, hash: row.hash, ...(row.label !== null ? { label: row.label } : {}), createdAt: Number(row.created_at) };
  }

  async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    // The writer: a key revoked a moment ago must not authenticate through a lagging replica.
    const r = await this.writer.query("SELECT hash, id, workspace, label, created_at FROM api_keys WHERE hash = $1", [hash]);
    return r.rows[0] ? PostgresStore.key(r.rows[0]) : undefined;
  }

  async listApiKeys(workspace: string): Promise<ApiKeyRecord[]> {
    const r = await this.reader.query("SELECT hash, id, workspace, label, created_at FROM api_keys WHERE workspace = $1 ORDER BY created_at, id", [workspace]);
    return r.rows.map(PostgresStore.key);
  }

  async deleteApiKey(workspace: string, id: string): Promise<boolean> {
    const r = await this.writer.query("DELETE FROM api_keys WHERE workspace = $1 AND id = $2", [workspace, id]);
    return (r.rowCount ?? 0) > 0;
  }

  // Stubs

  async listStubs(workspace: string): Promise<StubDefinition[]> {
    const r = await this.reader.query<{ definition: StubDefinition }>("SELECT definition FROM stubs WHERE workspace = $1 ORDER BY position", [workspace]);
    return r.rows.map((row) => row.definition);
  }

  async getStub(workspace: string, id: string): Promise<StubDefinition | undefined> {
    const r = await this.reader.query<{ definition: StubDefinition }>("SELECT definition FROM stubs WHERE workspace = $1 AND id = $2", [workspace, id]);
    return r.rows[0]?.definition;
  }

  async putStubs(workspace: string, stubs: StubDefinition[], mode: StubWriteMode): Promise<void> {
    await this.tx(async (q) => {
      const r = await q("SELECT 1 FROM workspaces WHERE name = $1 FOR SHARE", [workspace]);
      if (r.rowCount === 0) throw new Error(`workspace ${JSON.stringify(workspace)} does not exist`);
      if (mode === "replace") await q("DELETE FROM stubs WHERE workspace = $1", [workspace]);
      for (const s of stubs) {
        await q(
          "INSERT INTO stubs (workspace, id, definition) VALUES ($1, $2, $3) ON CONFLICT (workspace, id) DO UPDATE SET definition = EXCLUDED.definition",
          [workspace, s.id, JSON.stringify(s)],
        );
      }
    });
    await this.changed(workspace);
  }

  async deleteStub(workspace: string, id: string): Promise<boolean> {
    const r = await this.writer.query("DELETE FROM stubs WHERE workspace = $1 AND id = $2", [workspace, id]);
    if ((r.rowCount ?? 0) === 0) return false;
    await this.changed(workspace);
    return true;
  }

  async deleteAllStubs(workspace: string): Promise<number> {
    await this.exists(workspace);
    const r = await this.writer.query("DELETE FROM stubs WHERE workspace = $1", [workspace]);
    await this.changed(workspace);
    return r.rowCount ?? 0;
  }

  // OpenAPI documents

  async putOpenApiDoc(workspace: string, doc: StoredOpenApiDoc): Promise<void> {
    await this.exists(workspace);
    await this.writer.query(
      `INSERT INTO openapi_documents (workspace, id, name, source, base_path, validate_requests, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (workspace, id) DO UPDATE SET name = EXCLUDED.name, source = EXCLUDED.source, base_path = EXCLUDED.base_path,
         validate_requests = EXCLUDED.validate_requests, created_at = EXCLUDED.created_at`,
      [workspace, doc.id, doc.name, doc.source, doc.basePath, doc.validateRequests, doc.createdAt],
    );
    await this.changed(workspace);
  }

  private static doc(row: { id: string; name: string; source: string; base_path: string; validate_requests: boolean; created_at: string }): StoredOpenApiDoc {
    return { id: row.id, name: row.name, source: row.source, basePath: row.base_path, validateRequests: row.validate_requests, createdAt: Number(row.created_at) };
  }

  async listOpenApiDocs(workspace: string): Promise<StoredOpenApiDoc[]> {
    const r = await this.reader.query(
      "SELECT id, name, source, base_path, validate_requests, created_at FROM openapi_documents WHERE workspace = $1 ORDER BY position",
      [workspace],
    );
    return r.rows.map(PostgresStore.doc);
  }

  async getOpenApiDoc(workspace: string, id: string): Promise<StoredOpenApiDoc | undefined> {
    const r = await this.reader.query(
      "SELECT id, name, source, base_path, validate_requests, created_at FROM openapi_documents WHERE workspace = $1 AND id = $2",
      [workspace, id],
    );
    return r.rows[0] ? PostgresStore.doc(r.rows[0]) : undefined;
  }

  async deleteOpenApiDoc(workspace: string, id: string): Promise<boolean> {
    const r = await this.writer.query("DELETE FROM openapi_documents WHERE workspace = $1 AND id = $2", [workspace, id]);
    if ((r.rowCount ?? 0) === 0) return false;
    await this.changed(workspace);
    return true;
  }

  // Files

  async putFile(workspace: string, file: StoredFile): Promise<void> {
    await this.exists(workspace);
    await this.writer.query(
      `INSERT INTO files (workspace, name, content_type, data, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace, name) DO UPDATE SET content_type = EXCLUDED.content_type, data = EXCLUDED.data, created_at = EXCLUDED.created_at`,
      [workspace, file.name, file.contentType, file.data, file.createdAt],
    );
    await this.changed(workspace);
  }

  async getFile(workspace: string, name: string): Promise<StoredFile | undefined> {
    const r = await this.reader.query<{ name: string; content_type: string; data: Buffer; created_at: string }>(
      "SELECT name, content_type, data, created_at FROM files WHERE workspace = $1 AND name = $2",
      [workspace, name],
    );
    const row = r.rows[0];
    return row ? { name: row.name, contentType: row.content_type, data: row.data, createdAt: Number(row.created_at) } : undefined;
  }

  async listFiles(workspace: string): Promise<Array<Omit<StoredFile, "data"> & { size: number }>> {
    const r = await this.reader.query<{ name: string; content_type: string; size: number; created_at: string }>(
      "SELECT name, content_type, octet_length(data) AS size, created_at FROM files WHERE workspace = $1 ORDER BY name COLLATE \"C\"",
      [workspace],
    );
    return r.rows.map((row) => ({ name: row.name, contentType: row.content_type, createdAt: Number(row.created_at), size: Number(row.size) }));
  }

  async deleteFile(workspace: string, name: string): Promise<boolean> {
    const r = await this.writer.query("DELETE FROM files WHERE workspace = $1 AND name = $2", [workspace, name]);
    if ((r.rowCount ?? 0) === 0) return false;
    await this.changed(workspace);
    return true;
  }

  // Scenario state: on the writer (read-your-write on the request path), shared by every instance.

  async getScenarioStates(workspace: string): Promise<Record<string, string>> {
    const r = await this.writer.query<{ scenario: string; state: string }>("SELECT scenario, state FROM scenario_states WHERE workspace = $1", [workspace]);
    return Object.fromEntries(r.rows.map((row) => [row.scenario, row.state]));
  }

  async setScenarioState(workspace: string, scenario: string, state: string): Promise<void> {
    await this.writer.query(
      "INSERT INTO scenario_states (workspace, scenario, state) VALUES ($1, $2, $3) ON CONFLICT (workspace, scenario) DO UPDATE SET state = EXCLUDED.state",
      [workspace, scenario, state],
    );
  }

  async resetScenarios(workspace: string, scenario?: string): Promise<void> {
    if (scenario === undefined) await this.writer.query("DELETE FROM scenario_states WHERE workspace = $1", [workspace]);
    else await this.writer.query("DELETE FROM scenario_states WHERE workspace = $1 AND scenario = $2", [workspace, scenario]);
  }

  // Journal: per instance, in memory (Redis holds the shared one in a later step).

  appendJournal(workspace: string, entry: JournalEntry, journalSize: number): void {
    let ring = this.journals.get(workspace);
    if (!ring) this.journals.set(workspace, (ring = new Ring<JournalEntry>(journalSize)));
    ring.push(entry, journalSize);
  }

  async listJournal(workspace: string): Promise<JournalEntry[]> {
    return this.journals.get(workspace)?.toArray() ?? [];
  }

  async clearJournal(workspace: string): Promise<void> {
    this.journals.get(workspace)?.clear();
  }

  // Rate limits and usage counters: per instance, in memory (Redis holds the shared ones).

  hitRateLimit(workspace: string, limit: RateLimit, nowMs: number): RateLimitDecision {
    return this.usage.hit(workspace, limit, nowMs);
  }

  recordUsage(workspace: string, status: number, outcome: UsageOutcome): void {
    this.usage.record(workspace, status, outcome);
  }

  async getUsage(workspace: string): Promise<UsageCounts> {
    return this.usage.get(workspace);
  }

  async resetUsage(workspace: string): Promise<void> {
    this.usage.resetCounters(workspace);
  }
}
