import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_health_checks_http_monitor` arguments (website/docs/r/health_checks_http_monitor.html.markdown). */
export interface HealthChecksHttpMonitorConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** A display name. */
  readonly displayName: string;
  /** Seconds between probes: 10, 30 or 60. */
  readonly intervalInSeconds: number;
  /** `HTTP` or `HTTPS`. */
  readonly protocol: string;
  /** Hostnames or IPs to probe. */
  readonly targets: readonly string[];
  /**
   * Whether the monitor runs.
   * @default true
   */
  readonly isEnabled?: boolean;
  /**
   * HTTP method.
   * @default "GET"
   */
  readonly method?: string;
  /**
   * Path probed.
   * @default "/"
   */
  readonly path?: string;
  /**
   * Port probed.
   * @default the protocol's default port
   */
  readonly port?: number;
  /**
   * Probe timeout: 10, 20, 30 or 60 seconds, at most the interval.
   * @default the service default
   */
  readonly timeoutInSeconds?: number;
  /**
   * Request headers.
   * @default none
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** An HTTP health check monitor (feeds DNS steering). */
export class HealthChecksHttpMonitor extends OciTaggableResource {
  static readonly tfResourceType = "oci_health_checks_http_monitor";

  constructor(scope: Construct, id: string, config: HealthChecksHttpMonitorConfig) {
    super(scope, id, HealthChecksHttpMonitor.tfResourceType, config);
  }
}
