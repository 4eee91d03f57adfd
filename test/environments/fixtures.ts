/**
 * Helpers for environment-file tests: modified copies of the real files in a
 * temp folder under <repo>/.tmp/, and assertions on the ConfigError they cause.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { parseDocument, type Document } from "yaml";
import { ConfigError, formatValue, type ConfigIssue } from "../../environments/errors";

export const ROOT = path.resolve(__dirname, "..", "..");
export const REAL_DIR = path.join(ROOT, "environments");
export type RealEnvironment = "dev" | "staging" | "prod";

/** A fresh folder under <repo>/.tmp/ (git-ignored); remove it with `removeTempDirs`. */
const created: string[] = [];
export function tempDir(): string {
  const base = path.join(ROOT, ".tmp");
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, "env-tests-"));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `<dir>/<fileName>.yaml`: a copy of a real file, edited through the YAML document API (comments kept). */
export function writeVariant(dir: string, fileName: string, base: RealEnvironment, edit: (doc: Document) => void = () => {}): string {
  const doc = parseDocument(readFileSync(path.join(REAL_DIR, `${base}.yaml`), "utf8"));
  edit(doc);
  return writeText(dir, fileName, String(doc));
}

/** Writes `<dir>/<fileName>.yaml` with exactly `text`. */
export function writeText(dir: string, fileName: string, text: string): string {
  const file = path.join(dir, `${fileName}.yaml`);
  writeFileSync(file, text);
  return file;
}

export function realText(base: RealEnvironment): string {
  return readFileSync(path.join(REAL_DIR, `${base}.yaml`), "utf8");
}

/** How the loader names a file in messages: relative to the working directory. */
export function shownFile(file: string): string {
  return path.relative(process.cwd(), file);
}

/** 1-based line of the first line containing `needle` after `afterLine`. */
export function lineOf(file: string, needle: string, afterLine = 0): number {
  const lines = readFileSync(file, "utf8").split("\n");
  const index = lines.findIndex((l, i) => i >= afterLine && l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not in ${file}`);
  return index + 1;
}

/** Runs `fn`, asserts it throws a ConfigError and returns it. */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError, but loading succeeded");
}

export interface ExpectedIssue {
  readonly file: string;
  readonly path: string;
  readonly value: unknown;
  /** Fragments the message must contain: what is wrong and what is allowed. */
  readonly says: readonly string[];
}

/**
 * Asserts the error has an issue naming the file, the path, the value and the
 * allowed thing, and that the printed message carries the same line.
 */
export function expectIssue(error: ConfigError, expected: ExpectedIssue): ConfigIssue {
  const shown = shownFile(expected.file);
  const found = error.issues.find((i) => i.file === shown && i.path === expected.path);
  if (!found) {
    throw new Error(`no issue for ${shown}: ${expected.path}; issues were:\n${error.message}`);
  }
  expect(found.value).toEqual(expected.value);
  for (const fragment of expected.says) expect(found.message).toContain(fragment);
  expect(error.message).toContain(`${shown}: ${expected.path}: ${found.message} (got ${formatValue(expected.value)})`);
  return found;
}
