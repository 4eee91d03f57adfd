/**
 * Parsing (JSON or YAML) and structural validation of OpenAPI 3.0/3.1
 * documents. Errors name the JSON pointer of what is wrong. Validation covers
 * what the server relies on (version, paths, operations, parameters,
 * responses, every `$ref` resolvable and local), not the whole specification.
 */
import { parseDocument } from "yaml";
import type { FieldError } from "../util/problem";
import { escapePointer, isPlainObject, measureTree } from "../util/json";
import { compilePathTemplate } from "../engine/path-matcher";
import { resolveRef } from "./refs";
import type { OpenApiVersion } from "./schema-validator";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const MAX_NESTING = 256;

export class OpenApiError extends Error {
  constructor(
    /** 400: not JSON/YAML at all; 422: parsed but not a usable OpenAPI 3.x document. */
    readonly status: 400 | 422,
    readonly errors: FieldError[],
  ) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join("; "));
    this.name = "OpenApiError";
  }
}

export interface OpenApiDocument {
  version: OpenApiVersion;
  root: Record<string, unknown>;
  title: string;
  warnings: string[];
}

/** JSON or YAML text → value. Throws OpenApiError(400). */
export function parseText(text: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed === "") throw new OpenApiError(400, [{ field: "document", message: "the document is empty" }]);
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(text);
    } catch (err) {
      // Might still be YAML flow style; fall through and let YAML report.
      const yamlTry = tryYaml(text);
      if (yamlTry.ok) return yamlTry.value;
      throw new OpenApiError(400, [{ field: "document", message: `not valid JSON: ${(err as Error).message}` }]);
    }
  }
  const r = tryYaml(text);
  if (!r.ok) throw new OpenApiError(400, [{ field: "document", message: `not valid YAML: ${r.message}` }]);
  return r.value;
}

/**
 * Alias budget for the yaml library (uses of an anchor × aliases nested in it):
 * grows with the document, so a large document may reuse a shared response
 * hundreds of times, while a small text still cannot expand exponentially.
 * The expanded size is bounded again by nodeBudget() after parsing.
 */
function aliasBudget(text: string): number {
  return Math.min(20_000, Math.max(200, Math.floor(text.length / 20)));
}

/** Objects and arrays a document may expand to (aliases counted where they appear). */
export function nodeBudget(textLength: number): number {
  return Math.max(200_000, textLength * 4);
}

function tryYaml(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
    if (doc.errors.length > 0) return { ok: false, message: doc.errors[0].message.split("\n")[0] };
    return { ok: true, value: doc.toJS({ maxAliasCount: aliasBudget(text) }) };
  } catch (err) {
    return { ok: false, message: (err as Error).message.split("\n")[0] };
  }
}

export function loadOpenApi(text: string): OpenApiDocument {
  return validateOpenApi(parseText(text), nodeBudget(text.length));
}

