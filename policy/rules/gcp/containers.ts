/** The container supply chain: immutable, scanned images from the project's own Artifact Registry. */
import { SERVICE_NAME } from "../../../constructs/core/naming";
import { CLOUD_RUN_TYPES, runContainersOf } from "./cloud-run";
import { blockOf, gcpRule, isTrue, shown } from "./helpers";

const TAG_OR_DIGEST = /(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;
const TOKEN = "\\$\\{[^}]+\\}";
/**
 * `<location>-docker.pkg.dev/<project>/<SERVICE_NAME>-<repository>/<image>:<tag|@digest>`;
 * location and project may be Terraform expressions.
 */
const OWN_IMAGE = new RegExp(
  `^([a-z0-9-]+|${TOKEN})-docker\\.pkg\\.dev/([a-z][a-z0-9-]{4,28}[a-z0-9]|${TOKEN})/${SERVICE_NAME}-[a-z0-9._-]*/[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$`,
);

export const imagesFromOwnRegistry = gcpRule({
  id: "MF-GCP-RUN-3",
  severity: "error",
  title: `Cloud Run runs images only from the project's own Artifact Registry repositories (${SERVICE_NAME}-*), by immutable tag or digest, never :latest`,
  fix: `Use <location>-docker.pkg.dev/<project>/${SERVICE_NAME}-<repository>/<image>:<release tag or git SHA> (GcpArtifactRegistry.repositoryUrlFor builds the path).`,
  mirrors: [],
  appliesTo: CLOUD_RUN_TYPES,
  check: (block, ctx) =>
    runContainersOf(block).flatMap((container) => {
      const image = String(container.image ?? "");
      if (image.endsWith(":latest")) return [`${container.label} runs ${image}: :latest is mutable`];
      if (OWN_IMAGE.test(image)) return [];
      // `${google_artifact_registry_repository.x.registry_uri}/image:tag` of a project repository in this stack.
      const repo = ctx.resolve(image, "google_artifact_registry_repository");
      if (repo && String(repo.config.repository_id).startsWith(`${SERVICE_NAME}-`) && TAG_OR_DIGEST.test(image.replace(/\$\{[^}]+\}/g, ""))) return [];
      return [`${container.label} runs ${shown(container.image)}, which is not a tagged image of the project's Artifact Registry (${SERVICE_NAME}-*)`];
    }),
});

export const registryImmutableTags = gcpRule({
  id: "MF-GCP-AR-2",
  severity: "error",
  title: "Docker repositories in Artifact Registry have immutable tags: a deployed tag always means the same image",
  fix: "Set docker_config { immutable_tags = true } on the google_artifact_registry_repository (GcpArtifactRegistry does).",
  mirrors: [],
  appliesTo: ["google_artifact_registry_repository"],
  check: ({ config }) => {
    if (config.format !== undefined && String(config.format).toUpperCase() !== "DOCKER") return [];
    const immutable = blockOf(config.docker_config).immutable_tags;
    return isTrue(immutable) ? [] : [`docker_config.immutable_tags is ${shown(immutable)}: a pushed tag can be moved to another image`];
  },
});

export const CONTAINER_SCANNING_API = "containerscanning.googleapis.com";

export const registryScanning = gcpRule({
  id: "MF-GCP-AR-3",
  severity: "error",
  title: `Artifact Registry scans pushed images for vulnerabilities (scanning not disabled, and ${CONTAINER_SCANNING_API} enabled by the stack)`,
  fix: `Leave vulnerability_scanning_config.enablement_config INHERITED and enable ${CONTAINER_SCANNING_API} with a google_project_service in the same stack (GcpProjectServices does).`,
  mirrors: ["CKV2_GCP_11"],
  appliesTo: ["google_artifact_registry_repository"],
  check: ({ config }, ctx) => {
    const problems: string[] = [];
    const enablement = blockOf(config.vulnerability_scanning_config).enablement_config;
    if (enablement === "DISABLED") problems.push("vulnerability_scanning_config.enablement_config is DISABLED");
    const api = ctx.resources("google_project_service").some((s) => s.config.service === CONTAINER_SCANNING_API);
    if (!api) problems.push(`no google_project_service enables ${CONTAINER_SCANNING_API} in this stack: INHERITED scanning scans nothing without it`);
    return problems;
  },
});

export const containerRules = [imagesFromOwnRegistry, registryImmutableTags, registryScanning];
