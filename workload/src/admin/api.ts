/**
 * Admin API handlers (port 9080). JSON in, JSON out; errors are problem+json
 * naming what was wrong. Authorization: the operator key manages workspaces;
 * a workspace key manages only its own workspace.
 */
import type { IncomingMessage } from "node:http";
import { parse as parseYaml } from "yaml";
import type { Config } from "../config";
import type { Engine } from "../engine/engine";
import { MatchInput } from "../engine/match-input";
import { compilePattern } from "../engine/request-pattern";
import { OpenApiError } from "../openapi/document";
import type { JournalEntry, MockStore } from "../store/store";
import { FILE_NAME_RE, parseRequestPattern, parseStub, ValidationError } from "../stubs/parse-stub";
import { SCENARIO_STARTED } from "../stubs/stub-types";
import { EMPTY } from "../util/body";
import { isPlainObject } from "../util/json";
import { HttpProblem } from "../util/problem";
import { requireOperator, requireWorkspace, type Principal } from "./auth";
import { AdminRouter, type Params } from "./router";
import { AdminService, parseSettings } from "./service";

export interface AdminRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  req: IncomingMessage;
  principal: Principal;
  params: Params;
  /** The raw body (read with the import size limit). */
  body(): Promise<Buffer>;
}

export interface AdminResult {
  status: number;
  /** JSON-serialized unless it is a Buffer. */
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (r: AdminRequest) => Promise<AdminResult>;

const YAML_TYPES = /^(application|text)\/(x-)?yaml$/i;

function contentType(r: AdminRequest): string {
  return (r.req.headers["content-type"] ?? "").toLowerCase().split(";")[0].trim();
}

/** Parses a JSON (or, where allowed, YAML) body; 400 naming the syntax error. */
async function readPayload(r: AdminRequest, allowYaml: boolean): Promise<unknown> {
  const buf = await r.body();
  const text = buf.toString("utf8");
  if (text.trim() === "") throw new HttpProblem(400, "invalid-body", "Invalid request body", "the request body is empty; send a JSON document");
  const ct = contentType(r);
  if (allowYaml && YAML_TYPES.test(ct)) {
    try {
      return parseYaml(text, { maxAliasCount: 100 });
    } catch (err) {
      throw new HttpProblem(400, "invalid-body", "Invalid request body", `invalid YAML: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpProblem(400, "invalid-json", "Invalid JSON", `invalid JSON in request body: ${(err as Error).message}`);
  }
}

function journalJson(e: JournalEntry): Record<string, unknown> {
  let body: string | undefined;
  let bodyEncoding: string | undefined;
  if (e.body !== undefined) {
    const text = e.body.toString("utf8");
    if (Buffer.byteLength(text) === e.body.length && !text.includes("\uFFFD")) body = text;
    else {
      body = e.body.toString("base64");
      bodyEncoding = "base64";
    }
  }
  return {
    id: e.id,
    at: new Date(e.at).toISOString(),
    method: e.method,
    path: e.path,
    query: e.query,
    headers: e.headers,
    ...(body !== undefined ? { body } : {}),
    ...(bodyEncoding ? { bodyEncoding } : {}),
    ...(e.body !== undefined && e.bodySize > e.body.length ? { bodyTruncated: true, bodySize: e.bodySize } : {}),
    status: e.status,
    matched: e.matched,
    durationMs: Math.round(e.durationMs * 1000) / 1000,
  };
}

function journalInput(e: JournalEntry): MatchInput {
  return new MatchInput(e.method, e.path, e.query, e.headers, e.body ?? EMPTY, "", e.id);
}

function boolParam(q: URLSearchParams, name: string, fallback: boolean): boolean {
  const v = q.get(name);
  if (v === null) return fallback;
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw new ValidationError([{ field: `query.${name}`, message: "expected true or false" }]);
}

function stubList(payload: unknown): unknown[] {
  if (Array.isArray(payload)) return payload;
  if (isPlainObject(payload) && Array.isArray(payload.stubs)) {
    for (const k of Object.keys(payload)) if (k !== "stubs") throw new ValidationError([{ field: k, message: "unknown field; expected stubs" }]);
    return payload.stubs;
  }
  throw new ValidationError([{ field: "stubs", message: "expected an array of stubs or { stubs: [...] }" }]);
}

export function createAdminApi(store: MockStore, engine: Engine, config: Config): AdminRouter<Handler> {
  const service = new AdminService(store, config);
  const router = new AdminRouter<Handler>();

  /** Authorizes and checks existence; returns the workspace name. */
  const ws = async (r: AdminRequest): Promise<string> => {
    const name = r.params.ws;
    requireWorkspace(r.principal, name);
    await service.requireWorkspace(name);
    return name;
  };

  router.add("GET", "/admin/whoami", async (r) => ({
    status: 200,
    body: r.principal.kind === "operator" ? { kind: "operator" } : { kind: "workspace", workspace: r.principal.workspace, keyId: r.principal.keyId },
  }));

  // Workspaces
  router.add("GET", "/admin/workspaces", async (r) => {
    requireOperator(r.principal);
    return { status: 200, body: { workspaces: await store.listWorkspaces() } };
  });
  router.add("POST", "/admin/workspaces", async (r) => {
    requireOperator(r.principal);
    const payload = await readPayload(r, false);
    if (!isPlainObject(payload)) throw new ValidationError([{ field: "body", message: "expected { name, settings? }" }]);
    for (const k of Object.keys(payload)) if (k !== "name" && k !== "settings") throw new ValidationError([{ field: k, message: "unknown field; expected name or settings" }]);
    const created = await service.createWorkspace(payload.name, payload.settings);
    return {
      status: 201,
      headers: { location: `/admin/workspaces/${created.workspace.name}` },
      body: { workspace: created.workspace, apiKey: { id: created.keyRecord.id, key: created.key, note: "shown once; only a hash is stored" } },
    };
  });
  router.add("GET", "/admin/workspaces/:ws", async (r) => {
    const name = await ws(r);
    const [workspace, stubs, docs, files, warnings] = await Promise.all([
      store.getWorkspace(name, { fresh: true }),
      store.listStubs(name),
      store.listOpenApiDocs(name),
      store.listFiles(name),
      engine.warnings(name),
    ]);
    return { status: 200, body: { workspace, counts: { stubs: stubs.length, openapi: docs.length, files: files.length }, warnings } };
  });
  router.add("PATCH", "/admin/workspaces/:ws", async (r) => {
    const name = await ws(r);
    const current = (await store.getWorkspace(name, { fresh: true }))!;
    const payload = await readPayload(r, false);
    if (!isPlainObject(payload) || Object.keys(payload).some((k) => k !== "settings")) throw new ValidationError([{ field: "body", message: "expected { settings: { seed?, proxy?, rateLimit? } }" }]);
    const settings = parseSettings(payload.settings, current.settings);
    return { status: 200, body: { workspace: await store.updateWorkspaceSettings(name, settings) } };
  });
  router.add("DELETE", "/admin/workspaces/:ws", async (r) => {
    requireOperator(r.principal);
    if (!(await store.deleteWorkspace(r.params.ws))) throw new HttpProblem(404, "unknown-workspace", "Unknown workspace", `workspace ${JSON.stringify(r.params.ws)} does not exist`);
    return { status: 204 };
  });
  router.add("POST", "/admin/workspaces/:ws/reset", async (r) => {
    await store.resetWorkspace(await ws(r));
    return { status: 204 };
  });

  // API keys
  router.add("GET", "/admin/workspaces/:ws/keys", async (r) => {
    const keys = await store.listApiKeys(await ws(r));
    return { status: 200, body: { keys: keys.map(({ id, label, createdAt }) => ({ id, label, createdAt })) } };
  });
  router.add("POST", "/admin/workspaces/:ws/keys", async (r) => {
    const name = await ws(r);
    const buf = await r.body();
    let label: string | undefined;
    if (buf.length > 0) {
      const payload = await readPayload(r, false);
      if (!isPlainObject(payload) || (payload.label !== undefined && typeof payload.label !== "string")) throw new ValidationError([{ field: "label", message: "expected a string" }]);
      label = payload.label as string | undefined;
    }
    const { key, record } = await service.addKey(name, undefined, label);
    return { status: 201, body: { id: record.id, key, label, note: "shown once; only a hash is stored" } };
  });
  router.add("DELETE", "/admin/workspaces/:ws/keys/:id", async (r) => {
    const name = await ws(r);
    if (!(await store.deleteApiKey(name, r.params.id))) throw new HttpProblem(404, "not-found", "Not Found", `API key ${r.params.id} does not exist in workspace ${name}`);
    return { status: 204 };
  });

  // Stubs
  router.add("GET", "/admin/workspaces/:ws/stubs", async (r) => {
    const stubs = await store.listStubs(await ws(r));
    stubs.sort((a, b) => a.priority - b.priority || b.createdAt - a.createdAt);
    return { status: 200, body: { stubs } };
  });
  router.add("POST", "/admin/workspaces/:ws/stubs", async (r) => {
    const name = await ws(r);
    const stub = parseStub(await readPayload(r, true), { source: "admin" });
    if (await store.getStub(name, stub.id)) throw new HttpProblem(409, "conflict", "Conflict", `stub ${stub.id} already exists; use PUT /admin/workspaces/${name}/stubs/${stub.id} to replace it`);
    await store.putStubs(name, [stub], "append");
    return { status: 201, headers: { location: `/admin/workspaces/${name}/stubs/${stub.id}` }, body: stub };
  });
  router.add("DELETE", "/admin/workspaces/:ws/stubs", async (r) => ({ status: 200, body: { deleted: await store.deleteAllStubs(await ws(r)) } }));
  router.add("POST", "/admin/workspaces/:ws/stubs/import", async (r) => {
    const name = await ws(r);
    const mode = r.query.get("mode") ?? "append";
    if (mode !== "append" && mode !== "replace") throw new ValidationError([{ field: "query.mode", message: "expected append or replace" }]);
    const stubs = await service.importStubs(name, stubList(await readPayload(r, true)), mode, "import");
    return { status: 200, body: { imported: stubs.length, mode, ids: stubs.map((s) => s.id) } };
  });
  router.add("GET", "/admin/workspaces/:ws/stubs/:id", async (r) => {
    const stub = await store.getStub(await ws(r), r.params.id);
    if (!stub) throw new HttpProblem(404, "not-found", "Not Found", `stub ${r.params.id} does not exist`);
    return { status: 200, body: stub };
  });
  router.add("PUT", "/admin/workspaces/:ws/stubs/:id", async (r) => {
    const name = await ws(r);
    const payload = await readPayload(r, true);
    if (isPlainObject(payload) && payload.id !== undefined && payload.id !== r.params.id) {
      throw new ValidationError([{ field: "id", message: `does not match the id in the URL (${r.params.id})` }]);
    }
    const existed = (await store.getStub(name, r.params.id)) !== undefined;
    const stub = parseStub(isPlainObject(payload) ? { ...payload, id: r.params.id } : payload, { source: "admin" });
    await store.putStubs(name, [stub], "append");
    return { status: existed ? 200 : 201, body: stub };
  });
  router.add("DELETE", "/admin/workspaces/:ws/stubs/:id", async (r) => {
    if (!(await store.deleteStub(await ws(r), r.params.id))) throw new HttpProblem(404, "not-found", "Not Found", `stub ${r.params.id} does not exist`);
    return { status: 204 };
  });

  // OpenAPI documents
  router.add("GET", "/admin/workspaces/:ws/openapi", async (r) => {
    const docs = await store.listOpenApiDocs(await ws(r));
    return { status: 200, body: { documents: docs.map(({ source: _s, ...meta }) => meta) } };
  });
  router.add("POST", "/admin/workspaces/:ws/openapi", async (r) => {
    const name = await ws(r);
    const text = (await r.body()).toString("utf8");
    const imported = await service.importOpenApi(name, text, {
      name: r.query.get("name") ?? undefined,
      basePath: r.query.get("basePath") ?? undefined,
      validateRequests: boolParam(r.query, "validate", true),
    });
    return { status: 201, headers: { location: `/admin/workspaces/${name}/openapi/${imported.id}` }, body: imported };
  });
  router.add("GET", "/admin/workspaces/:ws/openapi/:id", async (r) => {
    const doc = await store.getOpenApiDoc(await ws(r), r.params.id);
    if (!doc) throw new HttpProblem(404, "not-found", "Not Found", `OpenAPI document ${r.params.id} does not exist`);
    if (boolParam(r.query, "source", false)) return { status: 200, body: Buffer.from(doc.source), headers: { "content-type": doc.source.trimStart().startsWith("{") ? "application/json" : "application/yaml" } };
    const { source: _s, ...meta } = doc;
    return { status: 200, body: meta };
  });
  router.add("DELETE", "/admin/workspaces/:ws/openapi/:id", async (r) => {
    if (!(await store.deleteOpenApiDoc(await ws(r), r.params.id))) throw new HttpProblem(404, "not-found", "Not Found", `OpenAPI document ${r.params.id} does not exist`);
    return { status: 204 };
  });

  // Files
  router.add("GET", "/admin/workspaces/:ws/files", async (r) => ({ status: 200, body: { files: await store.listFiles(await ws(r)) } }));
  router.add("PUT", "/admin/workspaces/:ws/files/*name", async (r) => {
    const name = await ws(r);
    if (!FILE_NAME_RE.test(r.params.name)) throw new ValidationError([{ field: "name", message: "expected letters, digits, _ . - / (no .. segments)" }]);
    const data = await r.body();
    await store.putFile(name, { name: r.params.name, contentType: r.req.headers["content-type"] ?? "application/octet-stream", data, createdAt: Date.now() });
    return { status: 200, body: { name: r.params.name, size: data.length } };
  });
  router.add("GET", "/admin/workspaces/:ws/files/*name", async (r) => {
    const file = await store.getFile(await ws(r), r.params.name);
    if (!file) throw new HttpProblem(404, "not-found", "Not Found", `file ${r.params.name} does not exist`);
    return { status: 200, body: file.data, headers: { "content-type": file.contentType } };
  });
  router.add("DELETE", "/admin/workspaces/:ws/files/*name", async (r) => {
    if (!(await store.deleteFile(await ws(r), r.params.name))) throw new HttpProblem(404, "not-found", "Not Found", `file ${r.params.name} does not exist`);
    return { status: 204 };
  });

  // Scenarios
  router.add("GET", "/admin/workspaces/:ws/scenarios", async (r) => {
    const name = await ws(r);
    const [stubs, states] = await Promise.all([store.listStubs(name), store.getScenarioStates(name)]);
    const known = new Map<string, Set<string>>();
    for (const s of stubs) {
      if (!s.scenario) continue;
      const set = known.get(s.scenario.name) ?? new Set([SCENARIO_STARTED]);
      if (s.scenario.requiredState) set.add(s.scenario.requiredState);
      if (s.scenario.newState) set.add(s.scenario.newState);
      known.set(s.scenario.name, set);
    }
    for (const n of Object.keys(states)) if (!known.has(n)) known.set(n, new Set([SCENARIO_STARTED]));
    const scenarios = [...known].map(([scenario, possible]) => ({ name: scenario, state: states[scenario] ?? SCENARIO_STARTED, possibleStates: [...possible] }));
    return { status: 200, body: { scenarios } };
  });
  router.add("POST", "/admin/workspaces/:ws/scenarios/reset", async (r) => {
    await store.resetScenarios(await ws(r));
    return { status: 204 };
  });
  router.add("POST", "/admin/workspaces/:ws/scenarios/:name/reset", async (r) => {
    await store.resetScenarios(await ws(r), r.params.name);
    return { status: 204 };
  });
  router.add("PUT", "/admin/workspaces/:ws/scenarios/:name", async (r) => {
    const name = await ws(r);
    const payload = await readPayload(r, false);
    if (!isPlainObject(payload) || typeof payload.state !== "string" || payload.state === "" || payload.state.length > 200) {
      throw new ValidationError([{ field: "state", message: "expected a non-empty state name" }]);
    }
    await store.setScenarioState(name, r.params.name, payload.state);
    return { status: 200, body: { name: r.params.name, state: payload.state } };
  });

  // Usage counters (shared by every instance with Redis)
  router.add("GET", "/admin/workspaces/:ws/usage", async (r) => {
    const name = r.params.ws;
    requireWorkspace(r.principal, name);
    const workspace = await service.requireWorkspace(name);
    const { since, ...requests } = await store.getUsage(name);
    return {
      status: 200,
      body: { workspace: name, requests, since: since === null ? null : new Date(since).toISOString(), rateLimit: workspace.settings.rateLimit ?? null },
    };
  });
  router.add("DELETE", "/admin/workspaces/:ws/usage", async (r) => {
    await store.resetUsage(await ws(r));
    return { status: 204 };
  });

  // Request journal and verification
  router.add("GET", "/admin/workspaces/:ws/requests", async (r) => {
    const name = await ws(r);
    const limitRaw = r.query.get("limit");
    const limit = limitRaw === null ? 100 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new ValidationError([{ field: "query.limit", message: "expected an integer from 1 to 100000" }]);
    const unmatched = boolParam(r.query, "unmatched", false);
    let entries = await store.listJournal(name);
    if (unmatched) entries = entries.filter((e) => e.matched === null);
    const newest = entries.slice(-limit).reverse();
    return { status: 200, body: { total: entries.length, requests: newest.map(journalJson) } };
  });
  router.add("DELETE", "/admin/workspaces/:ws/requests", async (r) => {
    await store.clearJournal(await ws(r));
    return { status: 204 };
  });
  const verify = async (r: AdminRequest): Promise<JournalEntry[]> => {
    const name = await ws(r);
    const payload = await readPayload(r, true);
    const pattern = compilePattern(parseRequestPattern(isPlainObject(payload) && isPlainObject(payload.request) && Object.keys(payload).length === 1 ? payload.request : payload));
    const entries = await store.listJournal(name);
    return entries.filter((e) => pattern.matches(journalInput(e)));
  };
  router.add("POST", "/admin/workspaces/:ws/requests/count", async (r) => ({ status: 200, body: { count: (await verify(r)).length } }));
  router.add("POST", "/admin/workspaces/:ws/requests/find", async (r) => {
    const found = await verify(r);
    return { status: 200, body: { count: found.length, requests: found.map(journalJson) } };
  });

  return router;
}

/** Maps thrown errors to problem details. */
export function errorToProblem(err: unknown): HttpProblem | undefined {
  if (err instanceof HttpProblem) return err;
  if (err instanceof ValidationError) {
    return new HttpProblem(422, "validation", "Validation failed", err.errors.length === 1 ? `${err.errors[0].field}: ${err.errors[0].message}` : `${err.errors.length} problems; see errors`, { errors: err.errors });
  }
  if (err instanceof OpenApiError) {
    return new HttpProblem(
      err.status,
      "invalid-openapi",
      err.status === 400 ? "Unreadable OpenAPI document" : "Invalid OpenAPI document",
      err.errors.length === 1 ? `${err.errors[0].field}: ${err.errors[0].message}` : `${err.errors.length} problems; see errors`,
      { errors: err.errors },
    );
  }
  return undefined;
}
