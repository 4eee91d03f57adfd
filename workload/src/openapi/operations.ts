/**
 * Compiles an OpenAPI document into routes: one per operation, with every
 * response body prepared up front (explicit examples first, else generated
 * from the schema with a seed), and an optional request validator.
 */
import { createHash } from "node:crypto";
import type { StoredOpenApiDoc } from "../store/store";
import { isPlainObject } from "../util/json";
import { problem, type FieldError, type ProblemDetails } from "../util/problem";
import { createRng, hashString } from "../util/rng";
import { parseQuery, type MatchInput } from "../engine/match-input";
import { compilePathTemplate } from "../engine/path-matcher";
import type { RouteBase } from "../engine/route";
import { HTTP_METHODS, loadOpenApi, type OpenApiDocument } from "./document";
import { deref } from "./refs";
import { generateFromSchema } from "./schema-generator";
import { isXmlMediaType, toXml } from "./xml";
import { compileSchema, derefSchema, pointerToField, schemaContext, type SchemaContext, type SchemaIssue, type SchemaValidator } from "./schema-validator";

export interface PreparedResponse {
  status: number;
  /** Flat header list ending with ["x-request-id", ""]. */
  headers: string[];
  body: Buffer;
  /** Named examples (3.0/3.1 `examples` map) for `Prefer: example=<name>`. */
  named: Map<string, Buffer>;
}

export interface OperationRoute extends RouteBase {
  readonly kind: "openapi";
  readonly docId: string;
  readonly operationId: string | undefined;
  readonly template: string;
  /** Response by status code ("200", "404", "default"). */
  readonly responses: Map<string, PreparedResponse>;
  readonly preferred: PreparedResponse;
  /** Null when validation is off. */
  readonly validate: ((input: MatchInput) => ProblemDetails | undefined) | null;
}

const JSON_TYPE_RE = /^application\/(.+\+)?json$/i;

function pickMediaType(content: Record<string, unknown>): [string, Record<string, unknown>] | undefined {
  const keys = Object.keys(content);
  const key =
    keys.find((k) => k.toLowerCase() === "application/json") ??
    keys.find((k) => JSON_TYPE_RE.test(k.split(";")[0].trim())) ??
    keys.find((k) => /json/i.test(k)) ??
    keys[0];
  if (key === undefined) return undefined;
  const media = content[key];
  return [key, isPlainObject(media) ? media : {}];
}

/**
 * The media type a body is sent as. A media range ("any type", application/*,
 * text/*, image/* ...) is not a media type: a string goes out as text/plain
 * (application/octet-stream for non-text ranges), anything else as JSON.
 */
function concreteMediaType(key: string, value: unknown): string {
  const base = key.split(";")[0].trim().toLowerCase();
  if (!base.includes("*")) return key;
  const [type] = base.split("/");
  if (typeof value === "string" && type !== "application") return type === "*" || type === "text" ? "text/plain" : `application/octet-stream`;
  return "application/json";
}

function encode(root: unknown, value: unknown, mediaType: string, schema: unknown): Buffer {
  if (typeof value === "string" && !/json/i.test(mediaType)) return Buffer.from(value);
  if (isXmlMediaType(mediaType)) return Buffer.from(toXml(root, value, schema));
  return Buffer.from(JSON.stringify(value === undefined ? null : value));
}

/** Statuses whose responses never carry content (RFC 9110 §15.3.5, §15.4.5). */
function forbidsContent(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}

function statusOf(code: string): number {
  if (code === "default") return 200;
  if (/^[1-5]XX$/i.test(code)) return Number(code[0]) * 100;
  return Number(code);
}

