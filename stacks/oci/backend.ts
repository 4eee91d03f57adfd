import { TerraformBackend, TerraformRemoteState, type DataTerraformRemoteStateConfig, type TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { OciStateConfig } from "../../environments/model-oci";

/** Arguments of `backend "oci"` this project sets (Terraform >= 1.12, language/backend/oci.mdx). */
export interface OciBackendConfig {
  /** The Object Storage bucket holding the state. */
  readonly bucket: string;
  /** The tenancy's Object Storage namespace. */
  readonly namespace: string;
  /** Object name of the state file. */
  readonly key: string;
  /** Region of the bucket. */
  readonly region: string;
}

function attributes(config: OciBackendConfig): OciBackendConfig {
  return { bucket: config.bucket, namespace: config.namespace, key: config.key, region: config.region };
}

/**
 * Terraform's native `oci` backend: state in Object Storage with locking
 * through conditional writes (a `.lock` object next to the state). Credentials
 * stay out of the configuration (OCI config file or `OCI_*` variables).
 * cdktf 0.21 has no class for it, so this one writes the block itself.
 */
export class OciBackend extends TerraformBackend {
  constructor(
    scope: Construct,
    private readonly config: OciBackendConfig,
  ) {
    super(scope, "backend", "oci");
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return { ...attributes(this.config) };
  }

  protected synthesizeHclAttributes(): { [name: string]: unknown } {
    return { ...attributes(this.config) };
  }

  /** Cross-stack references read the other stack's outputs through `terraform_remote_state` with this backend. */
  getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): TerraformRemoteState {
    return new DataTerraformRemoteStateOci(scope, name, { ...attributes(this.config), workspace: "${terraform.workspace}" });
  }
}

/** `data "terraform_remote_state"` over the `oci` backend. */
export class DataTerraformRemoteStateOci extends TerraformRemoteState {
  constructor(scope: Construct, id: string, config: DataTerraformRemoteStateConfig & OciBackendConfig) {
    super(scope, id, "oci", config);
  }
}

/** Remote state per stack: `<keyPrefix>/<stack>.tfstate` in the environment's state bucket. */
export function useOciBackend(stack: TerraformStack, state: OciStateConfig, stackName: string): OciBackend {
  return new OciBackend(stack, { bucket: state.bucket, namespace: state.namespace, key: `${state.keyPrefix}/${stackName}.tfstate`, region: state.region });
}
