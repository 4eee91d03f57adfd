/**
 * Versioned schema migrations: `migrations/NNN_name.sql` in the package, applied in
 * order, each in its own transaction, under a session advisory lock so that many
 * instances starting at once apply each migration exactly once. Idempotent: applied
 * versions are recorded in `schema_migrations` and skipped.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Pool } from "pg";

/** Arbitrary constant shared by every MockForge instance: "MockForg" as a 63-bit integer. */
export const MIGRATION_LOCK_ID = "5579721408229158759";

// Compiled to dist*/workload/src/store/, four levels below the package root.
export const MIGRATIONS_DIR = join(__dirname, "..", "..", "..", "..", "migrations");

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d{3,})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!m) continue;
    out.push({ version: Number(m[1]), name: m[2], sql: readFileSync(join(dir, file), "utf8") });
  }
  const seen = new Set<number>();
  for (const m of out) {
    if (seen.has(m.version)) throw new Error(`two migrations have version ${m.version} in ${dir}`);
    seen.add(m.version);
  }
  if (out.length === 0) throw new Error(`no migrations found in ${dir}`);
  return out;
}

/** Applies the missing migrations; returns the versions applied by this call. */
export async function migrate(pool: Pool, migrations: Migration[] = readMigrations()): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_ID]);
    try {
      await client.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
      );
      const done = new Set((await client.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map((r) => r.version));
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
          await client.query("COMMIT");
        } catch (err) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw new Error(`migration ${m.version}_${m.name} failed: ${(err as Error).message}`);
        }
        applied.push(m.version);
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_ID]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
  return applied;
}