function prepareResponse(
  root: unknown,
  code: string,
  responseRaw: unknown,
  seedKey: string,
  seed: number,
): PreparedResponse {
  const response = deref<Record<string, unknown>>(root, responseRaw) ?? {};
  const status = statusOf(code);
  const headers: string[] = [];
  const named = new Map<string, Buffer>();
  let body: Buffer = Buffer.alloc(0);
  const rng = createRng(hashString(seedKey, seed >>> 0));
  const content = isPlainObject(response.content) ? response.content : undefined;
  const picked = content && !forbidsContent(status) ? pickMediaType(content) : undefined;
  if (picked) {
    const [mediaType, media] = picked;
    let value: unknown;
    let have = false;
    if (media.example !== undefined) {
      value = media.example;
      have = true;
    }
    if (isPlainObject(media.examples)) {
      for (const [name, exRaw] of Object.entries(media.examples)) {
        const ex = deref<Record<string, unknown>>(root, exRaw);
        if (!isPlainObject(ex) || ex.value === undefined) continue;
        named.set(name, encode(root, ex.value, concreteMediaType(mediaType, ex.value), media.schema));
        if (!have) {
          value = ex.value;
          have = true;
        }
      }
    }
    if (!have && media.schema !== undefined) {
      value = generateFromSchema(media.schema, { root, rng, mode: "response" });
      have = true;
    }
    const sent = concreteMediaType(mediaType, value);
    if (have) body = encode(root, value, sent, media.schema);
    headers.push("content-type", sent);
  }
  if (isPlainObject(response.headers)) {
    for (const [name, hRaw] of Object.entries(response.headers)) {
      const lower = name.toLowerCase();
      if (lower === "content-type" || lower === "content-length" || lower === "transfer-encoding" || lower === "connection") continue;
      const h = deref<Record<string, unknown>>(root, hRaw);
      if (!isPlainObject(h)) continue;
      let v: unknown = h.example;
      if (v === undefined && h.schema !== undefined) v = generateFromSchema(h.schema, { root, rng, mode: "response" });
      if (v === undefined) continue;
      const s = typeof v === "string" ? v : JSON.stringify(v);
      if (/^[\t\x20-\x7e]*$/.test(s)) headers.push(name, s);
    }
  }
  // 204 and 304 carry no Content-Length either (a 304's would describe the 200).
  if (!forbidsContent(status) || status === 205) headers.push("content-length", String(body.length));
  headers.push("x-request-id", "");
  return { status, headers, body, named };
}

interface ParamSpec {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  explode: boolean;
  style: string;
  validator: SchemaValidator | null;
  schema: unknown;
  /** Described by `content` with a JSON media type: the value is JSON text. */
  json: boolean;
  /** Object-typed: its properties are spread over query keys (deepObject, exploded form). */
  object: boolean;
}

function firstSchemaType(root: unknown, schema: unknown, depth = 0): string | undefined {
  const s = derefSchema(root, schema);
  if (!isPlainObject(s) || depth > 16) return undefined;
  if (typeof s.type === "string") return s.type;
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null") as string | undefined;
  for (const k of ["oneOf", "anyOf", "allOf"]) {
    const alts = s[k];
    if (Array.isArray(alts) && alts.length > 0) return firstSchemaType(root, alts[0], depth + 1);
  }
  if (isPlainObject(s.properties) || isPlainObject(s.additionalProperties)) return "object";
  if (s.items !== undefined) return "array";
  return undefined;
}

