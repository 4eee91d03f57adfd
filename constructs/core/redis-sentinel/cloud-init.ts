/**
 * cloud-init user data for one Redis Sentinel node on a Debian 12 VM, any cloud.
 * The configs come from render.ts as templates; the boot script only fills in
 * what exists at boot: the password, the current primary and the memory size.
 */
import {
  PRIMARY_REPLICAOF_COMMENT,
  type RedisSentinelNodeOptions,
  TEMPLATE_FILL_ORDER,
  TEMPLATE_TOKENS,
  type TemplateValues,
  renderRedisConfTemplate,
  renderSentinelConfTemplate,
  resolveRedisSentinelNode,
} from "./render";

export interface RedisCloudInitOptions extends Omit<RedisSentinelNodeOptions, "password" | "dataDir" | "maxMemoryBytes"> {
  /**
   * Block device of the data volume, preferably a stable path
   * (e.g. `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123...`).
   * Formatted (ext4) only when it holds no filesystem and its first MiB is all zeros.
   */
  readonly dataDevice: string;
  /**
   * Shell command that prints the Redis password on stdout, e.g.
   * `aws secretsmanager get-secret-value --secret-id <arn> --query SecretString --output text`.
   * The password itself never appears in user data.
   */
  readonly fetchPasswordCommand: string;
  /** Share of the VM's memory (MemTotal, read at boot) Redis may use for data; the rest covers fork copy-on-write. */
  readonly maxMemoryPercent: number;
  /**
   * Debian packages the password command needs (e.g. `awscli`).
   * @default none
   */
  readonly extraPackages?: readonly string[];
  /**
   * Seconds to wait for the data volume to be attached before giving up.
   * @default 300
   */
  readonly deviceWaitSeconds?: number;
}

/** Where things live on a node. The mount point is Debian's redis home, which the packaged units may write. */
export const REDIS_NODE_PATHS = {
  mountPoint: "/var/lib/redis",
  redisDataDir: "/var/lib/redis/server",
  sentinelDir: "/var/lib/redis/sentinel",
  /** On the data volume: Sentinel rewrites it with learned state, which must survive the VM. */
  sentinelConf: "/var/lib/redis/sentinel/sentinel.conf",
  /** Re-rendered at boot from the current topology; Redis rewrites it on failover (CONFIG REWRITE). */
  redisConf: "/etc/redis/redis.conf",
  templateDir: "/etc/mockforge-redis",
  fetchPassword: "/usr/local/lib/mockforge-redis/fetch-password",
  bootScript: "/usr/local/sbin/mockforge-redis-boot",
  sysctl: "/etc/sysctl.d/60-mockforge-redis.conf",
} as const;

/** Debian packages every node installs. */
export const REDIS_NODE_PACKAGES: readonly string[] = ["redis-server", "redis-sentinel", "redis-tools"];

const WHERE = "RedisCloudInit";

function fail(field: string, value: unknown, allowed: string): never {
  throw new Error(`${WHERE}: ${field} is ${JSON.stringify(value)}; allowed: ${allowed}.`);
}

/** Single-quotes a value for bash. */
function shq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function validate(o: RedisCloudInitOptions): void {
  if (typeof o.dataDevice !== "string" || !/^\/dev\/[A-Za-z0-9._\/:+-]+$/.test(o.dataDevice)) {
    fail("dataDevice", o.dataDevice, "a device path under /dev/ (letters, digits, . _ / : + -)");
  }
  if (typeof o.fetchPasswordCommand !== "string" || o.fetchPasswordCommand.trim() === "") {
    fail("fetchPasswordCommand", o.fetchPasswordCommand, "a non-empty shell command that prints the password on stdout");
  }
  if (!Number.isInteger(o.maxMemoryPercent) || o.maxMemoryPercent < 1 || o.maxMemoryPercent > 90) {
    fail("maxMemoryPercent", o.maxMemoryPercent, "an integer from 1 to 90 (the rest of memory covers copy-on-write during snapshots)");
  }
  (o.extraPackages ?? []).forEach((p, i) => {
    if (typeof p !== "string" || !/^[a-z0-9][a-z0-9+.-]+$/.test(p)) fail(`extraPackages[${i}]`, p, "a Debian package name (lowercase letters, digits, + . -)");
  });
  const wait = o.deviceWaitSeconds ?? 300;
  if (!Number.isInteger(wait) || wait < 10 || wait > 3600) fail("deviceWaitSeconds", wait, "an integer from 10 to 3600");
}

