/** Workspace operations shared by the admin API and the bootstrap loader. */
import { randomUUID } from "node:crypto";
import type { Config } from "../config";
import { compileOpenApiCached } from "../openapi/operations";
import { loadOpenApi } from "../openapi/document";
import { isWorkspaceName } from "../store/names";
import type { ApiKeyRecord, MockStore, StoredOpenApiDoc, StubWriteMode, Workspace, WorkspaceSettings } from "../store/store";
import { parseStubs, ValidationError } from "../stubs/parse-stub";
import type { StubDefinition } from "../stubs/stub-types";
import { isPlainObject } from "../util/json";
import { HttpProblem } from "../util/problem";
import { newApiKey, newKeyRecord } from "./auth";

export const DEFAULT_SETTINGS: WorkspaceSettings = { seed: 1 };

export interface ImportedDocument {
  id: string;
  name: string;
  title: string;
  version: string;
  basePath: string;
  validateRequests: boolean;
  operations: Array<{ method: string; path: string; operationId?: string }>;
  warnings: string[];
}

/** Limits of `settings.rateLimit`. */
export const RATE_LIMIT_BOUNDS = { requests: { min: 1, max: 1_000_000 }, windowSeconds: { min: 1, max: 3600 } } as const;

function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? text.slice(0, 37) + "..." : text;
}

export function parseSettings(raw: unknown, current: WorkspaceSettings = DEFAULT_SETTINGS, at = "settings"): WorkspaceSettings {
  if (raw === undefined) return current;
  const errors: Array<{ field: string; message: string }> = [];
  if (!isPlainObject(raw)) throw new ValidationError([{ field: at, message: "expected an object with seed, proxy and/or rateLimit" }]);
  const out: WorkspaceSettings = { ...current };
  for (const k of Object.keys(raw)) if (k !== "seed" && k !== "proxy" && k !== "rateLimit") errors.push({ field: `${at}.${k}`, message: "unknown field; expected seed, proxy or rateLimit" });
  if (raw.seed !== undefined) {
    if (typeof raw.seed !== "number" || !Number.isInteger(raw.seed) || raw.seed < 0 || raw.seed > 0xffffffff) errors.push({ field: `${at}.seed`, message: "expected an integer from 0 to 4294967295" });
    else out.seed = raw.seed;
  }
  if (raw.proxy === null) delete out.proxy;
  else if (raw.proxy !== undefined) {
    const p = raw.proxy;
    if (!isPlainObject(p)) errors.push({ field: `${at}.proxy`, message: "expected { upstream, record } or null" });
    else {
      for (const k of Object.keys(p)) if (k !== "upstream" && k !== "record") errors.push({ field: `${at}.proxy.${k}`, message: "unknown field; expected upstream or record" });
      let upstream: URL | undefined;
      try {
        upstream = typeof p.upstream === "string" ? new URL(p.upstream) : undefined;
      } catch {
        upstream = undefined;
      }
      if (!upstream || (upstream.protocol !== "http:" && upstream.protocol !== "https:")) {
        errors.push({ field: `${at}.proxy.upstream`, message: "expected an absolute http:// or https:// URL" });
      } else if (upstream.search || upstream.hash) {
        errors.push({ field: `${at}.proxy.upstream`, message: "must not contain a query or fragment" });
      }
      if (p.record !== undefined && typeof p.record !== "boolean") errors.push({ field: `${at}.proxy.record`, message: "expected true or false" });
      if (upstream) out.proxy = { upstream: String(p.upstream), record: p.record === true };
    }
  }
  if (raw.rateLimit === null) delete out.rateLimit;
  else if (raw.rateLimit !== undefined) {
    const r = raw.rateLimit;
    if (!isPlainObject(r)) errors.push({ field: `${at}.rateLimit`, message: `${shown(r)} is not valid: expected { requests, windowSeconds } or null` });
    else {
      for (const k of Object.keys(r)) if (k !== "requests" && k !== "windowSeconds") errors.push({ field: `${at}.rateLimit.${k}`, message: "unknown field; expected requests or windowSeconds" });
      const int = (name: "requests" | "windowSeconds", unit: string): number | undefined => {
        const v = r[name];
        const { min, max } = RATE_LIMIT_BOUNDS[name];
        if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max) return v;
        errors.push({
          field: `${at}.rateLimit.${name}`,
          message: v === undefined ? `required: ${unit}, an integer from ${min} to ${max}` : `${shown(v)} is not valid: expected ${unit}, an integer from ${min} to ${max}`,
        });
        return undefined;
      };
      const requests = int("requests", "the requests allowed per window");
      const windowSeconds = int("windowSeconds", "the window length in seconds");
      if (requests !== undefined && windowSeconds !== undefined) out.rateLimit = { requests, windowSeconds };
    }
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return out;
}

