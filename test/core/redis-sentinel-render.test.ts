import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import {
  DISABLED_COMMANDS,
  PRIMARY_REPLICAOF_COMMENT,
  REDIS_NODE_PACKAGES,
  REDIS_NODE_PATHS,
  type RedisCloudInitOptions,
  type RedisSentinelNodeOptions,
  TEMPLATE_TOKENS,
  fillTemplate,
  renderRedisBootScript,
  renderRedisCloudInit,
  renderRedisConf,
  renderRedisConfTemplate,
  renderSentinelConf,
  renderSentinelConfTemplate,
  replicaOfLine,
} from "../../constructs/core/redis-sentinel";
import { REDIS_MASTER_NAME, REDIS_PORT, SENTINEL_PORT } from "../../constructs/core/runtime-contract";

const ADDRESSES = ["10.0.1.10", "10.0.2.10", "10.0.3.10"];
const node = (over: Partial<RedisSentinelNodeOptions> = {}): RedisSentinelNodeOptions => ({
  nodeIndex: 1,
  nodeAddresses: ADDRESSES,
  dataDir: "/var/lib/redis/server",
  password: "s3cret-Pw",
  quorum: 2,
  downAfterMilliseconds: 5000,
  failoverTimeoutMilliseconds: 60000,
  ...over,
});
const cloudInitOptions = (over: Partial<RedisCloudInitOptions> = {}): RedisCloudInitOptions => ({
  nodeIndex: 1,
  nodeAddresses: ADDRESSES,
  quorum: 2,
  downAfterMilliseconds: 5000,
  failoverTimeoutMilliseconds: 60000,
  dataDevice: "/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789",
  fetchPasswordCommand: "aws secretsmanager get-secret-value --secret-id arn:aws:secretsmanager:us-east-1:111122223333:secret:redis --query SecretString --output text",
  maxMemoryPercent: 70,
  extraPackages: ["awscli"],
  ...over,
});

/** The effective (non-comment, non-blank) lines of a config file. */
const directives = (conf: string) => conf.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
const directive = (conf: string, name: string) => directives(conf).filter((l) => l.split(" ")[0] === name);

describe("renderRedisConf", () => {
  const conf = renderRedisConf(node({ maxMemoryBytes: 1 << 30 }));

  it("listens on the bind address and the runtime contract's port by default", () => {
    expect(directive(conf, "bind")).toEqual(["bind 0.0.0.0"]);
    expect(directive(conf, "port")).toEqual([`port ${REDIS_PORT}`]);
    const custom = renderRedisConf(node({ bindAddress: "10.0.2.10", redisPort: 7000 }));
    expect(directive(custom, "bind")).toEqual(["bind 10.0.2.10"]);
    expect(directive(custom, "port")).toEqual(["port 7000"]);
  });

  it("requires the password from clients and uses it towards the primary", () => {
    expect(directive(conf, "protected-mode")).toEqual(["protected-mode yes"]);
    expect(directive(conf, "requirepass")).toEqual(["requirepass s3cret-Pw"]);
    expect(directive(conf, "masterauth")).toEqual(["masterauth s3cret-Pw"]);
  });

  it("persists every write: AOF fsynced every second plus RDB save points, in dataDir", () => {
    expect(directive(conf, "appendonly")).toEqual(["appendonly yes"]);
    expect(directive(conf, "appendfsync")).toEqual(["appendfsync everysec"]);
    expect(directive(conf, "save")).toHaveLength(1);
    expect(directive(conf, "save")[0]).toMatch(/^save( \d+ \d+)+$/);
    expect(directive(conf, "dir")).toEqual(["dir /var/lib/redis/server"]);
  });

  it("announces its own address to the primary", () => {
    expect(directive(conf, "replica-announce-ip")).toEqual(["replica-announce-ip 10.0.2.10"]);
    expect(directive(conf, "replica-announce-port")).toEqual([`replica-announce-port ${REDIS_PORT}`]);
  });

  it("replicates from the initial primary on replicas only", () => {
    expect(directive(conf, "replicaof")).toEqual([`replicaof 10.0.1.10 ${REDIS_PORT}`]);
    const primary = renderRedisConf(node({ nodeIndex: 0 }));
    expect(directive(primary, "replicaof")).toEqual([]);
    expect(primary).toContain(PRIMARY_REPLICAOF_COMMENT);
    const moved = renderRedisConf(node({ nodeIndex: 0, initialPrimaryAddress: "10.0.3.10" }));
    expect(directive(moved, "replicaof")).toEqual([`replicaof 10.0.3.10 ${REDIS_PORT}`]);
    expect(directive(renderRedisConf(node({ nodeIndex: 2, initialPrimaryAddress: "10.0.3.10" })), "replicaof")).toEqual([]);
  });

  it("acknowledges a write only when a replica is connected and current", () => {
    expect(directive(conf, "min-replicas-to-write")).toEqual(["min-replicas-to-write 1"]);
    expect(directive(conf, "min-replicas-max-lag")).toEqual(["min-replicas-max-lag 10"]);
  });

  it("never evicts state: noeviction, with maxmemory only when given", () => {
    expect(directive(conf, "maxmemory-policy")).toEqual(["maxmemory-policy noeviction"]);
    expect(directive(conf, "maxmemory")).toEqual([`maxmemory ${1 << 30}`]);
    expect(directive(renderRedisConf(node()), "maxmemory")).toEqual([]);
    expect(directive(renderRedisConf(node()), "maxmemory-policy")).toEqual(["maxmemory-policy noeviction"]);
  });

  it("disables the commands that wipe everything but keeps those Sentinel needs", () => {
    expect(DISABLED_COMMANDS).toEqual(expect.arrayContaining(["FLUSHALL", "FLUSHDB"]));
    expect(directive(conf, "rename-command")).toEqual(DISABLED_COMMANDS.map((c) => `rename-command ${c} ""`));
    for (const kept of ["CONFIG", "REPLICAOF", "SLAVEOF", "CLIENT", "INFO", "MULTI", "EXEC", "PUBLISH", "SCRIPT"]) {
      expect(DISABLED_COMMANDS).not.toContain(kept);
    }
    expect(directive(conf, "enable-debug-command")).toEqual(["enable-debug-command no"]);
    expect(directive(conf, "enable-module-command")).toEqual(["enable-module-command no"]);
    expect(directive(conf, "enable-protected-configs")).toEqual(["enable-protected-configs no"]);
  });

  it("keeps connections alive and logs to stdout in the foreground (journald under systemd, the parent in tests)", () => {
    expect(directive(conf, "tcp-keepalive")).toEqual(["tcp-keepalive 60"]);
    expect(directive(conf, "logfile")).toEqual(['logfile ""']);
    expect(directive(conf, "daemonize")).toEqual(["daemonize no"]);
  });
});

