/**
 * Loads a bootstrap YAML file into the store at startup (local development
 * and demos): workspaces, development API keys, OpenAPI documents, stubs and
 * files. Paths are relative to the bootstrap file. Any problem stops startup
 * with a message naming the file and field.
 */
import { readFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { AdminService } from "./admin/service";
import type { Config } from "./config";
import type { Logger } from "./log";
import { OpenApiError } from "./openapi/document";
import { StartupError } from "./store/create-store";
import type { MockStore } from "./store/store";
import { ValidationError } from "./stubs/parse-stub";
import { isPlainObject } from "./util/json";
import { HttpProblem } from "./util/problem";

const CONTENT_TYPES: Record<string, string> = {
  ".json": "application/json",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".csv": "text/csv",
  ".yaml": "application/yaml",
  ".yml": "application/yaml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".pdf": "application/pdf",
};

function fail(file: string, field: string, message: string): never {
  throw new StartupError(`bootstrap ${file}: ${field}: ${message}`);
}

function readText(base: string, rel: unknown, file: string, field: string): { path: string; text: string } {
  if (typeof rel !== "string") fail(file, field, "expected a file path");
  const path = resolve(base, rel);
  try {
    return { path, text: readFileSync(path, "utf8") };
  } catch (err) {
    fail(file, field, `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function explain(err: unknown): string {
  if (err instanceof ValidationError || err instanceof OpenApiError) return err.errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  if (err instanceof HttpProblem) return err.problem.detail ?? err.problem.title;
  return (err as Error).message;
}

export async function loadBootstrap(path: string, store: MockStore, config: Config, logger: Logger): Promise<void> {
  const file = resolve(path);
  const base = dirname(file);
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, "utf8"));
  } catch (err) {
    throw new StartupError(`bootstrap ${file}: ${(err as Error).message.split("\n")[0]}`);
  }
  if (!isPlainObject(doc) || !Array.isArray(doc.workspaces)) fail(file, "workspaces", "expected a list of workspaces");
  const service = new AdminService(store, config);
  for (const [i, raw] of doc.workspaces.entries()) {
    const at = `workspaces[${i}]`;
    if (!isPlainObject(raw)) fail(file, at, "expected an object");
    for (const k of Object.keys(raw)) {
      if (!["name", "settings", "apiKeys", "openapi", "stubs", "stubFiles", "files"].includes(k)) fail(file, `${at}.${k}`, "unknown field; expected name, settings, apiKeys, openapi, stubs, stubFiles, files");
    }
    const name = raw.name;
    // A persistent store keeps what an earlier start (or the admin API) made: seed once, never overwrite.
    if (store.kind !== "memory" && typeof name === "string" && (await store.getWorkspace(name, { fresh: true })) !== undefined) {
      logger.info("bootstrap: workspace already in the store, left as is", { workspace: name, store: store.kind });
      continue;
    }
    try {
      const { workspace } = await service.createWorkspace(name, raw.settings);
      for (const [k, key] of ((raw.apiKeys as unknown[]) ?? []).entries()) {
        if (typeof key !== "string" || key.length < 12) fail(file, `${at}.apiKeys[${k}]`, "expected a key of at least 12 characters");
        await service.addKey(workspace.name, key, "bootstrap");
      }
      for (const [k, f] of ((raw.files as unknown[]) ?? []).entries()) {
        if (!isPlainObject(f) || typeof f.name !== "string") fail(file, `${at}.files[${k}]`, "expected { name, file, contentType? }");
        const p = resolve(base, String(f.file));
        let data: Buffer;
        try {
          data = readFileSync(p);
        } catch (err) {
          fail(file, `${at}.files[${k}].file`, `cannot read ${p}: ${(err as NodeJS.ErrnoException).code}`);
        }
        const contentType = typeof f.contentType === "string" ? f.contentType : CONTENT_TYPES[extname(p).toLowerCase()] ?? "application/octet-stream";
        await store.putFile(workspace.name, { name: f.name, contentType, data, createdAt: Date.now() });
      }
      for (const [k, o] of ((raw.openapi as unknown[]) ?? []).entries()) {
        if (!isPlainObject(o)) fail(file, `${at}.openapi[${k}]`, "expected { file, name?, basePath?, validateRequests? }");
        const { path: docPath, text } = readText(base, o.file, file, `${at}.openapi[${k}].file`);
        try {
          const imported = await service.importOpenApi(workspace.name, text, {
            name: typeof o.name === "string" ? o.name : undefined,
            basePath: typeof o.basePath === "string" ? o.basePath : undefined,
            validateRequests: typeof o.validateRequests === "boolean" ? o.validateRequests : undefined,
          });
          logger.info("bootstrap: OpenAPI document imported", { workspace: workspace.name, file: docPath, operations: imported.operations.length });
        } catch (err) {
          fail(file, `${at}.openapi[${k}] (${docPath})`, explain(err));
        }
      }
      const stubs: unknown[] = Array.isArray(raw.stubs) ? [...raw.stubs] : [];
      for (const [k, rel] of ((raw.stubFiles as unknown[]) ?? []).entries()) {
        const { text } = readText(base, rel, file, `${at}.stubFiles[${k}]`);
        const parsed = parseYaml(text);
        const list = Array.isArray(parsed) ? parsed : isPlainObject(parsed) && Array.isArray(parsed.stubs) ? parsed.stubs : fail(file, `${at}.stubFiles[${k}]`, "expected a list of stubs or { stubs: [...] }");
        stubs.push(...list);
      }
      if (stubs.length > 0) await service.importStubs(workspace.name, stubs, "append", "bootstrap");
      logger.info("bootstrap: workspace ready", { workspace: workspace.name, stubs: stubs.length });
    } catch (err) {
      if (err instanceof StartupError) throw err;
      fail(file, `${at} (${String(name)})`, explain(err));
    }
  }
}
