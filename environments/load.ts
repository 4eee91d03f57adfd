/**
 * Loads environments/*.yaml: YAML (syntax, duplicate keys) -> schema.json
 * (types, enums, ranges, unknown keys) -> semantic rules (validate.ts).
 * Every problem in every file read becomes one ConfigIssue, and the loader
 * throws a single ConfigError listing them all, before any stack is built.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import type { AnySchemaObject, ErrorObject, ValidateFunction } from "ajv";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { ConfigError, type ConfigIssue } from "./errors";
import type { EnvironmentConfig } from "./model";
import { defaultEnvironmentsDir, findProjectRoot } from "./paths";
import { compileSchema, PRECOMPILED_VALIDATOR } from "./schema-compiler";
import { validateEnvironment, type ValidationIssue } from "./validate";

export { defaultEnvironmentsDir, findProjectRoot } from "./paths";

export interface LoadOptions {
  /**
   * The JSON Schema to validate against.
   * @default `<project root>/environments/schema.json` (read with fs, so it works from dist/)
   */
  readonly schemaPath?: string;
}

/** Extension of environment files; the file name without it is the environment name. */
export const ENVIRONMENT_FILE_EXTENSION = ".yaml";
/** Loads and validates one environment file; throws ConfigError listing every issue. */
export function loadEnvironmentFile(file: string, options: LoadOptions = {}): EnvironmentConfig {
  const result = inspectEnvironmentFile(file, options);
  if (!result.config) throw new ConfigError(result.issues);
  return result.config;
}

/**
 * Loads the environment files in `dir` (all `*.yaml`, or only `names`), in
 * file-name order. Throws one ConfigError with the issues of every file.
 */
