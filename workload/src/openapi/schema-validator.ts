/**
 * JSON Schema validation for the subset OpenAPI 3.0 and 3.1 use, compiled to
 * closures once per schema. 3.0: `nullable`, boolean exclusiveMinimum/Maximum,
 * `$ref` siblings ignored. 3.1: type arrays, `const`, `prefixItems`, numeric
 * exclusive bounds, `$ref` with siblings. `readOnly` properties are not
 * required in requests, `writeOnly` ones not in responses. A `discriminator`
 * on a `oneOf`/`anyOf` picks the alternative by the property's value (its
 * `mapping`, else the schema name), as OpenAPI defines, instead of counting
 * matches: alternatives that differ only by that value are not ambiguous.
 */
import { isIPv4, isIPv6 } from "node:net";
import { deepEqual, escapePointer, isPlainObject } from "../util/json";
import { unsafeRegexReason } from "../util/safe-regex";
import { discriminatorOf, discriminatorValue, resolveRef } from "./refs";

export interface SchemaIssue {
  pointer: string;
  message: string;
}

export type SchemaValidator = (value: unknown, pointer: string, issues: SchemaIssue[]) => void;

export type OpenApiVersion = "3.0" | "3.1";

export interface SchemaContext {
  root: unknown;
  version: OpenApiVersion;
  mode: "request" | "response";
  cache: Map<unknown, SchemaValidator>;
}

export function schemaContext(root: unknown, version: OpenApiVersion, mode: "request" | "response"): SchemaContext {
  return { root, version, mode, cache: new Map() };
}

type JsonType = "null" | "boolean" | "integer" | "number" | "string" | "array" | "object";

function typeOf(v: unknown): JsonType | "other" {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  switch (typeof v) {
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(v) ? "integer" : "number";
    case "string":
      return "string";
    case "object":
      return "object";
    default:
      return "other";
  }
}

const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URI_RE = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
const HOSTNAME_RE = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const BYTE_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export const STRING_FORMATS: Record<string, (s: string) => boolean> = {
  "date-time": (s) => DATE_TIME_RE.test(s) && validDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s)),
  date: validDate,
  time: (s) => TIME_RE.test(s),
  email: (s) => EMAIL_RE.test(s),
  uuid: (s) => UUID_RE.test(s),
  uri: (s) => URI_RE.test(s),
  url: (s) => URI_RE.test(s),
  hostname: (s) => HOSTNAME_RE.test(s),
  ipv4: (s) => isIPv4(s),
  ipv6: (s) => isIPv6(s),
  byte: (s) => BYTE_RE.test(s),
};

function numberFormatOk(format: string, n: number): boolean {
  switch (format) {
    case "int32":
      return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;
    case "int64":
      return Number.isInteger(n);
    case "float":
    case "double":
      return Number.isFinite(n);
    default:
      return true;
  }
}