const TOKEN_ENV: Record<keyof TemplateValues, { env: string; shell: string }> = {
  primaryAddress: { env: "FILL_PRIMARY_ADDRESS", shell: "$PRIMARY_ADDRESS" },
  replicaOf: { env: "FILL_REPLICAOF", shell: "$REPLICAOF_LINE" },
  maxMemoryBytes: { env: "FILL_MAXMEMORY_BYTES", shell: "$MAX_MEMORY_BYTES" },
  password: { env: "FILL_PASSWORD", shell: "$REDIS_PASSWORD" },
};

/** bash fill_template: literal token replacement with awk index/substr (no regex, no sed escaping), values via the environment. */
function fillTemplateFunction(): string {
  const env = TEMPLATE_FILL_ORDER.map((k) => `${TOKEN_ENV[k].env}="${TOKEN_ENV[k].shell}"`).join(" ");
  const calls = TEMPLATE_FILL_ORDER.map((k) => `s = fill(s, "${TEMPLATE_TOKENS[k]}", ENVIRON["${TOKEN_ENV[k].env}"])`).join("; ");
  return [
    "fill_template() {",
    `  ${env} awk '`,
    "    function fill(s, token, value,    out, i) {",
    '      out = ""',
    "      while ((i = index(s, token)) > 0) { out = out substr(s, 1, i - 1) value; s = substr(s, i + length(token)) }",
    "      return out s",
    "    }",
    `    { s = $0; ${calls}; print s }' "$1"`,
    "}",
  ].join("\n");
}

