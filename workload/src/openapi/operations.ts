/**
 * Compiles an OpenAPI document into routes: one per operation, with every
 * response body prepared up front (explicit examples first, else generated
 * from the schema with a seed), and an optional request validator.
 */
import type { StoredOpenApiDoc } from "../store/store";
import { isPlainObject } from "../util/json";
import { problem, type FieldError, type ProblemDetails } from "../util/problem";
import { createRng, hashString } from "../util/rng";
import type { MatchInput } from "../engine/match-input";
import { compilePathTemplate } from "../engine/path-matcher";
import type { RouteBase } from "../engine/route";
import { HTTP_METHODS, loadOpenApi, type OpenApiDocument } from "./document";
import { deref } from "./refs";
import { generateFromSchema } from "./schema-generator";
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

function encode(value: unknown, mediaType: string): Buffer {
  if (typeof value === "string" && !/json/i.test(mediaType)) return Buffer.from(value);
  return Buffer.from(JSON.stringify(value === undefined ? null : value));
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
  const headers: string[] = [];
  const named = new Map<string, Buffer>();
  let body: Buffer = Buffer.alloc(0);
  const rng = createRng(hashString(seedKey, seed >>> 0));
  const content = isPlainObject(response.content) ? response.content : undefined;
  const picked = content ? pickMediaType(content) : undefined;
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
        named.set(name, encode(ex.value, mediaType));
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
    if (have) body = encode(value, mediaType);
    headers.push("content-type", mediaType.includes("*") ? "application/json" : mediaType);
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
  headers.push("content-length", String(body.length), "x-request-id", "");
  return { status: statusOf(code), headers, body, named };
}

interface ParamSpec {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  explode: boolean;
  style: string;
  validator: SchemaValidator | null;
  schema: unknown;
}

function firstSchemaType(root: unknown, schema: unknown): string | undefined {
  const s = derefSchema(root, schema);
  if (!isPlainObject(s)) return undefined;
  if (typeof s.type === "string") return s.type;
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null") as string | undefined;
  for (const k of ["oneOf", "anyOf", "allOf"]) {
    const alts = s[k];
    if (Array.isArray(alts) && alts.length > 0) return firstSchemaType(root, alts[0]);
  }
  return undefined;
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
  const type = firstSchemaType(root, spec.schema);
  if (type === "array") {
    const s = derefSchema(root, spec.schema);
    const itemType = isPlainObject(s) ? firstSchemaType(root, s.items) : undefined;
    const list = spec.explode && spec.in === "query" ? values : values[0].split(spec.style === "pipeDelimited" ? "|" : spec.style === "spaceDelimited" ? " " : ",");
    return list.map((v) => coerceScalar(v, itemType));
  }
  return coerceScalar(values[0], type);
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
  if (bodyContent) {
    for (const [mt, mediaRaw] of Object.entries(bodyContent)) {
      const media = isPlainObject(mediaRaw) ? mediaRaw : {};
      bodyValidators.set(mt.toLowerCase().split(";")[0].trim(), media.schema !== undefined ? compileSchema(media.schema, ctx) : null);
    }
  }
  return (input) => {
    const errors: FieldError[] = [];
    let worst = 400;
    for (const p of params) {
      let values: string[] | undefined;
      if (p.in === "path") {
        const v = input.param(p.name);
        values = v === undefined ? undefined : [v];
      } else if (p.in === "query") {
        values = input.queryValues(p.name);
      } else if (p.in === "header") {
        const v = input.header(p.name.toLowerCase());
        values = v === undefined ? undefined : [v];
      } else continue;
      if (values === undefined || values.length === 0) {
        if (p.required) errors.push({ in: p.in, field: p.name, message: "is required" });
        continue;
      }
      if (!p.validator) continue;
      const issues: SchemaIssue[] = [];
      p.validator(coerceParam(root, p, values), "", issues);
      for (const issue of issues) {
        const sub = pointerToField(issue.pointer);
        errors.push({ in: p.in, field: sub ? `${p.name}.${sub}` : p.name, message: issue.message });
      }
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
        if (validator && (JSON_TYPE_RE.test(key) || key === "*/*" || key.endsWith("/*")) && (JSON_TYPE_RE.test(ct) || ct === "")) {
          const json = input.bodyJson();
          if (json === undefined) {
            errors.push({ in: "body", field: "", message: `is not valid JSON: ${input.bodyJsonError()}` });
          } else {
            const issues: SchemaIssue[] = [];
            validator(json, "", issues);
            if (issues.length > 0 && errors.length === 0) worst = 422;
            for (const issue of issues) errors.push({ in: "body", field: pointerToField(issue.pointer), pointer: issue.pointer, message: issue.message } as FieldError);
          }
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
      const schema = p.schema ?? (isPlainObject(p.content) ? (Object.values(p.content)[0] as Record<string, unknown> | undefined)?.schema : undefined);
      byKey.set(`${where}:${where === "header" ? p.name.toLowerCase() : p.name}`, {
        name: p.name,
        in: where,
        required: p.required === true || where === "path",
        explode: typeof p.explode === "boolean" ? p.explode : style === "form",
        style,
        validator: schema !== undefined ? compileSchema(schema, ctx) : null,
        schema,
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

export function compileDocument(doc: OpenApiDocument, stored: Pick<StoredOpenApiDoc, "id" | "name" | "basePath" | "validateRequests">, seed: number): OperationRoute[] {
  const root = doc.root;
  const routes: OperationRoute[] = [];
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
      const codes = isPlainObject(op.responses) ? Object.keys(op.responses) : [];
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
    }
  }
  return routes;
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
