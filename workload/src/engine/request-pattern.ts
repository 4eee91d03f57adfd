/**
 * Compiles a RequestPattern (stub `request`, or a journal verification query)
 * into checks. `matches` is the hot path; `explain` lists why a request did
 * not match (the 404 "closest stubs" body).
 */
import type { RequestPattern, StringMatcher, ValueMatcher } from "../stubs/stub-types";
import { deepEqual, getPath, splitDotPath } from "../util/json";
import { decodePathParam, type MatchInput } from "./match-input";
import { compilePathRegex, compilePathTemplate, type PathMatcher } from "./path-matcher";
import { stringify } from "./template";

export interface Check {
  /** e.g. `query.page`, `header x-api-key`, `body user.name`. */
  readonly label: string;
  test(input: MatchInput): boolean;
  /** Why it failed, for this input. */
  why(input: MatchInput): string;
}

function describeString(m: StringMatcher): string {
  const parts: string[] = [];
  if (m.present === true) parts.push("present");
  if (m.present === false) parts.push("absent");
  if (m.equals !== undefined) parts.push(`equal to ${JSON.stringify(m.equals)}`);
  if (m.contains !== undefined) parts.push(`containing ${JSON.stringify(m.contains)}`);
  if (m.regex !== undefined) parts.push(`matching /${m.regex}/`);
  if (m.caseInsensitive) parts.push("(case-insensitive)");
  return parts.join(" and ") || "anything";
}

export function compileStringMatcher(m: StringMatcher): (v: string | undefined) => boolean {
  const ci = m.caseInsensitive === true;
  const eq = m.equals === undefined ? undefined : ci ? m.equals.toLowerCase() : m.equals;
  const contains = m.contains === undefined ? undefined : ci ? m.contains.toLowerCase() : m.contains;
  const re = m.regex === undefined ? undefined : new RegExp(m.regex, ci ? "i" : "");
  const present = m.present;
  return (raw) => {
    if (present === false) return raw === undefined;
    if (raw === undefined) return false;
    const v = ci ? raw.toLowerCase() : raw;
    if (eq !== undefined && v !== eq) return false;
    if (contains !== undefined && !v.includes(contains)) return false;
    if (re !== undefined && !re.test(raw)) return false;
    return true;
  };
}

function compileValueMatcher(m: ValueMatcher): (v: unknown) => boolean {
  const re = m.regex === undefined ? undefined : new RegExp(m.regex);
  return (v) => {
    if (m.present === false) return v === undefined;
    if (v === undefined) return false;
    if (m.equals !== undefined && !deepEqual(v, m.equals)) return false;
    if (m.contains !== undefined) {
      if (Array.isArray(v)) {
        if (!v.some((x) => deepEqual(x, m.contains))) return false;
      } else if (!stringify(v).includes(stringify(m.contains))) return false;
    }
    if (re !== undefined && !re.test(stringify(v))) return false;
    return true;
  };
}

function describeValue(m: ValueMatcher): string {
  const parts: string[] = [];
  if (m.present === true) parts.push("present");
  if (m.present === false) parts.push("absent");
  if (m.equals !== undefined) parts.push(`equal to ${JSON.stringify(m.equals)}`);
  if (m.contains !== undefined) parts.push(`containing ${JSON.stringify(m.contains)}`);
  if (m.regex !== undefined) parts.push(`matching /${m.regex}/`);
  return parts.join(" and ") || "anything";
}

function shown(v: string | undefined): string {
  if (v === undefined) return "it is absent";
  return `got ${JSON.stringify(v.length > 60 ? v.slice(0, 57) + "..." : v)}`;
}

export function compileChecks(pattern: RequestPattern): Check[] {
  const checks: Check[] = [];
  for (const [name, m] of Object.entries(pattern.query ?? {})) {
    const test = compileStringMatcher(m);
    const expect = describeString(m);
    checks.push({
      label: `query.${name}`,
      test: (input) => {
        const values = input.queryValues(name);
        if (values === undefined) return test(undefined);
        for (const v of values) if (test(v)) return true;
        return false;
      },
      why: (input) => `query parameter "${name}" should be ${expect}; ${shown(input.queryValues(name)?.join(","))}`,
    });
  }
  for (const [rawName, m] of Object.entries(pattern.headers ?? {})) {
    const name = rawName.toLowerCase();
    const test = compileStringMatcher(m);
    const expect = describeString(m);
    checks.push({
      label: `header.${name}`,
      test: (input) => test(input.header(name)),
      why: (input) => `header "${name}" should be ${expect}; ${shown(input.header(name))}`,
    });
  }
  for (const [path, m] of Object.entries(pattern.body ?? {})) {
    if (path === "$") {
      const test = compileStringMatcher(m as StringMatcher);
      const expect = describeString(m as StringMatcher);
      checks.push({
        label: "body",
        test: (input) => test(input.body.length === 0 ? undefined : input.bodyText()),
        why: (input) => `body should be ${expect}; ${shown(input.body.length === 0 ? undefined : input.bodyText())}`,
      });
      continue;
    }
    const segs = splitDotPath(path);
    const test = compileValueMatcher(m);
    const expect = describeValue(m);
    checks.push({
      label: `body.${path}`,
      test: (input) => test(getPath(input.bodyJson(), segs)),
      why: (input) => {
        const err = input.bodyJsonError();
        if (err !== "" && m.present !== false) return `body field "${path}" should be ${expect}; the body is not JSON (${err})`;
        const v = getPath(input.bodyJson(), segs);
        return `body field "${path}" should be ${expect}; ${v === undefined ? "it is absent" : `got ${JSON.stringify(v)}`}`;
      },
    });
  }
  return checks;
}

export interface CompiledPattern {
  /** Upper-case method, or null for ANY. */
  readonly method: string | null;
  /** Null matches every path. */
  readonly path: PathMatcher | null;
  readonly checks: readonly Check[];
  /** Full match, including method and path; fills input.params on success. */
  matches(input: MatchInput): boolean;
  /** Reasons for a mismatch, and how many conditions there are in total. */
  explain(input: MatchInput): { total: number; failed: string[] };
}

export function compilePattern(pattern: RequestPattern): CompiledPattern {
  const method = pattern.method === undefined || pattern.method.toUpperCase() === "ANY" ? null : pattern.method.toUpperCase();
  const path = pattern.path !== undefined ? compilePathTemplate(pattern.path) : pattern.pathPattern !== undefined ? compilePathRegex(pattern.pathPattern) : null;
  const checks = compileChecks(pattern);
  const values: string[] = [];
  return {
    method,
    path,
    checks,
    matches(input) {
      if (method !== null && input.method !== method) return false;
      if (path !== null) {
        if (!path.match(input.path, values)) return false;
        input.params = bindParams(path, values);
      }
      for (const c of checks) if (!c.test(input)) return false;
      return true;
    },
    explain(input) {
      const failed: string[] = [];
      let total = checks.length;
      if (method !== null) {
        total++;
        if (input.method !== method) failed.push(`method should be ${method}; got ${input.method}`);
      }
      if (path !== null) {
        total++;
        if (!path.match(input.path, values)) failed.push(`path should match ${path.kind === "regex" ? `/${path.source}/` : path.source}; got ${input.path}`);
        else input.params = bindParams(path, values);
      }
      for (const c of checks) if (!c.test(input)) failed.push(c.why(input));
      return { total, failed };
    },
  };
}

export function bindParams(path: PathMatcher, values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const names = path.paramNames;
  for (let k = 0; k < names.length; k++) out[names[k]] = decodePathParam(values[k]);
  return out;
}
