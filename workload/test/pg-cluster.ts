/**
 * A throwaway Postgres cluster for the live tests: initdb in a temp folder under
 * workload/.tmp, `postgres` in the foreground (owned by the test) on a free loopback
 * port, TCP only, password auth (scram-sha-256), durability off for speed.
 * Postgres refuses to run as root, so under root the cluster runs as the `postgres`
 * (or `nobody`) user.
 */
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import { join } from "node:path";
import { Client } from "pg";
import { WORKLOAD_ROOT } from "./helpers";
import { setTimeout as sleep } from "node:timers/promises";

const INSTALL_HINT =
  "the live Postgres tests need the Postgres server binaries (initdb, postgres): on Debian/Ubuntu run `apt-get install -y postgresql` " +
  "(they land in /usr/lib/postgresql/<version>/bin), or put a directory containing initdb on PATH";

export function findPostgresBin(): string {
  const candidates: string[] = [];
  const root = "/usr/lib/postgresql";
  if (fs.existsSync(root)) {
    for (const v of fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))) candidates.push(join(root, v, "bin"));
  }
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir) candidates.push(dir);
  for (const dir of candidates) {
    if (fs.existsSync(join(dir, "initdb")) && fs.existsSync(join(dir, "postgres"))) return dir;
    // /usr/local/bin/initdb may be a symlink into the real bin directory.
    if (fs.existsSync(join(dir, "initdb"))) {
      const real = fs.realpathSync(join(dir, "initdb"));
      const realDir = real.slice(0, real.lastIndexOf("/"));
      if (fs.existsSync(join(realDir, "postgres"))) return realDir;
    }
  }
  throw new Error(INSTALL_HINT);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function runAsUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
      if (uid > 0) return { uid, gid };
    } catch {
      /* try the next */
    }
  }
  throw new Error("running as root and neither a `postgres` nor a `nobody` user exists to run the test cluster (postgres refuses root)");
}


export interface PgClusterOptions {
  /** Reuse a password (a replica has its primary's roles). Random by default. */
  password?: string;
  /** Extra server settings (`-c name=value`), applied after the defaults so they win. */
  settings?: Record<string, string>;
}

export class PgCluster {
  readonly user = "mockforge";
  readonly database = "mockforge";
  readonly password: string;
  port = 0;
  private child: ChildProcess | undefined;
  protected readonly dir: string;
  protected readonly bin: string;
  protected readonly owner: { uid: number; gid: number } | undefined;
  private readonly settings: Record<string, string>;

  constructor(opts: PgClusterOptions = {}) {
    this.password = opts.password ?? `pw-${randomBytes(12).toString("hex")}`;
    this.settings = opts.settings ?? {};
    this.bin = findPostgresBin();
    this.owner = runAsUser();
    const tmp = join(WORKLOAD_ROOT, ".tmp");
    fs.mkdirSync(tmp, { recursive: true, mode: 0o755 });
    fs.chmodSync(tmp, 0o755);
    this.dir = fs.mkdtempSync(join(tmp, `pg-${process.pid}-`));
    fs.chmodSync(this.dir, 0o700);
  }

  get dataDir(): string {
    return join(this.dir, "data");
  }

  get hostPort(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The server's environment variables for this cluster. */
  env(): Record<string, string> {
    return {
      DATABASE_HOST: this.hostPort,
      DATABASE_NAME: this.database,
      DATABASE_USER: this.user,
      DATABASE_PASSWORD: this.password,
      DATABASE_SSLMODE: "disable",
    };
  }

  private log(): number {
    return fs.openSync(join(this.dir, "postgres.log"), "a");
  }

  async init(): Promise<void> {
    const pwfile = join(this.dir, "pwfile");
    fs.writeFileSync(pwfile, this.password + "\n", { mode: 0o600 });
    if (this.owner) {
      fs.chownSync(this.dir, this.owner.uid, this.owner.gid);
      fs.chownSync(pwfile, this.owner.uid, this.owner.gid);
    }
    execFileSync(
      join(this.bin, "initdb"),
      ["-D", join(this.dir, "data"), "-U", this.user, "--pwfile", pwfile, "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C", "--no-sync"],
      { stdio: ["ignore", "pipe", "pipe"], ...(this.owner ?? {}) },
    );
    this.port = await freePort();
    await this.start();
    const c = new Client({ host: "127.0.0.1", port: this.port, user: this.user, password: this.password, database: "postgres" });
    await c.connect();
    await c.query(`CREATE DATABASE ${this.database}`);
    await c.end();
  }

  async start(): Promise<void> {
    const log = this.log();
    this.child = spawn(
      join(this.bin, "postgres"),
      [
        "-D", join(this.dir, "data"),
        "-p", String(this.port),
        "-c", "listen_addresses=127.0.0.1",
        "-c", "unix_socket_directories=",
        "-c", "fsync=off",
        "-c", "synchronous_commit=off",
        "-c", "full_page_writes=off",
        "-c", "max_connections=100",
        ...Object.entries(this.settings).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
      ],
      { stdio: ["ignore", log, log], ...(this.owner ?? {}) },
    );
    fs.closeSync(log);
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`postgres exited with ${this.child.exitCode}:\n${this.tail()}`);
      const c = new Client({ host: "127.0.0.1", port: this.port, user: this.user, password: this.password, database: "postgres", connectionTimeoutMillis: 1000 });
      try {
        await c.connect();
        await c.end();
        return;
      } catch {
        await c.end().catch(() => undefined);
        if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 15 s:\n${this.tail()}`);
        await sleep(100);
      }
    }
  }

  /** Fast shutdown (SIGINT): clients are disconnected, the cluster stays intact. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGINT");
    let timer: NodeJS.Timeout | undefined;
    const ok = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 10_000)))]);
    clearTimeout(timer);
    if (!ok) {
      child.kill("SIGKILL");
      await exited;
    }
  }

  /** Stops the cluster and removes its folder. */
  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The whole server log (statements too, with `log_statement: "all"`). */
  logText(): string {
    try {
      return fs.readFileSync(join(this.dir, "postgres.log"), "utf8");
    } catch {
      return "";
    }
  }

  tail(): string {
    try {
      return fs.readFileSync(join(this.dir, "postgres.log"), "utf8").split("\n").slice(-20).join("\n");
    } catch {
      return "(no log)";
    }
  }
}
