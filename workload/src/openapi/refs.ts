/** Local `$ref` resolution (`#/components/...`) with JSON pointer unescaping, and discriminator lookups. */
import { isPlainObject, unescapePointer } from "../util/json";

export type RefResult = { ok: true; value: unknown } | { ok: false; reason: string };

export function resolveRef(root: unknown, ref: string): RefResult {
  if (!ref.startsWith("#")) {
    return { ok: false, reason: `external reference ${JSON.stringify(ref)} is not supported; bundle the document into one file first` };
  }
  if (ref === "#") return { ok: true, value: root };
  if (!ref.startsWith("#/")) return { ok: false, reason: `reference ${JSON.stringify(ref)} is not a JSON pointer (expected "#/...")` };
  let cur: unknown = root;
  let walked = "#";
  for (const raw of ref.slice(2).split("/")) {
    let seg: string;
    try {
      seg = unescapePointer(decodeURIComponent(raw));
    } catch {
      return { ok: false, reason: `reference ${JSON.stringify(ref)} has a malformed %-escape` };
    }
    if (Array.isArray(cur) && /^\d+$/.test(seg) && Number(seg) < cur.length) {
      cur = cur[Number(seg)];
    } else if (isPlainObject(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) {
      cur = cur[seg];
    } else {
      return { ok: false, reason: `reference ${JSON.stringify(ref)} does not resolve: no ${JSON.stringify(seg)} under ${walked}` };
    }
    walked += "/" + raw;
  }
  return { ok: true, value: cur };
}

/** Follows `$ref` chains on a non-schema object (parameter, response, example...). */
export function deref<T = unknown>(root: unknown, node: unknown): T | undefined {
  let cur = node;
  for (let hops = 0; hops < 32; hops++) {
    if (!isPlainObject(cur) || typeof cur.$ref !== "string") return cur as T;
    const r = resolveRef(root, cur.$ref);
    if (!r.ok) return undefined;
    cur = r.value;
  }
  return undefined;
}

export interface Discriminator {
  propertyName: string;
  /** Discriminator value → `$ref` (names are expanded to `#/components/schemas/<name>`). */
  mapping: Map<string, string>;
}

export function discriminatorOf(schema: Record<string, unknown>): Discriminator | undefined {
  const d = schema.discriminator;
  if (!isPlainObject(d) || typeof d.propertyName !== "string" || d.propertyName === "") return undefined;
  const mapping = new Map<string, string>();
  if (isPlainObject(d.mapping)) {
    for (const [k, v] of Object.entries(d.mapping)) if (typeof v === "string") mapping.set(k, v.startsWith("#") ? v : `#/components/schemas/${v}`);
  }
  return { propertyName: d.propertyName, mapping };
}

/** Last segment of a `$ref` ("#/components/schemas/Cat" → "Cat"). */
export function refName(ref: string): string {
  const seg = ref.slice(ref.lastIndexOf("/") + 1);
  try {
    return decodeURIComponent(seg).replace(/~1/g, "/").replace(/~0/g, "~");
  } catch {
    return seg;
  }
}

/** The discriminator value that selects the schema at `ref`: its mapping key, else its name. */
export function discriminatorValue(d: Discriminator, ref: string): string {
  for (const [k, v] of d.mapping) if (v === ref) return k;
  return refName(ref);
}
