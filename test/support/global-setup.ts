/**
 * Synthesizes the real app once per jest run; the whole-app test files read
 * it (see synthesizeApp) instead of each synthesizing every stack again.
 * The folder is per run (pid), so concurrent jest runs never share it.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { SHARED_APP_ENV, synthesizeAppInto } from "./app";

export default function globalSetup(): void {
  const root = join(__dirname, "..", "..");
  const outdir = join(root, ".tmp", `jest-app-${process.pid}`);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  process.env.CHECKPOINT_DISABLE = "1";
  synthesizeAppInto(outdir);
  process.env[SHARED_APP_ENV] = outdir;
}
