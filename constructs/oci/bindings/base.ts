/**
 * Shared plumbing for the hand-written `oracle/oci` bindings in this folder.
 *
 * The bindings follow the shape `cdktf get` generates: one class per resource
 * type, a readonly camelCase config interface, and `synthesizeAttributes()`
 * emitting the provider's snake_case argument names. Nested blocks are
 * emitted as lists of objects (Terraform JSON's block syntax); map arguments
 * (tags, metadata, ...) keep their keys untouched. Replacing this folder with
 * generated bindings should only change import paths.
 */
import { TerraformDataSource, TerraformResource, Tokenization, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";

/** The provider these bindings were written against (checked against its website/docs). */
export const OCI_PROVIDER_SOURCE = "oracle/oci";
/** Pinned in `required_providers`: 7.x is the provider major the docs describe (7.19 has psql warm standby). */
export const OCI_PROVIDER_VERSION_CONSTRAINT = "~> 7.19";
export const OCI_GENERATOR_METADATA = { providerName: "oci", providerVersionConstraint: OCI_PROVIDER_VERSION_CONSTRAINT } as const;

/**
 * Arguments that are Terraform maps, not blocks: their keys are user data and
 * are never renamed. Every other nested object is a block.
 */
const MAP_ARGUMENTS: ReadonlySet<string> = new Set([
  "freeformTags",
  "definedTags",
  "systemTags",
  "metadata",
  "extendedMetadata",
  "parameters",
  "headers",
  "definedTagsFilter",
]);

/** `compartmentId` -> `compartment_id`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !Tokenization.isResolvable(value);
}

function convert(value: unknown): unknown {
  if (Tokenization.isResolvable(value)) return value;
  if (Array.isArray(value)) return value.map((item) => (isPlainObject(item) ? toTerraformArguments(item) : item));
  // A single nested block (max one item): Terraform JSON takes it as a one-element list.
  if (isPlainObject(value)) return [toTerraformArguments(value)];
  return value;
}

/** Converts a binding config (camelCase, blocks as objects) to Terraform JSON arguments. */
export function toTerraformArguments(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    const maps = MAP_ARGUMENTS.has(key) && isPlainObject(value);
    out[snakeCase(key)] = maps ? value : convert(value);
  }
  return out;
}

/** Separates cdktf meta-arguments from the resource's own arguments. */
function splitMeta<C extends TerraformMetaArguments>(config: C): { meta: TerraformMetaArguments; args: Record<string, unknown> } {
  const { dependsOn, count, provider, lifecycle, forEach, provisioners, connection, ...args } = config;
  return { meta: { dependsOn, count, provider, lifecycle, forEach, provisioners, connection }, args };
}

/** Base of every OCI resource binding. */
export abstract class OciResource extends TerraformResource {
  /** The resource's own arguments as given (camelCase); the tagging aspect may add `freeformTags`. */
  protected readonly args: Record<string, unknown>;

  protected constructor(scope: Construct, id: string, terraformResourceType: string, config: TerraformMetaArguments) {
    const { meta, args } = splitMeta(config);
    super(scope, id, { ...meta, terraformResourceType, terraformGeneratorMetadata: OCI_GENERATOR_METADATA });
    this.args = { ...args };
  }

  /** The OCID of the resource. */
  get id(): string {
    return this.getStringAttribute("id");
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return toTerraformArguments(this.args);
  }
}

/**
 * A resource that takes `freeform_tags`. The `freeformTagsInput` getter is the
 * hook TaggingAspect (constructs/core/tagging.ts) looks for, as on generated bindings.
 */
export abstract class OciTaggableResource extends OciResource {
  get freeformTags(): { [key: string]: string } {
    return this.getStringMapAttribute("freeform_tags");
  }

  set freeformTags(value: { [key: string]: string }) {
    this.args.freeformTags = value;
  }

  get freeformTagsInput(): Readonly<Record<string, string>> | undefined {
    return this.args.freeformTags as Readonly<Record<string, string>> | undefined;
  }
}

/** Base of every OCI data source binding. */
export abstract class OciDataSource extends TerraformDataSource {
  protected readonly args: Record<string, unknown>;

  protected constructor(scope: Construct, id: string, terraformResourceType: string, config: TerraformMetaArguments) {
    const { meta, args } = splitMeta(config);
    super(scope, id, { ...meta, terraformResourceType, terraformGeneratorMetadata: OCI_GENERATOR_METADATA });
    this.args = { ...args };
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return toTerraformArguments(this.args);
  }
}

/** The generic `filter` block of OCI list data sources (website/docs/guides/filters). */
export interface OciDataSourceFilter {
  /** The qualified property name to filter on, e.g. `name`. */
  readonly name: string;
  /** Values to match (OR). */
  readonly values: readonly string[];
  /**
   * Treat each value as a regular expression.
   * @default false
   */
  readonly regex?: boolean;
}

/** The common `freeform_tags` argument. */
export interface OciFreeformTags {
  /**
   * Free-form tags for this resource: simple key-value pairs with no predefined name, type or namespace.
   * @default none (the stack's TaggingAspect adds the standard tags)
   */
  readonly freeformTags?: Readonly<Record<string, string>>;
}
