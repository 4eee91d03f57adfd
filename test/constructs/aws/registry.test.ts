import { TerraformOutput } from "cdktf";
import { AwsContainerRegistry, UNTAGGED_IMAGE_EXPIRY_DAYS, type AwsContainerRegistryProps } from "../../../constructs/aws/registry";
import { configsOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";

const context = { cloud: "aws" as const, environment: "prod", region: "us-east-1", primary: true };

function synth(overrides: Partial<AwsContainerRegistryProps> = {}): SynthJson {
  return synthJson((scope) => {
    const registry = new AwsContainerRegistry(scope, "registry", { context, name: "mockforge-prod-server", ...overrides });
    new TerraformOutput(scope, "url", { value: registry.repositoryUrl });
  });
}
const refOf = (json: SynthJson, type: string, attr: string) => `\${${type}.${resourcesOf(json, type)[0][0]}.${attr}}`;

describe("AwsContainerRegistry", () => {
  const json = synth();
  const repository = onlyConfigOf(json, "aws_ecr_repository");

  it("makes tags immutable, scans on push and never force-deletes", () => {
    expect(repository.name).toBe("mockforge-prod-server");
    expect(repository.image_tag_mutability).toBe("IMMUTABLE");
    expect(repository.image_scanning_configuration).toEqual({ scan_on_push: true });
    expect(repository.force_delete).toBe(false);
  });

  it("encrypts images with a rotating customer managed key", () => {
    expect(repository.encryption_configuration).toEqual([{ encryption_type: "KMS", kms_key: refOf(json, "aws_kms_key", "arn") }]);
    expect(onlyConfigOf(json, "aws_kms_key").enable_key_rotation).toBe(true);
  });

  it("expires untagged images after 7 days and keeps the last 50 tagged ones by default", () => {
    const lifecycle = onlyConfigOf(json, "aws_ecr_lifecycle_policy");
    expect(lifecycle.repository).toBe(refOf(json, "aws_ecr_repository", "name"));
    const rules = JSON.parse(lifecycle.policy).rules;
    expect(UNTAGGED_IMAGE_EXPIRY_DAYS).toBe(7);
    expect(rules).toEqual([
      expect.objectContaining({
        rulePriority: 1,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
        action: { type: "expire" },
      }),
      expect.objectContaining({
        rulePriority: 2,
        selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 50 },
        action: { type: "expire" },
      }),
    ]);
  });

  it("keeps keepTaggedImages tagged images when set", () => {
    const rules = JSON.parse(onlyConfigOf(synth({ keepTaggedImages: 200 }), "aws_ecr_lifecycle_policy").policy).rules;
    expect(rules[1].selection.countNumber).toBe(200);
  });

  it("does not replicate unless replica regions are given", () => {
    expect(configsOf(json, "aws_ecr_replication_configuration")).toEqual([]);
  });

  it("replicates the repository (by name prefix) into each replica region of the same account", () => {
    const replicated = synth({ replicaRegions: ["eu-west-1", "ap-south-1"] });
    const [rule] = onlyConfigOf(replicated, "aws_ecr_replication_configuration").replication_configuration.rule;
    expect(rule.repository_filter).toEqual([{ filter: "mockforge-prod-server", filter_type: "PREFIX_MATCH" }]);
    expect(rule.destination.map((d: any) => d.region)).toEqual(["eu-west-1", "ap-south-1"]);
    for (const destination of rule.destination) expect(destination.registry_id).toMatch(/^\$\{data\.aws_caller_identity\..*\.account_id\}$/);
  });

  it("exposes the repository URL and builds replica URLs from plain values", () => {
    expect(json.output?.url.value).toBe(refOf(json, "aws_ecr_repository", "repository_url"));
    expect(AwsContainerRegistry.repositoryUrlFor("111122223333", "eu-west-1", "mockforge-prod-server")).toBe(
      "111122223333.dkr.ecr.eu-west-1.amazonaws.com/mockforge-prod-server",
    );
  });

  describe("validation", () => {
    it("rejects an invalid repository name", () => {
      expect(() => synth({ name: "MockForge" })).toThrow(/name "MockForge" is not a valid ECR repository name/);
    });
    it.each([0, 1.5])("rejects keepTaggedImages %p", (keepTaggedImages) => {
      expect(() => synth({ keepTaggedImages })).toThrow(new RegExp(`keepTaggedImages ${keepTaggedImages} is invalid`));
    });
    it("rejects replicating into its own region", () => {
      expect(() => synth({ replicaRegions: ["us-east-1"] })).toThrow(/replicaRegions contains "us-east-1", the registry's own region/);
    });
    it("rejects a malformed or repeated region", () => {
      expect(() => synth({ replicaRegions: ["Europe"] })).toThrow(/"Europe" is not an AWS region id/);
      expect(() => synth({ replicaRegions: ["eu-west-1", "eu-west-1"] })).toThrow(/lists a region twice/);
    });
  });
});
