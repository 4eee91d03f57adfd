import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** The `configuration.source` block of a service log. */
export interface LoggingLogConfigurationSource {
  /** Log category, e.g. `all` (flow logs) or `access`. */
  readonly category: string;
  /** The OCID of the resource emitting the log. */
  readonly resource: string;
  /** Service generating the log, e.g. `flowlogs`, `loadbalancer`, `waf`. */
  readonly service: string;
  /** The log source; `OCISERVICE`. */
  readonly sourceType: string;
  /**
   * Category parameters.
   * @default none
   */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** The `configuration` block. */
export interface LoggingLogConfiguration {
  /** Where the log comes from. */
  readonly source: LoggingLogConfigurationSource;
  /**
   * The OCID of the compartment of the emitting resource.
   * @default the log group's compartment
   */
  readonly compartmentId?: string;
}

/** `oci_logging_log` arguments (website/docs/r/logging_log.html.markdown). */
export interface LoggingLogConfig extends TerraformMetaArguments, OciFreeformTags {
  /** A display name, unique in the log group. */
  readonly displayName: string;
  /** OCID of the log group. */
  readonly logGroupId: string;
  /** `SERVICE` or `CUSTOM`. */
  readonly logType: string;
  /**
   * Where a service log comes from.
   * @default none (a custom log)
   */
  readonly configuration?: LoggingLogConfiguration;
  /**
   * Whether the log is enabled.
   * @default true
   */
  readonly isEnabled?: boolean;
  /**
   * Retention in 30-day increments: 30, 60, 90, ... 180 days.
   * @default 30
   */
  readonly retentionDuration?: number;
}

/** A log (service logs: VCN flow logs, load balancer access logs, WAF logs). */
export class LoggingLog extends OciTaggableResource {
  static readonly tfResourceType = "oci_logging_log";

  constructor(scope: Construct, id: string, config: LoggingLogConfig) {
    super(scope, id, LoggingLog.tfResourceType, config);
  }
}
