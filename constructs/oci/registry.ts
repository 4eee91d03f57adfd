import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { ArtifactsContainerRepository } from "./bindings/artifacts-container-repository";
import { ocirHost } from "./region-info";

export interface OciContainerRepositoryProps {
  readonly compartmentId: string;
  /** Repository name (the image path after the namespace), e.g. `mockforge-prod-server`. */
  readonly name: string;
  /** Region of the repository (OCIR repositories are regional). */
  readonly region: string;
  /** The tenancy's Object Storage namespace (OCIR's namespace). */
  readonly namespace: string;
  /**
   * Provider of `region`.
   * @default the stack's default OCI provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A private, immutable container repository in OCI Registry. OCIR does not
 * replicate between regions: the image pipeline pushes every release to the
 * repository of each region, and instances pull from their own region.
 */
export class OciContainerRepository extends Construct {
  readonly repository: ArtifactsContainerRepository;
  /** `<region-key>.ocir.io/<namespace>/<name>` (without tag). */
  readonly repositoryUrl: string;

  constructor(scope: Construct, id: string, props: OciContainerRepositoryProps) {
    super(scope, id);
    if (!/^[a-z0-9]+([._/-][a-z0-9]+)*$/.test(props.name)) {
      throw new Error(`OciContainerRepository: name "${props.name}" must be lower-case letters and digits separated by . _ - or /.`);
    }
    this.repository = new ArtifactsContainerRepository(this, "repository", {
      provider: props.provider,
      compartmentId: props.compartmentId,
      displayName: props.name,
      isImmutable: true,
      isPublic: false,
      readme: { format: "text/markdown", content: "MockForge server images. Tags are immutable: push releases and commit SHAs, never `latest`." },
    });
    this.repositoryUrl = OciContainerRepository.repositoryUrlFor(props.region, props.namespace, props.name);
  }

  /** The pull URL of a repository, without tag. */
  static repositoryUrlFor(region: string, namespace: string, name: string): string {
    return `${ocirHost(region)}/${namespace}/${name}`;
  }
}
