import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";
import type { CoreAgentConfig, CoreAvailabilityConfig, CoreCreateVnicDetails, CoreInstanceOptions, CoreShapeConfig } from "./compute-shared";

/** The `source_details` block of an instance. */
export interface CoreInstanceSourceDetails {
  /** `image` or `bootVolume`. */
  readonly sourceType: string;
  /** The OCID of the image or boot volume. */
  readonly sourceId: string;
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

/** `oci_core_instance` arguments (website/docs/r/core_instance.html.markdown). */
export interface CoreInstanceConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The availability domain. */
  readonly availabilityDomain: string;
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** The shape, e.g. `VM.Standard.E5.Flex`. */
  readonly shape: string;
  /**
   * OCPUs and memory of a flexible shape.
   * @default the shape's defaults
   */
  readonly shapeConfig?: CoreShapeConfig;
  /** The boot source. */
  readonly sourceDetails: CoreInstanceSourceDetails;
  /** The primary VNIC. */
  readonly createVnicDetails: CoreCreateVnicDetails;
  /**
   * The fault domain, e.g. `FAULT-DOMAIN-1`.
   * @default chosen by OCI
   */
  readonly faultDomain?: string;
  /**
   * A display name.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * Metadata for cloud-init: `user_data` (base64) and `ssh_authorized_keys`.
   * @default none
   */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * Encrypt paravirtualized volume traffic between instance and storage (create only).
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
}

/** A compute instance. */
export class CoreInstance extends OciTaggableResource {
  static readonly tfResourceType = "oci_core_instance";

  constructor(scope: Construct, id: string, config: CoreInstanceConfig) {
    super(scope, id, CoreInstance.tfResourceType, config);
  }

  /** The primary private IP address. */
  get privateIp(): string {
    return this.getStringAttribute("private_ip");
  }
}
