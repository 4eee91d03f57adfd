import type { TfReference } from "./types";

/**
 * `type.name[.attribute]` inside an expression: resource types always contain
 * an underscore, which keeps `var.x`, `local.x`, `each.value` and function
 * names out; names may contain dashes (cdktf ids do).
 */
const REFERENCE = /(?<![\w.-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]*)\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_]\w*))?/g;

/** The `${...}` expressions of a Terraform string, skipping `$${` escapes; braces nest. */
export function expressionsOf(text: string): string[] {
  const found: string[] = [];
  let at = text.indexOf("${");
  while (at >= 0) {
    if (at > 0 && text[at - 1] === "$") {
      at = text.indexOf("${", at + 2);
      continue;
    }
    let depth = 1;
    let end = at + 2;
    for (; end < text.length && depth > 0; end++) {
      if (text[end] === "{") depth++;
      else if (text[end] === "}") depth--;
    }
    found.push(text.slice(at + 2, end - 1));
    at = text.indexOf("${", end);
  }
  return found;
}

/** References in one string. */
export function referencesInString(text: string): TfReference[] {
  if (!text.includes("${")) return [];
  const refs: TfReference[] = [];
  for (const expression of expressionsOf(text)) {
    for (const m of expression.matchAll(REFERENCE)) {
      const address = `${m[1] ?? ""}${m[2]}.${m[3]}`;
      refs.push(m[4] === undefined ? { address } : { address, attribute: m[4] });
    }
  }
  return refs;
}