/** Stable key for uniqueItems. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isPlainObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function types(schema: Record<string, unknown>): JsonType[] | undefined {
  const t = schema.type;
  if (typeof t === "string") return [t as JsonType];
  if (Array.isArray(t)) return t.filter((x): x is JsonType => typeof x === "string");
  return undefined;
}

function typeMatches(allowed: JsonType[], actual: JsonType | "other"): boolean {
  for (const t of allowed) {
    if (t === actual) return true;
    if (t === "number" && actual === "integer") return true;
  }
  return false;
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function describeValue(v: unknown): string {
  const t = typeOf(v);
  return t === "other" ? typeof v : t;
}

export function compileSchema(schema: unknown, ctx: SchemaContext): SchemaValidator {
  const cached = ctx.cache.get(schema);
  if (cached) return cached;
  let impl: SchemaValidator = () => undefined;
  const forward: SchemaValidator = (v, p, i) => impl(v, p, i);
  ctx.cache.set(schema, forward);
  impl = build(schema, ctx);
  return forward;
}

function build(schema: unknown, ctx: SchemaContext): SchemaValidator {
  if (schema === true || schema === undefined) return () => undefined;
  if (schema === false) return (_v, p, issues) => void issues.push({ pointer: p, message: "is not allowed" });
  if (!isPlainObject(schema)) return () => undefined;
  const checks: SchemaValidator[] = [];

  if (typeof schema.$ref === "string") {
    const r = resolveRef(ctx.root, schema.$ref);
    if (!r.ok) throw new Error(r.reason);
    const target = compileSchema(r.value, ctx);
    if (ctx.version === "3.0") return target;
    checks.push(target);
  }

  const allowed = types(schema);
  const nullable = schema.nullable === true || (allowed?.includes("null") ?? false);
  if (allowed && allowed.length > 0) {
    const list = nullable && !allowed.includes("null") ? [...allowed, "null" as JsonType] : allowed;
    const label = list.join(" or ");
    checks.push((v, p, issues) => {
      if (!typeMatches(list, typeOf(v))) issues.push({ pointer: p, message: `must be ${article(label)}, got ${describeValue(v)}` });
    });
  }

  if (Array.isArray(schema.enum)) {
    const values = schema.enum;
    checks.push((v, p, issues) => {
      if (v === null && nullable) return;
      for (const e of values) if (deepEqual(e, v)) return;
      issues.push({ pointer: p, message: `must be one of ${values.map((e) => JSON.stringify(e)).join(", ")}` });
    });
  }
  if (schema.const !== undefined) {
    const c = schema.const;
    checks.push((v, p, issues) => {
      if (!deepEqual(c, v)) issues.push({ pointer: p, message: `must be ${JSON.stringify(c)}` });
    });
  }

  // Strings
  const minLength = typeof schema.minLength === "number" ? schema.minLength : undefined;
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : undefined;
  let pattern: RegExp | undefined;
  // Patterns that could backtrack catastrophically are not enforced (one event loop serves every tenant).
  if (typeof schema.pattern === "string" && unsafeRegexReason(schema.pattern) === undefined) {
    try {
      pattern = new RegExp(schema.pattern, "u");
    } catch {
      try {
        pattern = new RegExp(schema.pattern);
      } catch {
        pattern = undefined;
      }
    }
  }
  const format = typeof schema.format === "string" ? schema.format : undefined;
  const stringFormat = format ? STRING_FORMATS[format] : undefined;
  if (minLength !== undefined || maxLength !== undefined || pattern || stringFormat) {
    const patternSource = schema.pattern as string;
    checks.push((v, p, issues) => {
      if (typeof v !== "string") return;
      const n = minLength !== undefined || maxLength !== undefined ? codePoints(v) : 0;
      if (minLength !== undefined && n < minLength) issues.push({ pointer: p, message: `must be at least ${minLength} characters long` });
      if (maxLength !== undefined && n > maxLength) issues.push({ pointer: p, message: `must be at most ${maxLength} characters long` });
      if (pattern && !pattern.test(v)) issues.push({ pointer: p, message: `must match the pattern ${patternSource}` });
      if (stringFormat && !stringFormat(v)) issues.push({ pointer: p, message: `must be a valid ${format}` });
    });
  }

  // Numbers
  const minimum = typeof schema.minimum === "number" ? schema.minimum : undefined;
  const maximum = typeof schema.maximum === "number" ? schema.maximum : undefined;
  const exMin = schema.exclusiveMinimum === true ? minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : undefined;
  const exMax = schema.exclusiveMaximum === true ? maximum : typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : undefined;
  const incMin = schema.exclusiveMinimum === true ? undefined : minimum;
  const incMax = schema.exclusiveMaximum === true ? undefined : maximum;
  const multipleOf = typeof schema.multipleOf === "number" && schema.multipleOf > 0 ? schema.multipleOf : undefined;
  const numberFormat = format === "int32" || format === "int64" || format === "float" || format === "double" ? format : undefined;
  if (incMin !== undefined || incMax !== undefined || exMin !== undefined || exMax !== undefined || multipleOf || numberFormat) {
    checks.push((v, p, issues) => {
      if (typeof v !== "number") return;
      if (incMin !== undefined && v < incMin) issues.push({ pointer: p, message: `must be >= ${incMin}` });
      if (incMax !== undefined && v > incMax) issues.push({ pointer: p, message: `must be <= ${incMax}` });
      if (exMin !== undefined && v <= exMin) issues.push({ pointer: p, message: `must be > ${exMin}` });
      if (exMax !== undefined && v >= exMax) issues.push({ pointer: p, message: `must be < ${exMax}` });
      if (multipleOf) {
        const q = v / multipleOf;
        if (Math.abs(q - Math.round(q)) > 1e-9) issues.push({ pointer: p, message: `must be a multiple of ${multipleOf}` });
      }
      if (numberFormat && !numberFormatOk(numberFormat, v)) issues.push({ pointer: p, message: `must be a valid ${numberFormat}` });
    });
  }

  // Arrays
  const prefixItems = ctx.version === "3.1" && Array.isArray(schema.prefixItems) ? schema.prefixItems.map((s) => compileSchema(s, ctx)) : undefined;
  const items = schema.items !== undefined && !Array.isArray(schema.items) ? compileSchema(schema.items, ctx) : undefined;
  const minItems = typeof schema.minItems === "number" ? schema.minItems : undefined;
  const maxItems = typeof schema.maxItems === "number" ? schema.maxItems : undefined;
  const unique = schema.uniqueItems === true;
  if (prefixItems || items || minItems !== undefined || maxItems !== undefined || unique) {
    checks.push((v, p, issues) => {
      if (!Array.isArray(v)) return;
      if (minItems !== undefined && v.length < minItems) issues.push({ pointer: p, message: `must have at least ${minItems} items` });
      if (maxItems !== undefined && v.length > maxItems) issues.push({ pointer: p, message: `must have at most ${maxItems} items` });
      const start = prefixItems ? Math.min(prefixItems.length, v.length) : 0;
      for (let i = 0; i < start; i++) prefixItems![i](v[i], `${p}/${i}`, issues);
      if (items) for (let i = start; i < v.length; i++) items(v[i], `${p}/${i}`, issues);
      if (unique) {
        const seen = new Set<string>();
        for (const x of v) {
          const k = canonical(x);
          if (seen.has(k)) {
            issues.push({ pointer: p, message: "must not contain duplicate items" });
            break;
          }
          seen.add(k);
        }
      }
    });
  }

  // Objects
  const props = isPlainObject(schema.properties) ? schema.properties : undefined;
  const propValidators = new Map<string, SchemaValidator>();
  const skipRequired = new Set<string>();
  if (props) {
    for (const [name, sub] of Object.entries(props)) {
      propValidators.set(name, compileSchema(sub, ctx));
      const target = derefSchema(ctx.root, sub);
      if (isPlainObject(target)) {
        if (ctx.mode === "request" && target.readOnly === true) skipRequired.add(name);
        if (ctx.mode === "response" && target.writeOnly === true) skipRequired.add(name);
      }
    }
  }
  const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string" && !skipRequired.has(r)) : [];
  const patternProps =
    isPlainObject(schema.patternProperties) ? Object.entries(schema.patternProperties).map(([re, s]) => [new RegExp(re, "u"), compileSchema(s, ctx)] as const) : [];
  const additional = schema.additionalProperties;
  const additionalValidator = isPlainObject(additional) ? compileSchema(additional, ctx) : undefined;
  const minProps = typeof schema.minProperties === "number" ? schema.minProperties : undefined;
  const maxProps = typeof schema.maxProperties === "number" ? schema.maxProperties : undefined;
  if (props || required.length > 0 || patternProps.length > 0 || additional !== undefined || minProps !== undefined || maxProps !== undefined) {
    checks.push((v, p, issues) => {
      if (!isPlainObject(v)) return;
      for (const r of required) {
        if (v[r] === undefined) issues.push({ pointer: `${p}/${escapePointer(r)}`, message: "is required" });
      }
      const keys = Object.keys(v);
      if (minProps !== undefined && keys.length < minProps) issues.push({ pointer: p, message: `must have at least ${minProps} properties` });
      if (maxProps !== undefined && keys.length > maxProps) issues.push({ pointer: p, message: `must have at most ${maxProps} properties` });
      for (const k of keys) {
        const child = `${p}/${escapePointer(k)}`;
        const pv = propValidators.get(k);
        let known = pv !== undefined;
        if (pv) pv(v[k], child, issues);
        for (const [re, sv] of patternProps) {
          if (re.test(k)) {
            known = true;
            sv(v[k], child, issues);
          }
        }
        if (!known) {
          if (additional === false) issues.push({ pointer: child, message: "is not an allowed property" });
          else if (additionalValidator) additionalValidator(v[k], child, issues);
        }
      }
    });
  }

  // Composition
  let anyOfCheck: SchemaValidator | undefined;
  let oneOfCheck: SchemaValidator | undefined;
  if (Array.isArray(schema.allOf)) {
    const subs = schema.allOf.map((s) => compileSchema(s, ctx));
    checks.push((v, p, issues) => {
      for (const s of subs) s(v, p, issues);
    });
  }
  if (Array.isArray(schema.anyOf)) {
    const subs = schema.anyOf.map((s) => compileSchema(s, ctx));
    anyOfCheck = (v, p, issues) => {
      if (v === null && nullable) return;
      let best: SchemaIssue[] | undefined;
      for (const s of subs) {
        const local: SchemaIssue[] = [];
        s(v, p, local);
        if (local.length === 0) return;
        if (!best || local.length < best.length) best = local;
      }
      issues.push({ pointer: p, message: `must match at least one of the anyOf schemas${best?.[0] ? ` (closest: ${best[0].pointer || "/"} ${best[0].message})` : ""}` });
    };
  }
  if (Array.isArray(schema.oneOf)) {
    const subs = schema.oneOf.map((s) => compileSchema(s, ctx));
    oneOfCheck = (v, p, issues) => {
      if (v === null && nullable) return;
      let matched = 0;
      let best: SchemaIssue[] | undefined;
      for (const s of subs) {
        const local: SchemaIssue[] = [];
        s(v, p, local);
        if (local.length === 0) matched++;
        else if (!best || local.length < best.length) best = local;
      }
      if (matched === 0) issues.push({ pointer: p, message: `must match exactly one of the oneOf schemas${best?.[0] ? ` (closest: ${best[0].pointer || "/"} ${best[0].message})` : ""}` });
      else if (matched > 1) issues.push({ pointer: p, message: `matches ${matched} of the oneOf schemas; it must match exactly one` });
    };
  }
  // A discriminator replaces the match counting of the union it sits on (oneOf first).
  const union = oneOfCheck ?? anyOfCheck;
  const discriminated = union ? discriminatedUnion(schema, ctx, nullable, union) : undefined;
  if (oneOfCheck) checks.push(discriminated ?? oneOfCheck);
  if (anyOfCheck) checks.push(oneOfCheck === undefined && discriminated ? discriminated : anyOfCheck);
  if (schema.not !== undefined) {
    const sub = compileSchema(schema.not, ctx);
    checks.push((v, p, issues) => {
      const local: SchemaIssue[] = [];
      sub(v, p, local);
      if (local.length === 0) issues.push({ pointer: p, message: "must not match the schema under not" });
    });
  }

  if (checks.length === 0) return () => undefined;
  if (checks.length === 1) return checks[0];
  return (v, p, issues) => {
    for (const c of checks) c(v, p, issues);
  };
}

/** Values a schema pins for property `prop` (const/enum, own properties or allOf parts). */
function pinnedValues(root: unknown, schema: unknown, prop: string, depth = 0): unknown[] {
  const s = derefSchema(root, schema);
  if (!isPlainObject(s) || depth > 16) return [];
  const out: unknown[] = [];
  const p = isPlainObject(s.properties) ? derefSchema(root, s.properties[prop]) : undefined;
  if (isPlainObject(p)) {
    if (p.const !== undefined) out.push(p.const);
    if (Array.isArray(p.enum)) out.push(...p.enum);
  }
  if (Array.isArray(s.allOf)) for (const part of s.allOf) out.push(...pinnedValues(root, part, prop, depth + 1));
  return out;
}