export function loadEnvironments(dir: string = defaultEnvironmentsDir(), names?: readonly string[], options: LoadOptions = {}): EnvironmentConfig[] {
  const folder = path.resolve(dir);
  const listed = listFolder(folder);
  if ("issue" in listed) throw new ConfigError([listed.issue]);

  const yamlFiles = listed.files.filter((f) => f.endsWith(ENVIRONMENT_FILE_EXTENSION)).sort();
  const available = yamlFiles.map((f) => path.basename(f, ENVIRONMENT_FILE_EXTENSION));
  const issues: ConfigIssue[] = [];

  // A .yml file would be silently skipped; say so instead.
  for (const stray of listed.files.filter((f) => f.endsWith(".yml"))) {
    issues.push({ file: displayPath(path.join(folder, stray)), path: "(file name)", value: stray, message: `environment files must end in ${ENVIRONMENT_FILE_EXTENSION}; rename it` });
  }
  if (available.length === 0) {
    issues.push({ file: displayPath(folder), path: "(folder)", value: listed.files, message: `contains no environment files (*${ENVIRONMENT_FILE_EXTENSION})` });
  }
  for (const name of names ?? []) {
    if (!available.includes(name)) {
      issues.push({ file: displayPath(folder), path: "(environment name)", value: name, message: `is not an environment here; available: ${available.join(", ") || "none"}` });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);

  const selected = names ? available.filter((name) => names.includes(name)) : available;
  const configs: EnvironmentConfig[] = [];
  for (const name of selected) {
    const result = inspectEnvironmentFile(path.join(folder, name + ENVIRONMENT_FILE_EXTENSION), options);
    issues.push(...result.issues);
    if (result.config) configs.push(result.config);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return configs;
}

/** The outcome of checking one file: the config when valid, and every issue found. */
export interface FileInspection {
  readonly config?: EnvironmentConfig;
  readonly issues: ConfigIssue[];
}

/** Checks one file without throwing: YAML, then schema, then (if the schema passed) the semantic rules. */
export function inspectEnvironmentFile(file: string, options: LoadOptions = {}): FileInspection {
  const absolute = path.resolve(file);
  const shown = displayPath(absolute);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (e) {
    return { issues: [{ file: shown, path: "(file)", value: undefined, message: `cannot be read: ${(e as Error).message}` }] };
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): Pick<ConfigIssue, "line" | "column"> => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  // Every duplicate key is its own mistake; after the first real syntax error the
  // parser's recovery produces follow-on noise, so only that first one is reported.
  const problems = [...doc.errors, ...doc.warnings].sort((a, b) => a.pos[0] - b.pos[0]);
  const yamlIssues: ConfigIssue[] = [];
  const syntaxErrors = problems.filter((p) => p.code !== "DUPLICATE_KEY");
  for (const problem of problems.filter((p) => p.code === "DUPLICATE_KEY")) {
    const offset = problem.pos[0];
    const keyPath = pathOfKeyAt(doc, offset) ?? [];
    yamlIssues.push({
      file: shown,
      path: keyPath.length > 0 ? formatPath(keyPath) : "(yaml syntax)",
      value: keyPath.length > 0 ? keyPath[keyPath.length - 1] : lineAt(text, offset),
      message: "is defined twice in the same mapping; keep one (YAML keys must be unique)",
      ...at(offset),
    });
  }
  if (syntaxErrors.length > 0) {
    const first = syntaxErrors[0];
    const reason = first.code === "MULTIPLE_DOCS" ? "an environment file holds one YAML document; remove the --- separator" : first.message;
    const more = syntaxErrors.length > 1 ? "; fix this first (later YAML errors in this file may follow from it)" : "";
    yamlIssues.push({ file: shown, path: "(yaml syntax)", value: lineAt(text, first.pos[0]), message: `invalid YAML: ${reason}${more}`, ...at(first.pos[0]) });
  }
  if (yamlIssues.length > 0) return { issues: byLocation(yamlIssues) };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { issues: [{ file: shown, path: "(root)", value: undefined, message: `cannot be read as data: ${(e as Error).message}` }] };
  }

  const locate = (p: string): Pick<ConfigIssue, "line" | "column"> => at(offsetOfPath(doc, parsePath(p)));
  const withFile = (i: ValidationIssue): ConfigIssue => ({ file: shown, ...i, ...locate(i.path) });

  const validate = compiledSchema(options.schemaPath ?? path.join(defaultEnvironmentsDir(), "schema.json"));
  if (!validate(data)) return { issues: byLocation(schemaIssues(validate.errors ?? [], data).map(withFile)) };

  const config = data as EnvironmentConfig;
  const expectedName = path.basename(absolute).replace(/\.[^.]*$/, "");
  const semantic = validateEnvironment(config, { expectedName }).map(withFile);
  if (semantic.length > 0) return { issues: byLocation(semantic) };
  return { config: deepFreeze(config), issues: [] };
}

// --- Schema ----------------------------------------------------------------

const compiled = new Map<string, ValidateFunction>();

/**
 * Compiles schema.json once per path; read with fs (not require) so dist/
 * needs no copy of it. From compiled JavaScript (dist/, or the app bundle next
 * to it), the validator scripts/transpile.mjs precompiled from the same schema
 * into dist/environments/ is used when it is at least as new.
 */
function compiledSchema(schemaPath: string): ValidateFunction {
  const cached = compiled.get(schemaPath);
  if (cached) return cached;
  const validate = precompiledFor(schemaPath) ?? compileSchema(JSON.parse(readFileSync(schemaPath, "utf8")) as AnySchemaObject);
  compiled.set(schemaPath, validate);
  return validate;
}

function precompiledFor(schemaPath: string): ValidateFunction | undefined {
  if (__filename.endsWith(".ts")) return undefined;
  const file = path.join(findProjectRoot(__dirname), "dist", "environments", PRECOMPILED_VALIDATOR);
  if (schemaPath !== path.join(defaultEnvironmentsDir(), "schema.json") || !existsSync(file)) return undefined;
  if (statSync(file).mtimeMs < statSync(schemaPath).mtimeMs) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(file) as { default?: ValidateFunction } & ValidateFunction;
  return loaded.default ?? loaded;
}

/** Maps ajv errors to issues with a property path, the value and what is allowed. */
export function schemaIssues(errors: readonly ErrorObject[], data: unknown): ValidationIssue[] {
  const typeErrorPaths = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of errors) {
    // A wrong type makes enum/pattern/range complaints about the same value noise.
    if (error.keyword !== "type" && typeErrorPaths.has(error.instancePath)) continue;
    const mapped = schemaIssue(error, pointerToPath(error.instancePath, data));
    const key = `${mapped.path}\u0000${mapped.message}`;
    if (!seen.has(key)) issues.push(mapped);
    seen.add(key);
  }
  return issues;
}

