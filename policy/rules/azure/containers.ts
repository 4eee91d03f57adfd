/** The container supply chain: images only from the project's own registry, pulled with an identity, by immutable tag. */
import { SERVICE_NAME } from "../../../constructs/core/naming";
import type { StackContext } from "../../engine/types";
import { azureRule, blocksOf, isTrue } from "./helpers";
import { containersOf } from "./secrets";

export const registryNoSharedAccess = azureRule({
  id: "MF-AZURE-ACR-1",
  severity: "error",
  title: "Container registries have no admin user and no anonymous pull: every push and pull is an Entra ID identity",
  fix: "Set admin_enabled = false and anonymous_pull_enabled = false; grant AcrPush to the pipeline and AcrPull to the workloads' identities.",
  mirrors: ["CKV_AZURE_137", "CKV_AZURE_138"],
  appliesTo: ["azurerm_container_registry"],
  check: ({ config }) => {
    const problems: string[] = [];
    if (isTrue(config.admin_enabled)) problems.push("admin_enabled is true: a shared username and password can push and pull every image");
    if (isTrue(config.anonymous_pull_enabled)) problems.push("anonymous_pull_enabled is true: anyone can pull the images");
    return problems;
  },
});

/** `:<tag>` (not latest) or `@sha256:<digest>` at the end of an image reference. */
const TAG_OR_DIGEST = /(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/;
/** `<registry>.azurecr.io`, literally. */
const ACR_HOST = /^[a-zA-Z0-9]{5,50}\.azurecr\.io$/;
/** A registry's login server read from another stack (cdktf names cross-stack outputs after the resource and attribute). */
const REMOTE_LOGIN_SERVER = /^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]*azurerm_container_registry[\w-]*login_server\}$/;

/** Is `host` the login server of an Azure Container Registry: literal, of this stack, or from another stack? */
function isRegistryHost(host: string, ctx: StackContext): boolean {
  if (ACR_HOST.test(host) || REMOTE_LOGIN_SERVER.test(host)) return true;
  const refs = ctx.referencesIn(host);
  return /^\$\{[^}]+\}$/.test(host) && refs.length === 1 && refs[0].address.startsWith("azurerm_container_registry.") && refs[0].attribute === "login_server";
}

export const imagesFromOwnRegistry = azureRule({
  id: "MF-AZURE-APP-5",
  severity: "error",
  title: `Container Apps run images only from the project's own ACR (${SERVICE_NAME}-* repositories), pulled with the app's identity, by immutable tag or digest, never :latest`,
  fix: `Use <registry login server>/${SERVICE_NAME}-<name>:<release tag or git SHA> with that login server in the app's registry block (AzureContainerAppService does).`,
  mirrors: [],
  appliesTo: ["azurerm_container_app"],
  check: (app, ctx) => {
    const servers = blocksOf(app.config.registry).filter((r) => r.identity).map((r) => String(r.server));
    return containersOf(app).flatMap((container) => {
      const image = String(container.image);
      if (image.endsWith(":latest")) return [`container ${container.name} runs ${image}: :latest is mutable`];
      const slash = image.indexOf("/", image.startsWith("${") ? image.indexOf("}") : 0);
      const host = slash > 0 ? image.slice(0, slash) : "";
      const repository = slash > 0 ? image.slice(slash + 1) : image;
      if (!isRegistryHost(host, ctx) || !repository.startsWith(`${SERVICE_NAME}-`) || !TAG_OR_DIGEST.test(repository)) {
        return [`container ${container.name} runs ${image}, which is not a tagged image of the project's ACR (${SERVICE_NAME}-*)`];
      }
      return servers.includes(host) ? [] : [`container ${container.name} pulls from ${host}, which no registry block of the app covers with a managed identity`];
    });
  },
});

export const containerRules = [registryNoSharedAccess, imagesFromOwnRegistry];
