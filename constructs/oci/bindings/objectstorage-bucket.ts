import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** `oci_objectstorage_bucket` arguments (website/docs/r/objectstorage_bucket.html.markdown). */
export interface ObjectstorageBucketConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** The bucket name (letters, digits, `-`, `_`, `.`), unique in the namespace. */
  readonly name: string;
  /** The Object Storage namespace. */
  readonly namespace: string;
  /**
   * `NoPublicAccess`, `ObjectRead` or `ObjectReadWithoutList`.
   * @default "NoPublicAccess"
   */
  readonly accessType?: string;
  /**
   * Vault key that encrypts the data encryption keys.
   * @default an Oracle-managed key
   */
  readonly kmsKeyId?: string;
  /**
   * `Enabled` (create) / `Suspended` (update) keeps previous object versions.
   * @default "Disabled"
   */
  readonly versioning?: string;
  /**
   * Emit events for object state changes.
   * @default false
   */
  readonly objectEventsEnabled?: boolean;
  /**
   * `Standard` or `Archive` (immutable).
   * @default "Standard"
   */
  readonly storageTier?: string;
  /**
   * `InfrequentAccess` moves objects between tiers by access pattern.
   * @default "Disabled"
   */
  readonly autoTiering?: string;
}

/** An Object Storage bucket. */
export class ObjectstorageBucket extends OciTaggableResource {
  static readonly tfResourceType = "oci_objectstorage_bucket";

  constructor(scope: Construct, id: string, config: ObjectstorageBucketConfig) {
    super(scope, id, ObjectstorageBucket.tfResourceType, config);
  }

  /** The bucket's name. */
  get name(): string {
    return this.getStringAttribute("name");
  }
}