describe("renderSentinelConf", () => {
  const conf = renderSentinelConf(node({ dataDir: "/var/lib/redis/sentinel" }));
  const m = REDIS_MASTER_NAME;

  it("listens on the contract's Sentinel port and announces this node", () => {
    expect(directive(conf, "port")).toEqual([`port ${SENTINEL_PORT}`]);
    expect(directive(conf, "bind")).toEqual(["bind 0.0.0.0"]);
    expect(conf).toMatch(/^sentinel announce-ip 10\.0\.2\.10$/m);
    expect(conf).toMatch(new RegExp(`^sentinel announce-port ${SENTINEL_PORT}$`, "m"));
    expect(directive(conf, "dir")).toEqual(["dir /var/lib/redis/sentinel"]);
  });

  it("monitors the initial primary with the quorum", () => {
    expect(conf).toMatch(new RegExp(`^sentinel monitor ${m} 10\\.0\\.1\\.10 ${REDIS_PORT} 2$`, "m"));
    const five = renderSentinelConf(node({ nodeAddresses: [...ADDRESSES, "10.0.4.10", "10.0.5.10"], quorum: 4, masterName: "other", initialPrimaryAddress: "10.0.5.10" }));
    expect(five).toMatch(new RegExp(`^sentinel monitor other 10\\.0\\.5\\.10 ${REDIS_PORT} 4$`, "m"));
  });

  it("declares the monitor before any per-master option (Sentinel rejects them otherwise)", () => {
    const lines = directives(conf);
    const monitor = lines.findIndex((l) => l.startsWith(`sentinel monitor ${m} `));
    const perMaster = lines.map((l, i) => (l.split(" ")[2] === m && !l.startsWith("sentinel monitor") ? i : -1)).filter((i) => i >= 0);
    expect(monitor).toBeGreaterThanOrEqual(0);
    expect(perMaster.length).toBeGreaterThanOrEqual(4);
    expect(Math.min(...perMaster)).toBeGreaterThan(monitor);
  });

  it("authenticates to Redis and requires the same password from clients and peers", () => {
    expect(conf).toMatch(new RegExp(`^sentinel auth-pass ${m} s3cret-Pw$`, "m"));
    expect(directive(conf, "requirepass")).toEqual(["requirepass s3cret-Pw"]);
  });

  it("uses the given timings and resyncs one replica at a time", () => {
    expect(conf).toMatch(new RegExp(`^sentinel down-after-milliseconds ${m} 5000$`, "m"));
    expect(conf).toMatch(new RegExp(`^sentinel failover-timeout ${m} 60000$`, "m"));
    expect(conf).toMatch(new RegExp(`^sentinel parallel-syncs ${m} 1$`, "m"));
  });

  it("resolves and announces host names only when the addresses are host names", () => {
    expect(conf).not.toMatch(/resolve-hostnames|announce-hostnames/);
    const named = renderSentinelConf(node({ nodeAddresses: ["redis-0.internal", "redis-1.internal", "redis-2.internal"] }));
    expect(named).toMatch(/^sentinel resolve-hostnames yes$/m);
    expect(named).toMatch(/^sentinel announce-hostnames yes$/m);
    expect(named).toMatch(/^sentinel announce-ip redis-1\.internal$/m);
  });
});

