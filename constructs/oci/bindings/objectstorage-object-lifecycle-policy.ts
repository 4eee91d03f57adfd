import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciResource } from "./base";

/** A lifecycle `rules` block. */
export interface ObjectLifecycleRule {
  /** `INFREQUENT_ACCESS`, `ARCHIVE`, `DELETE` or `ABORT`. */
  readonly action: string;
  /** Whether the rule is enabled. */
  readonly isEnabled: boolean;
  /** Rule name. */
  readonly name: string;
  /** Age, in `timeUnit`, of the objects the rule applies to. */
  readonly timeAmount: number;
  /** `DAYS` or `YEARS`. */
  readonly timeUnit: string;
  /**
   * `objects`, `previous-object-versions` or `multipart-uploads`.
   * @default "objects"
   */
  readonly target?: string;
  /**
   * Object name patterns the rule applies to.
   * @default every object
   */
  readonly objectNameFilter?: { readonly inclusionPrefixes?: readonly string[]; readonly inclusionPatterns?: readonly string[] };
}

/** `oci_objectstorage_object_lifecycle_policy` arguments (website/docs/r/objectstorage_object_lifecycle_policy.html.markdown). */
export interface ObjectstorageObjectLifecyclePolicyConfig extends TerraformMetaArguments {
  /** The bucket name. */
  readonly bucket: string;
  /** The Object Storage namespace. */
  readonly namespace: string;
  /**
   * The bucket's lifecycle rules.
   * @default none
   */
  readonly rules?: readonly ObjectLifecycleRule[];
}

/** The lifecycle policy of a bucket. */
export class ObjectstorageObjectLifecyclePolicy extends OciResource {
  static readonly tfResourceType = "oci_objectstorage_object_lifecycle_policy";

  constructor(scope: Construct, id: string, config: ObjectstorageObjectLifecyclePolicyConfig) {
    super(scope, id, ObjectstorageObjectLifecyclePolicy.tfResourceType, config);
  }
}
