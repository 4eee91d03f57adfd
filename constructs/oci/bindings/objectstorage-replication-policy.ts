import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciResource } from "./base";

/** `oci_objectstorage_replication_policy` arguments (website/docs/r/objectstorage_replication_policy.html.markdown). */
export interface ObjectstorageReplicationPolicyConfig extends TerraformMetaArguments {
  /** The source bucket. */
  readonly bucket: string;
  /** The destination bucket (must exist; it becomes read-only). */
  readonly destinationBucketName: string;
  /** The destination region, e.g. `eu-frankfurt-1`. */
  readonly destinationRegionName: string;
  /** The policy name. */
  readonly name: string;
  /** The Object Storage namespace. */
  readonly namespace: string;
}

/** A replication policy (a source bucket has at most one). */
export class ObjectstorageReplicationPolicy extends OciResource {
  static readonly tfResourceType = "oci_objectstorage_replication_policy";

  constructor(scope: Construct, id: string, config: ObjectstorageReplicationPolicyConfig) {
    super(scope, id, ObjectstorageReplicationPolicy.tfResourceType, config);
  }
}