/** Structural validation; throws OpenApiError(422) listing every problem found. */
export function validateOpenApi(value: unknown, maxNodes = Infinity): OpenApiDocument {
  const errors: FieldError[] = [];
  const warnings: string[] = [];
  const add = (pointer: string, message: string): void => void errors.push({ field: pointer || "/", message });
  if (!isPlainObject(value)) {
    throw new OpenApiError(422, [{ field: "/", message: `an OpenAPI document must be an object, got ${Array.isArray(value) ? "an array" : typeof value}` }]);
  }
  const shape = measureTree(value, MAX_NESTING, maxNodes);
  if (shape === "depth") {
    throw new OpenApiError(422, [{ field: "/", message: `the document nests deeper than ${MAX_NESTING} levels` }]);
  }
  if (shape === "size") {
    throw new OpenApiError(422, [{ field: "/", message: `the document expands (through YAML aliases) to more than ${maxNodes} objects and arrays` }]);
  }
  const root = value;
  let version: OpenApiVersion = "3.0";
  if (root.swagger !== undefined) {
    throw new OpenApiError(422, [{ field: "/swagger", message: "Swagger 2.0 documents are not supported; convert to OpenAPI 3.0 or 3.1" }]);
  }
  if (typeof root.openapi !== "string") add("/openapi", 'is required: a version string such as "3.0.3" or "3.1.0"');
  else if (/^3\.0\.\d+/.test(root.openapi)) version = "3.0";
  else if (/^3\.1\.\d+/.test(root.openapi)) version = "3.1";
  else add("/openapi", `version ${JSON.stringify(root.openapi)} is not supported; expected 3.0.x or 3.1.x`);

  let title = "";
  if (!isPlainObject(root.info)) add("/info", "is required: an object with title and version");
  else {
    if (typeof root.info.title !== "string") add("/info/title", "is required: a string");
    else title = root.info.title;
    if (typeof root.info.version !== "string") add("/info/version", "is required: a string");
  }

  if (root.paths === undefined) {
    if (version === "3.0") add("/paths", "is required in OpenAPI 3.0");
    else warnings.push("the document has no paths: nothing to serve");
  } else if (!isPlainObject(root.paths)) {
    add("/paths", "must be an object of path templates");
  } else {
    for (const [path, item] of Object.entries(root.paths)) {
      const at = `/paths/${escapePointer(path)}`;
      if (!path.startsWith("/")) add(at, `path ${JSON.stringify(path)} must start with "/"`);
      else {
        try {
          compilePathTemplate(path);
        } catch (err) {
          add(at, (err as Error).message);
        }
      }
      const resolved = isPlainObject(item) && typeof item.$ref === "string" ? resolveRef(root, item.$ref) : { ok: true as const, value: item };
      if (!resolved.ok) continue; // reported by the $ref walk below
      const pathItem = resolved.value;
      if (!isPlainObject(pathItem)) {
        add(at, "a path item must be an object");
        continue;
      }
      checkParameters(root, pathItem.parameters, `${at}/parameters`, add);
      for (const method of HTTP_METHODS) {
        const op = pathItem[method];
        if (op === undefined) continue;
        const opAt = `${at}/${method}`;
        if (!isPlainObject(op)) {
          add(opAt, "an operation must be an object");
          continue;
        }
        checkParameters(root, op.parameters, `${opAt}/parameters`, add);
        if (op.responses === undefined) {
          if (version === "3.0") add(`${opAt}/responses`, "is required in OpenAPI 3.0");
        } else if (!isPlainObject(op.responses) || Object.keys(op.responses).length === 0) {
          add(`${opAt}/responses`, "must be an object with at least one response");
        } else {
          for (const code of Object.keys(op.responses)) {
            if (!/^([1-5](\d\d|XX)|default)$/.test(code)) add(`${opAt}/responses/${escapePointer(code)}`, `${JSON.stringify(code)} is not a status code, a range like 2XX, or default`);
          }
        }
        if (op.requestBody !== undefined && !isPlainObject(op.requestBody)) add(`${opAt}/requestBody`, "must be an object");
      }
    }
  }
  if (root.components !== undefined && !isPlainObject(root.components)) add("/components", "must be an object");

  walkRefs(root, root, "", add);
  if (errors.length > 0) throw new OpenApiError(422, errors);
  return { version, root, title, warnings };
}

function checkParameters(root: unknown, params: unknown, at: string, add: (p: string, m: string) => void): void {
  if (params === undefined) return;
  if (!Array.isArray(params)) {
    add(at, "must be an array");
    return;
  }
  params.forEach((p, i) => {
    const pAt = `${at}/${i}`;
    const r = isPlainObject(p) && typeof p.$ref === "string" ? resolveRef(root, p.$ref) : { ok: true as const, value: p };
    if (!r.ok) return;
    const param = r.value;
    if (!isPlainObject(param)) {
      add(pAt, "a parameter must be an object");
      return;
    }
    if (typeof param.name !== "string" || param.name === "") add(`${pAt}/name`, "is required: a string");
    if (!["path", "query", "header", "cookie"].includes(param.in as string)) add(`${pAt}/in`, "must be one of path, query, header, cookie");
  });
}

function walkRefs(root: unknown, node: unknown, at: string, add: (p: string, m: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => walkRefs(root, v, `${at}/${i}`, add));
    return;
  }
  if (!isPlainObject(node)) return;
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string") {
      const r = resolveRef(root, v);
      if (!r.ok) add(`${at}/$ref`, r.reason);
    } else if (k === "example" || (k === "examples" && !isPlainObject(v))) {
      // Example payloads may legitimately contain "$ref" keys.
      continue;
    } else {
      walkRefs(root, v, `${at}/${escapePointer(k)}`, add);
    }
  }
}
