/**
 * Path templates (`/users/{id}`, `/files/{name}.{ext}`) and regular
 * expressions, compiled once. Matching walks the string with indexOf and
 * slices only the parameter values, so a miss allocates nothing.
 */

export interface PathMatcher {
  readonly kind: "exact" | "template" | "regex";
  /** The literal path for exact matchers (router map key). */
  readonly exact: string | undefined;
  readonly paramNames: readonly string[];
  /** Literal characters (more = more specific; orders OpenAPI operations). */
  readonly literalLength: number;
  readonly source: string;
  /** On success fills `values` (same order as paramNames, still URL-encoded). */
  match(path: string, values: string[]): boolean;
}

export class PathSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PathSyntaxError";
  }
}

const PARAM_NAME_RE = /^[A-Za-z0-9_.\-$]+$/;

export function compilePathTemplate(template: string): PathMatcher {
  if (!template.startsWith("/")) throw new PathSyntaxError(`path ${JSON.stringify(template)} must start with "/"`);
  if (/[?#\s]/.test(template)) throw new PathSyntaxError(`path ${JSON.stringify(template)} must not contain "?", "#" or spaces (put query conditions under query)`);
  const literals: string[] = [];
  const names: string[] = [];
  /** Indexes (in `names`) of `{+name}` parameters. */
  const multiSegment = new Set<number>();
  let i = 0;
  let lit = "";
  while (i < template.length) {
    const c = template[i];
    if (c === "{") {
      const end = template.indexOf("}", i);
      if (end < 0) throw new PathSyntaxError(`path ${JSON.stringify(template)}: "{" at ${i} is never closed`);
      const raw = template.slice(i + 1, end);
      // `{+name}` (RFC 6570 reserved expansion, as Google's APIs write it) may span segments.
      const reserved = raw.startsWith("+");
      const name = reserved ? raw.slice(1) : raw;
      if (!PARAM_NAME_RE.test(name)) throw new PathSyntaxError(`path ${JSON.stringify(template)}: parameter name ${JSON.stringify(raw)} is not valid`);
      if (reserved) {
        // One per template keeps matching linear in the path's length.
        if (multiSegment.size > 0) throw new PathSyntaxError(`path ${JSON.stringify(template)}: only one {+parameter} (spanning segments) is allowed`);
        multiSegment.add(names.length);
      }
      if (names.includes(name)) throw new PathSyntaxError(`path ${JSON.stringify(template)}: parameter "${name}" appears twice`);
      if (literals.length === names.length && literals.length > 0 && lit === "") {
        throw new PathSyntaxError(`path ${JSON.stringify(template)}: two parameters must be separated by literal text`);
      }
      literals.push(lit);
      names.push(name);
      lit = "";
      i = end + 1;
    } else if (c === "}") {
      throw new PathSyntaxError(`path ${JSON.stringify(template)}: "}" at ${i} has no matching "{"`);
    } else {
      lit += c;
      i++;
    }
  }
  literals.push(lit);
  const literalLength = literals.reduce((n, l) => n + l.length, 0);
  if (names.length === 0) {
    const exact = template;
    return {
      kind: "exact",
      exact,
      paramNames: names,
      literalLength,
      source: template,
      match: (path) => path === exact,
    };
  }
  if (multiSegment.size > 0) return reservedTemplate(template, literals, names, multiSegment, literalLength);
  // Within-segment head of each following literal (up to its first "/").
  const heads = literals.map((l) => {
    const slash = l.indexOf("/");
    return slash < 0 ? l : l.slice(0, slash);
  });
  const first = literals[0];
  const count = names.length;
  return {
    kind: "template",
    exact: undefined,
    paramNames: names,
    literalLength,
    source: template,
    match(path, values) {
      if (!path.startsWith(first)) return false;
      let pos = first.length;
      const len = path.length;
      for (let k = 0; k < count; k++) {
        const next = literals[k + 1];
        const head = heads[k + 1];
        let segEnd = path.indexOf("/", pos);
        if (segEnd < 0) segEnd = len;
        let end: number;
        if (head === "") {
          end = segEnd;
        } else {
          end = path.indexOf(head, pos + 1);
          if (end < 0 || end > segEnd) return false;
        }
        if (end <= pos) return false;
        if (next !== "" && !path.startsWith(next, end)) return false;
        values[k] = path.slice(pos, end);
        pos = end + next.length;
      }
      return pos === len;
    },
  };
}

/**
 * A template with `{+name}` parameters: a regular expression where those match
 * one or more characters including "/" (greedy, so `/v1/{+name}:cancel` takes
 * `projects/p/operations/o`) and the others one segment's worth, as usual.
 */
function reservedTemplate(template: string, literals: string[], names: string[], multiSegment: ReadonlySet<number>, literalLength: number): PathMatcher {
  const escape = (l: string): string => l.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  let source = "^" + escape(literals[0]);
  for (let k = 0; k < names.length; k++) source += (multiSegment.has(k) ? "(.+)" : "([^/]+)") + escape(literals[k + 1]);
  const re = new RegExp(source + "$");
  return {
    kind: "template",
    exact: undefined,
    paramNames: names,
    literalLength,
    source: template,
    match(path, values) {
      const m = re.exec(path);
      if (!m) return false;
      for (let k = 0; k < names.length; k++) values[k] = m[k + 1];
      return true;
    },
  };
}

export function compilePathRegex(pattern: string): PathMatcher {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (err) {
    throw new PathSyntaxError(`pathPattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(err as Error).message}`);
  }
  const names = [...pattern.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1]);
  const anchored = new RegExp(`^(?:${re.source})$`, re.flags);
  return {
    kind: "regex",
    exact: undefined,
    paramNames: names,
    literalLength: 0,
    source: pattern,
    match(path, values) {
      const m = anchored.exec(path);
      if (!m) return false;
      for (let k = 0; k < names.length; k++) values[k] = m.groups?.[names[k]] ?? "";
      return true;
    },
  };
}
