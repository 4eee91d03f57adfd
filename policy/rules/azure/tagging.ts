/** Required tags on every Azure resource that takes tags (the TaggingAspect's job, checked on the output). */
import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { dirname, join } from "node:path";
import { REQUIRED_TAG_KEYS } from "../../../constructs/core/naming";
import { azureRule } from "./helpers";

const taggableCache = new Map<string, boolean>();
let providerLib: string | undefined;
const CONFIG_START = /export interface \w+Config extends cdktf\.TerraformMetaArguments \{/;

/** The body of a binding's `<Name>Config` interface, read from the start of the file (the bindings put it first; the rest is megabytes). */
function configInterfaceOf(file: string): string | undefined {
  const fd = openSync(file, "r");
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let text = "";
    for (let read = readSync(fd, chunk, 0, chunk.length, null); read > 0; read = readSync(fd, chunk, 0, chunk.length, null)) {
      text += chunk.toString("utf8", 0, read);
      const start = CONFIG_START.exec(text);
      const end = start ? text.indexOf("\n}", start.index) : -1;
      if (start && end >= 0) return text.slice(start.index + start[0].length, end);
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Does the resource type take `tags`? Read from the provider binding's config
 * interface (lib/<type>/index.d.ts), once per type; only asked for types whose
 * resources carry no `tags` key (those that do are taggable by definition).
 */
export function azureTypeTakesTags(type: string): boolean {
  const cached = taggableCache.get(type);
  if (cached !== undefined) return cached;
  providerLib ??= join(dirname(require.resolve("@cdktf/provider-azurerm/package.json")), "lib");
  const file = join(providerLib, type.replace(/^azurerm_/, "").replace(/_/g, "-"), "index.d.ts");
  const config = existsSync(file) ? configInterfaceOf(file) : undefined;
  const takes = config !== undefined && /\n {4}readonly tags\?:/.test(config);
  taggableCache.set(type, takes);
  return takes;
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
