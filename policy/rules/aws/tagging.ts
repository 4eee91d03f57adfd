/** Required tags on every AWS resource that takes tags (the TaggingAspect's job, checked on the output). */
import { REQUIRED_TAG_KEYS } from "../../../constructs/core/naming";
import { bindingTakes } from "../shared/binding-attributes";
import type { StackContext, TfBlock } from "../../engine/types";
import { awsRule, blocksOf } from "./helpers";

/**
 * Does the resource type take `tags`? Read from the provider binding (see
 * bindingTakes); only asked for types whose resources carry no `tags` key
 * (those that do are taggable by definition).
 */
export function typeTakesTags(type: string): boolean {
  return bindingTakes("@cdktf/provider-aws", "aws_", type, "tags");
}

/** Tags the resource's AWS provider adds to everything (default_tags). */
function providerDefaultTags(block: TfBlock, ctx: StackContext): Record<string, unknown> {
  const alias = typeof block.config.provider === "string" ? block.config.provider.replace(/^aws\./, "") : undefined;
  const provider = blocksOf(ctx.json.provider?.aws).find((p) => (alias === undefined || alias === "aws" ? p.alias === undefined : p.alias === alias));
  return Object.assign({}, ...blocksOf(provider?.default_tags).map((d) => d.tags ?? {}));
}

export const requiredTags = awsRule({
  id: "MF-AWS-TAG-1",
  severity: "error",
  title: `Every AWS resource that takes tags carries ${REQUIRED_TAG_KEYS.join(", ")}`,
  fix: "Apply TaggingAspect with standardTags(...) at the stack (it fills the keys a resource's own tags lack); never set tags to a token that hides them.",
  mirrors: [],
  appliesTo: ["aws_*"],
  check: (block, ctx) => {
    const own = block.config.tags;
    if (own === undefined && !typeTakesTags(block.type)) return [];
    if (typeof own === "string") return [`tags is an expression (${own}), so the required keys cannot be verified`];
    const tags = { ...providerDefaultTags(block, ctx), ...(own ?? {}) };
    const missing = REQUIRED_TAG_KEYS.filter((key) => typeof tags[key] !== "string" || tags[key] === "");
    return missing.length > 0 ? [`lacks tag(s) ${missing.join(", ")}`] : [];
  },
});

export const taggingRules = [requiredTags];
