import { rmSync } from "node:fs";
import { SHARED_APP_ENV } from "./app";

export default function globalTeardown(): void {
  const outdir = process.env[SHARED_APP_ENV];
  if (outdir) rmSync(outdir, { recursive: true, force: true });
}
