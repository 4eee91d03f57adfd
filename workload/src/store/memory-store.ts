/** The embedded store: everything in process memory (the default with no database or Redis configured). */
import type { StubDefinition } from "../stubs/stub-types";
import { ChangeHub } from "./changes";
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

/** Fixed-capacity ring buffer: appends never allocate past the first fill. */
export class Ring<T> {
  private items: T[] = [];
  private start = 0;
  constructor(private capacity: number) {}
  push(item: T, capacity: number): void {
    if (capacity !== this.capacity) this.resize(capacity);
    if (this.capacity === 0) return;
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }
  toArray(): T[] {
    return this.items.slice(this.start).concat(this.items.slice(0, this.start));
  }
  clear(): void {
    this.items = [];
    this.start = 0;
  }
  private resize(capacity: number): void {
    const all = this.toArray();
    this.capacity = capacity;
    this.items = capacity === 0 ? [] : all.slice(Math.max(0, all.length - capacity));
    this.start = 0;
  }
}

interface WorkspaceData {
  workspace: Workspace;
  stubs: Map<string, StubDefinition>;
  docs: Map<string, StoredOpenApiDoc>;
  files: Map<string, StoredFile>;
  scenarios: Map<string, string>;
  journal: Ring<JournalEntry>;
}

export class InMemoryStore implements MockStore {
  readonly kind = "memory";
  private readonly data = new Map<string, WorkspaceData>();
  private readonly keysByHash = new Map<string, ApiKeyRecord>();
  private readonly changes = new ChangeHub();
  private readonly usage = new LocalUsage();
  private closed = false;

