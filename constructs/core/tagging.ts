import { Aspects, IAspect, TerraformResource, Token } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * Puts the standard tags on every resource below a scope that accepts them,
 * merged under the resource's own tags (a resource's explicit tag wins).
 * Works for every cloud: the tag attribute is `tags` on AWS and Azure,
 * `labels` on GCP, `freeformTags` on OCI.
 */
export class TaggingAspect implements IAspect {
  constructor(
    private readonly tags: Readonly<Record<string, string>>,
    private readonly attribute: "tags" | "labels" | "freeformTags" = "tags",
  ) {}

  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const resource = node as unknown as Record<string, unknown>;
    // Generated bindings expose `<attr>Input` only when the resource takes the attribute.
    const inputKey = `${this.attribute}Input`;
    if (!(inputKey in resource)) return;
    const existing = resource[inputKey];
    if (existing !== undefined && (Token.isUnresolved(existing) || typeof existing !== "object")) return;
    resource[this.attribute] = { ...this.tags, ...((existing as Record<string, string> | undefined) ?? {}) };
  }

  /**
   * Applies the tags to `scope` and everything below it: as a finalizer of a
   * stack that takes them (MockForgeStack: before the stack is prepared, so its
   * rendering can be reused), else as a cdktf aspect.
   */
  static apply(scope: IConstruct, tags: Readonly<Record<string, string>>, attribute?: "tags" | "labels" | "freeformTags"): void {
    addStackVisitor(scope, new TaggingAspect(tags, attribute));
  }
}

/** A stack that runs stack-wide visitors itself (stacks/mockforge-stack.ts). */
interface FinalizingScope {
  addFinalizer(visitor: IAspect): void;
}

function isFinalizingScope(scope: IConstruct): scope is IConstruct & FinalizingScope {
  return typeof (scope as Partial<FinalizingScope>).addFinalizer === "function";
}

/** Registers a stack-wide visitor: a finalizer where the scope takes finalizers, a cdktf aspect otherwise. */
export function addStackVisitor(scope: IConstruct, visitor: IAspect): void {
  if (isFinalizingScope(scope)) scope.addFinalizer(visitor);
  else Aspects.of(scope).add(visitor);
}