type Segment = string | number;

function schemaIssue(error: ErrorObject, at: Segment[]): ValidationIssue {
  const parent = (error.parentSchema ?? {}) as AnySchemaObject;
  const params = error.params as Record<string, unknown>;
  const value = error.data;
  const make = (segments: Segment[], v: unknown, message: string): ValidationIssue => ({ path: formatPath(segments), value: v, message });

  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties ?? {}) as object);
      return make([...at, key], (value as Record<string, unknown>)[key], `is not a known key${didYouMean(key, allowed)}; allowed keys here: ${allowed.join(", ")}`);
    }
    case "required": {
      const key = String(params.missingProperty);
      const property = ((parent.properties ?? {}) as Record<string, AnySchemaObject>)[key];
      return make([...at, key], undefined, `is required${property?.description ? `: ${property.description}` : ""}`);
    }
    case "type":
      return make(at, value, typeMessage(String(params.type), value));
    case "enum": {
      const allowed = (params.allowedValues as unknown[]) ?? [];
      const hint = typeof value === "string" ? didYouMean(value, allowed.map(String)) : "";
      return make(at, value, `must be one of: ${allowed.map(String).join(", ")}${hint}`);
    }
    case "pattern": {
      const human = typeof parent.patternErrorMessage === "string" ? parent.patternErrorMessage : "must match the pattern";
      return make(at, value, `${human} (pattern ${String(params.pattern)})`);
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return make(at, value, `must be ${rangeText(parent)}`);
    case "multipleOf":
      return make(at, value, `must be a multiple of ${String(params.multipleOf)} (${rangeText(parent)})`);
    case "minLength":
    case "maxLength":
      return make(at, value, `must be ${lengthText(parent)}`);
    case "minItems":
    case "maxItems":
      return make(at, value, `must list ${itemsText(parent)}`);
    case "uniqueItems": {
      const [first, second] = [Number(params.j), Number(params.i)].sort((a, b) => a - b);
      const items = value as unknown[];
      return make([...at, second], items[second], `repeats item [${first}]; list each value once`);
    }
    default:
      return make(at, value, error.message ?? `fails the schema keyword ${error.keyword}`);
  }
}

function typeMessage(expected: string, value: unknown): string {
  const base: Record<string, string> = {
    string: "must be text (a string)",
    integer: "must be a whole number (an integer)",
    number: "must be a number",
    boolean: "must be true or false",
    object: "must be a mapping of keys (key: value lines)",
    array: "must be a list",
  };
  let message = base[expected] ?? `must be of type ${expected}`;
  if (expected === "string" && (typeof value === "number" || typeof value === "boolean")) message += `; quote it, e.g. "${String(value)}"`;
  if (expected === "boolean" && typeof value === "string") message += " (YAML 1.2 reads yes/no/on/off as text)";
  if (value === null) message += "; the value is empty";
  return message;
}

function rangeText(s: AnySchemaObject): string {
  const kind = s.type === "integer" ? "a whole number" : "a number";
  if (typeof s.minimum === "number" && typeof s.maximum === "number") return `${kind} from ${s.minimum} to ${s.maximum}`;
  const low = typeof s.minimum === "number" ? `>= ${s.minimum}` : typeof s.exclusiveMinimum === "number" ? `> ${s.exclusiveMinimum}` : undefined;
  const high = typeof s.maximum === "number" ? `<= ${s.maximum}` : typeof s.exclusiveMaximum === "number" ? `< ${s.exclusiveMaximum}` : undefined;
  const bounds = [low, high].filter((b): b is string => b !== undefined).join(" and ");
  return bounds ? `${kind} ${bounds}` : kind;
}

