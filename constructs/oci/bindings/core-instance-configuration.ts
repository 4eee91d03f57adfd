import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";
import type { CoreAgentConfig, CoreAvailabilityConfig, CoreCreateVnicDetails, CoreInstanceOptions, CoreShapeConfig } from "./compute-shared";

/** The `launch_details.source_details` block. */
export interface CoreInstanceConfigurationSourceDetails {
  /** `image` or `bootVolume`. */
  readonly sourceType: string;
  /**
   * The image to boot.
   * @default none; give `imageId` (or filter details)
   */
  readonly imageId?: string;
  /**
   * Boot volume size in GB (50 to 32768).
   * @default the image's size
   */
  readonly bootVolumeSizeInGbs?: number;
  /**
   * Vault key that encrypts the boot volume.
   * @default an Oracle-managed key
   */
  readonly kmsKeyId?: string;
}

/** The `instance_details.launch_details` block. */
export interface CoreInstanceConfigurationLaunchDetails {
  /**
   * The compartment of launched instances.
   * @default the instance configuration's compartment
   */
  readonly compartmentId?: string;
  /**
   * The shape, e.g. `VM.Standard.E5.Flex`.
   * @default none; the launch request must then name one
   */
  readonly shape?: string;
  /**
   * OCPUs and memory of a flexible shape.
   * @default the shape's defaults
   */
  readonly shapeConfig?: CoreShapeConfig;
  /**
   * The boot source.
   * @default none; the launch request must then name one
   */
  readonly sourceDetails?: CoreInstanceConfigurationSourceDetails;
  /** The primary VNIC (its subnet is set by the pool's placement). */
  readonly createVnicDetails?: CoreCreateVnicDetails;
  /**
   * Metadata for cloud-init: `user_data` (base64) and `ssh_authorized_keys`.
   * @default none
   */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * Encrypt paravirtualized volume traffic between instance and storage.
   * @default false
   */
  readonly isPvEncryptionInTransitEnabled?: boolean;
  /**
   * Mutable instance options.
   * @default legacy metadata endpoints enabled
   */
  readonly instanceOptions?: CoreInstanceOptions;
  /**
   * Oracle Cloud Agent settings.
   * @default all default plugins
   */
  readonly agentConfig?: CoreAgentConfig;
  /**
   * Behaviour after infrastructure maintenance.
   * @default restore the instance
   */
  readonly availabilityConfig?: CoreAvailabilityConfig;
  /**
   * A display name for launched instances.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * Free-form tags of launched instances.
   * @default none
   */
  readonly freeformTags?: Readonly<Record<string, string>>;
}

/** The `instance_details` block. */
export interface CoreInstanceConfigurationInstanceDetails {
  /** `compute`. */
  readonly instanceType: string;
  /** How instances launch. */
  readonly launchDetails: CoreInstanceConfigurationLaunchDetails;
}

/** `oci_core_instance_configuration` arguments (website/docs/r/core_instance_configuration.html.markdown). */
export interface CoreInstanceConfigurationConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /**
   * A display name.
   * @default a generated name
   */
  readonly displayName?: string;
  /** What instances launched from this configuration look like. */
  readonly instanceDetails: CoreInstanceConfigurationInstanceDetails;
}

/** An instance configuration: the template an instance pool launches. */
export class CoreInstanceConfiguration extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_instance_configuration";

  constructor(scope: Construct, id: string, config: CoreInstanceConfigurationConfig) {
    super(scope, id, CoreInstanceConfiguration.tfResourceType, config);
  }
}
