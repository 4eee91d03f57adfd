import { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { OCI_GENERATOR_METADATA, OCI_PROVIDER_SOURCE } from "./base";

/** Arguments of `provider "oci"` (website/docs/index.html.markdown). */
export interface OciProviderConfig {
  /** An Oracle Cloud Infrastructure region, e.g. `us-ashburn-1`. */
  readonly region: string;
  /**
   * OCID of the tenancy.
   * @default read from the OCI config file or the environment
   */
  readonly tenancyOcid?: string;
  /**
   * Authentication method, e.g. `InstancePrincipal`; API keys are used when unset.
   * @default API key authentication from the OCI config file or the environment
   */
  readonly auth?: string;
  /**
   * Minimum seconds to retry operations failing with HTTP 429/500.
   * @default the provider's default (10 minutes)
   */
  readonly retryDurationSeconds?: number;
  /**
   * Alias of this provider configuration (for resources in another region).
   * @default the default (unaliased) provider
   */
  readonly alias?: string;
}

/**
 * The `oracle/oci` provider, pinned through the generator metadata in
 * `required_providers`. Credentials are never part of the configuration:
 * they come from the OCI config file or environment of whoever runs Terraform.
 */
export class OciProvider extends TerraformProvider {
  private readonly config: OciProviderConfig;
  private aliasValue?: string;

  constructor(scope: Construct, id: string, config: OciProviderConfig) {
    super(scope, id, {
      terraformResourceType: "oci",
      terraformGeneratorMetadata: OCI_GENERATOR_METADATA,
      terraformProviderSource: OCI_PROVIDER_SOURCE,
    });
    this.config = config;
    this.aliasValue = config.alias;
  }

  get alias(): string | undefined {
    return this.aliasValue;
  }

  set alias(value: string | undefined) {
    this.aliasValue = value;
  }

  /** The region this provider configuration manages. */
  get region(): string {
    return this.config.region;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      region: this.config.region,
      tenancy_ocid: this.config.tenancyOcid,
      auth: this.config.auth,
      retry_duration_seconds: this.config.retryDurationSeconds,
    };
  }
}
