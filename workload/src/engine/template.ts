/**
 * Response templating, compiled once per stub: `{{request.params.id}}`,
 * `{{request.query.q}}`, `{{request.headers.x-trace}}`, `{{request.body.user.name}}`
 * and helpers (`uuid`, `now`, `date`, `randomInt`, `randomFloat`, `pick`,
 * `default`, `upper`, `lower`, `json`, `faker.*`). Sub-expressions use
 * parentheses: `{{default (upper request.query.name) "anonymous"}}`.
 * Rendering a template without expressions returns its literal text.
 */
import { randomUUID } from "node:crypto";
import { fakerHelpers } from "../util/faker";
import { formatDate, parseOffset } from "../util/date-format";
import { getPath } from "../util/json";
import type { Rng } from "../util/rng";

/** What templates can read from the request; implemented lazily by MatchInput. */
export interface TemplateRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly workspace: string;
  readonly requestId: string;
  param(name: string): string | undefined;
  queryValue(name: string): string | undefined;
  header(name: string): string | undefined;
  bodyText(): string;
  /** Parsed JSON body, or undefined when absent or not JSON. */
  bodyJson(): unknown;
}

export interface TemplateContext {
  request: TemplateRequest;
  rng: Rng;
}

type Eval = (ctx: TemplateContext) => unknown;

export interface CompiledTemplate {
  /** True when the text has no expressions. */
  readonly isStatic: boolean;
  readonly source: string;
  render(ctx: TemplateContext): string;
}

export class TemplateError extends Error {
  constructor(message: string, readonly position: number) {
    super(message);
    this.name = "TemplateError";
  }
}

export function hasTemplate(text: string): boolean {
  return text.includes("{{");
}

export function stringify(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

export function compileTemplate(source: string): CompiledTemplate {
  const parts: Array<string | Eval> = [];
  let literal = "";
  let i = 0;
  while (i < source.length) {
    if (source.startsWith("\\{{", i)) {
      literal += "{{";
      i += 3;
      continue;
    }
    if (source.startsWith("{{", i)) {
      const end = source.indexOf("}}", i + 2);
      if (end < 0) throw new TemplateError(`unclosed "{{" at position ${i}`, i);
      if (literal) parts.push(literal);
      literal = "";
      parts.push(parseExpression(source.slice(i + 2, end), i + 2));
      i = end + 2;
      continue;
    }
    literal += source[i];
    i++;
  }
  if (literal) parts.push(literal);
  if (parts.every((p) => typeof p === "string")) {
    const text = parts.join("");
    return { isStatic: true, source, render: () => text };
  }
  if (parts.length === 1) {
    const only = parts[0] as Eval;
    return { isStatic: false, source, render: (ctx) => stringify(only(ctx)) };
  }
  return {
    isStatic: false,
    source,
    render(ctx) {
      let out = "";
      for (const p of parts) out += typeof p === "string" ? p : stringify(p(ctx));
      return out;
    },
  };
}

// ---- expression parser -------------------------------------------------------

type Token =
  | { kind: "str"; value: string; pos: number }
  | { kind: "num"; value: number; pos: number }
  | { kind: "id"; value: string; pos: number }
  | { kind: "("; pos: number }
  | { kind: ")"; pos: number }
  | { kind: "="; pos: number };

function tokenize(text: string, offset: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
    } else if (c === "(" || c === ")" || c === "=") {
      out.push({ kind: c, pos: offset + i });
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let value = "";
      while (j < text.length && text[j] !== c) {
        if (text[j] === "\\" && j + 1 < text.length) j++;
        value += text[j];
        j++;
      }
      if (j >= text.length) throw new TemplateError(`unterminated string at position ${offset + i}`, offset + i);
      out.push({ kind: "str", value, pos: offset + i });
      i = j + 1;
    } else if (/[-0-9]/.test(c) && /^-?\d+(\.\d+)?(?![\w.-])/.test(text.slice(i))) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i))!;
      out.push({ kind: "num", value: Number(m[0]), pos: offset + i });
      i += m[0].length;
    } else if (/[A-Za-z0-9_$.\-\[\]]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_$.\-\[\]]/.test(text[j])) j++;
      out.push({ kind: "id", value: text.slice(i, j), pos: offset + i });
      i = j;
    } else {
      throw new TemplateError(`unexpected character ${JSON.stringify(c)} at position ${offset + i}`, offset + i);
    }
  }
  return out;
}

