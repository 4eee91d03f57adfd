/**
 * Strings that match a schema `pattern`: a small sampler for the regular
 * expression subset real documents use (literals, escapes, character classes
 * and ranges, `.`, groups, alternation, anchors, greedy and lazy quantifiers).
 * Deterministic for a PRNG. Anything else (lookarounds, back-references) gives
 * up, and every sample is checked against the real RegExp by the caller.
 */
import type { Rng } from "../util/rng";

type Node =
  | { kind: "chars"; set: string }
  | { kind: "seq"; items: Node[] }
  | { kind: "alt"; options: Node[] }
  | { kind: "repeat"; node: Node; min: number; max: number; open: boolean }
  | { kind: "empty" };

class Unsupported extends Error {}

/** Printable ASCII: the universe for `.` and negated classes. */
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join("");
const DIGITS = "0123456789";
const WORD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
const SPACE = " ";
/** Extra repetitions past the minimum for open-ended quantifiers. */
const SPREAD = 3;
const MAX_NODES = 2000;

function complement(set: string): string {
  let out = "";
  for (const c of PRINTABLE) if (!set.includes(c)) out += c;
  return out;
}

function escapeClass(c: string): string | undefined {
  switch (c) {
    case "d":
      return DIGITS;
    case "D":
      return complement(DIGITS);
    case "w":
      return WORD;
    case "W":
      return complement(WORD);
    case "s":
      return SPACE;
    case "S":
      return complement(SPACE + "\t\n\r");
    default:
      return undefined;
  }
}

function escapeLiteral(c: string): string {
  switch (c) {
    case "n":
      return "\n";
    case "t":
      return "\t";
    case "r":
      return "\r";
    case "f":
      return "\f";
    case "v":
      return "\v";
    case "0":
      return "\0";
    default:
      if (/[1-9]/.test(c)) throw new Unsupported("back-reference");
      if (/[bBpPkc]/.test(c)) throw new Unsupported(`\\${c}`);
      return c;
  }
}