describe("validation", () => {
  it.each<[string, Partial<RedisSentinelNodeOptions>, RegExp]>([
    ["too few nodes", { nodeAddresses: ["10.0.1.10", "10.0.2.10"], nodeIndex: 0 }, /nodeAddresses\.length is 2; allowed: at least 3/],
    ["duplicate addresses", { nodeAddresses: ["10.0.1.10", "10.0.2.10", "10.0.1.10"] }, /nodeAddresses\[2\] is "10\.0\.1\.10"; allowed: addresses that are unique/],
    ["duplicate host names in another case", { nodeAddresses: ["a.internal", "b.internal", "A.internal"] }, /nodeAddresses\[2\] is "A\.internal"; allowed: addresses that are unique/],
    ["an address with a space", { nodeAddresses: ["10.0.1.10", "10.0.2.10 x", "10.0.3.10"] }, /nodeAddresses\[1\] is "10\.0\.2\.10 x"; allowed: an IPv4\/IPv6 address or a DNS host name/],
    ["nodeIndex out of range", { nodeIndex: 3 }, /nodeIndex is 3; allowed: an integer from 0 to 2/],
    ["negative nodeIndex", { nodeIndex: -1 }, /nodeIndex is -1; allowed: an integer from 0 to 2/],
    ["quorum 1", { quorum: 1 }, /quorum is 1; allowed: an integer from 2 \(a majority of 3 nodes\) to 3/],
    ["quorum above the node count", { quorum: 4 }, /quorum is 4; allowed: an integer from 2 \(a majority of 3 nodes\) to 3/],
    ["quorum below a majority of 5", { nodeAddresses: [...ADDRESSES, "10.0.4.10", "10.0.5.10"], quorum: 2 }, /quorum is 2; allowed: an integer from 3 \(a majority of 5 nodes\) to 5/],
    ["redisPort 0", { redisPort: 0 }, /redisPort is 0; allowed: an integer from 1 to 65535/],
    ["sentinelPort 65536", { sentinelPort: 65536 }, /sentinelPort is 65536; allowed: an integer from 1 to 65535/],
    ["equal ports", { redisPort: 7000, sentinelPort: 7000 }, /sentinelPort is 7000; allowed: a port other than redisPort \(7000\)/],
    ["a bind host name", { bindAddress: "localhost" }, /bindAddress is "localhost"; allowed: an IPv4 or IPv6 address/],
    ["a relative dataDir", { dataDir: "data" }, /dataDir is "data"; allowed: an absolute path/],
    ["an empty password", { password: "" }, /password is empty; allowed: a non-empty value without whitespace, quotes or control characters/],
    ["a bad masterName", { masterName: "my master" }, /masterName is "my master"; allowed: 1-64 letters/],
    ["a fractional downAfterMilliseconds", { downAfterMilliseconds: 1.5 }, /downAfterMilliseconds is 1\.5; allowed: an integer from 100/],
    ["a tiny failoverTimeoutMilliseconds", { failoverTimeoutMilliseconds: 10 }, /failoverTimeoutMilliseconds is 10; allowed: an integer from 1000/],
    ["a tiny maxMemoryBytes", { maxMemoryBytes: 1000 }, /maxMemoryBytes is 1000; allowed: an integer number of bytes, at least 1 MiB/],
    ["a foreign initialPrimaryAddress", { initialPrimaryAddress: "10.9.9.9" }, /initialPrimaryAddress is "10\.9\.9\.9"; allowed: one of nodeAddresses/],
  ])("rejects %s", (_, over, message) => {
    expect(() => renderRedisConf(node(over))).toThrow(message);
    expect(() => renderSentinelConf(node(over))).toThrow(message);
  });

  it.each([["a space", "xy zzy42"], ["a newline", "xy\nzzy42"], ["a double quote", 'xy"zzy42'], ["a single quote", "xy'zzy42"], ["a tab", "xy\tzzy42"]])(
    "rejects a password with %s without echoing it",
    (_, password) => {
      let message = "";
      try {
        renderRedisConf(node({ password }));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/password is a value with whitespace, quotes or control characters; allowed:/);
      expect(message).not.toContain("zzy42");
    },
  );
});

