/**
 * Validates stub documents (from the admin API, bulk imports, bootstrap files
 * and recordings) and normalizes them. Every problem is reported with the
 * field it concerns, e.g. `stubs[2].request.query.page.regex`.
 */
import { randomUUID } from "node:crypto";
import type { FieldError } from "../util/problem";
import { isPlainObject } from "../util/json";
import { unsafeRegexReason } from "../util/safe-regex";
import { compilePathRegex, compilePathTemplate } from "../engine/path-matcher";
import { compileTemplate, hasTemplate } from "../engine/template";
import {
  DEFAULT_PRIORITY,
  type DelaySpec,
  type FaultSpec,
  type RequestPattern,
  type ScenarioSpec,
  type StringMatcher,
  type StubDefinition,
  type StubResponse,
  type ValueMatcher,
} from "./stub-types";

export class ValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join("; "));
    this.name = "ValidationError";
  }
}

const ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;
const METHOD_RE = /^[A-Za-z]{1,20}$/;
const HEADER_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
export const FILE_NAME_RE = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9_.\-][A-Za-z0-9_.\-\/]{0,255}$/;
const MATCHER_KEYS = ["equals", "contains", "regex", "present", "caseInsensitive"];

class Collector {
  readonly errors: FieldError[] = [];
  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }
}

function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], at: string, c: Collector): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) c.add(at ? `${at}.${k}` : k, `unknown field; expected one of ${allowed.join(", ")}`);
  }
}

function checkRegex(source: string, at: string, c: Collector): void {
  try {
    new RegExp(source);
  } catch (err) {
    c.add(at, `not a valid regular expression: ${(err as Error).message}`);
    return;
  }
  const unsafe = unsafeRegexReason(source);
  if (unsafe) c.add(at, `regular expression refused: it ${unsafe}`);
}

function parseStringMatcher(raw: unknown, at: string, c: Collector): StringMatcher | undefined {
  if (typeof raw === "string") return { equals: raw };
  if (typeof raw === "number" || typeof raw === "boolean") return { equals: String(raw) };
  if (!isPlainObject(raw)) {
    c.add(at, "expected a string (equals) or an object with equals, contains, regex, present or caseInsensitive");
    return undefined;
  }
  unknownKeys(raw, MATCHER_KEYS, at, c);
  const m: StringMatcher = {};
  for (const k of ["equals", "contains", "regex"] as const) {
    const v = raw[k];
    if (v === undefined) continue;
    if (typeof v === "string") m[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") m[k] = String(v);
    else c.add(`${at}.${k}`, "expected a string");
  }
  if (m.regex !== undefined) checkRegex(m.regex, `${at}.regex`, c);
  if (raw.present !== undefined) {
    if (typeof raw.present === "boolean") m.present = raw.present;
    else c.add(`${at}.present`, "expected true or false");
  }
  if (raw.caseInsensitive !== undefined) {
    if (typeof raw.caseInsensitive === "boolean") m.caseInsensitive = raw.caseInsensitive;
    else c.add(`${at}.caseInsensitive`, "expected true or false");
  }
  if (m.equals === undefined && m.contains === undefined && m.regex === undefined && m.present === undefined) {
    c.add(at, "needs at least one condition: equals, contains, regex or present");
  }
  return m;
}

function parseValueMatcher(raw: unknown, at: string, c: Collector): ValueMatcher | undefined {
  if (!isPlainObject(raw) || Object.keys(raw).length === 0 || Object.keys(raw).some((k) => !MATCHER_KEYS.includes(k))) {
    // A plain value (or an object that is not a matcher) means "equals".
    return { equals: raw };
  }
  const m: ValueMatcher = {};
  if (raw.equals !== undefined) m.equals = raw.equals;
  if (raw.contains !== undefined) m.contains = raw.contains;
  if (raw.regex !== undefined) {
    if (typeof raw.regex !== "string") c.add(`${at}.regex`, "expected a string");
    else {
      m.regex = raw.regex;
      checkRegex(raw.regex, `${at}.regex`, c);
    }
  }
  if (raw.present !== undefined) {
    if (typeof raw.present === "boolean") m.present = raw.present;
    else c.add(`${at}.present`, "expected true or false");
  }
  if (raw.caseInsensitive !== undefined) c.add(`${at}.caseInsensitive`, "only applies to query, header and raw-body ($) matchers");
  return m;
}

function parseMatcherMap<T>(
  raw: unknown,
  at: string,
  c: Collector,
  one: (v: unknown, at: string, c: Collector) => T | undefined,
  nameCheck?: (name: string, at: string) => void,
): Record<string, T> | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) {
    c.add(at, "expected an object of name: condition");
    return undefined;
  }
  const out: Record<string, T> = {};
  for (const [name, v] of Object.entries(raw)) {
    nameCheck?.(name, `${at}.${name}`);
    const m = one(v, `${at}.${name}`, c);
    if (m !== undefined) out[name] = m;
  }
  return out;
}

