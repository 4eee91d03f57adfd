import * as path from "node:path";
import { findProjectRoot } from "../../environments/paths";

/** `<project root>/policy/suppressions.yaml` (read with fs, so it works from dist/ too). */
export function defaultSuppressionsFile(): string {
  return path.join(findProjectRoot(__dirname), "policy", "suppressions.yaml");
}

/** A path relative to the working directory when it lies inside it (for messages). */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}
