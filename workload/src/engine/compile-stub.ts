/**
 * Turns a stub definition into a route with everything precomputed: status,
 * a flat header array (with a slot for x-request-id), the body as a Buffer
 * when it is static, or compiled templates when it is not.
 */
import type { StoredFile } from "../store/store";
import type { FaultSpec, StubDefinition } from "../stubs/stub-types";
import { isPlainObject } from "../util/json";
import { compilePattern } from "./request-pattern";
import type { RouteBase } from "./route";
import { compileTemplate, hasTemplate, type CompiledTemplate, type TemplateContext } from "./template";

export interface CompiledStub extends RouteBase {
  readonly kind: "stub";
  readonly stub: StubDefinition;
  readonly status: number;
  /**
   * Flat [name, value, ...] list ending with ["x-request-id", ""]; the
   * responder fills the last slot just before writeHead (single-threaded).
   */
  readonly headers: string[];
  /** Templated headers, rendered per request; null when none. */
  readonly headerTemplates: Array<[string, CompiledTemplate]> | null;
  /** The body when static. */
  readonly body: Buffer | null;
  /** The body renderer when templated. */
  readonly renderBody: ((ctx: TemplateContext) => string) | null;
  /** Set when bodyFile names a file the workspace does not have. */
  readonly missingFile: string | null;
  readonly delay: { min: number; max: number } | null;
  readonly fault: FaultSpec | null;
}

function looksJson(text: string): boolean {
  const t = text.trimStart();
  if (!(t.startsWith("{") || t.startsWith("["))) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** JSON body whose string leaves may be templates: serialize once, splice rendered strings. */
function compileJsonBody(value: unknown): ((ctx: TemplateContext) => string) | null {
  const templates: CompiledTemplate[] = [];
  const replace = (v: unknown): unknown => {
    if (typeof v === "string" && hasTemplate(v)) {
      const t = compileTemplate(v);
      if (t.isStatic) return t.render({} as TemplateContext);
      templates.push(t);
      return `\u0000T${templates.length - 1}\u0000`;
    }
    if (Array.isArray(v)) return v.map(replace);
    if (isPlainObject(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = replace(x);
      return out;
    }
    return v;
  };
  const serialized = JSON.stringify(replace(value));
  if (templates.length === 0) return null;
  const parts: Array<string | CompiledTemplate> = [];
  let rest = serialized;
  for (let i = 0; i < templates.length; i++) {
    const marker = JSON.stringify(`\u0000T${i}\u0000`);
    const at = rest.indexOf(marker);
    parts.push(rest.slice(0, at), templates[i]);
    rest = rest.slice(at + marker.length);
  }
  parts.push(rest);
  return (ctx) => {
    let out = "";
    for (const p of parts) out += typeof p === "string" ? p : JSON.stringify(p.render(ctx));
    return out;
  };
}

export function compileStub(stub: StubDefinition, files: ReadonlyMap<string, StoredFile>): CompiledStub {
  const pattern = compilePattern(stub.request);
  const r = stub.response;
  const templating = r.templated !== false;
  let body: Buffer | null = null;
  let renderBody: ((ctx: TemplateContext) => string) | null = null;
  let contentType: string | undefined;
  let missingFile: string | null = null;

  if (r.json !== undefined) {
    contentType = "application/json";
    renderBody = templating ? compileJsonBody(r.json) : null;
    if (!renderBody) body = Buffer.from(JSON.stringify(r.json));
  } else if (r.body !== undefined) {
    contentType = looksJson(r.body) ? "application/json" : "text/plain; charset=utf-8";
    const t = templating && hasTemplate(r.body) ? compileTemplate(r.body) : null;
    if (t && !t.isStatic) renderBody = (ctx) => t.render(ctx);
    else body = Buffer.from(t ? t.render({} as TemplateContext) : r.body);
  } else if (r.bodyFile !== undefined) {
    const file = files.get(r.bodyFile);
    if (!file) {
      missingFile = r.bodyFile;
      body = Buffer.alloc(0);
    } else {
      contentType = file.contentType;
      const textual = /^(text\/|application\/(json|xml|javascript|yaml|x-yaml)|[^;]*\+(json|xml))/i.test(file.contentType);
      const text = textual ? file.data.toString("utf8") : "";
      const t = templating && textual && hasTemplate(text) ? compileTemplate(text) : null;
      if (t && !t.isStatic) renderBody = (ctx) => t.render(ctx);
      else body = file.data;
    }
  } else {
    body = Buffer.alloc(0);
  }

  const headers: string[] = [];
  let headerTemplates: Array<[string, CompiledTemplate]> | null = null;
  let hasContentType = false;
  for (const [name, value] of Object.entries(r.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === "content-length" || lower === "transfer-encoding" || lower === "connection") continue;
    if (lower === "content-type") hasContentType = true;
    if (templating && hasTemplate(value)) {
      const t = compileTemplate(value);
      if (!t.isStatic) {
        (headerTemplates ??= []).push([name, t]);
        continue;
      }
      headers.push(name, t.render({} as TemplateContext));
    } else headers.push(name, value);
  }
  if (!hasContentType && contentType !== undefined && (body === null || body.length > 0 || renderBody)) headers.push("content-type", contentType);
  if (body !== null && !r.fault) headers.push("content-length", String(body.length));
  headers.push("x-request-id", "");

  let delay: { min: number; max: number } | null = null;
  if (r.delay) {
    if (r.delay.fixedMs !== undefined) delay = { min: r.delay.fixedMs, max: r.delay.fixedMs };
    else if (r.delay.maxMs !== undefined) delay = { min: r.delay.minMs ?? 0, max: r.delay.maxMs };
    if (delay && delay.max === 0) delay = null;
  }

  return {
    kind: "stub",
    id: stub.id,
    label: stub.name ? `${stub.name} (${stub.id})` : stub.id,
    method: pattern.method,
    path: pattern.path,
    checks: pattern.checks,
    scenario: stub.scenario,
    rank: 0,
    explain: pattern.explain,
    stub,
    status: r.status,
    headers,
    headerTemplates,
    body,
    renderBody,
    missingFile,
    delay,
    fault: r.fault ?? null,
  };
}
