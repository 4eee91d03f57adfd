import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_waa_web_app_acceleration_policy` arguments (website/docs/r/waa_web_app_acceleration_policy.html.markdown). */
export interface WaaWebAppAccelerationPolicyConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /**
   * A display name.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * Response caching: when enabled, responses with cache-control headers are cached.
   * @default no caching
   */
  readonly responseCachingPolicy?: { readonly isResponseHeaderBasedCachingEnabled?: boolean };
  /**
   * Response compression.
   * @default no compression
   */
  readonly responseCompressionPolicy?: { readonly gzipCompression?: { readonly isEnabled?: boolean } };
}

/** A web application acceleration (caching + compression) policy. */
export class WaaWebAppAccelerationPolicy extends OciTaggableResource {
  static readonly tfResourceType = "oci_waa_web_app_acceleration_policy";

  constructor(scope: Construct, id: string, config: WaaWebAppAccelerationPolicyConfig) {
    super(scope, id, WaaWebAppAccelerationPolicy.tfResourceType, config);
  }
}
