import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_artifacts_container_repository` arguments (website/docs/r/artifacts_container_repository.html.markdown). */
export interface ArtifactsContainerRepositoryConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** The repository name (the path after the namespace). */
  readonly displayName: string;
  /**
   * Images cannot be overwritten in an immutable repository.
   * @default false
   */
  readonly isImmutable?: boolean;
  /**
   * A public repository allows unauthenticated pulls.
   * @default false
   */
  readonly isPublic?: boolean;
  /**
   * Repository readme: `content` and `format` (`text/plain` or `text/markdown`).
   * @default none
   */
  readonly readme?: { readonly content: string; readonly format: string };
}

/** A container image repository in OCI Registry (OCIR). */
export class ArtifactsContainerRepository extends OciTaggableResource {
  static readonly tfResourceType = "oci_artifacts_container_repository";

  constructor(scope: Construct, id: string, config: ArtifactsContainerRepositoryConfig) {
    super(scope, id, ArtifactsContainerRepository.tfResourceType, config);
  }
}