interface Call {
  name: string;
  args: Eval[];
  hash: Record<string, Eval>;
}

type Helper = (call: Call, pos: number) => Eval;

const now = (): Date => new Date();

function toDate(v: unknown): Date | undefined {
  if (v instanceof Date) return v;
  if (typeof v === "number") return new Date(v);
  if (typeof v === "string" && v !== "") {
    const d = /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

function num(v: unknown, fallback: number): number {
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : fallback;
}

function arity(call: Call, min: number, max: number, pos: number, usage: string): void {
  if (call.args.length < min || call.args.length > max) {
    throw new TemplateError(`helper "${call.name}" at position ${pos}: expected ${usage}`, pos);
  }
}

const HELPERS: Record<string, Helper> = {
  uuid: (c, pos) => {
    arity(c, 0, 0, pos, "no arguments");
    return () => randomUUID();
  },
  now: (c, pos) => {
    arity(c, 0, 1, pos, "an optional format, e.g. {{now 'yyyy-MM-dd'}}");
    const fmt = c.args[0];
    const offset = c.hash.offset;
    return (ctx) => {
      let d = now();
      if (offset) {
        const ms = parseOffset(stringify(offset(ctx)));
        if (ms !== undefined) d = new Date(d.getTime() + ms);
      }
      return formatDate(d, fmt ? stringify(fmt(ctx)) : undefined);
    };
  },
  date: (c, pos) => {
    arity(c, 1, 2, pos, "a date value and an optional format");
    const [value, fmt] = c.args;
    return (ctx) => {
      const d = toDate(value(ctx));
      return d ? formatDate(d, fmt ? stringify(fmt(ctx)) : undefined) : "";
    };
  },
  randomInt: (c, pos) => {
    arity(c, 0, 2, pos, "optional min and max, e.g. {{randomInt 1 100}}");
    const [lo, hi] = c.args;
    return (ctx) => {
      const min = Math.ceil(lo ? num(lo(ctx), 0) : 0);
      const max = Math.floor(hi ? num(hi(ctx), min + 100) : 100);
      return ctx.rng.int(min, max);
    };
  },
  randomFloat: (c, pos) => {
    arity(c, 0, 2, pos, "optional min and max");
    const [lo, hi] = c.args;
    const decimals = c.hash.decimals;
    return (ctx) => {
      const min = lo ? num(lo(ctx), 0) : 0;
      const max = hi ? num(hi(ctx), min + 1) : 1;
      const d = decimals ? Math.max(0, Math.min(10, num(decimals(ctx), 2))) : 2;
      return Number((min + ctx.rng.next() * (max - min)).toFixed(d));
    };
  },
  pick: (c, pos) => {
    arity(c, 1, 1000, pos, "one or more values");
    return (ctx) => ctx.rng.pick(c.args)(ctx);
  },
  default: (c, pos) => {
    arity(c, 2, 2, pos, "a value and a fallback");
    const [v, f] = c.args;
    return (ctx) => {
      const x = v(ctx);
      return x === undefined || x === null || x === "" ? f(ctx) : x;
    };
  },
  upper: (c, pos) => {
    arity(c, 1, 1, pos, "one value");
    return (ctx) => stringify(c.args[0](ctx)).toUpperCase();
  },
  lower: (c, pos) => {
    arity(c, 1, 1, pos, "one value");
    return (ctx) => stringify(c.args[0](ctx)).toLowerCase();
  },
  json: (c, pos) => {
    arity(c, 1, 1, pos, "one value");
    return (ctx) => JSON.stringify(c.args[0](ctx) ?? null);
  },
};

for (const [name, fn] of Object.entries(fakerHelpers)) {
  HELPERS[`faker.${name}`] = (c, pos) => {
    arity(c, 0, 0, pos, "no arguments");
    return (ctx) => fn(ctx.rng);
  };
}

export const HELPER_NAMES: readonly string[] = Object.keys(HELPERS);

function pathEval(name: string, pos: number): Eval {
  const segs = name.replace(/\[(\d+)\]/g, ".$1").split(".").filter((s) => s !== "");
  if (segs[0] !== "request" || segs.length < 2) {
    throw new TemplateError(
      `unknown helper or variable "${name}" at position ${pos}; variables start with request. ` +
        `(method, path, url, workspace, id, params.X, query.X, headers.X, body, body.X) and helpers are ${HELPER_NAMES.join(", ")}`,
      pos,
    );
  }
  const field = segs[1];
  const rest = segs.slice(2);
  const one = (what: string): string => {
    if (rest.length !== 1) throw new TemplateError(`"${name}" at position ${pos}: expected request.${field}.<${what}>`, pos);
    return rest[0];
  };
  const none = (): void => {
    if (rest.length !== 0) throw new TemplateError(`"${name}" at position ${pos}: request.${field} has no fields`, pos);
  };
  switch (field) {
    case "method":
      none();
      return (ctx) => ctx.request.method;
    case "path":
      none();
      return (ctx) => ctx.request.path;
    case "url":
      none();
      return (ctx) => (ctx.request.rawQuery ? `${ctx.request.path}?${ctx.request.rawQuery}` : ctx.request.path);
    case "workspace":
      none();
      return (ctx) => ctx.request.workspace;
    case "id":
      none();
      return (ctx) => ctx.request.requestId;
    case "params":
    case "pathParams": {
      const p = one("name");
      return (ctx) => ctx.request.param(p);
    }
    case "query": {
      const q = one("name");
      return (ctx) => ctx.request.queryValue(q);
    }
    case "headers": {
      const h = one("name").toLowerCase();
      return (ctx) => ctx.request.header(h);
    }
    case "body":
      if (rest.length === 0) return (ctx) => ctx.request.bodyText();
      return (ctx) => getPath(ctx.request.bodyJson(), rest);
    default:
      throw new TemplateError(
        `unknown request field "${field}" in "${name}" at position ${pos}; use method, path, url, workspace, id, params, query, headers or body`,
        pos,
      );
  }
}

function parseExpression(text: string, offset: number): Eval {
  const tokens = tokenize(text, offset);
  if (tokens.length === 0) throw new TemplateError(`empty expression at position ${offset}`, offset);
  let i = 0;
  const parseCall = (stopAtParen: boolean): Eval => {
    const head = tokens[i];
    if (head.kind !== "id") {
      // A bare literal: {{"x"}} or {{42}}
      if ((head.kind === "str" || head.kind === "num") && (i + 1 >= tokens.length || (stopAtParen && tokens[i + 1].kind === ")"))) {
        i++;
        const v = head.value;
        return () => v;
      }
      throw new TemplateError(`expected a helper or variable at position ${head.pos}`, head.pos);
    }
    i++;
    const call: Call = { name: head.value, args: [], hash: {} };
    while (i < tokens.length) {
      const t = tokens[i];
      if (t.kind === ")") {
        if (!stopAtParen) throw new TemplateError(`unbalanced ")" at position ${t.pos}`, t.pos);
        break;
      }
      if (t.kind === "id" && tokens[i + 1]?.kind === "=") {
        i += 2;
        if (i >= tokens.length) throw new TemplateError(`missing value after "${t.value}=" at position ${t.pos}`, t.pos);
        call.hash[t.value] = parseArg();
        continue;
      }
      call.args.push(parseArg());
    }
    const helper = HELPERS[call.name];
    if (helper) return helper(call, head.pos);
    if (call.args.length > 0 || Object.keys(call.hash).length > 0) {
      throw new TemplateError(`unknown helper "${call.name}" at position ${head.pos}; helpers are ${HELPER_NAMES.join(", ")}`, head.pos);
    }
    return pathEval(call.name, head.pos);
  };
  const parseArg = (): Eval => {
    const t = tokens[i];
    if (t.kind === "str" || t.kind === "num") {
      i++;
      const v = t.value;
      return () => v;
    }
    if (t.kind === "(") {
      i++;
      if (i >= tokens.length) throw new TemplateError(`unclosed "(" at position ${t.pos}`, t.pos);
      const inner = parseCall(true);
      if (tokens[i]?.kind !== ")") throw new TemplateError(`unclosed "(" at position ${t.pos}`, t.pos);
      i++;
      return inner;
    }
    if (t.kind === "id") {
      i++;
      const helper = HELPERS[t.value];
      if (helper) return helper({ name: t.value, args: [], hash: {} }, t.pos);
      return pathEval(t.value, t.pos);
    }
    throw new TemplateError(`unexpected "${t.kind}" at position ${t.pos}`, t.pos);
  };
  const result = parseCall(false);
  if (i < tokens.length) throw new TemplateError(`unexpected input at position ${tokens[i].pos}`, tokens[i].pos);
  return result;
}