describe("templates", () => {
  const template = { nodeIndex: 1, nodeAddresses: ADDRESSES, dataDir: "/var/lib/redis/server", quorum: 2, downAfterMilliseconds: 5000, failoverTimeoutMilliseconds: 60000 };
  const trickyPassword = "p&a\\s$s/w|o%r@d`1!";

  it.each([
    ["a replica", "10.0.3.10"],
    ["the primary", "10.0.2.10"],
  ])("filling the redis.conf template on %s gives exactly the rendered redis.conf", (_, primary) => {
    const filled = fillTemplate(renderRedisConfTemplate(template), {
      password: trickyPassword,
      primaryAddress: primary,
      replicaOf: replicaOfLine("10.0.2.10", primary, REDIS_PORT),
      maxMemoryBytes: "123456789",
    });
    expect(filled).toBe(renderRedisConf({ ...template, password: trickyPassword, initialPrimaryAddress: primary, maxMemoryBytes: 123456789 }));
  });

  it("filling the sentinel.conf template gives exactly the rendered sentinel.conf", () => {
    const filled = fillTemplate(renderSentinelConfTemplate(template), { password: trickyPassword, primaryAddress: "10.0.3.10", replicaOf: "unused", maxMemoryBytes: "unused" });
    expect(filled).toBe(renderSentinelConf({ ...template, password: trickyPassword, initialPrimaryAddress: "10.0.3.10" }));
  });

  it("leaves the password, primary, replicaof line and maxmemory as tokens", () => {
    const redis = renderRedisConfTemplate(template);
    expect(directive(redis, "requirepass")).toEqual([`requirepass ${TEMPLATE_TOKENS.password}`]);
    expect(directive(redis, "masterauth")).toEqual([`masterauth ${TEMPLATE_TOKENS.password}`]);
    expect(directive(redis, "maxmemory")).toEqual([`maxmemory ${TEMPLATE_TOKENS.maxMemoryBytes}`]);
    expect(directives(redis)).toContain(TEMPLATE_TOKENS.replicaOf);
    expect(renderSentinelConfTemplate(template)).toMatch(new RegExp(`^sentinel monitor ${REDIS_MASTER_NAME} ${TEMPLATE_TOKENS.primaryAddress} ${REDIS_PORT} 2$`, "m"));
  });

  it("never reads tokens inside the password", () => {
    const filled = fillTemplate(`requirepass ${TEMPLATE_TOKENS.password}\n`, { password: TEMPLATE_TOKENS.primaryAddress, primaryAddress: "X", replicaOf: "Y", maxMemoryBytes: "Z" });
    expect(filled).toBe(`requirepass ${TEMPLATE_TOKENS.primaryAddress}\n`);
  });
});

