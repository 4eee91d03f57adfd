import { Construct } from "constructs";
import { ArtifactRegistryRepository } from "@cdktf/provider-google/lib/artifact-registry-repository";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import type { DeploymentContext } from "../core/specs";
import { GcpKmsKey } from "./kms";
import { serviceAgents } from "./service-agents";

const REPOSITORY_ID = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** Days an untagged image (a superseded manifest or build layer) is kept. */
export const UNTAGGED_IMAGE_EXPIRY_DAYS = 7;

export interface GcpArtifactRegistryProps {
  readonly context: DeploymentContext;
  readonly projectId: string;
  /** Repository id, e.g. `mockforge-prod`. */
  readonly repositoryId: string;
  /**
   * Region (or multi-region such as `us`) of the repository.
   * @default context.region
   */
  readonly location?: string;
  /**
   * Most recent versions of every image to keep; older ones are deleted.
   * @default 50
   */
  readonly keepVersions?: number;
  /**
   * Refuse `terraform destroy` of the repository's encryption key (every
   * stored image is encrypted with it).
   * @default true
   */
  readonly deletionProtection?: boolean;
}

/**
 * The environment's Docker repository in Artifact Registry: immutable tags
 * (a tag always names the same image), CMEK encryption (only the Artifact
 * Registry service agent may use the key, protected from destroy), vulnerability
 * scanning (the project must enable containerscanning.googleapis.com), and
 * cleanup policies that drop untagged images after a week and tagged ones
 * after 30 days, while always keeping the most recent versions.
 */
export class GcpArtifactRegistry extends Construct {
  readonly repository: ArtifactRegistryRepository;
  readonly kmsKey: GcpKmsKey;
  /** `<location>-docker.pkg.dev/<project>/<repository>` (no image name, no tag). */
  readonly repositoryUrl: string;

  /** The URL of a repository built from plain values, so region stacks need no cross-stack reference. */
  static repositoryUrlFor(location: string, projectId: string, repositoryId: string): string {
    return `${location}-docker.pkg.dev/${projectId}/${repositoryId}`;
  }

  constructor(scope: Construct, id: string, props: GcpArtifactRegistryProps) {
    super(scope, id);
    const keep = props.keepVersions ?? 50;
    if (!REPOSITORY_ID.test(props.repositoryId)) {
      throw new Error(`GcpArtifactRegistry: repositoryId "${props.repositoryId}" is invalid; use 1-63 lower-case letters, digits or dashes, starting with a letter.`);
    }
    if (!Number.isInteger(keep) || keep < 1 || keep > 10000) throw new Error(`GcpArtifactRegistry: keepVersions ${keep} is invalid; use a whole number from 1 to 10000.`);
    const location = props.location ?? props.context.region;
    const project = new DataGoogleProject(this, "project");
    this.kmsKey = new GcpKmsKey(this, "kms", {
      context: props.context,
      name: "registry",
      location,
      encrypters: [serviceAgents.artifactRegistry(project.number)],
      deletionProtection: props.deletionProtection ?? true,
    });
    this.repository = new ArtifactRegistryRepository(this, "repository", {
      repositoryId: props.repositoryId,
      location,
      format: "DOCKER",
      description: `MockForge server images (${props.context.environment})`,
      dockerConfig: { immutableTags: true },
      kmsKeyName: this.kmsKey.keyId,
      vulnerabilityScanningConfig: { enablementConfig: "INHERITED" },
      cleanupPolicyDryRun: false,
      cleanupPolicies: [
        {
          id: "keep-recent",
          action: "KEEP",
          mostRecentVersions: { keepCount: keep },
        },
        {
          // Tagged images outside the most recent `keepVersions` go after 30 days (KEEP wins over DELETE).
          id: "delete-old-tagged",
          action: "DELETE",
          condition: { tagState: "TAGGED", olderThan: `${30 * 86400}s` },
        },
        {
          id: "delete-untagged",
          action: "DELETE",
          condition: { tagState: "UNTAGGED", olderThan: `${UNTAGGED_IMAGE_EXPIRY_DAYS * 86400}s` },
        },
      ],
      dependsOn: [...this.kmsKey.grants],
    });
    this.repositoryUrl = GcpArtifactRegistry.repositoryUrlFor(location, props.projectId, props.repositoryId);
  }
}