  async ping(): Promise<void> {
    if (this.closed) throw new Error("store is closed");
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  onChange(listener: (workspace: string) => void): () => void {
    return this.changes.onChange(listener);
  }

  onLocalChange(listener: (change: ChangeEvent) => void): () => void {
    return this.changes.onLocalChange(listener);
  }

  deliverChange(change: ChangeEvent): Promise<void> {
    return this.changes.deliver(change);
  }

  /** Local listeners now, relays (the Redis channel, when configured) with the same event. */
  private changed(workspace: string): void {
    this.changes.relay(this.changes.local(workspace));
  }

  private ws(name: string): WorkspaceData {
    const d = this.data.get(name);
    if (!d) throw new Error(`workspace ${JSON.stringify(name)} does not exist`);
    return d;
  }

  async createWorkspace(workspace: Workspace): Promise<boolean> {
    if (this.data.has(workspace.name)) return false;
    this.data.set(workspace.name, {
      workspace: structuredClone(workspace),
      stubs: new Map(),
      docs: new Map(),
      files: new Map(),
      scenarios: new Map(),
      journal: new Ring<JournalEntry>(0),
    });
    this.changed(workspace.name);
    return true;
  }

  async getWorkspace(name: string): Promise<Workspace | undefined> {
    const d = this.data.get(name);
    return d ? structuredClone(d.workspace) : undefined;
  }

  async listWorkspaces(): Promise<Workspace[]> {
    return [...this.data.values()].map((d) => structuredClone(d.workspace)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async updateWorkspaceSettings(name: string, settings: WorkspaceSettings): Promise<Workspace | undefined> {
    const d = this.data.get(name);
    if (!d) return undefined;
    d.workspace = { ...d.workspace, settings: structuredClone(settings) };
    this.changed(name);
    return structuredClone(d.workspace);
  }

  async deleteWorkspace(name: string): Promise<boolean> {
    if (!this.data.delete(name)) return false;
    for (const [hash, rec] of this.keysByHash) if (rec.workspace === name) this.keysByHash.delete(hash);
    this.usage.forget(name);
    this.changed(name);
    return true;
  }

  async resetWorkspace(name: string): Promise<void> {
    const d = this.ws(name);
    d.stubs.clear();
    d.docs.clear();
    d.files.clear();
    d.scenarios.clear();
    d.journal.clear();
    this.usage.reset(name);
    this.changed(name);
  }

  async putApiKey(record: ApiKeyRecord): Promise<void> {
    this.ws(record.workspace);
    this.keysByHash.set(record.hash, { ...record });
  }

  async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const r = this.keysByHash.get(hash);
    return r ? { ...r } : undefined;
  }

  async listApiKeys(workspace: string): Promise<ApiKeyRecord[]> {
    return [...this.keysByHash.values()].filter((r) => r.workspace === workspace).map((r) => ({ ...r }));
  }

  async deleteApiKey(workspace: string, id: string): Promise<boolean> {
    for (const [hash, rec] of this.keysByHash) {
      if (rec.workspace === workspace && rec.id === id) {
        this.keysByHash.delete(hash);
        return true;
      }
    }
    return false;
  }

  async listStubs(workspace: string): Promise<StubDefinition[]> {
    return [...this.ws(workspace).stubs.values()].map((s) => structuredClone(s));
  }

  async getStub(workspace: string, id: string): Promise<StubDefinition | undefined> {
    const s = this.ws(workspace).stubs.get(id);
    return s ? structuredClone(s) : undefined;
  }

  async putStubs(workspace: string, stubs: StubDefinition[], mode: StubWriteMode): Promise<void> {
    const d = this.ws(workspace);
    if (mode === "replace") d.stubs.clear();
    for (const s of stubs) d.stubs.set(s.id, structuredClone(s));
    this.changed(workspace);
  }

  async deleteStub(workspace: string, id: string): Promise<boolean> {
    const ok = this.ws(workspace).stubs.delete(id);
    if (ok) this.changed(workspace);
    return ok;
  }

  async deleteAllStubs(workspace: string): Promise<number> {
    const d = this.ws(workspace);
    const n = d.stubs.size;
    d.stubs.clear();
    this.changed(workspace);
    return n;
  }

  async putOpenApiDoc(workspace: string, doc: StoredOpenApiDoc): Promise<void> {
    this.ws(workspace).docs.set(doc.id, { ...doc });
    this.changed(workspace);
  }

  async listOpenApiDocs(workspace: string): Promise<StoredOpenApiDoc[]> {
    return [...this.ws(workspace).docs.values()].map((d) => ({ ...d }));
  }

  async getOpenApiDoc(workspace: string, id: string): Promise<StoredOpenApiDoc | undefined> {
    const doc = this.ws(workspace).docs.get(id);
    return doc ? { ...doc } : undefined;
  }

  async deleteOpenApiDoc(workspace: string, id: string): Promise<boolean> {
    const ok = this.ws(workspace).docs.delete(id);
    if (ok) this.changed(workspace);
    return ok;
  }

  async putFile(workspace: string, file: StoredFile): Promise<void> {
    this.ws(workspace).files.set(file.name, { ...file, data: Buffer.from(file.data) });
    this.changed(workspace);
  }

  async getFile(workspace: string, name: string): Promise<StoredFile | undefined> {
    const f = this.ws(workspace).files.get(name);
    return f ? { ...f } : undefined;
  }

  async listFiles(workspace: string): Promise<Array<Omit<StoredFile, "data"> & { size: number }>> {
    return [...this.ws(workspace).files.values()]
      .map((f) => ({ name: f.name, contentType: f.contentType, createdAt: f.createdAt, size: f.data.length }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async deleteFile(workspace: string, name: string): Promise<boolean> {
    const ok = this.ws(workspace).files.delete(name);
    if (ok) this.changed(workspace);
    return ok;
  }

  async getScenarioStates(workspace: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.ws(workspace).scenarios);
  }

  async setScenarioState(workspace: string, scenario: string, state: string): Promise<void> {
    this.ws(workspace).scenarios.set(scenario, state);
  }

  async resetScenarios(workspace: string, scenario?: string): Promise<void> {
    const d = this.ws(workspace);
    if (scenario === undefined) d.scenarios.clear();
    else d.scenarios.delete(scenario);
  }

  appendJournal(workspace: string, entry: JournalEntry, journalSize: number): void {
    const d = this.data.get(workspace);
    if (d) d.journal.push(entry, journalSize);
  }

  async listJournal(workspace: string): Promise<JournalEntry[]> {
    return this.ws(workspace).journal.toArray();
  }

  async clearJournal(workspace: string): Promise<void> {
    this.ws(workspace).journal.clear();
  }

  hitRateLimit(workspace: string, limit: RateLimit, nowMs: number): RateLimitDecision {
    return this.usage.hit(workspace, limit, nowMs);
  }

  recordUsage(workspace: string, status: number, outcome: UsageOutcome): void {
    // Not for a workspace deleted while the request was in flight (nothing would ever clear it).
    if (this.data.has(workspace)) this.usage.record(workspace, status, outcome);
  }

  async getUsage(workspace: string): Promise<UsageCounts> {
    this.ws(workspace);
    return this.usage.get(workspace);
  }

  async resetUsage(workspace: string): Promise<void> {
    this.ws(workspace);
    this.usage.resetCounters(workspace);
  }
}
