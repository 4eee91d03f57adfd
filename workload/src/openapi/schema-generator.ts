/**
 * Deterministic example values from a schema: the same schema and seed give
 * the same value. Explicit `example`/`examples`/`default`/`const`/`enum` win;
 * otherwise values honour type, format, required, min/max bounds, lengths and
 * item counts, `pattern` (sampled, see regex-sample.ts) and `discriminator`
 * (the property names the chosen alternative). Recursive `$ref`s stop at the
 * first repeat (optional branches are dropped, arrays left empty).
 */
import { fakerHelpers, WORDS } from "../util/faker";
import { isPlainObject } from "../util/json";
import { uuidFrom, type Rng } from "../util/rng";
import { unsafeRegexReason } from "../util/safe-regex";
import { sampleFromPattern } from "./regex-sample";
import { discriminatorOf, discriminatorValue, resolveRef, type Discriminator } from "./refs";

export interface GenerateContext {
  root: unknown;
  rng: Rng;
  mode: "request" | "response";
}

const MAX_DEPTH = 40;
const BASE_TIME = Date.UTC(2024, 0, 1);

export function generateFromSchema(schema: unknown, ctx: GenerateContext): unknown {
  return gen(schema, ctx, [], 0, undefined, undefined);
}

/** Sets the discriminator property unless the property's own schema pins other values (enum/const). */
function applyDiscriminator(ctx: GenerateContext, value: unknown, schema: Record<string, unknown>, d: Discriminator, tag: string): void {
  if (!isPlainObject(value)) return;
  const props = isPlainObject(schema.properties) ? schema.properties : {};
  let p = props[d.propertyName];
  for (let i = 0; i < 32 && isPlainObject(p) && typeof p.$ref === "string"; i++) {
    const r = resolveRef(ctx.root, p.$ref);
    p = r.ok ? r.value : undefined;
  }
  if (isPlainObject(p)) {
    if (p.const !== undefined && p.const !== tag) return;
    if (Array.isArray(p.enum) && !p.enum.includes(tag)) return;
  }
  value[d.propertyName] = tag;
}

function resolved(ctx: GenerateContext, schema: unknown): Record<string, unknown> {
  let cur = schema;
  for (let i = 0; i < 32 && isPlainObject(cur) && typeof cur.$ref === "string"; i++) {
    const r = resolveRef(ctx.root, cur.$ref);
    cur = r.ok ? r.value : undefined;
  }
  return isPlainObject(cur) ? cur : {};
}

function firstType(schema: Record<string, unknown>): string | undefined {
  const t = schema.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return (t.find((x) => x !== "null") as string | undefined) ?? (t.includes("null") ? "null" : undefined);
  if (isPlainObject(schema.properties) || schema.additionalProperties !== undefined || Array.isArray(schema.required)) return "object";
  if (schema.items !== undefined || schema.prefixItems !== undefined) return "array";
  if (typeof schema.minimum === "number" || typeof schema.maximum === "number") return "number";
  if (typeof schema.format === "string" || typeof schema.pattern === "string" || typeof schema.minLength === "number") return "string";
  return undefined;
}

/** `selfRef`: the `$ref` this schema was reached through (names it for a discriminator). */
function gen(schema: unknown, ctx: GenerateContext, refStack: string[], depth: number, propName: string | undefined, selfRef: string | undefined): unknown {
  if (schema === true || schema === undefined) return "string";
  if (schema === false || !isPlainObject(schema)) return null;
  if (typeof schema.$ref === "string") {
    const ref = schema.$ref;
    if (refStack.includes(ref) || depth > MAX_DEPTH) return undefined;
    const r = resolveRef(ctx.root, ref);
    if (!r.ok) return null;
    return gen(r.value, ctx, [...refStack, ref], depth + 1, propName, ref);
  }
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return structuredClone(schema.examples[0]);
  if (schema.const !== undefined) return structuredClone(schema.const);
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const choices = schema.enum.filter((e) => e !== null);
    return structuredClone(choices.length > 0 ? ctx.rng.pick(choices) : null);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const own = { ...schema };
    delete own.allOf;
    const parts = [...schema.allOf, own].map((s) => gen(s, ctx, refStack, depth + 1, propName, undefined));
    if (parts.every((p) => p === undefined || isPlainObject(p))) {
      const merged = Object.assign({}, ...parts.filter((p) => p !== undefined)) as Record<string, unknown>;
      // A subtype of a discriminated base (`allOf: [$ref Base, ...]`) names itself.
      if (selfRef !== undefined) {
        for (const part of schema.allOf) {
          const base = resolved(ctx, part);
          const d = discriminatorOf(base);
          if (d && !Array.isArray(base.oneOf) && !Array.isArray(base.anyOf)) applyDiscriminator(ctx, merged, base, d, discriminatorValue(d, selfRef));
        }
      }
      return merged;
    }
    return parts.find((p) => p !== undefined && !isPlainObject(p)) ?? parts[0];
  }
  for (const key of ["oneOf", "anyOf"] as const) {
    const alts = schema[key];
    if (Array.isArray(alts) && alts.length > 0) {
      const d = discriminatorOf(schema);
      for (const alt of alts) {
        const v = gen(alt, ctx, refStack, depth + 1, propName, undefined);
        if (v === undefined) continue;
        if (d && isPlainObject(alt) && typeof alt.$ref === "string") applyDiscriminator(ctx, v, resolved(ctx, alt), d, discriminatorValue(d, alt.$ref));
        return v;
      }
      return null;
    }
  }
  switch (firstType(schema)) {
    case "object": {
      const v = genObject(schema, ctx, refStack, depth);
      // A discriminated base generated as itself.
      const d = discriminatorOf(schema);
      if (d && selfRef !== undefined) applyDiscriminator(ctx, v, schema, d, discriminatorValue(d, selfRef));
      return v;
    }
    case "array":
      return genArray(schema, ctx, refStack, depth, propName);
    case "integer":
      return genNumber(schema, ctx, true);
    case "number":
      return genNumber(schema, ctx, false);
    case "boolean":
      return ctx.rng.bool();
    case "null":
      return null;
    case "string":
      return genString(schema, ctx, propName);
    default:
      return {};
  }
}

