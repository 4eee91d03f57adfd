/**
 * The storage seam. The engine and the admin API talk only to this interface;
 * part 1 ships the in-memory implementation, part 2 plugs in Postgres (config,
 * keys, stubs, documents, files) and Redis (scenario state, journal, change
 * notifications across instances) behind the same methods.
 *
 * Contract for implementations:
 * - Every method that changes what a workspace serves (workspace settings,
 *   stubs, OpenAPI documents, files, deletion) must call the `onChange`
 *   listeners with the workspace name once the change is durable, on every
 *   instance (Postgres LISTEN/NOTIFY and the Redis channel `mf:changes`). The
 *   engine recompiles lazily on that.
 * - `appendJournal` and `recordUsage` are fire-and-forget on the request path:
 *   they must not block; the journal keeps at most `journalSize` entries per
 *   workspace (oldest dropped).
 * - `hitRateLimit` is on the request path of rate-limited workspaces: it may
 *   answer synchronously (in memory); the engine bounds an asynchronous answer
 *   and serves the request anyway when it is late or fails (fail open).
 * - Errors reject the promise; callers count them in `mockforge_store_errors_total`.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { StubDefinition } from "../stubs/stub-types";

export interface ProxySettings {
  /** Absolute http(s) URL; the request path is appended to its path. */
  upstream: string;
  /** Turn each proxied response into a stub. */
  record: boolean;
}

/** A tenant quota: at most `requests` mock requests per fixed window of `windowSeconds`. */
export interface RateLimit {
  /** 1 to 1,000,000. */
  requests: number;
  /** 1 to 3600. */
  windowSeconds: number;
}

export interface WorkspaceSettings {
  /** Seed for schema-generated responses (same seed, same bodies). */
  seed: number;
  /** Forward unmatched requests here. */
  proxy?: ProxySettings;
  /** Mock traffic beyond this answers 429 (shared by all instances when Redis is configured). */
  rateLimit?: RateLimit;
}

export interface Workspace {
  name: string;
  createdAt: number;
  settings: WorkspaceSettings;
}

export interface ApiKeyRecord {
  id: string;
  workspace: string;
  /** HMAC-SHA256 of the key with the admin secret, hex. The key itself is never stored. */
  hash: string;
  label?: string;
  createdAt: number;
}

export interface StoredOpenApiDoc {
  id: string;
  name: string;
  /** The document text as imported (JSON or YAML); compiled by the engine. */
  source: string;
  /** Prefix added before every path of the document (e.g. "/v1"); "" for none. */
  basePath: string;
  validateRequests: boolean;
  createdAt: number;
}

export interface StoredFile {
  name: string;
  contentType: string;
  data: Buffer;
  createdAt: number;
}

export interface JournalEntry {
  /** Request id (also the x-request-id response header). */
  id: string;
  /** Milliseconds since epoch. */
  at: number;
  method: string;
  /** Path inside the workspace, without the `/w/<name>` prefix or query. */
  path: string;
  /** Raw query string without "?" ("" when none). */
  query: string;
  headers: IncomingHttpHeaders;
  /** The body, truncated to its first 64 KiB. */
  body: Buffer | undefined;
  /** The full body size in bytes. */
  bodySize: number;
  status: number;
  /** Stub id, `openapi:<doc>:<operation>`, `proxy`, or null when unmatched. */
  matched: string | null;
  durationMs: number;
}

export type StubWriteMode = "append" | "replace";

/** One request counted against a workspace's rate limit. */
export interface RateLimitDecision {
  allowed: boolean;
  /** The configured `requests`. */
  limit: number;
  /** Requests left in the current window (0 once exhausted). */
  remaining: number;
  /** When the current window ends, milliseconds since epoch. */
  resetMs: number;
}

/**
 * How a mock request ended, for the usage counters: a stub/operation/proxy answered
 * (`matched`), the 404 no-match answer (`unmatched`), the 429 rate-limit answer
 * (`rateLimited`), or anything else before matching (body too large, store unavailable).
 */
export type UsageOutcome = "matched" | "unmatched" | "rateLimited" | "other";

export const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** A workspace's request counters (shared by every instance when Redis is configured). */
export interface UsageCounts {
  total: number;
  matched: number;
  unmatched: number;
  rateLimited: number;
  byStatusClass: Record<StatusClass, number>;
  /** When counting started (first counted request, or the last reset), ms since epoch; null before. */
  since: number | null;
}

/**
 * A change to what a workspace serves, as announced between instances (Postgres NOTIFY
 * payload and Redis `mf:changes` message carry the same fields).
 */
export interface ChangeEvent {
  workspace: string;
  /** `<origin>:<sequence>`, unique per change: the same change arriving on both channels is applied once. */
  id?: string;
  /** The instance (store) that made the change. */
  origin?: string;
  /** The Postgres writer's WAL position after the change: a reader replica must replay it before the change is applied. */
  lsn?: string;
}

