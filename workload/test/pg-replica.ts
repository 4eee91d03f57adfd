/**
 * A physical streaming replica of a running test cluster (PgCluster): a replication
 * role and a pg_hba entry for replication on 127.0.0.1 are added to the primary,
 * `pg_basebackup -R` copies it into the replica's own folder under workload/.tmp,
 * and the replica runs as a hot standby on its own free loopback port. It has the
 * primary's roles, so it is reached with the primary's user and password.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import { freePort, PgCluster } from "./pg-cluster";
import { setTimeout as sleep } from "node:timers/promises";


export class PgReplica extends PgCluster {
  readonly replicationUser = "mf_replicator";
  private readonly replicationPassword = `rpw-${randomBytes(12).toString("hex")}`;

  /** `settings` are the replica's extra server settings (e.g. recovery_min_apply_delay). */
  constructor(
    readonly primary: PgCluster,
    settings: Record<string, string> = {},
  ) {
    super({ password: primary.password, settings });
  }

  private primaryClient(): Client {
    return new Client({ host: "127.0.0.1", port: this.primary.port, user: this.primary.user, password: this.primary.password, database: "postgres", application_name: "pg-replica-setup" });
  }

  /** Base backup of the primary, start as a hot standby, wait until the primary reports it streaming. */
  override async init(): Promise<void> {
    // Replication role + pg_hba entry (first match wins: put it first), then reload.
    const hba = join(this.primary.dataDir, "pg_hba.conf");
    const line = `host replication ${this.replicationUser} 127.0.0.1/32 scram-sha-256\n`;
    const c = this.primaryClient();
    await c.connect();
    try {
      await c.query(`CREATE ROLE ${this.replicationUser} WITH REPLICATION LOGIN PASSWORD '${this.replicationPassword}'`);
      fs.writeFileSync(hba, line + fs.readFileSync(hba, "utf8"));
      await c.query("SELECT pg_reload_conf()");
    } finally {
      await c.end();
    }

    if (this.owner) fs.chownSync(this.dir, this.owner.uid, this.owner.gid);
    try {
      execFileSync(
        join(this.bin, "pg_basebackup"),
        ["-h", "127.0.0.1", "-p", String(this.primary.port), "-U", this.replicationUser, "-D", this.dataDir, "-R", "-X", "stream", "-c", "fast", "--no-sync", "-w"],
        { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PGPASSWORD: this.replicationPassword }, ...(this.owner ?? {}) },
      );
    } catch (err) {
      const e = err as { stderr?: Buffer; message: string };
      throw new Error(`pg_basebackup failed: ${e.stderr?.toString() || e.message}`);
    }
    this.port = await freePort();
    await this.start();

    const deadline = Date.now() + 10_000;
    const p = this.primaryClient();
    await p.connect();
    try {
      for (;;) {
        const r = await p.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_replication WHERE usename = $1 AND state = 'streaming'", [this.replicationUser]);
        if (r.rows[0].n > 0) return;
        if (Date.now() > deadline) throw new Error(`the replica did not start streaming within 10 s:\n${this.tail()}`);
        await sleep(50);
      }
    } finally {
      await p.end();
    }
  }
}