function genObject(schema: Record<string, unknown>, ctx: GenerateContext, refStack: string[], depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === "string") : []);
  const props = isPlainObject(schema.properties) ? schema.properties : {};
  for (const [name, sub] of Object.entries(props)) {
    const target = isPlainObject(sub) && typeof sub.$ref === "string" ? resolveRef(ctx.root, sub.$ref) : { ok: true as const, value: sub };
    const t = target.ok ? target.value : undefined;
    if (isPlainObject(t)) {
      if (ctx.mode === "response" && t.writeOnly === true) continue;
      if (ctx.mode === "request" && t.readOnly === true) continue;
    }
    if (!required.has(name) && depth > 30) continue;
    const v = gen(sub, ctx, refStack, depth + 1, name, undefined);
    if (v === undefined) {
      if (required.has(name)) out[name] = null;
      continue;
    }
    out[name] = v;
  }
  const minProps = typeof schema.minProperties === "number" ? schema.minProperties : 0;
  const extra = schema.additionalProperties;
  if (Object.keys(out).length === 0 && isPlainObject(extra)) {
    const v = gen(extra, ctx, refStack, depth + 1, undefined, undefined);
    if (v !== undefined) out[ctx.rng.pick(WORDS)] = v;
  }
  let n = 1;
  while (Object.keys(out).length < minProps && n < 1000) {
    const v = isPlainObject(extra) ? gen(extra, ctx, refStack, depth + 1, undefined, undefined) : ctx.rng.pick(WORDS);
    out[`property${n++}`] = v ?? null;
  }
  return out;
}

function genArray(schema: Record<string, unknown>, ctx: GenerateContext, refStack: string[], depth: number, propName: string | undefined): unknown[] {
  const min = typeof schema.minItems === "number" ? schema.minItems : 0;
  const max = typeof schema.maxItems === "number" ? schema.maxItems : Math.max(min, 2);
  const count = Math.min(Math.max(min, Math.min(2, max)), 100);
  const prefix = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < Math.max(count, Math.min(prefix.length, max)); i++) {
    const itemSchema = i < prefix.length ? prefix[i] : schema.items;
    let v = gen(itemSchema, ctx, refStack, depth + 1, propName, undefined);
    if (v === undefined) break;
    if (schema.uniqueItems === true) {
      let tries = 0;
      while (seen.has(JSON.stringify(v)) && tries++ < 10) v = gen(itemSchema, ctx, refStack, depth + 1, propName, undefined);
      if (seen.has(JSON.stringify(v))) break;
      seen.add(JSON.stringify(v));
    }
    out.push(v);
  }
  return out;
}

