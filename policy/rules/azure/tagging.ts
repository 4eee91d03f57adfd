/** Required tags on every Azure resource that takes tags (the TaggingAspect's job, checked on the output). */
import { REQUIRED_TAG_KEYS } from "../../../constructs/core/naming";
import { bindingTakes } from "../shared/binding-attributes";
import { azureRule } from "./helpers";

/**
 * Does the resource type take `tags`? Read from the provider binding (see
 * bindingTakes); only asked for types whose resources carry no `tags` key
 * (those that do are taggable by definition).
 */
export function azureTypeTakesTags(type: string): boolean {
  return bindingTakes("@cdktf/provider-azurerm", "azurerm_", type, "tags");
}

export const requiredTags = azureRule({
  id: "MF-AZURE-TAG-1",
  severity: "error",
  title: `Every Azure resource that takes tags carries ${REQUIRED_TAG_KEYS.join(", ")}`,
  fix: "Apply TaggingAspect with standardTags(...) at the stack (it fills the keys a resource's own tags lack); never set tags to a token that hides them.",
  mirrors: [],
  appliesTo: ["azurerm_*"],
  check: ({ type, config }) => {
    const tags = config.tags;
    if (tags === undefined && !azureTypeTakesTags(type)) return [];
    if (typeof tags === "string") return [`tags is an expression (${tags}), so the required keys cannot be verified`];
    const missing = REQUIRED_TAG_KEYS.filter((key) => typeof tags?.[key] !== "string" || tags[key] === "");
    return missing.length > 0 ? [`lacks tag(s) ${missing.join(", ")}`] : [];
  },
});

export const taggingRules = [requiredTags];