export class AdminService {
  constructor(
    private readonly store: MockStore,
    private readonly config: Config,
  ) {}

  async createWorkspace(name: unknown, settingsRaw: unknown): Promise<{ workspace: Workspace; key: string; keyRecord: ApiKeyRecord }> {
    if (typeof name !== "string" || !isWorkspaceName(name)) {
      throw new ValidationError([{ field: "name", message: "expected a DNS label: lowercase letters, digits and -, 1-63 characters, not starting or ending with -" }]);
    }
    const settings = parseSettings(settingsRaw);
    const workspace: Workspace = { name, createdAt: Date.now(), settings };
    if (!(await this.store.createWorkspace(workspace))) {
      throw new HttpProblem(409, "conflict", "Conflict", `workspace ${name} already exists`);
    }
    const { key, record } = await this.addKey(name, undefined, "initial");
    return { workspace, key, keyRecord: record };
  }

  async requireWorkspace(name: string): Promise<Workspace> {
    const ws = await this.store.getWorkspace(name, { fresh: true });
    if (!ws) throw new HttpProblem(404, "unknown-workspace", "Unknown workspace", `workspace ${JSON.stringify(name)} does not exist`);
    return ws;
  }

  /** Adds a key; `plain` lets bootstrap files pin a known development key. */
  async addKey(workspace: string, plain: string | undefined, label: string | undefined): Promise<{ key: string; record: ApiKeyRecord }> {
    const key = plain ?? newApiKey();
    const record = newKeyRecord(this.config.adminSecret, workspace, key, label);
    await this.store.putApiKey(record);
    return { key, record };
  }

  async importOpenApi(workspace: string, text: string, options: { name?: string; basePath?: string; validateRequests?: boolean }): Promise<ImportedDocument> {
    const doc = loadOpenApi(text);
    const basePath = (options.basePath ?? "").replace(/\/+$/, "");
    if (basePath !== "" && !/^\/[A-Za-z0-9._~!$&'()*+,;=:@%\/-]*$/.test(basePath)) {
      throw new ValidationError([{ field: "basePath", message: 'expected a path prefix such as "/v1"' }]);
    }
    const name = options.name ?? (slug(doc.title) || "openapi");
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) throw new ValidationError([{ field: "name", message: "expected 1-100 letters, digits, _ . -" }]);
    const existing = (await this.store.listOpenApiDocs(workspace)).find((d) => d.name === name);
    const stored: StoredOpenApiDoc = {
      id: existing?.id ?? `oas_${randomUUID().slice(0, 8)}`,
      name,
      source: text,
      basePath,
      validateRequests: options.validateRequests ?? true,
      createdAt: existing?.createdAt ?? Date.now(),
    };
    // Compile now so a document that cannot be served is refused at import.
    const ws = await this.requireWorkspace(workspace);
    let routes;
    try {
      routes = (await compileOpenApiCached(stored, ws.settings.seed, doc)).routes;
    } catch (err) {
      throw new ValidationError([{ field: "document", message: `cannot be compiled: ${(err as Error).message}` }]);
    }
    await this.store.putOpenApiDoc(workspace, stored);
    return {
      id: stored.id,
      name,
      title: doc.title,
      version: doc.version,
      basePath,
      validateRequests: stored.validateRequests,
      operations: routes.map((r) => ({ method: r.method!, path: r.template, ...(r.operationId ? { operationId: r.operationId } : {}) })),
      warnings: doc.warnings,
    };
  }

  async importStubs(workspace: string, raws: unknown[], mode: StubWriteMode, source: string): Promise<StubDefinition[]> {
    if (raws.length > 10_000) throw new ValidationError([{ field: "stubs", message: "at most 10000 stubs per import" }]);
    const stubs = parseStubs(raws, { source });
    await this.store.putStubs(workspace, stubs, mode);
    return stubs;
  }
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}