export interface MockStore {
  /** Name of the implementation, shown in logs and /health/ready. */
  readonly kind: string;
  /** Resolves when the backing services answer (readiness). */
  ping(): Promise<void>;
  /**
   * Optional: the state of each backing service by name ("database", ...), "ok" or
   * what is wrong; /health/ready reports it and is ready only when all are "ok".
   */
  dependencies?(): Promise<Record<string, string>>;
  close(): Promise<void>;
  /** Subscribe to "what this workspace serves changed"; returns an unsubscribe function. */
  onChange(listener: (workspace: string) => void): () => void;
  /**
   * Optional, for a change relay (the Redis channel): called once per durable change made
   * through this instance (never for changes received from other instances), with what the
   * other instances need to apply it (including the writer's LSN for a Postgres store).
   */
  onLocalChange?(listener: (change: ChangeEvent) => void): () => void;
  /**
   * Optional: applies a change announced through a relay, through the same path as the store's
   * own notifications (replica catch-up, then the `onChange` listeners). A change id already
   * applied (it came through the other channel first) is ignored.
   */
  deliverChange?(change: ChangeEvent): Promise<void>;

  // Workspaces
  /** False when the name is taken. */
  createWorkspace(workspace: Workspace): Promise<boolean>;
  /**
   * `fresh`: read from the writer (read-your-writes). The admin API asks for
   * it, so a workspace created a moment ago is found even when reads
   * otherwise go to a replica that has not replayed the creation yet.
   */
  getWorkspace(name: string, options?: { fresh?: boolean }): Promise<Workspace | undefined>;
  listWorkspaces(): Promise<Workspace[]>;
  updateWorkspaceSettings(name: string, settings: WorkspaceSettings): Promise<Workspace | undefined>;
  /** Deletes the workspace and everything in it (keys, stubs, documents, files, scenarios, journal). */
  deleteWorkspace(name: string): Promise<boolean>;
  /** Clears stubs, documents, files, scenario state and journal; keeps keys and settings. */
  resetWorkspace(name: string): Promise<void>;

  // API keys (hashed)
  putApiKey(record: ApiKeyRecord): Promise<void>;
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(workspace: string): Promise<ApiKeyRecord[]>;
  deleteApiKey(workspace: string, id: string): Promise<boolean>;

  // Stubs
  listStubs(workspace: string): Promise<StubDefinition[]>;
  getStub(workspace: string, id: string): Promise<StubDefinition | undefined>;
  /** Upserts by id; "replace" first removes every other stub of the workspace. */
  putStubs(workspace: string, stubs: StubDefinition[], mode: StubWriteMode): Promise<void>;
  deleteStub(workspace: string, id: string): Promise<boolean>;
  deleteAllStubs(workspace: string): Promise<number>;

  // OpenAPI documents
  putOpenApiDoc(workspace: string, doc: StoredOpenApiDoc): Promise<void>;
  listOpenApiDocs(workspace: string): Promise<StoredOpenApiDoc[]>;
  getOpenApiDoc(workspace: string, id: string): Promise<StoredOpenApiDoc | undefined>;
  deleteOpenApiDoc(workspace: string, id: string): Promise<boolean>;

  // Files (response bodies): kept by the store itself (Postgres `files` with a database)
  putFile(workspace: string, file: StoredFile): Promise<void>;
  getFile(workspace: string, name: string): Promise<StoredFile | undefined>;
  listFiles(workspace: string): Promise<Array<Omit<StoredFile, "data"> & { size: number }>>;
  deleteFile(workspace: string, name: string): Promise<boolean>;

  // Scenario state (absent means "Started")
  getScenarioStates(workspace: string): Promise<Record<string, string>>;
  setScenarioState(workspace: string, scenario: string, state: string): Promise<void>;
  /** Resets one scenario, or all of the workspace's when `scenario` is undefined. */
  resetScenarios(workspace: string, scenario?: string): Promise<void>;

  // Request journal (bounded per workspace)
  appendJournal(workspace: string, entry: JournalEntry, journalSize: number): void;
  /** Oldest first. */
  listJournal(workspace: string): Promise<JournalEntry[]>;
  clearJournal(workspace: string): Promise<void>;

  // Rate limits and usage counters (workspace reset and delete clear both)
  /** Counts one request in the fixed window containing `nowMs` and says whether it is within `limit`. */
  hitRateLimit(workspace: string, limit: RateLimit, nowMs: number): RateLimitDecision | Promise<RateLimitDecision>;
  /** Counts a finished mock request; fire-and-forget. */
  recordUsage(workspace: string, status: number, outcome: UsageOutcome): void;
  getUsage(workspace: string): Promise<UsageCounts>;
  /** Zeroes the counters (counting restarts now); the rate-limit window is left alone. */
  resetUsage(workspace: string): Promise<void>;
}
