/**
 * One request as the matchers see it. Query, headers and body are parsed
 * lazily and at most once, so a request that only needs method + path never
 * pays for the rest.
 */
import type { IncomingHttpHeaders } from "node:http";
import { EMPTY } from "../util/body";
import type { TemplateRequest } from "./template";

function decode(s: string): string {
  if (s.indexOf("%") < 0 && s.indexOf("+") < 0) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

export function decodePathParam(s: string): string {
  if (s.indexOf("%") < 0) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseQuery(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (raw === "") return out;
  for (const pair of raw.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? "" : decode(pair.slice(eq + 1));
    const list = out.get(key);
    if (list) list.push(value);
    else out.set(key, [value]);
  }
  return out;
}

const NOT_PARSED = 0;
const PARSED = 1;
const INVALID = 2;

export class MatchInput implements TemplateRequest {
  /** Path parameters of the matched route (set once a route matched). */
  params: Record<string, string> | null = null;
  private query: Map<string, string[]> | null = null;
  private text: string | null = null;
  private jsonState = NOT_PARSED;
  private json: unknown = undefined;
  private jsonError = "";

  constructor(
    readonly method: string,
    readonly path: string,
    readonly rawQuery: string,
    readonly headers: IncomingHttpHeaders,
    readonly body: Buffer,
    readonly workspace: string,
    readonly requestId: string,
  ) {}

  static of(method: string, path: string, rawQuery = "", headers: IncomingHttpHeaders = {}, body: Buffer = EMPTY): MatchInput {
    return new MatchInput(method, path, rawQuery, headers, body, "", "");
  }

  param(name: string): string | undefined {
    return this.params?.[name];
  }

  queryValues(name: string): string[] | undefined {
    if (this.query === null) this.query = parseQuery(this.rawQuery);
    return this.query.get(name);
  }

  queryMap(): Map<string, string[]> {
    if (this.query === null) this.query = parseQuery(this.rawQuery);
    return this.query;
  }

  queryValue(name: string): string | undefined {
    return this.queryValues(name)?.[0];
  }

  /** `name` must be lower case. Repeated headers are joined with ", ". */
  header(name: string): string | undefined {
    const v = this.headers[name];
    if (v === undefined) return undefined;
    return Array.isArray(v) ? v.join(", ") : v;
  }

  bodyText(): string {
    if (this.text === null) this.text = this.body.length === 0 ? "" : this.body.toString("utf8");
    return this.text;
  }

  bodyJson(): unknown {
    if (this.jsonState === NOT_PARSED) {
      const text = this.bodyText();
      if (text === "") {
        this.jsonState = INVALID;
        this.jsonError = "the body is empty";
      } else {
        try {
          this.json = JSON.parse(text);
          this.jsonState = PARSED;
        } catch (err) {
          this.jsonState = INVALID;
          this.jsonError = (err as Error).message;
        }
      }
    }
    return this.jsonState === PARSED ? this.json : undefined;
  }

  /** Why the body is not JSON ("" when it is). */
  bodyJsonError(): string {
    this.bodyJson();
    return this.jsonState === PARSED ? "" : this.jsonError;
  }
}