function parseRequest(raw: unknown, at: string, c: Collector): RequestPattern {
  if (!isPlainObject(raw)) {
    c.add(at, "expected an object (method, path or pathPattern, query, headers, body)");
    return {};
  }
  unknownKeys(raw, ["method", "path", "pathPattern", "query", "headers", "body"], at, c);
  const r: RequestPattern = {};
  if (raw.method !== undefined) {
    if (typeof raw.method !== "string" || !METHOD_RE.test(raw.method)) c.add(`${at}.method`, "expected an HTTP method such as GET, or ANY");
    else r.method = raw.method.toUpperCase();
  }
  if (raw.path !== undefined && raw.pathPattern !== undefined) c.add(at, "use either path or pathPattern, not both");
  if (raw.path !== undefined) {
    if (typeof raw.path !== "string") c.add(`${at}.path`, "expected a string such as /users/{id}");
    else {
      try {
        compilePathTemplate(raw.path);
        r.path = raw.path;
      } catch (err) {
        c.add(`${at}.path`, (err as Error).message);
      }
    }
  }
  if (raw.pathPattern !== undefined) {
    if (typeof raw.pathPattern !== "string") c.add(`${at}.pathPattern`, "expected a regular expression string");
    else {
      try {
        compilePathRegex(raw.pathPattern);
        const unsafe = unsafeRegexReason(raw.pathPattern);
        if (unsafe) c.add(`${at}.pathPattern`, `regular expression refused: it ${unsafe}`);
        else r.pathPattern = raw.pathPattern;
      } catch (err) {
        c.add(`${at}.pathPattern`, (err as Error).message);
      }
    }
  }
  const query = parseMatcherMap(raw.query, `${at}.query`, c, parseStringMatcher);
  if (query) r.query = query;
  const headers = parseMatcherMap(raw.headers, `${at}.headers`, c, parseStringMatcher, (name, fieldAt) => {
    if (!HEADER_RE.test(name)) c.add(fieldAt, "not a valid header name");
  });
  if (headers) r.headers = headers;
  const body = parseMatcherMap(raw.body, `${at}.body`, c, (v, a, col) =>
    a.endsWith(".$") ? (parseStringMatcher(v, a, col) as ValueMatcher | undefined) : parseValueMatcher(v, a, col),
  );
  if (body) r.body = body;
  return r;
}

function int(raw: unknown, at: string, c: Collector, min: number, max: number): number | undefined {
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < min || raw > max) {
    c.add(at, `expected an integer from ${min} to ${max}`);
    return undefined;
  }
  return raw;
}

function checkTemplate(text: string, at: string, c: Collector): void {
  if (!hasTemplate(text)) return;
  try {
    compileTemplate(text);
  } catch (err) {
    c.add(at, `template error: ${(err as Error).message}`);
  }
}

function walkJsonStrings(value: unknown, at: string, visit: (s: string, at: string) => void): void {
  if (typeof value === "string") visit(value, at);
  else if (Array.isArray(value)) value.forEach((v, i) => walkJsonStrings(v, `${at}[${i}]`, visit));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) walkJsonStrings(v, `${at}.${k}`, visit);
}

function parseDelay(raw: unknown, at: string, c: Collector): DelaySpec | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === "number") return { fixedMs: int(raw, at, c, 0, 120_000) };
  if (!isPlainObject(raw)) {
    c.add(at, "expected { fixedMs } or { minMs, maxMs }");
    return undefined;
  }
  unknownKeys(raw, ["fixedMs", "minMs", "maxMs"], at, c);
  const d: DelaySpec = {};
  if (raw.fixedMs !== undefined) d.fixedMs = int(raw.fixedMs, `${at}.fixedMs`, c, 0, 120_000);
  if (raw.minMs !== undefined || raw.maxMs !== undefined) {
    if (raw.fixedMs !== undefined) c.add(at, "use either fixedMs or minMs/maxMs, not both");
    d.minMs = int(raw.minMs ?? 0, `${at}.minMs`, c, 0, 120_000);
    d.maxMs = int(raw.maxMs, `${at}.maxMs`, c, 0, 120_000);
    if (d.minMs !== undefined && d.maxMs !== undefined && d.minMs > d.maxMs) c.add(at, "minMs must not exceed maxMs");
  }
  if (d.fixedMs === undefined && d.maxMs === undefined) c.add(at, "expected fixedMs or maxMs");
  return d;
}