/** The boot script of one node (bash). Sourcing it defines the functions without running main, which is how the tests drive it. */
export function renderRedisBootScript(o: RedisCloudInitOptions): string {
  validate(o);
  const r = resolveRedisSentinelNode({ ...o, password: TEMPLATE_TOKENS.password, dataDir: REDIS_NODE_PATHS.redisDataDir });
  const p = REDIS_NODE_PATHS;
  return `#!/bin/bash
# Boots MockForge Redis Sentinel node ${r.nodeIndex}: data volume, password, current primary, configs, services.
# Rendered by constructs/core/redis-sentinel/cloud-init.ts; cloud-init runs it once per instance.
set -euo pipefail

NODE_INDEX=${r.nodeIndex}
NODE_ADDRESSES=(${r.nodeAddresses.map(shq).join(" ")})
SELF_ADDRESS="\${NODE_ADDRESSES[$NODE_INDEX]}"
FALLBACK_PRIMARY=${shq(r.initialPrimaryAddress)}
REDIS_PORT=${r.redisPort}
SENTINEL_PORT=${r.sentinelPort}
MASTER_NAME=${shq(r.masterName)}
MAX_MEMORY_PERCENT=${o.maxMemoryPercent}
DATA_DEVICE=${shq(o.dataDevice)}
DEVICE_WAIT_SECONDS=${o.deviceWaitSeconds ?? 300}
DISCOVERY_ROUNDS=3
PRIMARY_REPLICAOF_COMMENT=${shq(PRIMARY_REPLICAOF_COMMENT)}
REDIS_USER=redis
REDIS_GROUP=redis
MOUNT_POINT=${p.mountPoint}
REDIS_DATA_DIR=${p.redisDataDir}
SENTINEL_DIR=${p.sentinelDir}
SENTINEL_CONF=${p.sentinelConf}
REDIS_CONF=${p.redisConf}
TEMPLATE_DIR=${p.templateDir}
FETCH_PASSWORD=${p.fetchPassword}
SYSCTL_CONF=${p.sysctl}
SYSTEMD_DIR=/etc/systemd/system
FSTAB=/etc/fstab
MEMINFO=/proc/meminfo

log() { printf 'mockforge-redis-boot: %s\\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

wait_for_device() {
  local waited=0
  until [ -e "$DATA_DEVICE" ]; do
    [ "$waited" -lt "$DEVICE_WAIT_SECONDS" ] || die "data volume $DATA_DEVICE did not appear within \${DEVICE_WAIT_SECONDS}s"
    sleep 2
    waited=$((waited + 2))
  done
}

# Formats only a device with no filesystem whose first MiB is all zeros: existing data is never reformatted.
ensure_filesystem() {
  local status=0 nonzero
  blkid -p "$DATA_DEVICE" >/dev/null 2>&1 || status=$?
  case "$status" in
    0) log "keeping the existing filesystem on $DATA_DEVICE" ;;
    2)
      nonzero="$(head -c 1048576 "$DATA_DEVICE" | tr -d '\\000' | wc -c)" || die "cannot read $DATA_DEVICE"
      [ "$nonzero" -eq 0 ] || die "$DATA_DEVICE has data but no filesystem blkid recognizes: refusing to format it"
      log "formatting the empty volume $DATA_DEVICE"
      mkfs.ext4 -q -L redis-data "$DATA_DEVICE"
      ;;
    *) die "blkid -p $DATA_DEVICE failed (exit $status): refusing to format a device whose contents are unknown" ;;
  esac
}

mount_volume() {
  local uuid
  mkdir -p "$MOUNT_POINT"
  if ! mountpoint -q "$MOUNT_POINT"; then
    uuid="$(blkid -s UUID -o value "$DATA_DEVICE")"
    [ -n "$uuid" ] || die "no filesystem UUID on $DATA_DEVICE"
    grep -q "^UUID=$uuid " "$FSTAB" || printf 'UUID=%s %s auto defaults,noatime,nofail 0 2\\n' "$uuid" "$MOUNT_POINT" >>"$FSTAB"
    systemctl daemon-reload
    mount "$MOUNT_POINT"
  fi
  install -d -m 0750 -o "$REDIS_USER" -g "$REDIS_GROUP" "$MOUNT_POINT" "$REDIS_DATA_DIR" "$SENTINEL_DIR"
}

fetch_password() {
  REDIS_PASSWORD="$("$FETCH_PASSWORD")" || die "the password command failed"
  case "$REDIS_PASSWORD" in
    '' | *[[:space:]]* | *[\\"\\']* | *[[:cntrl:]]*) die "the password is empty or has whitespace, quotes or control characters" ;;
  esac
}

is_node_address() {
  local a
  for a in "\${NODE_ADDRESSES[@]}"; do [ "$a" = "$1" ] && return 0; done
  return 1
}

# Prints the primary one peer Sentinel reports (REDISCLI_AUTH holds the password), or nothing.
ask_sentinel() {
  timeout 5 redis-cli --raw -h "$1" -p "$SENTINEL_PORT" SENTINEL get-master-addr-by-name "$MASTER_NAME" 2>/dev/null | head -n 1 || true
}

# The current primary: what most peer Sentinels report, so a replaced node rejoins the live
# topology; else the primary this node's Sentinel last knew; else (first boot) the initial primary.
discover_primary() {
  local round i answer a count best='' best_count=0
  local -a answers=()
  for ((round = 1; round <= DISCOVERY_ROUNDS; round++)); do
    for i in "\${!NODE_ADDRESSES[@]}"; do
      [ "$i" -ne "$NODE_INDEX" ] || continue
      answer="$(ask_sentinel "\${NODE_ADDRESSES[$i]}")"
      if is_node_address "$answer"; then
        log "Sentinel on \${NODE_ADDRESSES[$i]} reports primary $answer"
        answers+=("$answer")
      fi
    done
    [ "\${#answers[@]}" -eq 0 ] || break
    [ "$round" -ge "$DISCOVERY_ROUNDS" ] || sleep 2
  done
  for answer in "\${answers[@]}"; do
    count=0
    for a in "\${answers[@]}"; do [ "$a" != "$answer" ] || count=$((count + 1)); done
    if [ "$count" -gt "$best_count" ]; then best="$answer"; best_count=$count; fi
  done
  if [ -n "$best" ]; then printf '%s\\n' "$best"; return; fi
  if [ -s "$SENTINEL_CONF" ]; then
    answer="$(awk -v m="$MASTER_NAME" '$1 == "sentinel" && $2 == "monitor" && $3 == m { print $4; exit }' "$SENTINEL_CONF")"
    if is_node_address "$answer"; then
      log "no Sentinel answered; using the primary in this node's Sentinel state: $answer"
      printf '%s\\n' "$answer"
      return
    fi
  fi
  log "no Sentinel answered and no Sentinel state on disk: primary is $FALLBACK_PRIMARY"
  printf '%s\\n' "$FALLBACK_PRIMARY"
}

replicaof_line() {
  if [ "$1" = "$SELF_ADDRESS" ]; then printf '%s\\n' "$PRIMARY_REPLICAOF_COMMENT"; else printf 'replicaof %s %s\\n' "$1" "$REDIS_PORT"; fi
}

max_memory_bytes() {
  local kib
  kib="$(awk '$1 == "MemTotal:" { print $2 }' "$MEMINFO")"
  [[ "$kib" =~ ^[0-9]+$ ]] || die "cannot read MemTotal from $MEMINFO"
  printf '%s\\n' "$((kib * 1024 * MAX_MEMORY_PERCENT / 100))"
}

${fillTemplateFunction()}

# Writes a filled template owned by redis, mode 0640 (it holds the password), atomically.
write_config() {
  local tmp="$2.new"
  (umask 077 && fill_template "$1" >"$tmp")
  if grep -q '@@REDIS_' "$tmp"; then rm -f "$tmp"; die "unfilled token in $2"; fi
  chown "$REDIS_USER:$REDIS_GROUP" "$tmp"
  chmod 0640 "$tmp"
  mv -f "$tmp" "$2"
}

main() {
  log "node $NODE_INDEX ($SELF_ADDRESS)"
  # The packages started both services with Debian's defaults: stop them before touching their files.
  systemctl stop redis-sentinel redis-server || true
  wait_for_device
  ensure_filesystem
  mount_volume
  fetch_password
  export REDISCLI_AUTH="$REDIS_PASSWORD"
  PRIMARY_ADDRESS="$(discover_primary)"
  REPLICAOF_LINE="$(replicaof_line "$PRIMARY_ADDRESS")"
  MAX_MEMORY_BYTES="$(max_memory_bytes)"
  write_config "$TEMPLATE_DIR/redis.conf" "$REDIS_CONF"
  if [ -s "$SENTINEL_CONF" ]; then
    log "keeping $SENTINEL_CONF: it holds Sentinel's learned state"
  else
    write_config "$TEMPLATE_DIR/sentinel.conf" "$SENTINEL_CONF"
  fi
  sysctl -q -p "$SYSCTL_CONF"
  install -D -m 0644 "$TEMPLATE_DIR/redis-server.service.conf" "$SYSTEMD_DIR/redis-server.service.d/mockforge.conf"
  install -D -m 0644 "$TEMPLATE_DIR/redis-sentinel.service.conf" "$SYSTEMD_DIR/redis-sentinel.service.d/mockforge.conf"
  systemctl daemon-reload
  systemctl enable redis-server redis-sentinel
  systemctl restart redis-server
  systemctl restart redis-sentinel
  log "started; primary at boot: $PRIMARY_ADDRESS"
}

if [ "\${BASH_SOURCE[0]}" = "$0" ]; then main "$@"; fi
`;
}

