import { Construct } from "constructs";
import { Aspects, DefaultTokenResolver, type IAspect, type IResolvable, ref, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Tokenization } from "cdktf";

/** The resolver cdktf's own stack resolution uses. */
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** Every encoded string token (`${TfToken[…]}`, list `#{TfToken[…]}`, map `&{TfToken[…]}`) carries this. */
const TOKEN_MARKER = "TfToken[";
/**
 * A number token embedded in a string is printed as a huge negative double
 * (e.g. -1.8881545897087626e+289); cdktf looks for numbers with a lowercase
 * exponent and maps only these back to tokens. No real setting has e+28x/e+29x.
 */
const NUMBER_IN_STRING = /\de\+2[89]\d/;
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

/** An encoded list token (`#{TfToken[…]}`): cdktf resolves the array holding it as one list. */
const LIST_TOKEN_MARKER = "#{" + TOKEN_MARKER;

/** True for an array cdktf treats as one token: a list token, or (conservatively) any number token. */
function isTokenList(value: unknown[]): boolean {
  return value.some((v) => (typeof v === "string" && v.includes(LIST_TOKEN_MARKER)) || (typeof v === "number" && isTokenNumber(v)));
}

/** True for an object cdktf resolves as a whole (a token map), or whose keys need the resolver. */
function hasTokenKey(record: Record<string, unknown>): boolean {
  for (const key of Object.keys(record)) if (key.includes(TOKEN_MARKER) || NUMBER_IN_STRING.test(key)) return true;
  return false;
}

/**
 * cdktf's class for references (`ref()`): resource attributes, data source
 * attributes, outputs. It is not exported, so it is taken from an instance; a
 * reference's side effect in the preparing pass depends only on the stack it
 * came from (`originStack`). Should the class ever look different, every token
 * is resolved as cdktf would.
 */
const REFERENCE: (abstract new (...args: never[]) => IResolvable) | undefined = (() => {
  const probe = ref("probe") as unknown as object;
  const own = (key: string) => Object.prototype.hasOwnProperty.call(probe, key);
  return own("originStack") && own("crossStackIdentifier") && own("identifier") ? (probe.constructor as abstract new (...args: never[]) => IResolvable) : undefined;
})();

/**
 * A reference into `stack` itself (or into no stack): resolving it in the
 * preparing pass has no side effect, cdktf only registers something for a
 * reference that comes from another stack.
 */
function isLocalReference(token: unknown, stack: TerraformStack): boolean {
  if (REFERENCE === undefined || !(token instanceof REFERENCE)) return false;
  const origin = (token as unknown as { originStack?: TerraformStack }).originStack;
  return origin === undefined || origin === stack;
}

/**
 * The preparing pass over one element's configuration: every token in it is
 * resolved in "preparing" mode for its side effects, except references into the
 * stack itself, which have none. The tree is walked, not copied.
 */
function prepareTokens(stack: TerraformStack, value: unknown): void {
  if (value === undefined || value === null || typeof value === "boolean") return;
  const resolve = (v: unknown): void => void Tokenization.resolve(v, { scope: stack, preparing: true, resolver: RESOLVER });
  if (typeof value === "string") {
    if (!needsResolve(value)) return;
    // Only string tokens (no list/map token, no number token in the text): resolve them one by one.
    if (value.includes(LIST_TOKEN_MARKER) || value.includes("&{" + TOKEN_MARKER) || NUMBER_IN_STRING.test(value)) return resolve(value);
    for (const token of Tokenization.reverseString(value).tokens) if (!isLocalReference(token, stack)) resolve(token);
    return;
  }
  if (typeof value === "number") {
    if (!isTokenNumber(value)) return;
    const token = Tokenization.reverseNumber(value);
    if (token === undefined || !isLocalReference(token, stack)) resolve(value);
    return;
  }
  if (typeof value !== "object") return resolve(value);
  if (Tokenization.isResolvable(value)) {
    if (!isLocalReference(value, stack)) resolve(value);
    return;
  }
  if (Array.isArray(value)) {
    if (isTokenList(value)) return resolve(value);
    for (const v of value) prepareTokens(stack, v);
    return;
  }
  const record = value as Record<string, unknown>;
  if (hasTokenKey(record) || isConstructLike(record)) return resolve(value);
  for (const key of Object.keys(record)) prepareTokens(stack, record[key]);
}

