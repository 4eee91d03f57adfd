import { GcpArtifactRegistry, UNTAGGED_IMAGE_EXPIRY_DAYS, type GcpArtifactRegistryProps } from "../../../constructs/gcp/registry";
import { onlyConfigOf, synthJson } from "../../support/synth";
import { primaryContext, ref } from "./fixtures";

const props: GcpArtifactRegistryProps = { context: primaryContext, projectId: "mockforge-prod", repositoryId: "mockforge-prod-images" };
const synth = (overrides: Partial<GcpArtifactRegistryProps> = {}) => synthJson((scope) => new GcpArtifactRegistry(scope, "registry", { ...props, ...overrides }));

describe("GcpArtifactRegistry", () => {
  const json = synth();
  const repository = onlyConfigOf(json, "google_artifact_registry_repository");

  it("is a Docker repository in the primary region with immutable tags", () => {
    expect(repository).toMatchObject({ repository_id: "mockforge-prod-images", format: "DOCKER", location: "us-central1", docker_config: { immutable_tags: true } });
  });

  it("encrypts images with a CMEK key only the Artifact Registry agent may use", () => {
    expect(repository.kms_key_name).toBe(ref(json, "google_kms_crypto_key", "registry_kms_key", "id"));
    expect(onlyConfigOf(json, "google_kms_crypto_key_iam_member").member).toMatch(/@gcp-sa-artifactregistry\.iam\.gserviceaccount\.com$/);
    expect(repository.depends_on).toHaveLength(1);
  });

  it("protects the images' key from terraform destroy unless told otherwise", () => {
    expect(onlyConfigOf(json, "google_kms_crypto_key").lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyConfigOf(synth({ deletionProtection: false }), "google_kms_crypto_key").lifecycle).toEqual({ prevent_destroy: false });
  });

  it("scans for vulnerabilities", () => {
    expect(repository.vulnerability_scanning_config).toEqual({ enablement_config: "INHERITED" });
  });

  it("keeps the 50 most recent versions and deletes untagged images after a week", () => {
    expect(repository.cleanup_policy_dry_run).toBe(false);
    expect(repository.cleanup_policies).toEqual(
      expect.arrayContaining([
        { id: "keep-recent", action: "KEEP", most_recent_versions: { keep_count: 50 } },
        { id: "delete-untagged", action: "DELETE", condition: { tag_state: "UNTAGGED", older_than: `${UNTAGGED_IMAGE_EXPIRY_DAYS * 86400}s` } },
      ]),
    );
  });

  it("builds its URL from plain values", () => {
    expect(GcpArtifactRegistry.repositoryUrlFor("us-central1", "mockforge-prod", "mockforge-prod-images")).toBe("us-central1-docker.pkg.dev/mockforge-prod/mockforge-prod-images");
  });

  it("rejects a bad repository id and a zero keep count", () => {
    expect(() => synth({ repositoryId: "Images" })).toThrow(/repositoryId "Images"/);
    expect(() => synth({ keepVersions: 0 })).toThrow(/keepVersions 0/);
  });
});