/**
 * Drop-ins for Debian's units: start only with the data volume mounted; Sentinel's config lives on it.
 * PIDFile is cleared because the rendered configs write none (systemd knows the main PID of a notify service).
 */
function redisServerDropIn(): string {
  return ["[Unit]", `RequiresMountsFor=${REDIS_NODE_PATHS.mountPoint}`, "", "[Service]", "PIDFile=", ""].join("\n");
}

function redisSentinelDropIn(): string {
  return [
    "[Unit]",
    `RequiresMountsFor=${REDIS_NODE_PATHS.mountPoint}`,
    "",
    "[Service]",
    "PIDFile=",
    "ExecStart=",
    `ExecStart=/usr/bin/redis-sentinel ${REDIS_NODE_PATHS.sentinelConf} --supervised systemd --daemonize no`,
    "",
  ].join("\n");
}

function writeFile(path: string, permissions: string, content: string): string {
  const body = content.replace(/\n$/, "").split("\n").map((l) => (l === "" ? "" : `      ${l}`));
  return [`  - path: ${JSON.stringify(path)}`, `    permissions: "${permissions}"`, "    content: |", ...body].join("\n");
}

/** A `#cloud-config` document that turns a fresh Debian 12 VM into Redis Sentinel node `nodeIndex`. */
export function renderRedisCloudInit(o: RedisCloudInitOptions): string {
  const script = renderRedisBootScript(o);
  const node = { ...o, dataDir: REDIS_NODE_PATHS.redisDataDir };
  const p = REDIS_NODE_PATHS;
  const packages = [...REDIS_NODE_PACKAGES, ...(o.extraPackages ?? []).filter((x) => !REDIS_NODE_PACKAGES.includes(x))];
  return [
    "#cloud-config",
    `# MockForge Redis Sentinel node ${o.nodeIndex} of ${o.nodeAddresses.length}. No secret here: the boot script fetches the password.`,
    "package_update: true",
    "packages:",
    ...packages.map((x) => `  - ${JSON.stringify(x)}`),
    "write_files:",
    writeFile(`${p.templateDir}/redis.conf`, "0644", renderRedisConfTemplate(node)),
    writeFile(`${p.templateDir}/sentinel.conf`, "0644", renderSentinelConfTemplate({ ...node, dataDir: p.sentinelDir })),
    writeFile(`${p.templateDir}/redis-server.service.conf`, "0644", redisServerDropIn()),
    writeFile(`${p.templateDir}/redis-sentinel.service.conf`, "0644", redisSentinelDropIn()),
    writeFile(p.sysctl, "0644", "# Redis forks for snapshots and AOF rewrites: let the fork succeed.\nvm.overcommit_memory = 1\n"),
    writeFile(p.fetchPassword, "0700", `#!/bin/bash\nset -euo pipefail\n${o.fetchPasswordCommand.trim()}\n`),
    writeFile(p.bootScript, "0700", script),
    "runcmd:",
    `  - [${JSON.stringify(p.bootScript)}]`,
    "",
  ].join("\n");
}