/**
 * `oneOf`/`anyOf` with a discriminator: the property's value picks the one
 * schema to validate against, by the `mapping`, else the schema name, else the
 * alternative that pins that value with `const`/`enum` (common in real
 * documents). A value that names nothing is reported on the property; a
 * missing property, or alternatives that cannot be told apart, fall back to
 * the plain `oneOf`/`anyOf` rule. Undefined when there is no usable discriminator.
 */
function discriminatedUnion(schema: Record<string, unknown>, ctx: SchemaContext, nullable: boolean, fallback: SchemaValidator): SchemaValidator | undefined {
  const d = discriminatorOf(schema);
  const alts = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (!d || !alts) return undefined;
  const prop = d.propertyName;
  const byTag = new Map<string, SchemaValidator[]>();
  const add = (tag: string, v: SchemaValidator): void => {
    const list = byTag.get(tag) ?? [];
    if (!list.includes(v)) list.push(v);
    byTag.set(tag, list);
  };
  for (const [k, ref] of d.mapping) {
    const r = resolveRef(ctx.root, ref);
    if (r.ok) add(k, compileSchema(r.value, ctx));
  }
  const named = new Set(byTag.keys());
  for (const alt of alts) {
    const v = compileSchema(alt, ctx);
    if (isPlainObject(alt) && typeof alt.$ref === "string") {
      const name = discriminatorValue(d, alt.$ref);
      if (!named.has(name)) add(name, v);
    }
    for (const pinned of pinnedValues(ctx.root, alt, prop)) if (typeof pinned === "string" && !named.has(pinned)) add(pinned, v);
  }
  if (byTag.size === 0) return undefined;
  const allowed = [...byTag.keys()].map((a) => JSON.stringify(a)).join(", ");
  const key = `/${escapePointer(prop)}`;
  return (v, p, issues) => {
    if (v === null && nullable) return;
    const tag = isPlainObject(v) ? v[prop] : undefined;
    if (tag === undefined) {
      fallback(v, p, issues);
      return;
    }
    const targets = typeof tag === "string" ? byTag.get(tag) : undefined;
    if (!targets) {
      issues.push({ pointer: p + key, message: `must be one of ${allowed}` });
      return;
    }
    if (targets.length === 1) targets[0](v, p, issues);
    else fallback(v, p, issues);
  };
}

/** Follows `$ref` on a schema (for reading readOnly/writeOnly/type). */
export function derefSchema(root: unknown, schema: unknown): unknown {
  let cur = schema;
  for (let i = 0; i < 32 && isPlainObject(cur) && typeof cur.$ref === "string"; i++) {
    const r = resolveRef(root, cur.$ref);
    if (!r.ok) return undefined;
    cur = r.value;
  }
  return cur;
}

/** `/items/0/name` → `items[0].name` (field names people read). */
export function pointerToField(pointer: string): string {
  if (pointer === "") return "";
  let out = "";
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out;
}