class Parser {
  private i = 0;
  private nodes = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const n = this.alternation();
    if (this.i < this.src.length) throw new Unsupported(`unexpected ${this.src[this.i]}`);
    return n;
  }

  private count(): void {
    if (++this.nodes > MAX_NODES) throw new Unsupported("too complex");
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === "|") {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: "alt", options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      const atom = this.atom();
      items.push(this.quantified(atom));
      this.count();
    }
    return items.length === 1 ? items[0] : { kind: "seq", items };
  }

  private quantified(atom: Node): Node {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    let open = false;
    if (c === "*") {
      min = 0;
      max = SPREAD;
      open = true;
      this.i++;
    } else if (c === "+") {
      min = 1;
      max = 1 + SPREAD;
      open = true;
      this.i++;
    } else if (c === "?") {
      min = 0;
      max = 1;
      this.i++;
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom; // a literal "{"
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? min + SPREAD : Number(m[3]);
      open = m[3] === "";
      if (max < min || max > 1000) throw new Unsupported("bad bounds");
      this.i += m[0].length;
    } else return atom;
    if (this.src[this.i] === "?" || this.src[this.i] === "+") this.i++; // lazy / possessive
    return { kind: "repeat", node: atom, min, max, open };
  }

  private atom(): Node {
    const c = this.src[this.i++];
    switch (c) {
      case "^":
      case "$":
        return { kind: "empty" };
      case ".":
        return { kind: "chars", set: PRINTABLE };
      case "(": {
        if (this.src[this.i] === "?") {
          if (this.src[this.i + 1] === ":") this.i += 2;
          else if (this.src[this.i + 1] === "<" && this.src[this.i + 2] !== "=" && this.src[this.i + 2] !== "!") {
            const end = this.src.indexOf(">", this.i);
            if (end < 0) throw new Unsupported("group name");
            this.i = end + 1;
          } else throw new Unsupported("lookaround");
        }
        const inner = this.alternation();
        if (this.src[this.i] !== ")") throw new Unsupported("unclosed group");
        this.i++;
        return inner;
      }
      case "[":
        return this.charClass();
      case "\\": {
        const e = this.src[this.i++];
        if (e === undefined) throw new Unsupported("trailing backslash");
        const set = escapeClass(e);
        if (set !== undefined) return { kind: "chars", set };
        if (e === "u" || e === "x") return { kind: "chars", set: this.hexEscape(e) };
        return { kind: "chars", set: escapeLiteral(e) };
      }
      case "*":
      case "+":
      case "?":
        throw new Unsupported("nothing to repeat");
      default:
        return { kind: "chars", set: c };
    }
  }

  private hexEscape(e: string): string {
    const len = e === "x" ? 2 : 4;
    const hex = this.src.slice(this.i, this.i + len);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new Unsupported("hex escape");
    this.i += len;
    return String.fromCharCode(parseInt(hex, 16));
  }

  private charClass(): Node {
    let negate = false;
    if (this.src[this.i] === "^") {
      negate = true;
      this.i++;
    }
    let set = "";
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== "]" || first)) {
      first = false;
      let c = this.src[this.i++];
      if (c === "\\") {
        const e = this.src[this.i++];
        const cls = escapeClass(e);
        if (cls !== undefined) {
          set += cls;
          continue;
        }
        c = e === "u" || e === "x" ? this.hexEscape(e) : e === "b" ? "\b" : escapeLiteral(e);
      }
      if (this.src[this.i] === "-" && this.src[this.i + 1] !== undefined && this.src[this.i + 1] !== "]") {
        this.i++;
        let to = this.src[this.i++];
        if (to === "\\") {
          const e = this.src[this.i++];
          to = e === "u" || e === "x" ? this.hexEscape(e) : escapeLiteral(e);
        }
        const a = c.charCodeAt(0);
        const b = to.charCodeAt(0);
        if (b < a || b - a > 0xffff) throw new Unsupported("bad range");
        // Keep ranges printable where possible (a range like \u0000-\uFFFF stays sampleable).
        for (let k = a; k <= Math.min(b, a + 400); k++) set += String.fromCharCode(k);
      } else set += c;
    }
    if (this.src[this.i] !== "]") throw new Unsupported("unclosed class");
    this.i++;
    if (negate) set = complement(set);
    if (set === "") throw new Unsupported("empty class");
    return { kind: "chars", set };
  }
}

/** `stretch`: how far open-ended quantifiers (*, +, {n,}) may go past their minimum. */
function emit(node: Node, rng: Rng, out: string[], stretch: number): void {
  switch (node.kind) {
    case "empty":
      return;
    case "chars": {
      // Prefer printable, non-space characters when the class allows them.
      const chars = [...node.set];
      const nice = chars.filter((c) => c > " " && c < "\x7f");
      out.push(rng.pick(nice.length > 0 ? nice : chars));
      return;
    }
    case "seq":
      for (const n of node.items) emit(n, rng, out, stretch);
      return;
    case "alt":
      emit(rng.pick(node.options), rng, out, stretch);
      return;
    case "repeat": {
      const n = rng.int(node.min, node.open ? node.min + stretch : node.max);
      for (let k = 0; k < n; k++) emit(node.node, rng, out, stretch);
      return;
    }
  }
}

/**
 * A string matching `pattern` (and the length bounds when possible), or
 * undefined when the pattern uses something the sampler does not support or
 * no attempt matched.
 */
export function sampleFromPattern(pattern: string, rng: Rng, minLength = 0, maxLength = Infinity): string | undefined {
  let tree: Node;
  let re: RegExp;
  try {
    tree = new Parser(pattern).parse();
    re = new RegExp(pattern, "u");
  } catch {
    try {
      re = new RegExp(pattern);
      tree = new Parser(pattern).parse();
    } catch {
      return undefined;
    }
  }
  for (let attempt = 0; attempt < 24; attempt++) {
    const out: string[] = [];
    // Later attempts let open quantifiers grow towards the minimum length.
    emit(tree, rng, out, attempt < 8 ? SPREAD : Math.max(SPREAD, Math.min(minLength, 256)));
    const s = out.join("");
    const n = [...s].length;
    if (n < minLength || n > maxLength) continue;
    if (re.test(s)) return s;
  }
  return undefined;
}