function lengthText(s: AnySchemaObject): string {
  if (typeof s.minLength === "number" && typeof s.maxLength === "number") return `${s.minLength}-${s.maxLength} characters long`;
  return typeof s.maxLength === "number" ? `at most ${s.maxLength} characters long` : `at least ${String(s.minLength)} characters long`;
}

function itemsText(s: AnySchemaObject): string {
  if (typeof s.minItems === "number" && typeof s.maxItems === "number") return `${s.minItems} to ${s.maxItems} items`;
  return typeof s.maxItems === "number" ? `at most ${s.maxItems} items` : `at least ${String(s.minItems)} item(s)`;
}

/** ` (did you mean "x"?)` when a candidate is within two edits of `word`. */
function didYouMean(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && best !== word ? ` (did you mean "${best}"?)` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

// --- Paths and locations ------------------------------------------------------

/** `/aws/regions/0/cidr` -> ["aws", "regions", 0, "cidr"], using the data to tell list indexes from keys. */
function pointerToPath(pointer: string, data: unknown): Segment[] {
  if (pointer === "") return [];
  const segments: Segment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const segment: Segment = Array.isArray(node) ? Number(key) : key;
    segments.push(segment);
    node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  }
  return segments;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** ["aws", "regions", 0, "cidr"] -> `aws.regions[0].cidr`; the empty path is `(root)`. */
export function formatPath(segments: readonly Segment[]): string {
  if (segments.length === 0) return "(root)";
  return segments
    .map((s, i) => (typeof s === "number" ? `[${s}]` : IDENTIFIER.test(s) ? (i === 0 ? s : `.${s}`) : `[${JSON.stringify(s)}]`))
    .join("");
}

/** Inverse of formatPath for the paths the rules produce; `(root)` and other labels have no segments. */
export function parsePath(text: string): Segment[] {
  if (text.startsWith("(")) return [];
  const segments: Segment[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return segments;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** Source offset of the deepest existing node on the path: the key for map entries, so messages point at the line to edit. */
function offsetOfPath(doc: Document, segments: readonly Segment[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

/** The path of the map key that starts at `offset` (where the parser reports a duplicate key). */
function pathOfKeyAt(doc: Document, offset: number): Segment[] | undefined {
  const search = (node: unknown, at: Segment[]): Segment[] | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const here = [...at, keyText(pair.key)];
        if (rangeStart(pair.key) === offset) return here;
        const found = search(pair.value, here);
        if (found) return found;
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const found = search(node.items[i], [...at, i]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return search(doc.contents, []);
}

function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", Math.max(0, offset - 1)) + 1;
  const end = text.indexOf("\n", offset);
  return text.slice(start, end === -1 ? undefined : end).trim();
}

/** In file order, so the list reads top to bottom like the file (stable for equal lines). */
function byLocation(issues: ConfigIssue[]): ConfigIssue[] {
  const key = (i: ConfigIssue): number => (i.line ?? Number.MAX_SAFE_INTEGER) * 10_000 + (i.column ?? 0);
  return [...issues].sort((a, b) => key(a) - key(b));
}

/** Shown paths are relative to the working directory when inside it: shorter and clickable. */
function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : absolute;
}

function listFolder(folder: string): { files: string[] } | { issue: ConfigIssue } {
  try {
    return { files: readdirSync(folder) };
  } catch (e) {
    return { issue: { file: displayPath(folder), path: "(folder)", value: undefined, message: `cannot be read: ${(e as Error).message}` } };
  }
}

/** Configs are data shared by every stack: freeze them so no construct edits another's view. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const child of Object.values(value as object)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