function parseFault(raw: unknown, at: string, c: Collector): FaultSpec | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) {
    c.add(at, 'expected an object with type "error", "reset" or "slow"');
    return undefined;
  }
  let probability = 1;
  if (raw.probability !== undefined) {
    if (typeof raw.probability !== "number" || !(raw.probability >= 0 && raw.probability <= 1)) c.add(`${at}.probability`, "expected a number from 0 to 1");
    else probability = raw.probability;
  }
  switch (raw.type) {
    case "error": {
      unknownKeys(raw, ["type", "probability", "status"], at, c);
      const status = raw.status === undefined ? 503 : int(raw.status, `${at}.status`, c, 400, 599) ?? 503;
      return { type: "error", status, probability };
    }
    case "reset":
      unknownKeys(raw, ["type", "probability"], at, c);
      return { type: "reset", probability };
    case "slow": {
      unknownKeys(raw, ["type", "probability", "chunks", "chunkDelayMs"], at, c);
      const chunks = raw.chunks === undefined ? 8 : int(raw.chunks, `${at}.chunks`, c, 2, 1000) ?? 8;
      const chunkDelayMs = raw.chunkDelayMs === undefined ? 100 : int(raw.chunkDelayMs, `${at}.chunkDelayMs`, c, 0, 10_000) ?? 100;
      return { type: "slow", probability, chunks, chunkDelayMs };
    }
    default:
      c.add(`${at}.type`, 'expected "error", "reset" or "slow"');
      return undefined;
  }
}

function parseResponse(raw: unknown, at: string, c: Collector): StubResponse {
  if (raw === undefined) return { status: 200 };
  if (!isPlainObject(raw)) {
    c.add(at, "expected an object (status, headers, body | json | bodyFile, delay, fault)");
    return { status: 200 };
  }
  unknownKeys(raw, ["status", "headers", "body", "json", "bodyFile", "templated", "delay", "fault"], at, c);
  const r: StubResponse = { status: raw.status === undefined ? 200 : int(raw.status, `${at}.status`, c, 100, 599) ?? 200 };
  const templated = raw.templated;
  if (templated !== undefined && typeof templated !== "boolean") c.add(`${at}.templated`, "expected true or false");
  else if (templated !== undefined) r.templated = templated;
  const check = templated !== false;
  if (raw.headers !== undefined) {
    if (!isPlainObject(raw.headers)) c.add(`${at}.headers`, "expected an object of header name: value");
    else {
      r.headers = {};
      for (const [name, v] of Object.entries(raw.headers)) {
        if (!HEADER_RE.test(name)) c.add(`${at}.headers.${name}`, "not a valid header name");
        else if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") c.add(`${at}.headers.${name}`, "expected a string value");
        else if (/[\r\n]/.test(String(v))) c.add(`${at}.headers.${name}`, "header values must not contain line breaks");
        else {
          r.headers[name] = String(v);
          if (check) checkTemplate(String(v), `${at}.headers.${name}`, c);
        }
      }
    }
  }
  const bodies = ["body", "json", "bodyFile"].filter((k) => raw[k] !== undefined);
  if (bodies.length > 1) c.add(at, `use only one of body, json and bodyFile (got ${bodies.join(", ")})`);
  if (raw.body !== undefined) {
    if (typeof raw.body === "string") {
      r.body = raw.body;
      if (check) checkTemplate(raw.body, `${at}.body`, c);
    } else {
      r.json = raw.body;
    }
  }
  if (raw.json !== undefined) r.json = raw.json;
  if (r.json !== undefined && check) walkJsonStrings(r.json, `${at}.${raw.json !== undefined ? "json" : "body"}`, (s, a) => checkTemplate(s, a, c));
  if (raw.bodyFile !== undefined) {
    if (typeof raw.bodyFile !== "string" || !FILE_NAME_RE.test(raw.bodyFile)) c.add(`${at}.bodyFile`, "expected a workspace file name (letters, digits, _ . - /; no .. segments)");
    else r.bodyFile = raw.bodyFile;
  }
  const delay = parseDelay(raw.delay, `${at}.delay`, c);
  if (delay) r.delay = delay;
  const fault = parseFault(raw.fault, `${at}.fault`, c);
  if (fault) r.fault = fault;
  return r;
}