function genNumber(schema: Record<string, unknown>, ctx: GenerateContext, integer: boolean): number {
  const format = schema.format;
  let lo = typeof schema.minimum === "number" ? schema.minimum : undefined;
  let hi = typeof schema.maximum === "number" ? schema.maximum : undefined;
  const step = integer ? 1 : 0.01;
  if (schema.exclusiveMinimum === true && lo !== undefined) lo += step;
  if (typeof schema.exclusiveMinimum === "number") lo = Math.max(lo ?? -Infinity, schema.exclusiveMinimum + step);
  if (schema.exclusiveMaximum === true && hi !== undefined) hi -= step;
  if (typeof schema.exclusiveMaximum === "number") hi = Math.min(hi ?? Infinity, schema.exclusiveMaximum - step);
  if (lo === undefined && hi === undefined) {
    lo = integer ? 1 : 0;
    hi = integer ? 1000 : 1000;
  } else if (lo === undefined) lo = hi! - 1000;
  else if (hi === undefined) hi = lo + 1000;
  if (format === "int32") {
    lo = Math.max(lo!, -2147483648);
    hi = Math.min(hi!, 2147483647);
  }
  const multipleOf = typeof schema.multipleOf === "number" && schema.multipleOf > 0 ? schema.multipleOf : undefined;
  if (multipleOf) {
    const first = Math.ceil(lo! / multipleOf);
    const last = Math.floor(hi! / multipleOf);
    const k = last >= first ? ctx.rng.int(first, last) : first;
    return Number((k * multipleOf).toPrecision(12));
  }
  if (integer) return ctx.rng.int(Math.ceil(lo!), Math.floor(hi!));
  const v = lo! + ctx.rng.next() * (hi! - lo!);
  return Math.min(hi!, Math.max(lo!, Math.round(v * 100) / 100));
}

function hex(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += rng.int(0, 15).toString(16);
  return s;
}

function byName(name: string | undefined, rng: Rng): string | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  if (n === "email" || n.endsWith("email")) return fakerHelpers.email(rng);
  if (n === "firstname" || n === "first_name" || n === "givenname") return fakerHelpers.firstName(rng);
  if (n === "lastname" || n === "last_name" || n === "surname" || n === "familyname") return fakerHelpers.lastName(rng);
  if (n === "name" || n === "fullname" || n === "full_name" || n === "username") return n === "username" ? fakerHelpers.userName(rng) : fakerHelpers.name(rng);
  if (n === "city") return fakerHelpers.city(rng);
  if (n === "country") return fakerHelpers.country(rng);
  if (n === "phone" || n === "phonenumber" || n === "phone_number") return fakerHelpers.phone(rng);
  if (n === "company" || n === "companyname") return fakerHelpers.company(rng);
  if (n === "street" || n === "address" || n === "line1") return fakerHelpers.street(rng);
  return undefined;
}

function genString(schema: Record<string, unknown>, ctx: GenerateContext, propName: string | undefined): string {
  const rng = ctx.rng;
  let s: string;
  switch (schema.format) {
    case "date-time":
      s = new Date(BASE_TIME + rng.int(0, 2 * 365 * 86400) * 1000).toISOString();
      break;
    case "date":
      s = new Date(BASE_TIME + rng.int(0, 2 * 365) * 86400_000).toISOString().slice(0, 10);
      break;
    case "time":
      s = new Date(BASE_TIME + rng.int(0, 86399) * 1000).toISOString().slice(11, 19) + "Z";
      break;
    case "email":
      s = fakerHelpers.email(rng);
      break;
    case "uuid":
      s = uuidFrom(rng);
      break;
    case "uri":
    case "url":
      s = `https://example.com/${rng.pick(WORDS)}/${rng.int(1, 999)}`;
      break;
    case "hostname":
      s = `${rng.pick(WORDS)}.example.com`;
      break;
    case "ipv4":
      s = `${rng.int(1, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
      break;
    case "ipv6":
      s = `2001:db8::${hex(rng, 4)}:${hex(rng, 4)}`;
      break;
    case "byte":
      s = Buffer.from(`${rng.pick(WORDS)}-${rng.int(0, 9999)}`).toString("base64");
      break;
    case "password":
      s = `pw-${hex(rng, 12)}`;
      break;
    default:
      s = byName(propName, rng) ?? `${rng.pick(WORDS)}-${rng.int(1, 9999)}`;
  }
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : undefined;
  // A pattern wins over the format/name guess when the guess does not match it.
  if (typeof schema.pattern === "string" && unsafeRegexReason(schema.pattern) === undefined) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(schema.pattern, "u");
    } catch {
      try {
        re = new RegExp(schema.pattern);
      } catch {
        re = undefined;
      }
    }
    const fits = (x: string): boolean => x.length >= min && (max === undefined || x.length <= max);
    if (re && !(re.test(s) && fits(s))) {
      const sampled = sampleFromPattern(schema.pattern, rng, min, max);
      if (sampled !== undefined) return sampled;
    }
  }
  while (s.length < min) s += rng.pick(WORDS);
  if (max !== undefined && s.length > max) s = s.slice(0, max);
  if (s.length < min) s = s.padEnd(min, "x");
  return s;
}
