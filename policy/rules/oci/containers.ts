/** The container supply chain: private, immutable OCIR repositories, and images only from them. */
import { SERVICE_NAME } from "../../../constructs/core/naming";
import type { TfBlock } from "../../engine/types";
import { launchSettingsOf } from "./compute";
import { blocksOf, isTrue, ociRule, shown } from "./helpers";

export const repositoryPrivate = ociRule({
  id: "MF-OCI-OCIR-1",
  severity: "error",
  title: "Container repositories are private",
  fix: "Set is_public = false on the oci_artifacts_container_repository (instances pull with their instance principal).",
  mirrors: [],
  appliesTo: ["oci_artifacts_container_repository"],
  check: ({ config }) => (isTrue(config.is_public) ? ["is_public is true: anyone can pull the images"] : []),
});

export const repositoryImmutable = ociRule({
  id: "MF-OCI-OCIR-2",
  severity: "error",
  title: "Container repository tags are immutable: a deployed tag always means the same image",
  fix: "Set is_immutable = true on the oci_artifacts_container_repository.",
  mirrors: [],
  appliesTo: ["oci_artifacts_container_repository"],
  check: ({ config }) => (isTrue(config.is_immutable) ? [] : [`is_immutable is ${shown(config.is_immutable)}: a tag can be pushed over`]),
});

const EXPRESSION = "\\$\\{[^}]+\\}";
/**
 * `<region key or id>.ocir.io/<namespace>/<SERVICE_NAME>-<repo>:<tag|@digest>`
 * (or the `ocir.<region>.oci.oraclecloud.com` host); namespace may be an expression.
 */
const OWN_IMAGE = new RegExp(
  `^(([a-z]{3}|[a-z]{2}-[a-z]+-\\d)\\.ocir\\.io|ocir\\.[a-z]{2}-[a-z]+-\\d\\.oci\\.oraclecloud\\.com)/([a-z0-9][a-z0-9_-]*|${EXPRESSION})/${SERVICE_NAME}-[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$`,
);

/** Where a block names container images: metadata keys ending in "image", container instance containers. */
function imagesOf(block: TfBlock): Array<{ label: string; image: string }> {
  if (block.type === "oci_container_instances_container_instance") {
    return blocksOf(block.config.containers).map((c, i) => ({ label: `containers[${i}].image_url`, image: String(c.image_url) }));
  }
  const { where, settings } = launchSettingsOf(block);
  const metadata = settings?.metadata;
  if (!metadata || typeof metadata !== "object") return [];
  return Object.entries<unknown>(metadata)
    .filter(([key]) => /(^|[-_.])image$/i.test(key))
    .map(([key, value]) => ({ label: `${where}metadata.${key}`, image: String(value) }));
}

export const imagesFromOwnRegistry = ociRule({
  id: "MF-OCI-OCIR-3",
  severity: "error",
  title: `Instances run container images only from the project's own OCIR repositories (${SERVICE_NAME}-*), by immutable tag or digest, never :latest`,
  fix: `Use <region key>.ocir.io/<namespace>/${SERVICE_NAME}-<name>:<release tag or git SHA> (OciContainerRepository.repositoryUrlFor builds it).`,
  mirrors: [],
  appliesTo: ["oci_core_instance", "oci_core_instance_configuration", "oci_container_instances_container_instance"],
  check: (block) =>
    imagesOf(block).flatMap(({ label, image }) => {
      if (/:latest$/.test(image)) return [`${label} runs ${image}: :latest is mutable`];
      return OWN_IMAGE.test(image) ? [] : [`${label} runs ${image}, which is not a tagged image of the project's OCIR (${SERVICE_NAME}-*)`];
    }),
});

export const containerRules = [repositoryPrivate, repositoryImmutable, imagesFromOwnRegistry];
