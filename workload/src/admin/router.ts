/** A tiny path router for the admin API: `/admin/workspaces/:ws/stubs/:id`, with `*rest` for file names. */

export type Params = Record<string, string>;

interface Entry<H> {
  method: string;
  segments: string[];
  handler: H;
}

export class AdminRouter<H> {
  private readonly entries: Array<Entry<H>> = [];

  add(method: string, pattern: string, handler: H): this {
    this.entries.push({ method, segments: pattern.split("/").filter(Boolean), handler });
    return this;
  }

  /** `allowed` lists the methods of matching paths when the method did not match (405). */
  find(method: string, path: string): { handler: H; params: Params } | { allowed: string[] } | undefined {
    let parts: string[];
    try {
      parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    } catch {
      return undefined;
    }
    const allowed: string[] = [];
    for (const e of this.entries) {
      const params = match(e.segments, parts);
      if (!params) continue;
      if (e.method === method) return { handler: e.handler, params };
      allowed.push(e.method);
    }
    return allowed.length > 0 ? { allowed } : undefined;
  }
}

function match(pattern: string[], parts: string[]): Params | undefined {
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith("*")) {
      if (i >= parts.length) return undefined;
      params[p.slice(1)] = parts.slice(i).join("/");
      return params;
    }
    if (i >= parts.length) return undefined;
    if (p.startsWith(":")) params[p.slice(1)] = parts[i];
    else if (p !== parts[i]) return undefined;
  }
  return pattern.length === parts.length ? params : undefined;
}
