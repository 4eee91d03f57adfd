/**
 * Where the environment files live. Kept apart from the loader so the app can
 * find them without loading the YAML and JSON Schema machinery.
 */
import { existsSync } from "fs";
import * as path from "path";

const PROJECT_MARKER = "cdktf.json";

/**
 * The folder holding cdktf.json, searched upwards from `start`. The loader runs
 * both from source (environments/load.ts under jest) and from compiled JS
 * (dist/environments/load.js), so it cannot rely on its own folder.
 */
export function findProjectRoot(start: string = __dirname): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, PROJECT_MARKER))) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(`Cannot find the project root (a folder containing ${PROJECT_MARKER}) above ${start}; pass the environments folder explicitly.`);
    }
  }
}

/** `<project root>/environments`: where the environment files and schema.json live. */
export function defaultEnvironmentsDir(): string {
  return path.join(findProjectRoot(), "environments");
}