/** A construct (or its node), which cdktf's resolver refuses with its own error instead of walking it. */
function isConstructLike(record: Record<string, unknown>): boolean {
  return Construct.isConstruct(record) || (record._children !== undefined && record._metadata !== undefined);
}

/**
 * cdktf's resolve, for configuration trees that are mostly literals: plain
 * arrays and objects are copied (dropping undefined, as cdktf does) and only
 * the parts that hold tokens go through cdktf's resolver, with the same scope.
 * Anything unusual (a token subtree, a token list or map, a function, a
 * construct) is handed to the resolver whole, so its result and its errors are
 * cdktf's own.
 */
export function resolveTokens(scope: Construct, value: unknown): unknown {
  if (value === undefined || value === null || typeof value === "boolean") return value;
  const whole = (): unknown => Tokenization.resolve(value, { scope, preparing: false, resolver: RESOLVER });
  if (typeof value === "string" || typeof value === "number") return needsResolve(value) ? whole() : value;
  if (typeof value !== "object" || needsResolve(value)) return whole();
  if (Array.isArray(value)) {
    if (isTokenList(value)) return whole();
    const out: unknown[] = [];
    for (const v of value) {
      const r = resolveTokens(scope, v);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  if (value instanceof Date) return value;
  const record = value as Record<string, unknown>;
  // A construct is an error in cdktf's resolver; let it say so.
  if (isConstructLike(record)) return whole();
  if (hasTokenKey(record)) return whole();
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const r = resolveTokens(scope, record[key]);
    if (r !== undefined) out[key] = r;
  }
  return out;
}

/**
 * Merges `source` into `target` the way cdktf merges element fragments: objects
 * recursively, arrays concatenated, a resolvable or a scalar replaces, and
 * `undefined` deletes. `source` must be a fresh tree the caller owns (as
 * resolveTokens returns): where `target` has nothing yet, its objects are
 * adopted instead of copied.
 */
function mergeInto(target: Record<string, any>, source: Record<string, any>): void {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) delete target[key];
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      if (Tokenization.isResolvable(value) || !(key in target)) {
        target[key] = value;
        continue;
      }
      if (target[key] === null || typeof target[key] !== "object") target[key] = {};
      mergeInto(target[key], value);
    } else if (Array.isArray(value)) target[key] = Array.isArray(target[key]) ? [...target[key], ...value] : value;
    else target[key] = value;
  }
}

/** The stack's own elements, as cdktf collects them: depth-first, not descending into nested stacks. */
function elementsOf(node: Construct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (!TerraformStack.isStack(child)) elementsOf(child, into);
  }
  return into;
}

/** cdktf's private stack state that toTerraform needs (checked at run time, see below). */
interface StackInternals {
  readonly rawOverrides?: unknown;
  readonly cdktfVersion?: unknown;
}

/** True when cdktf aspects are registered on the stack, above it or anywhere below it. */
function hasAspects(stack: TerraformStack): boolean {
  for (let scope: Construct | undefined = stack; scope !== undefined; scope = scope.node.scope as Construct | undefined) {
    if (Aspects.of(scope).all.length > 0) return true;
  }
  return stack.node.findAll().some((node) => Aspects.of(node).all.length > 0);
}

