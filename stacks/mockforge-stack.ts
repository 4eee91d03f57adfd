import type { Construct } from "constructs";
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Tokenization } from "cdktf";

/** The resolver cdktf's own stack resolution uses. */
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** Every encoded string token (`${TfToken[…]}`, list `#{TfToken[…]}`, map `&{TfToken[…]}`) carries this. */
const TOKEN_MARKER = "TfToken[";
/** A number token embedded in a string is printed as a huge double (e.g. -1.8881545897087626e+289). */
const NUMBER_IN_STRING = /\d[eE][-+]?\d/;
/** Number tokens (scalar and list element) are doubles around ±1.9e289; no real setting comes close. */
const NUMBER_TOKEN_MAGNITUDE = 1e280;

function isTokenNumber(n: number): boolean {
  return Math.abs(n) > NUMBER_TOKEN_MAGNITUDE;
}

/** True when `value` (a leaf or a whole array/object) must go through cdktf's resolver. */
function needsResolve(value: unknown): boolean {
  if (typeof value === "string") return value.includes(TOKEN_MARKER) || NUMBER_IN_STRING.test(value);
  if (typeof value === "number") return isTokenNumber(value);
  return Tokenization.isResolvable(value);
}

/**
 * Resolves, in cdktf's "preparing" mode, every token in a plain configuration tree,
 * and nothing else. A subtree that is itself a token, a list of list tokens or an
 * object with a token key is handed to the resolver whole, as cdktf would.
 */
function prepareTokens(scope: Construct, value: unknown): void {
  if (value === null || value === undefined || typeof value === "boolean") return;
  if (needsResolve(value)) {
    Tokenization.resolve(value, { scope, preparing: true, resolver: RESOLVER });
    return;
  }
  if (typeof value !== "object") return;
  if (Array.isArray(value)) {
    if (value.some((v) => (typeof v === "string" && v.includes(TOKEN_MARKER)) || (typeof v === "number" && isTokenNumber(v)))) {
      Tokenization.resolve(value, { scope, preparing: true, resolver: RESOLVER });
      return;
    }
    for (const v of value) prepareTokens(scope, v);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key.includes(TOKEN_MARKER)) {
      Tokenization.resolve(value, { scope, preparing: true, resolver: RESOLVER });
      return;
    }
  }
  for (const key of Object.keys(record)) prepareTokens(scope, record[key]);
}

/** The stack's own elements, as cdktf collects them: depth-first, not descending into nested stacks. */
function elementsOf(node: Construct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) elementsOf(child, into);
  }
  return into;
}

/**
 * The stack every MockForge stack extends. It differs from cdktf's in one place:
 * the preparing pass before synthesis. cdktf resolves each element's whole
 * configuration in "preparing" mode only for the side effects of the tokens in
 * it (a reference to another stack registers an output there and a remote-state
 * data source here) and throws the result away. This walks the configuration
 * and resolves only the tokens — same side effects, same order, a fraction of
 * the work on configurations that are mostly literals. The synthesized JSON is
 * byte-identical (test/stacks/prepare.test.ts compares it against cdktf's pass).
 */
export class MockForgeStack extends TerraformStack {
  override prepareStack(): void {
    this.ensureBackendExists();
    for (const element of elementsOf(this)) prepareTokens(this, element.toTerraform());
  }
}
