/**
 * cloud-init user data for a MockForge service instance on Oracle Linux 9:
 * installs podman and the OCI CLI, and runs the server container from OCIR
 * as a systemd service, with secrets read from Vault at every start. The
 * document is static: apply-time values come from instance metadata (see
 * instance-metadata.ts), so it never holds a secret or an OCID.
 */
import { HEALTH_PATHS, PORTS, SECRET_ENV_NAMES } from "../core/runtime-contract";
import { metadataCommand, secretValueCommand, SERVICE_IMAGE_METADATA_KEY, SERVICE_SECRETS_METADATA_KEY } from "./instance-metadata";

export interface ServiceCloudInitOptions {
  /** Plain environment variables of the container (never secret values). */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * Non-root `uid:gid` the container runs as.
   * @default "1000:1000"
   */
  readonly containerUser?: string;
  /**
   * Seconds between SIGTERM and SIGKILL when the service stops.
   * @default 30
   */
  readonly stopTimeoutSeconds?: number;
}

/** Oracle Linux 9 packages every service instance installs. */
export const SERVICE_PACKAGES: readonly string[] = ["podman", "python39-oci-cli"];

export const SERVICE_PATHS = {
  envFile: "/etc/mockforge/server.env",
  secretsFile: "/run/mockforge/secrets.env",
  startScript: "/usr/local/sbin/mockforge-start",
  unit: "/etc/systemd/system/mockforge.service",
} as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// One env-file line per variable: no newlines, no NUL.
const ENV_VALUE = /^[^\n\r\0]*$/;

function fail(field: string, value: unknown, allowed: string): never {
  throw new Error(`ServiceCloudInit: ${field} is ${JSON.stringify(value)}; allowed: ${allowed}.`);
}

function validate(o: ServiceCloudInitOptions): void {
  for (const [name, value] of Object.entries(o.environment)) {
    if (!ENV_NAME.test(name)) fail(`environment name ${name}`, name, "letters, digits and _ (not starting with a digit)");
    if (SECRET_ENV_NAMES.includes(name)) fail(`environment.${name}`, "(hidden)", "secrets come from Vault, never plain environment");
    if (!ENV_VALUE.test(value) || value.includes("${")) {
      fail(`environment.${name}`, value, "a single-line value known at synth time (no newline, no Terraform interpolation)");
    }
  }
  const user = o.containerUser ?? "1000:1000";
  if (!/^[1-9]\d{0,9}:[1-9]\d{0,9}$/.test(user)) fail("containerUser", user, "a non-root uid:gid such as 1000:1000");
  const stop = o.stopTimeoutSeconds ?? 30;
  if (!Number.isInteger(stop) || stop < 2 || stop > 600) fail("stopTimeoutSeconds", stop, "an integer from 2 to 600");
}

function startScript(o: ServiceCloudInitOptions): string {
  const user = o.containerUser ?? "1000:1000";
  const live = `http://127.0.0.1:${PORTS.http}${HEALTH_PATHS.live}`;
  return `#!/bin/bash
# Starts the MockForge server container; systemd restarts it when it exits.
set -euo pipefail
IMAGE="$(${metadataCommand(SERVICE_IMAGE_METADATA_KEY)})"
REGISTRY="\${IMAGE%%/*}"
SECRETS_FILE=${SERVICE_PATHS.secretsFile}

# Secrets: read from Vault with the instance principal at every start, kept on tmpfs only.
install -d -m 0700 "$(dirname "$SECRETS_FILE")"
umask 077
: >"$SECRETS_FILE"
${metadataCommand(SERVICE_SECRETS_METADATA_KEY)} | while read -r NAME REGION SECRET_ID; do
  [ -n "$NAME" ] || continue
  VALUE="$(${secretValueCommand("oci", '"$SECRET_ID"', '"$REGION"')})"
  printf '%s=%s\\n' "$NAME" "$VALUE" >>"$SECRETS_FILE"
done

# OCIR accepts a short-lived token issued to the instance principal.
TOKEN="$(oci raw-request --auth instance_principal --http-method GET --target-uri "https://$REGISTRY/20180419/docker/token" --query 'data.token' --raw-output)"
printf '%s' "$TOKEN" | podman login --username BEARER_TOKEN --password-stdin "$REGISTRY"
podman pull "$IMAGE"

# Admin and metrics ports stay inside the container: only the HTTP port is published.
exec podman run --rm --name mockforge --init \\
  --read-only --tmpfs /tmp --user ${user} --cap-drop ALL --security-opt no-new-privileges \\
  --env-file ${SERVICE_PATHS.envFile} --env-file "$SECRETS_FILE" \\
  --health-cmd "curl -fsS -o /dev/null ${live} || wget -q -O /dev/null ${live} || exit 1" --health-interval 15s \\
  --log-driver journald \\
  -p ${PORTS.http}:${PORTS.http} \\
  "$IMAGE"
`;
}

function unit(o: ServiceCloudInitOptions): string {
  return [
    "[Unit]",
    "Description=MockForge server",
    "Wants=network-online.target",
    "After=network-online.target",
    "",
    "[Service]",
    `ExecStart=${SERVICE_PATHS.startScript}`,
    "ExecStop=/usr/bin/podman stop --time " + String(o.stopTimeoutSeconds ?? 30) + " mockforge",
    "Restart=always",
    "RestartSec=5",
    `TimeoutStopSec=${(o.stopTimeoutSeconds ?? 30) + 5}`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}

function writeFile(path: string, permissions: string, content: string): string {
  const body = content.replace(/\n$/, "").split("\n").map((l) => (l === "" ? "" : `      ${l}`));
  return [`  - path: ${JSON.stringify(path)}`, `    permissions: "${permissions}"`, "    content: |", ...body].join("\n");
}

/** The `#cloud-config` document of a service instance. */
export function renderServiceCloudInit(o: ServiceCloudInitOptions): string {
  validate(o);
  const env = Object.keys(o.environment)
    .sort()
    .map((name) => `${name}=${o.environment[name]}`)
    .join("\n");
  return [
    "#cloud-config",
    "# MockForge service instance. No secret here: the start script reads them from Vault.",
    "packages:",
    ...SERVICE_PACKAGES.map((p) => `  - ${JSON.stringify(p)}`),
    "write_files:",
    writeFile(SERVICE_PATHS.envFile, "0644", `${env}\n`),
    writeFile(SERVICE_PATHS.startScript, "0700", startScript(o)),
    writeFile(SERVICE_PATHS.unit, "0644", unit(o)),
    "runcmd:",
    // Oracle Linux runs firewalld: open the load balancer's port, nothing else.
    `  - [firewall-cmd, --permanent, --add-port=${PORTS.http}/tcp]`,
    "  - [firewall-cmd, --reload]",
    "  - [systemctl, daemon-reload]",
    "  - [systemctl, enable, --now, mockforge.service]",
    "",
  ].join("\n");
}