/** The schema of property `key` (own properties, allOf parts, then additionalProperties). */
function propertySchema(root: unknown, schema: unknown, key: string, depth = 0): unknown {
  const s = derefSchema(root, schema);
  if (!isPlainObject(s) || depth > 16) return undefined;
  if (isPlainObject(s.properties) && Object.prototype.hasOwnProperty.call(s.properties, key)) return s.properties[key];
  for (const k of ["allOf", "oneOf", "anyOf"]) {
    const parts = s[k];
    if (!Array.isArray(parts)) continue;
    for (const part of parts) {
      const found = propertySchema(root, part, key, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return isPlainObject(s.additionalProperties) ? s.additionalProperties : undefined;
}

type RawValue = string | string[] | { [key: string]: RawValue };

/**
 * Strings from a query string, a header or a form body → typed values, as far
 * as the schema says (numbers, booleans, arrays, objects); whatever does not
 * convert stays a string so the validator names it.
 */
function coerceToSchema(root: unknown, schema: unknown, raw: RawValue, depth = 0): unknown {
  const type = firstSchemaType(root, schema);
  if (Array.isArray(raw)) {
    if (type === "array") {
      const items = isPlainObject(derefSchema(root, schema)) ? (derefSchema(root, schema) as Record<string, unknown>).items : undefined;
      return raw.map((v) => coerceToSchema(root, items, v, depth + 1));
    }
    return coerceToSchema(root, schema, raw[0] ?? "", depth + 1);
  }
  if (typeof raw === "string") {
    if (type === "array") return coerceToSchema(root, schema, [raw], depth + 1);
    if (type === "object") {
      try {
        return JSON.parse(raw);
      } catch {
        return raw;
      }
    }
    return coerceScalar(raw, type);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = depth > 16 ? v : coerceToSchema(root, propertySchema(root, schema, k), v, depth + 1);
  return out;
}

/** `filter[status][0]` → ["filter", "status", "0"]; undefined when the key has no brackets. */
function bracketPath(key: string): string[] | undefined {
  const open = key.indexOf("[");
  if (open <= 0 || !key.endsWith("]")) return undefined;
  const rest = key.slice(open);
  if (!/^(\[[^\[\]]*\])+$/.test(rest)) return undefined;
  return [key.slice(0, open), ...rest.slice(1, -1).split("][")];
}

/** Sets a nested raw value; repeated keys become arrays, as does a trailing `[]` (`tags[]=a&tags[]=b`). */
function setRaw(target: { [key: string]: RawValue }, pathIn: string[], values: string[]): void {
  const list = pathIn.length > 1 && pathIn[pathIn.length - 1] === "";
  const path = list ? pathIn.slice(0, -1) : pathIn;
  if (list) {
    const prev = getRaw(target, path);
    values = [...(Array.isArray(prev) ? prev : typeof prev === "string" ? [prev] : []), ...values];
  }
  let cur = target;
  for (let i = 0; i < path.length - 1; i++) {
    const next = cur[path[i]];
    if (next === undefined || typeof next === "string" || Array.isArray(next)) cur = cur[path[i]] = {};
    else cur = next;
  }
  const last = path[path.length - 1];
  cur[last] = values.length === 1 && !list ? values[0] : values;
}

function getRaw(target: { [key: string]: RawValue }, path: string[]): RawValue | undefined {
  let cur: RawValue | undefined = target;
  for (const seg of path) {
    if (cur === undefined || typeof cur === "string" || Array.isArray(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** An object-typed query parameter from its query keys; undefined when none is present. */
function objectQuery(spec: ParamSpec, query: Map<string, string[]>, claimed: ReadonlySet<string>): RawValue | undefined {
  const out: { [key: string]: RawValue } = {};
  let found = false;
  if (spec.style === "deepObject") {
    for (const [key, values] of query) {
      const path = bracketPath(key);
      if (!path || path[0] !== spec.name) continue;
      setRaw(out, path.slice(1), values);
      found = true;
    }
    return found ? out : undefined;
  }
  if (!spec.explode) {
    // form, explode=false: name=k1,v1,k2,v2
    const raw = query.get(spec.name)?.[0];
    if (raw === undefined) return undefined;
    const parts = raw.split(",");
    for (let i = 0; i + 1 < parts.length; i += 2) out[parts[i]] = parts[i + 1];
    return out;
  }
  // form, explode=true: every query key that no other parameter claims is a property.
  for (const [key, values] of query) {
    if (claimed.has(key)) continue;
    out[key] = values.length === 1 ? values[0] : values;
    found = true;
  }
  return found ? out : undefined;
}

const NUMERIC_RE = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function coerceScalar(raw: string, type: string | undefined): unknown {
  switch (type) {
    case "integer":
    case "number":
      return NUMERIC_RE.test(raw) ? Number(raw) : raw;
    case "boolean":
      return raw === "true" ? true : raw === "false" ? false : raw;
    case "null":
      return raw === "" || raw === "null" ? null : raw;
    default:
      return raw;
  }
}

function coerceParam(root: unknown, spec: ParamSpec, values: string[]): unknown {
  if (spec.json) {
    try {
      return JSON.parse(values[0]);
    } catch {
      return values[0];
    }
  }
  const type = firstSchemaType(root, spec.schema);
  if (type === "array") {
    const s = derefSchema(root, spec.schema);
    const itemType = isPlainObject(s) ? firstSchemaType(root, s.items) : undefined;
    const list =
      spec.explode && spec.in === "query"
        ? values
        : values[0].split(spec.style === "pipeDelimited" ? "|" : spec.style === "spaceDelimited" ? " " : ",").map((v) => (spec.in === "query" ? v : v.trim()));
    return list.map((v) => coerceScalar(v, itemType));
  }
  if (type === "object" && spec.in !== "query") {
    // simple style: k1,v1,k2,v2 (explode: k1=v1,k2=v2)
    const out: Record<string, RawValue> = {};
    const parts = values[0].split(",").map((v) => v.trim());
    if (spec.explode) {
      for (const part of parts) {
        const eq = part.indexOf("=");
        if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
      }
    } else for (let i = 0; i + 1 < parts.length; i += 2) out[parts[i]] = parts[i + 1];
    return coerceToSchema(root, spec.schema, out);
  }
  return coerceScalar(values[0], type);
}

/** Field name for a failure inside a parameter: `filter.status`, `ids[1]`. */
function subField(name: string, pointer: string): string {
  const sub = pointerToField(pointer);
  return sub === "" ? name : sub.startsWith("[") ? `${name}${sub}` : `${name}.${sub}`;
}

/** multipart/form-data body → raw field values (file parts as latin1 text). Undefined when unparseable. */
function parseMultipart(body: Buffer, contentType: string): { [key: string]: RawValue } | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m ? (m[1] ?? m[2]).trim() : "";
  if (boundary === "") return undefined;
  const text = body.toString("latin1");
  const delimiter = `--${boundary}`;
  if (!text.startsWith(delimiter) && !text.includes(`\r\n${delimiter}`)) return undefined;
  const fields = new Map<string, string[]>();
  for (const chunk of text.split(delimiter).slice(1)) {
    if (chunk.startsWith("--")) break;
    const part = chunk.replace(/^\r\n/, "");
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) return undefined;
    const head = part.slice(0, split);
    const name = /content-disposition:[^\r\n]*?\bname="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined) continue;
    const value = part.slice(split + 4).replace(/\r\n$/, "");
    const filename = /\bfilename="/i.test(head);
    const list = fields.get(name) ?? [];
    list.push(filename ? value : Buffer.from(value, "latin1").toString("utf8"));
    fields.set(name, list);
  }
  const out: { [key: string]: RawValue } = {};
  for (const [k, v] of fields) out[k] = v.length === 1 ? v[0] : v;
  return out;
}

/** application/x-www-form-urlencoded body → raw field values (`a[b]=1` nests). */
function parseForm(text: string): { [key: string]: RawValue } {
  const out: { [key: string]: RawValue } = {};
  for (const [key, values] of parseQuery(text)) {
    const path = bracketPath(key);
    if (path) setRaw(out, path, values);
    else out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

function buildValidator(
  root: unknown,
  params: ParamSpec[],
  requestBody: Record<string, unknown> | undefined,
  ctx: SchemaContext,
): (input: MatchInput) => ProblemDetails | undefined {
  const bodyRequired = requestBody?.required === true;
  const bodyContent = isPlainObject(requestBody?.content) ? requestBody!.content : undefined;
  const bodyValidators = new Map<string, SchemaValidator | null>();
  const bodySchemas = new Map<string, unknown>();
  if (bodyContent) {
    for (const [mt, mediaRaw] of Object.entries(bodyContent)) {
      const media = isPlainObject(mediaRaw) ? mediaRaw : {};
      const key = mt.toLowerCase().split(";")[0].trim();
      bodyValidators.set(key, media.schema !== undefined ? compileSchema(media.schema, ctx) : null);
      bodySchemas.set(key, media.schema);
    }
  }
  // Query keys that belong to a named parameter (the rest may belong to an exploded object parameter).
  const claimed = new Set(params.filter((p) => p.in === "query" && !p.object).map((p) => p.name));
  return (input) => {
    const errors: FieldError[] = [];
    let worst = 400;
    for (const p of params) {
      let values: string[] | undefined;
      let value: unknown;
      if (p.in === "path") {
        const v = input.param(p.name);
        values = v === undefined ? undefined : [v];
      } else if (p.in === "query") {
        if (p.object) {
          const raw = objectQuery(p, input.queryMap(), claimed);
          if (raw !== undefined) {
            values = [];
            value = coerceToSchema(root, p.schema, raw);
          }
        } else values = input.queryValues(p.name);
      } else if (p.in === "header") {
        const v = input.header(p.name.toLowerCase());
        values = v === undefined ? undefined : [v];
      } else continue;
      if (values === undefined || (values.length === 0 && value === undefined)) {
        if (p.required) errors.push({ in: p.in, field: p.name, message: "is required" });
        continue;
      }
      if (!p.validator) continue;
      const issues: SchemaIssue[] = [];
      p.validator(value !== undefined ? value : coerceParam(root, p, values), "", issues);
      for (const issue of issues) errors.push({ in: p.in, field: subField(p.name, issue.pointer), message: issue.message });
    }
    if (bodyContent) {
      const hasBody = input.body.length > 0;
      if (!hasBody) {
        if (bodyRequired) errors.push({ in: "body", field: "", message: "a request body is required" });
      } else {
        const ct = (input.header("content-type") ?? "").toLowerCase().split(";")[0].trim();
        let key: string | undefined;
        if (bodyValidators.has(ct)) key = ct;
        else {
          for (const k of bodyValidators.keys()) {
            const [type, sub] = k.split("/");
            if (k === "*/*" || (sub === "*" && ct.startsWith(type + "/"))) {
              key = k;
              break;
            }
          }
        }
        if (key === undefined) {
          return problem(415, "unsupported-media-type", "Unsupported Media Type", `content-type ${JSON.stringify(ct || "(none)")} is not accepted; expected ${[...bodyValidators.keys()].join(", ")}`, {
            errors: [{ in: "header", field: "content-type", message: `must be one of ${[...bodyValidators.keys()].join(", ")}` }],
          });
        }
        const validator = bodyValidators.get(key);
        let parsed: unknown;
        let have = false;
        if (validator && (JSON_TYPE_RE.test(key) || key === "*/*" || key.endsWith("/*")) && (JSON_TYPE_RE.test(ct) || ct === "")) {
          const json = input.bodyJson();
          if (json === undefined) errors.push({ in: "body", field: "", message: `is not valid JSON: ${input.bodyJsonError()}` });
          else {
            parsed = json;
            have = true;
          }
        } else if (validator && key === "application/x-www-form-urlencoded" && ct === key) {
          parsed = coerceToSchema(root, bodySchemas.get(key), parseForm(input.bodyText()));
          have = true;
        } else if (validator && key === "multipart/form-data" && ct === key) {
          const fields = parseMultipart(input.body, input.header("content-type") ?? "");
          if (fields === undefined) errors.push({ in: "body", field: "", message: "is not valid multipart/form-data (missing boundary or malformed parts)" });
          else {
            parsed = coerceToSchema(root, bodySchemas.get(key), fields);
            have = true;
          }
        }
        if (have && validator) {
          const issues: SchemaIssue[] = [];
          validator(parsed, "", issues);
          if (issues.length > 0 && errors.length === 0) worst = 422;
          for (const issue of issues) errors.push({ in: "body", field: pointerToField(issue.pointer), pointer: issue.pointer, message: issue.message } as FieldError);
        }
      }
    }
    if (errors.length === 0) return undefined;
    const first = errors[0];
    const where = first.field ? `${first.in} field "${first.field}"` : first.in;
    return problem(worst, "request-validation", "Request validation failed", `${where} ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}`, { errors });
  };
}

function collectParams(root: unknown, pathLevel: unknown, opLevel: unknown, ctx: SchemaContext): ParamSpec[] {
  const byKey = new Map<string, ParamSpec>();
  for (const list of [pathLevel, opLevel]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const p = deref<Record<string, unknown>>(root, raw);
      if (!isPlainObject(p) || typeof p.name !== "string") continue;
      const where = p.in as ParamSpec["in"];
      const style = typeof p.style === "string" ? p.style : where === "query" || where === "cookie" ? "form" : "simple";
      const contentKey = p.schema === undefined && isPlainObject(p.content) ? Object.keys(p.content)[0] : undefined;
      const schema = p.schema ?? (contentKey !== undefined ? (isPlainObject(p.content) && isPlainObject(p.content[contentKey]) ? (p.content[contentKey] as Record<string, unknown>).schema : undefined) : undefined);
      const explode = typeof p.explode === "boolean" ? p.explode : style === "form";
      byKey.set(`${where}:${where === "header" ? p.name.toLowerCase() : p.name}`, {
        name: p.name,
        in: where,
        required: p.required === true || where === "path",
        explode,
        style,
        validator: schema !== undefined ? compileSchema(schema, ctx) : null,
        schema,
        json: contentKey !== undefined && /json/i.test(contentKey),
        object: where === "query" && contentKey === undefined && firstSchemaType(root, schema) === "object" && (style === "deepObject" || style === "form"),
      });
    }
  }
  // Accept/Content-Type/Authorization header parameters are ignored by the spec.
  return [...byKey.values()].filter((p) => !(p.in === "header" && ["accept", "content-type", "authorization"].includes(p.name.toLowerCase())));
}

export interface CompiledDocument {
  doc: OpenApiDocument;
  routes: OperationRoute[];
}

/** Compiles a stored document (throws OpenApiError when it is not valid). */
export function compileOpenApi(stored: StoredOpenApiDoc, seed: number): CompiledDocument {
  const doc = loadOpenApi(stored.source);
  return { doc, routes: compileDocument(doc, stored, seed) };
}

type DocIdentity = Pick<StoredOpenApiDoc, "id" | "name" | "basePath" | "validateRequests">;

/**
 * Compiled documents by source hash, identity and seed. A workspace is
 * recompiled after every change (a stub added, a setting patched) and large
 * documents take hundreds of milliseconds to parse and prepare, so unchanged
 * documents are reused; bounded by the size of their sources.
 */
const compiled = new Map<string, { doc: CompiledDocument; bytes: number }>();
let compiledBytes = 0;
export const COMPILED_CACHE_MAX_BYTES = 64 * 1024 * 1024;

function cacheKey(stored: DocIdentity & { source: string }, seed: number): string {
  const hash = createHash("sha1").update(stored.source).digest("base64");
  return `${hash} ${JSON.stringify([stored.id, stored.name, stored.basePath, stored.validateRequests, seed >>> 0])}`;
}

/**
 * Compiles (or reuses) a stored document without blocking the event loop for
 * long: the operations are prepared in slices of a few milliseconds. Pass
 * `parsed` when the text was just loaded. Callers must copy the routes before
 * changing them (`rank`).
 */
export async function compileOpenApiCached(stored: DocIdentity & { source: string }, seed: number, parsed?: OpenApiDocument): Promise<CompiledDocument> {
  const key = cacheKey(stored, seed);
  const hit = compiled.get(key);
  if (hit) {
    compiled.delete(key);
    compiled.set(key, hit);
    return hit.doc;
  }
  const doc = parsed ?? loadOpenApi(stored.source);
  const routes: OperationRoute[] = [];
  let slice = performance.now();
  for (const _ of compileSteps(doc, stored, seed, routes)) {
    if (performance.now() - slice > 10) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
  }
  const entry = { doc: { doc, routes }, bytes: stored.source.length };
  if (entry.bytes <= COMPILED_CACHE_MAX_BYTES) {
    const previous = compiled.get(key);
    if (previous) compiledBytes -= previous.bytes;
    compiled.set(key, entry);
    compiledBytes += entry.bytes;
    for (const [k, v] of compiled) {
      if (compiledBytes <= COMPILED_CACHE_MAX_BYTES) break;
      compiled.delete(k);
      compiledBytes -= v.bytes;
    }
  }
  return entry.doc;
}

export function compileDocument(doc: OpenApiDocument, stored: DocIdentity, seed: number): OperationRoute[] {
  const routes: OperationRoute[] = [];
  for (const _ of compileSteps(doc, stored, seed, routes));
  return routes;
}

/** Compiles one operation per step (so a caller can pause between them). */
function* compileSteps(doc: OpenApiDocument, stored: DocIdentity, seed: number, routes: OperationRoute[]): Generator<void> {
  const root = doc.root;
  const paths = isPlainObject(root.paths) ? root.paths : {};
  const requestCtx = schemaContext(root, doc.version, "request");
  const base = stored.basePath.replace(/\/+$/, "");
  for (const [template, itemRaw] of Object.entries(paths)) {
    const item = deref<Record<string, unknown>>(root, itemRaw);
    if (!isPlainObject(item)) continue;
    const fullTemplate = base + template;
    const matcher = compilePathTemplate(fullTemplate);
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isPlainObject(op)) continue;
      const upper = method.toUpperCase();
      const operationId = typeof op.operationId === "string" ? op.operationId : undefined;
      const responses = new Map<string, PreparedResponse>();
      // 1xx responses are interim: they cannot be served as the answer.
      const codes = isPlainObject(op.responses) ? Object.keys(op.responses).filter((c) => statusOf(c) >= 200) : [];
      for (const code of codes) {
        responses.set(
          code.toUpperCase(),
          prepareResponse(root, code, (op.responses as Record<string, unknown>)[code], `${upper} ${template} ${code}`, seed),
        );
      }
      const sorted = codes.filter((c) => c !== "default").sort((a, b) => statusOf(a) - statusOf(b));
      const preferredCode = sorted.find((c) => statusOf(c) >= 200 && statusOf(c) < 300) ?? (codes.includes("default") ? "default" : sorted[0]);
      const preferred: PreparedResponse =
        preferredCode !== undefined
          ? responses.get(preferredCode.toUpperCase())!
          : { status: 200, headers: ["content-length", "0", "x-request-id", ""], body: Buffer.alloc(0), named: new Map() };
      const params = collectParams(root, item.parameters, op.parameters, requestCtx);
      const requestBody = deref<Record<string, unknown>>(root, op.requestBody);
      const validate = stored.validateRequests ? buildValidator(root, params, isPlainObject(requestBody) ? requestBody : undefined, requestCtx) : null;
      const id = `openapi:${stored.name}:${operationId ?? `${upper} ${template}`}`;
      routes.push({
        kind: "openapi",
        id,
        label: `${upper} ${fullTemplate} (${id})`,
        method: upper,
        path: matcher,
        checks: [],
        scenario: undefined,
        rank: 0,
        explain(input) {
          const failed: string[] = [];
          if (input.method !== upper) failed.push(`method should be ${upper}; got ${input.method}`);
          if (!matcher.match(input.path, [])) failed.push(`path should match ${fullTemplate}; got ${input.path}`);
          return { total: 2, failed };
        },
        docId: stored.id,
        operationId,
        template: fullTemplate,
        responses,
        preferred,
        validate,
      });
      yield;
    }
  }
}

/** Honours `Prefer: code=404` and `Prefer: example=name` (Prism-style). */
export function chooseResponse(route: OperationRoute, prefer: string | undefined): { response: PreparedResponse; body: Buffer } {
  if (prefer === undefined) return { response: route.preferred, body: route.preferred.body };
  let response = route.preferred;
  const code = /(?:^|[,;\s])code=(\d{3})/.exec(prefer)?.[1];
  if (code) {
    response = route.responses.get(code) ?? route.responses.get(`${code[0]}XX`) ?? response;
  }
  const example = /(?:^|[,;\s])example=("?)([^",;\s]+)\1/.exec(prefer)?.[2];
  const named = example ? response.named.get(example) : undefined;
  return { response, body: named ?? response.body };
}