/**
 * The stack every MockForge stack extends. It renders the same Terraform JSON as
 * cdktf's, with less work in the passes that dominate a synth:
 *
 * - Finalizers (addFinalizer) are the stack-wide defaults (tags, labels): visitors
 *   like cdktf aspects, but run once before the preparing pass instead of after
 *   it, so every element's configuration is final when it is first rendered.
 * - prepareStack: cdktf resolves each element's whole configuration in
 *   "preparing" mode only for the side effects of the tokens in it (a
 *   reference to another stack registers an output there and a remote-state
 *   data source here) and throws the result away. Here only the tokens are
 *   resolved, and not the references into the stack itself (they have no side
 *   effect): same side effects, same order. The rendered configurations are
 *   kept for toTerraform, unless cdktf aspects (which run after this pass and
 *   may change elements) are registered, then they are rendered again.
 * - toTerraform: cdktf resolves every element's configuration, merges the
 *   fragments, then resolves the merged tree once more although nothing in it
 *   is a token any longer (unless the stack has raw overrides). Here elements
 *   go through resolveTokens and the merged tree is returned as is.
 *
 * test/stacks/prepare.test.ts synthesizes the whole app both ways and compares
 * every file byte for byte. Should cdktf's internals ever not look as expected,
 * toTerraform falls back to cdktf's own.
 */
export class MockForgeStack extends TerraformStack {
  private readonly finalizers: IAspect[] = [];
  private finalized = false;
  /** Element configurations rendered by the preparing pass (see the class comment). */
  private rendered: WeakMap<TerraformElement, unknown> | undefined;

  /**
   * Adds a visitor that sees every construct of the stack once, before the stack
   * is prepared for synthesis (it must not add constructs).
   */
  addFinalizer(visitor: IAspect): void {
    if (this.finalized) throw new Error(`${this.node.path}: a finalizer was added after the stack was finalized`);
    this.finalizers.push(visitor);
  }

  /** Runs the finalizers (once; prepareStack and toTerraform call it). */
  finalize(): void {
    if (this.finalized) return;
    this.finalized = true;
    if (this.finalizers.length === 0) return;
    for (const node of this.node.findAll()) for (const visitor of this.finalizers) visitor.visit(node);
  }

  override prepareStack(): void {
    this.finalize();
    this.ensureBackendExists();
    const rendered = hasAspects(this) ? undefined : new WeakMap<TerraformElement, unknown>();
    for (const element of elementsOf(this)) {
      const config = element.toTerraform();
      rendered?.set(element, config);
      prepareTokens(this, config);
    }
    this.rendered = rendered;
  }

  override toTerraform(): any {
    this.finalize();
    const internals = this as unknown as StackInternals;
    const overrides = internals.rawOverrides;
    if (typeof internals.cdktfVersion !== "string" || overrides === null || typeof overrides !== "object" || Object.keys(overrides).length > 0) {
      return super.toTerraform();
    }
    const elements = elementsOf(this);
    const metadata: Record<string, any> = { version: internals.cdktfVersion, stackName: this.node.id, backend: "local" };
    for (const element of elements) mergeInto(metadata, resolveTokens(this, element.toMetadata()) as Record<string, any>);
    const outputs: Record<string, any> = {};
    for (const element of elements) {
      if (!TerraformOutput.isTerraformOutput(element)) continue;
      let nested: Record<string, any> | string = element.friendlyUniqueId;
      const parts = element.node.path.split("/");
      for (let i = parts.length - 1; i >= 0; i--) nested = { [parts[i]]: nested };
      mergeInto(outputs, nested as Record<string, any>);
    }
    const tf: Record<string, any> = { "//": { metadata, outputs } };
    const rendered = this.rendered;
    // Rendered once: the next synthesis (tests synthesize some apps twice) renders afresh.
    this.rendered = undefined;
    for (const element of elements) {
      const config = rendered?.has(element) ? rendered.get(element) : element.toTerraform();
      mergeInto(tf, resolveTokens(this, config) as Record<string, any>);
    }
    return tf;
  }
}