describe("renderRedisCloudInit", () => {
  const doc = renderRedisCloudInit(cloudInitOptions());
  const parsed = parseYaml(doc) as { packages: string[]; write_files: { path: string; permissions: string; content: string }[]; runcmd: string[][]; package_update: boolean };
  const file = (p: string) => {
    const f = parsed.write_files.find((w) => w.path === p);
    if (!f) throw new Error(`no write_files entry for ${p}`);
    return f;
  };

  it("is a #cloud-config YAML document", () => {
    expect(doc.startsWith("#cloud-config\n")).toBe(true);
    expect(parsed.package_update).toBe(true);
  });

  it("installs the Redis packages and the extra packages the password command needs", () => {
    expect(parsed.packages).toEqual(["redis-server", "redis-sentinel", "redis-tools", "awscli"]);
    expect(REDIS_NODE_PACKAGES).toEqual(["redis-server", "redis-sentinel", "redis-tools"]);
  });

  it("ships the rendered templates byte for byte", () => {
    const nodeOptions = { ...cloudInitOptions(), dataDir: REDIS_NODE_PATHS.redisDataDir };
    expect(file(`${REDIS_NODE_PATHS.templateDir}/redis.conf`).content).toBe(renderRedisConfTemplate(nodeOptions));
    expect(file(`${REDIS_NODE_PATHS.templateDir}/sentinel.conf`).content).toBe(renderSentinelConfTemplate({ ...nodeOptions, dataDir: REDIS_NODE_PATHS.sentinelDir }));
    expect(file(REDIS_NODE_PATHS.bootScript).content).toBe(renderRedisBootScript(cloudInitOptions()));
  });

  it("keeps the password out of user data: only tokens after requirepass, masterauth and auth-pass", () => {
    const leaky = renderRedisCloudInit({ ...cloudInitOptions(), password: "leaked-Pw-123" } as RedisCloudInitOptions);
    expect(leaky).not.toContain("leaked-Pw-123");
    const secretLines = doc.split("\n").filter((l) => /\b(requirepass|masterauth|auth-pass)\b/.test(l) && !l.trim().startsWith("#"));
    expect(secretLines.length).toBeGreaterThanOrEqual(4);
    for (const line of secretLines) expect(line.trim().split(" ").pop()).toBe(TEMPLATE_TOKENS.password);
  });

  it("runs the password command from a root-only script and the boot script once", () => {
    const fetch = file(REDIS_NODE_PATHS.fetchPassword);
    expect(fetch.permissions).toBe("0700");
    expect(fetch.content).toContain(cloudInitOptions().fetchPasswordCommand);
    expect(file(REDIS_NODE_PATHS.bootScript).permissions).toBe("0700");
    expect(parsed.runcmd).toEqual([[REDIS_NODE_PATHS.bootScript]]);
  });

  it("starts the services only with the data volume mounted, Sentinel from its file on the volume", () => {
    expect(file(`${REDIS_NODE_PATHS.templateDir}/redis-server.service.conf`).content).toContain(`RequiresMountsFor=${REDIS_NODE_PATHS.mountPoint}`);
    const sentinel = file(`${REDIS_NODE_PATHS.templateDir}/redis-sentinel.service.conf`).content;
    expect(sentinel).toContain(`RequiresMountsFor=${REDIS_NODE_PATHS.mountPoint}`);
    expect(sentinel).toMatch(/^ExecStart=$/m);
    expect(sentinel).toContain(`ExecStart=/usr/bin/redis-sentinel ${REDIS_NODE_PATHS.sentinelConf} --supervised systemd --daemonize no`);
    expect(REDIS_NODE_PATHS.sentinelConf.startsWith(`${REDIS_NODE_PATHS.mountPoint}/`)).toBe(true);
    expect(file(REDIS_NODE_PATHS.sysctl).content).toMatch(/^vm\.overcommit_memory = 1$/m);
  });

  it("fits the smallest user-data limit (AWS, 16 KiB)", () => {
    expect(Buffer.byteLength(doc)).toBeLessThan(16 * 1024);
  });

  it.each<[string, Partial<RedisCloudInitOptions>, RegExp]>([
    ["a device outside /dev", { dataDevice: "/mnt/disk" }, /dataDevice is "\/mnt\/disk"; allowed: a device path under \/dev\//],
    ["an empty password command", { fetchPasswordCommand: "  " }, /fetchPasswordCommand is "  "; allowed: a non-empty shell command/],
    ["maxMemoryPercent 95", { maxMemoryPercent: 95 }, /maxMemoryPercent is 95; allowed: an integer from 1 to 90/],
    ["a bad package name", { extraPackages: ["awscli; rm -rf /"] }, /extraPackages\[0\] is "awscli; rm -rf \/"; allowed: a Debian package name/],
    ["deviceWaitSeconds 1", { deviceWaitSeconds: 1 }, /deviceWaitSeconds is 1; allowed: an integer from 10 to 3600/],
    ["a node option", { quorum: 1 }, /quorum is 1; allowed/],
  ])("rejects %s", (_, over, message) => {
    expect(() => renderRedisCloudInit(cloudInitOptions(over))).toThrow(message);
  });
});

/**
 * The boot script, driven for real in bash: sourced (which must not run main), with
 * paths pointed into a sandbox and fakes for redis-cli, systemctl and friends.
 */
describe("boot script (bash)", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "redis-boot-"));
  const user = os.userInfo().username;
  const group = spawnSync("id", ["-gn"], { encoding: "utf8" }).stdout.trim();
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  interface Sandbox {
    dir: string;
    run(body: string, env?: Record<string, string>): { status: number | null; stdout: string; stderr: string };
    calls(): string[];
    redisCliCalls(): string[];
    answer(host: string, primary: string): void;
  }

  let counter = 0;
  function sandbox(options: RedisCloudInitOptions = cloudInitOptions()): Sandbox {
    const dir = path.join(root, `s${counter++}`);
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin, { recursive: true });
    for (const d of ["templates", "sentinels", "mnt", "etc", "systemd"]) fs.mkdirSync(path.join(dir, d));
    const fake = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
    fake("redis-cli", [
      `printf '%s|auth=%s\\n' "$*" "\${REDISCLI_AUTH:-}" >> "${dir}/redis-cli.log"`,
      'host=""; while [ $# -gt 0 ]; do case "$1" in -h) host="$2"; shift 2 ;; *) shift ;; esac; done',
      `if [ -f "${dir}/sentinels/$host" ]; then cat "${dir}/sentinels/$host"; else echo "Could not connect to Redis at $host" >&2; exit 1; fi`,
    ].join("\n"));
    fake("timeout", 'shift; exec "$@"');
    for (const name of ["systemctl", "sysctl", "mount", "sleep"]) fake(name, `echo "${name} $*" >> "${dir}/calls.log"`);
    fake("mountpoint", "exit 0");
    fake("fetch-password", 'printf "%s\\n" "${FAKE_PASSWORD:-}"');
    // The files cloud-init would write, taken from the rendered document itself.
    const docFiles = (parseYaml(renderRedisCloudInit(options)) as { write_files: { path: string; content: string }[] }).write_files;
    for (const f of docFiles) {
      if (f.path.startsWith(`${REDIS_NODE_PATHS.templateDir}/`)) fs.writeFileSync(path.join(dir, "templates", path.basename(f.path)), f.content);
      if (f.path === REDIS_NODE_PATHS.bootScript) fs.writeFileSync(path.join(dir, "boot.sh"), f.content, { mode: 0o700 });
    }
    fs.writeFileSync(path.join(dir, "sysctl.conf"), "vm.overcommit_memory = 1\n");
    fs.writeFileSync(path.join(dir, "meminfo"), "MemTotal:        4000000 kB\nMemFree:         3000000 kB\n");
    const overrides = [
      `MOUNT_POINT=${dir}/mnt`,
      `REDIS_DATA_DIR=${dir}/mnt/server`,
      `SENTINEL_DIR=${dir}/mnt/sentinel`,
      `SENTINEL_CONF=${dir}/mnt/sentinel/sentinel.conf`,
      `REDIS_CONF=${dir}/etc/redis.conf`,
      `TEMPLATE_DIR=${dir}/templates`,
      `FETCH_PASSWORD=${bin}/fetch-password`,
      `SYSCTL_CONF=${dir}/sysctl.conf`,
      `SYSTEMD_DIR=${dir}/systemd`,
      `FSTAB=${dir}/fstab`,
      `MEMINFO=${dir}/meminfo`,
      `DATA_DEVICE=${dir}/disk.img`,
      `REDIS_USER=${user}`,
      `REDIS_GROUP=${group}`,
    ].join("; ");
    const read = (name: string) => (fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), "utf8").trim().split("\n") : []);
    return {
      dir,
      run(body, env = {}) {
        const r = spawnSync("bash", ["-c", `source "${dir}/boot.sh"; ${overrides}; ${body}`], {
          encoding: "utf8",
          env: { PATH: `${bin}:/usr/sbin:/sbin:/usr/bin:/bin`, HOME: dir, ...env },
        });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr };
      },
      calls: () => read("calls.log"),
      redisCliCalls: () => read("redis-cli.log"),
      answer: (host, primary) => fs.writeFileSync(path.join(dir, "sentinels", host), `${primary}\n6379\n`),
    };
  }

  it("is valid bash and sourcing it does not run main", () => {
    const s = sandbox();
    expect(spawnSync("bash", ["-n", path.join(s.dir, "boot.sh")]).status).toBe(0);
    const r = s.run("true");
    expect(r.status).toBe(0);
    expect(s.calls()).toEqual([]);
  });

  it("asks the peer Sentinels (not itself) with the password in REDISCLI_AUTH, and follows the primary they report", () => {
    const s = sandbox();
    s.answer("10.0.1.10", "10.0.3.10");
    s.answer("10.0.3.10", "10.0.3.10");
    const r = s.run("export REDISCLI_AUTH=pw-env; discover_primary");
    expect(r.stdout.trim()).toBe("10.0.3.10");
    const calls = s.redisCliCalls();
    expect(calls).toEqual([
      `--raw -h 10.0.1.10 -p ${SENTINEL_PORT} SENTINEL get-master-addr-by-name ${REDIS_MASTER_NAME}|auth=pw-env`,
      `--raw -h 10.0.3.10 -p ${SENTINEL_PORT} SENTINEL get-master-addr-by-name ${REDIS_MASTER_NAME}|auth=pw-env`,
    ]);
  });

  it("takes what most Sentinels report when they disagree", () => {
    const five = cloudInitOptions({ nodeIndex: 0, nodeAddresses: [...ADDRESSES, "10.0.4.10", "10.0.5.10"], quorum: 3 });
    const s = sandbox(five);
    s.answer("10.0.2.10", "10.0.2.10");
    s.answer("10.0.3.10", "10.0.5.10");
    s.answer("10.0.4.10", "10.0.5.10");
    expect(s.run("discover_primary").stdout.trim()).toBe("10.0.5.10");
  });

  it("ignores answers that are not node addresses", () => {
    const s = sandbox();
    fs.writeFileSync(path.join(s.dir, "sentinels", "10.0.1.10"), "ERR No such master with that name\n");
    s.answer("10.0.3.10", "10.9.9.9");
    expect(s.run("discover_primary").stdout.trim()).toBe("10.0.1.10");
  });

  it("falls back to the Sentinel state on disk, then to the initial primary, only after every peer was asked in every round", () => {
    const s = sandbox(cloudInitOptions({ initialPrimaryAddress: "10.0.1.10" }));
    const first = s.run("discover_primary");
    expect(first.stdout.trim()).toBe("10.0.1.10");
    expect(first.stderr).toMatch(/no Sentinel answered and no Sentinel state on disk/);
    expect(s.redisCliCalls().map((c) => c.split(" ")[2])).toEqual(["10.0.1.10", "10.0.3.10", "10.0.1.10", "10.0.3.10", "10.0.1.10", "10.0.3.10"]);
    fs.mkdirSync(path.join(s.dir, "mnt", "sentinel"));
    fs.writeFileSync(path.join(s.dir, "mnt", "sentinel", "sentinel.conf"), `sentinel monitor ${REDIS_MASTER_NAME} 10.0.3.10 6379 2\n`);
    expect(s.run("discover_primary").stdout.trim()).toBe("10.0.3.10");
  });

  it("renders the replicaof line like replicaOfLine", () => {
    const s = sandbox();
    expect(s.run("replicaof_line 10.0.2.10").stdout).toBe(`${replicaOfLine("10.0.2.10", "10.0.2.10", REDIS_PORT)}\n`);
    expect(s.run("replicaof_line 10.0.3.10").stdout).toBe(`${replicaOfLine("10.0.2.10", "10.0.3.10", REDIS_PORT)}\n`);
  });

  it("sizes maxmemory from MemTotal and maxMemoryPercent", () => {
    expect(sandbox().run("max_memory_bytes").stdout.trim()).toBe(String((4000000 * 1024 * 70) / 100));
  });

  it("fills templates like fillTemplate, even with &, \\, $ and / in the password", () => {
    const s = sandbox();
    const password = "p&a\\s$s/w|o%r@d`1!\\n";
    const r = s.run(`REDIS_PASSWORD="$PW"; PRIMARY_ADDRESS=10.0.3.10; REPLICAOF_LINE="replicaof 10.0.3.10 6379"; MAX_MEMORY_BYTES=42; fill_template "${s.dir}/templates/redis.conf"`, { PW: password });
    expect(r.status).toBe(0);
    const values = { password, primaryAddress: "10.0.3.10", replicaOf: "replicaof 10.0.3.10 6379", maxMemoryBytes: "42" };
    expect(r.stdout).toBe(fillTemplate(fs.readFileSync(path.join(s.dir, "templates", "redis.conf"), "utf8"), values));
    expect(directive(r.stdout, "requirepass")).toEqual([`requirepass ${password}`]);
  });

  it.each([["whitespace", "two words"], ["a quote", 'say"hi'], ["nothing", ""]])("refuses a fetched password with %s, without printing it", (_, password) => {
    const r = sandbox().run("fetch_password", { FAKE_PASSWORD: password });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/the password is empty or has whitespace, quotes or control characters/);
    if (password) expect(r.stderr).not.toContain(password);
  });

  it("waits for the device only as long as allowed", () => {
    const s = sandbox();
    const r = s.run("DEVICE_WAIT_SECONDS=4; wait_for_device");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/did not appear within 4s/);
    expect(s.calls()).toEqual(["sleep 2", "sleep 2"]);
    fs.writeFileSync(path.join(s.dir, "disk.img"), "");
    expect(s.run("DEVICE_WAIT_SECONDS=4; wait_for_device").status).toBe(0);
  });

  it("formats an all-zero volume once and never reformats it or a volume holding unknown data", () => {
    const s = sandbox();
    const disk = path.join(s.dir, "disk.img");
    fs.writeFileSync(disk, Buffer.alloc(8 * 1024 * 1024));
    expect(s.run("ensure_filesystem").status).toBe(0);
    const uuid = () => spawnSync("blkid", ["-s", "UUID", "-o", "value", disk], { encoding: "utf8", env: { PATH: "/usr/sbin:/sbin:/usr/bin:/bin" } }).stdout.trim();
    const first = uuid();
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    const again = s.run("ensure_filesystem");
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/keeping the existing filesystem/);
    expect(uuid()).toBe(first);

    const junk = Buffer.alloc(8 * 1024 * 1024);
    junk.write("not a filesystem but somebody's data", 4096);
    fs.writeFileSync(disk, junk);
    const refused = s.run("ensure_filesystem");
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/has data but no filesystem blkid recognizes: refusing to format it/);
    expect(fs.readFileSync(disk).equals(junk)).toBe(true);
  });

  describe("main", () => {
    it("first boot: formats, writes both configs (0640) as rendered, installs drop-ins, then starts the services", () => {
      const s = sandbox(cloudInitOptions({ nodeIndex: 0 }));
      fs.writeFileSync(path.join(s.dir, "disk.img"), Buffer.alloc(8 * 1024 * 1024));
      const r = s.run("main", { FAKE_PASSWORD: "boot-Pw-1" });
      expect(r.stderr).toMatch(/started; primary at boot: 10\.0\.1\.10/);
      expect(r.status).toBe(0);
      const redisConf = fs.readFileSync(path.join(s.dir, "etc", "redis.conf"), "utf8");
      const maxMemoryBytes = (4000000 * 1024 * 70) / 100;
      const nodeOptions = { ...cloudInitOptions({ nodeIndex: 0 }), password: "boot-Pw-1", maxMemoryBytes };
      expect(redisConf).toBe(renderRedisConf({ ...nodeOptions, dataDir: REDIS_NODE_PATHS.redisDataDir }));
      const sentinelPath = path.join(s.dir, "mnt", "sentinel", "sentinel.conf");
      expect(fs.readFileSync(sentinelPath, "utf8")).toBe(renderSentinelConf({ ...nodeOptions, dataDir: REDIS_NODE_PATHS.sentinelDir }));
      for (const f of [path.join(s.dir, "etc", "redis.conf"), sentinelPath]) expect(fs.statSync(f).mode & 0o777).toBe(0o640);
      expect(fs.existsSync(path.join(s.dir, "systemd", "redis-sentinel.service.d", "mockforge.conf"))).toBe(true);
      expect(fs.existsSync(path.join(s.dir, "systemd", "redis-server.service.d", "mockforge.conf"))).toBe(true);
      const calls = s.calls().filter((c) => c.startsWith("systemctl"));
      expect(calls[0]).toBe("systemctl stop redis-sentinel redis-server");
      expect(calls.slice(-3)).toEqual(["systemctl enable redis-server redis-sentinel", "systemctl restart redis-server", "systemctl restart redis-sentinel"]);
    });

    it("replaced node: replicates from the primary the Sentinels report and keeps Sentinel's state file", () => {
      const s = sandbox(cloudInitOptions({ nodeIndex: 0 }));
      fs.writeFileSync(path.join(s.dir, "disk.img"), Buffer.alloc(8 * 1024 * 1024));
      s.answer("10.0.2.10", "10.0.3.10");
      s.answer("10.0.3.10", "10.0.3.10");
      fs.mkdirSync(path.join(s.dir, "mnt", "sentinel"));
      const learned = `sentinel monitor ${REDIS_MASTER_NAME} 10.0.3.10 6379 2\nsentinel config-epoch ${REDIS_MASTER_NAME} 1\n`;
      fs.writeFileSync(path.join(s.dir, "mnt", "sentinel", "sentinel.conf"), learned);
      const r = s.run("main", { FAKE_PASSWORD: "boot-Pw-1" });
      expect(r.status).toBe(0);
      const redisConf = fs.readFileSync(path.join(s.dir, "etc", "redis.conf"), "utf8");
      expect(directive(redisConf, "replicaof")).toEqual([`replicaof 10.0.3.10 ${REDIS_PORT}`]);
      expect(fs.readFileSync(path.join(s.dir, "mnt", "sentinel", "sentinel.conf"), "utf8")).toBe(learned);
      expect(r.stderr).toMatch(/keeping .*sentinel\.conf/);
    });
  });
});