function parseScenario(raw: unknown, at: string, c: Collector): ScenarioSpec | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) {
    c.add(at, "expected { name, requiredState?, newState? }");
    return undefined;
  }
  unknownKeys(raw, ["name", "requiredState", "newState"], at, c);
  const s: ScenarioSpec = { name: "" };
  if (typeof raw.name !== "string" || raw.name === "" || raw.name.length > 200) c.add(`${at}.name`, "expected a non-empty scenario name");
  else s.name = raw.name;
  for (const k of ["requiredState", "newState"] as const) {
    const v = raw[k];
    if (v === undefined) continue;
    if (typeof v !== "string" || v === "" || v.length > 200) c.add(`${at}.${k}`, "expected a non-empty state name");
    else s[k] = v;
  }
  return s;
}

/** Parses a request pattern alone (journal verification queries). */
export function parseRequestPattern(raw: unknown, at = "pattern"): RequestPattern {
  const c = new Collector();
  const r = parseRequest(raw, at, c);
  if (c.errors.length > 0) throw new ValidationError(c.errors);
  return r;
}

export interface ParseStubOptions {
  /** Prefix for field names in errors, e.g. `stubs[3]`. */
  at?: string;
  source?: string;
  now?: number;
}

/** Returns the normalized stub or throws ValidationError listing every problem. */
export function parseStub(raw: unknown, options: ParseStubOptions = {}): StubDefinition {
  const c = new Collector();
  const stub = parseStubInto(raw, options, c);
  if (c.errors.length > 0) throw new ValidationError(c.errors);
  return stub;
}

/** Parses many stubs; all-or-nothing, with errors prefixed by `stubs[i]`. */
export function parseStubs(raws: unknown[], options: Omit<ParseStubOptions, "at"> = {}): StubDefinition[] {
  const c = new Collector();
  const now = options.now ?? Date.now();
  // Later entries win ties, so later createdAt.
  const out = raws.map((raw, i) => parseStubInto(raw, { ...options, at: `stubs[${i}]`, now: now + i }, c));
  const seen = new Set<string>();
  out.forEach((s, i) => {
    if (seen.has(s.id)) c.add(`stubs[${i}].id`, `duplicate id ${JSON.stringify(s.id)} in this import`);
    seen.add(s.id);
  });
  if (c.errors.length > 0) throw new ValidationError(c.errors);
  return out;
}

function parseStubInto(raw: unknown, options: ParseStubOptions, c: Collector): StubDefinition {
  const at = options.at ?? "";
  const f = (name: string): string => (at ? `${at}.${name}` : name);
  const stub: StubDefinition = {
    id: "",
    priority: DEFAULT_PRIORITY,
    request: {},
    response: { status: 200 },
    createdAt: options.now ?? Date.now(),
  };
  if (!isPlainObject(raw)) {
    c.add(at || "stub", "expected an object with request and response");
    return stub;
  }
  unknownKeys(raw, ["id", "name", "priority", "request", "response", "scenario", "source", "createdAt"], at, c);
  if (raw.id !== undefined) {
    if (typeof raw.id !== "string" || !ID_RE.test(raw.id)) c.add(f("id"), "expected 1-128 characters of letters, digits, _ . : -");
    else stub.id = raw.id;
  }
  if (stub.id === "") stub.id = randomUUID();
  if (raw.name !== undefined) {
    if (typeof raw.name !== "string" || raw.name.length > 200) c.add(f("name"), "expected a string of at most 200 characters");
    else stub.name = raw.name;
  }
  if (raw.priority !== undefined) stub.priority = int(raw.priority, f("priority"), c, 1, 1_000_000) ?? DEFAULT_PRIORITY;
  if (raw.request === undefined) c.add(f("request"), "is required (at least {} to match everything)");
  stub.request = parseRequest(raw.request ?? {}, f("request"), c);
  stub.response = parseResponse(raw.response, f("response"), c);
  const scenario = parseScenario(raw.scenario, f("scenario"), c);
  if (scenario) stub.scenario = scenario;
  if (typeof raw.source === "string") stub.source = raw.source.slice(0, 40);
  if (options.source) stub.source = options.source;
  return stub;
}
