/** Small JSON helpers: deep equality, dot-path lookup, JSON pointers. */

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") {
    return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  for (const k of ak) if (!Object.prototype.hasOwnProperty.call(bo, k) || !deepEqual(ao[k], bo[k])) return false;
  return true;
}

/** Splits "user.items.0.name" or "user.items[0].name" into segments. */
export function splitDotPath(path: string): string[] {
  const out: string[] = [];
  for (const part of path.replace(/\[(\d+)\]/g, ".$1").split(".")) if (part !== "" && part !== "$") out.push(part);
  return out;
}

export function getPath(value: unknown, segments: readonly string[]): unknown {
  let cur: unknown = value;
  for (const seg of segments) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(seg)) return undefined;
      cur = cur[Number(seg)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Depth of nesting, stopping early past `limit` (guards recursive walkers). */
export function exceedsDepth(value: unknown, limit: number): boolean {
  return measureTree(value, limit, Infinity) !== undefined;
}

/**
 * Walks a value as a tree (a node shared by YAML aliases is counted at every
 * place it appears) and stops at the first limit passed: "depth" when nesting
 * goes past `maxDepth`, "size" past `maxNodes` objects and arrays. Undefined
 * when both hold.
 */
export function measureTree(value: unknown, maxDepth: number, maxNodes: number): "depth" | "size" | undefined {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > maxDepth) return "depth";
    if (v !== null && typeof v === "object") {
      if (++nodes > maxNodes) return "size";
      for (const child of Array.isArray(v) ? v : Object.values(v as object)) {
        if (child !== null && typeof child === "object") stack.push([child, d + 1]);
      }
    }
  }
  return undefined;
}
