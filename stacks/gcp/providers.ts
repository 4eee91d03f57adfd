import { GcsBackend, type TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { GcpStateConfig } from "../../environments/model-gcp";

/** A Google provider for the environment's project; `region` is the default for regional resources. */
export function googleProvider(scope: Construct, id: string, projectId: string, region: string): GoogleProvider {
  return new GoogleProvider(scope, id, { project: projectId, region });
}

/**
 * Remote state per stack: `gs://<bucket>/<prefix>/<stack>/default.tfstate`.
 * GCS locks the state natively and encrypts it at rest; the bucket (created
 * once per project, versioned, uniform access) is a prerequisite.
 */
export function useGcsBackend(stack: TerraformStack, state: GcpStateConfig, stackName: string): GcsBackend {
  return new GcsBackend(stack, { bucket: state.bucket, prefix: `${state.prefix}/${stackName}` });
}
