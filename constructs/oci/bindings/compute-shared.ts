/** Blocks shared by `oci_core_instance` and `oci_core_instance_configuration` launch details. */

/** The `shape_config` block of a flexible shape. */
export interface CoreShapeConfig {
  /**
   * OCPUs of the instance.
   * @default the shape's default
   */
  readonly ocpus?: number;
  /**
   * Memory in gigabytes.
   * @default the shape's default for the OCPUs
   */
  readonly memoryInGbs?: number;
}

/** The `create_vnic_details` block of the primary VNIC. */
export interface CoreCreateVnicDetails {
  /**
   * The subnet of the VNIC.
   * @default none; required to launch
   */
  readonly subnetId?: string;
  /**
   * Whether the VNIC gets a public IP address.
   * @default whether the subnet is public
   */
  readonly assignPublicIp?: boolean;
  /**
   * NSGs of the VNIC.
   * @default none
   */
  readonly nsgIds?: readonly string[];
  /**
   * A fixed private IP address in the subnet.
   * @default an address chosen by OCI
   */
  readonly privateIp?: string;
  /**
   * Hostname of the primary private IP (DNS).
   * @default a generated hostname
   */
  readonly hostnameLabel?: string;
  /**
   * Whether the VNIC gets a private DNS record.
   * @default true
   */
  readonly assignPrivateDnsRecord?: boolean;
}

/** The `instance_options` block. */
export interface CoreInstanceOptions {
  /**
   * Disable the legacy (/v1) instance metadata endpoints: IMDSv2 only.
   * @default false
   */
  readonly areLegacyImdsEndpointsDisabled?: boolean;
}

/** A `plugins_config` block of the Oracle Cloud Agent. */
export interface CoreAgentPluginConfig {
  /** `ENABLED` or `DISABLED`. */
  readonly desiredState: string;
  /** Plugin name, e.g. `Vulnerability Scanning`. */
  readonly name: string;
}

/** The `agent_config` block (Oracle Cloud Agent). */
export interface CoreAgentConfig {
  /**
   * Disable the monitoring plugins (no CPU/memory metrics).
   * @default false
   */
  readonly isMonitoringDisabled?: boolean;
  /**
   * Disable the management plugins.
   * @default false
   */
  readonly isManagementDisabled?: boolean;
  /**
   * Per-plugin settings.
   * @default the plugins' defaults
   */
  readonly pluginsConfig?: readonly CoreAgentPluginConfig[];
}

/** The `availability_config` block. */
export interface CoreAvailabilityConfig {
  /**
   * State after an infrastructure maintenance event: `RESTORE_INSTANCE` or `STOP_INSTANCE`.
   * @default "RESTORE_INSTANCE"
   */
  readonly recoveryAction?: string;
}
