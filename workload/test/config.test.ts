import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "../src/config";
import { ENV, PORTS } from "../src/contract";
import { createLogger } from "../src/log";
import { createStore } from "../src/store/create-store";
import { WORKLOAD_ROOT } from "./helpers";

const fixedSecret = (): string => "x".repeat(64);
const silent = createLogger({ level: "silent", write: () => undefined });

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, fixedSecret);
  } catch (err) {
    assert.ok(err instanceof ConfigError, "expected a ConfigError");
    return err.problems;
  }
  assert.fail("configuration was accepted");
}

describe("configuration from the runtime contract's environment variables", () => {
  it("defaults to the contract's ports and the in-memory store", async () => {
    const c = loadConfig({}, fixedSecret);
    assert.equal(c.port, PORTS.http);
    assert.equal(c.adminPort, PORTS.admin);
    assert.equal(c.metricsPort, PORTS.metrics);
    assert.equal(c.database, undefined);
    assert.equal(c.redis, undefined);
    assert.equal(c.adminSecretGenerated, true);
    assert.equal((await createStore(c, silent)).kind, "memory");
  });

  it("reads every contract variable", () => {
    const c = loadConfig(
      {
        [ENV.port]: "8080",
        [ENV.adminPort]: "8081",
        [ENV.metricsPort]: "8082",
        [ENV.environment]: "staging",
        [ENV.region]: "eu-west-1",
        [ENV.cloud]: "aws",
        [ENV.logLevel]: "warn",
        [ENV.databaseWriterHost]: "db.internal:5432",
        [ENV.databaseReaderHost]: "db-ro.internal:5432",
        [ENV.databaseName]: "mockforge",
        [ENV.databaseUser]: "mockforge",
        [ENV.databasePassword]: "pw",
        [ENV.databaseSslMode]: "require",
        [ENV.redisSentinels]: "10.0.1.5:26379,10.0.2.5:26379",
        [ENV.redisMasterName]: "mockforge",
        [ENV.redisPassword]: "redispw",
        [ENV.adminSecret]: "s".repeat(40),
      },
      fixedSecret,
    );
    assert.deepEqual([c.port, c.adminPort, c.metricsPort], [8080, 8081, 8082]);
    assert.equal(c.cloud, "aws");
    assert.equal(c.logLevel, "warn");
    assert.equal(c.database?.sslMode, "require");
    assert.equal(c.database?.readerHost, "db-ro.internal:5432");
    assert.deepEqual(c.redis?.sentinels, [
      { host: "10.0.1.5", port: 26379 },
      { host: "10.0.2.5", port: 26379 },
    ]);
    assert.equal(c.adminSecretGenerated, false);
  });

  it("lists every invalid value with the variable name, the value and what would be right", () => {
    const problems = problemsOf({ PORT: "abc", ADMIN_PORT: "70000", LOG_LEVEL: "loud", MOCKFORGE_CLOUD: "ibm" });
    assert.equal(problems.length, 4);
    assert.match(problems[0], /^PORT="abc" is not valid: expected a TCP port/);
    assert.match(problems[1], /^ADMIN_PORT="70000" is not valid/);
    assert.match(problems.join("\n"), /LOG_LEVEL="loud" is not valid: expected one of debug, info, warn, error, silent/);
    assert.match(problems.join("\n"), /MOCKFORGE_CLOUD="ibm" is not valid: expected one of aws, gcp, azure, oci/);
  });

  it("refuses port clashes, partial database/Redis settings, clear-text databases and short secrets", () => {
    assert.match(problemsOf({ PORT: "9000", METRICS_PORT: "9000" }).join(), /PORT and METRICS_PORT are both 9000/);
    assert.match(problemsOf({ DATABASE_NAME: "x" }).join(), /DATABASE_NAME set without DATABASE_HOST/);
    const db = problemsOf({ DATABASE_HOST: "db:5432", DATABASE_SSLMODE: "disable", MOCKFORGE_ADMIN_SECRET: "s".repeat(40) }).join("\n");
    assert.match(db, /DATABASE_NAME is required when DATABASE_HOST is set/);
    assert.match(db, /DATABASE_PASSWORD is required/);
    assert.match(db, /DATABASE_SSLMODE="disable" is not valid for db:5432: clear text is allowed only to a loopback host; expected require or verify-full/);
    assert.match(problemsOf({ DATABASE_HOST: "nohostport" }).join(), /DATABASE_HOST="nohostport" is not valid: expected host:port/);
    assert.match(problemsOf({ REDIS_SENTINELS: "a:1,b" }).join(), /REDIS_SENTINELS entry "b" is not valid/);
    assert.match(problemsOf({ MOCKFORGE_ADMIN_SECRET: "short" }).join(), /MOCKFORGE_ADMIN_SECRET is too short/);
    assert.match(problemsOf({ MOCKFORGE_MAX_BODY_BYTES: "-1" }).join(), /MOCKFORGE_MAX_BODY_BYTES="-1" is not valid/);
    assert.match(problemsOf({ MOCKFORGE_RATE_LIMIT_TIMEOUT_MS: "5" }).join(), /MOCKFORGE_RATE_LIMIT_TIMEOUT_MS="5" is not valid: expected a rate-limit check bound in milliseconds, an integer from 10 to 5000/);
    assert.equal(loadConfig({}, fixedSecret).rateLimitTimeoutMs, 250);
  });

  it("accepts DATABASE_SSLMODE=disable only for loopback hosts, and defaults to require", () => {
    const base = { DATABASE_NAME: "m", DATABASE_USER: "m", DATABASE_PASSWORD: "p", MOCKFORGE_ADMIN_SECRET: "s".repeat(40) };
    assert.equal(loadConfig({ ...base, DATABASE_HOST: "db:5432" }, fixedSecret).database?.sslMode, "require");
    assert.equal(loadConfig({ ...base, DATABASE_HOST: "127.0.0.1:5432", DATABASE_SSLMODE: "disable" }, fixedSecret).database?.sslMode, "disable");
    assert.equal(loadConfig({ ...base, DATABASE_HOST: "localhost:5432", DATABASE_READER_HOST: "[::1]:5433", DATABASE_SSLMODE: "disable" }, fixedSecret).database?.sslMode, "disable");
    assert.match(
      problemsOf({ ...base, DATABASE_HOST: "127.0.0.1:5432", DATABASE_READER_HOST: "10.0.0.9:5432", DATABASE_SSLMODE: "disable" }).join(),
      /DATABASE_SSLMODE="disable" is not valid for 10\.0\.0\.9:5432: clear text is allowed only to a loopback host/,
    );
    assert.match(problemsOf({ ...base, DATABASE_HOST: "db:5432", DATABASE_SSLMODE: "prefer" }).join(), /DATABASE_SSLMODE="prefer" is not valid/);
  });

  it("fails startup with a clear message when no Redis primary is reachable through the sentinels", async () => {
    const c = loadConfig({ REDIS_SENTINELS: "127.0.0.1:1", REDIS_PASSWORD: "x" }, fixedSecret);
    await assert.rejects(createStore(c, silent, { redisWaitMs: 300 }), /redis through sentinel \(127\.0\.0\.1:1, master mockforge\): no primary reachable through the sentinels within 300 ms/);
  });

  it("the compiled server exits 78 with a clear message on invalid configuration", () => {
    const main = join(WORKLOAD_ROOT, "dist-test", "workload", "src", "main.js");
    const r = spawnSync(process.execPath, [main], { env: { PATH: process.env.PATH, PORT: "http", LOG_LEVEL: "silent" }, encoding: "utf8", timeout: 10_000 });
    assert.equal(r.status, 78);
    assert.match(r.stderr, /mockforge: refusing to start, invalid configuration:\n {2}- PORT="http" is not valid: expected a TCP port/);
    assert.equal(r.stdout, "");
  });
});
