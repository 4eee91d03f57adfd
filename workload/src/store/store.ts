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
 *   instance (part 2: Redis pub/sub). The engine recompiles lazily on that.
 * - `appendJournal` is fire-and-forget on the request path: it must not block
 *   and must keep at most `journalSize` entries per workspace (oldest dropped).
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

export interface WorkspaceSettings {
  /** Seed for schema-generated responses (same seed, same bodies). */
  seed: number;
  /** Forward unmatched requests here. */
  proxy?: ProxySettings;
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

  // Files (response bodies); part 2 keeps them in the assets bucket
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
}
