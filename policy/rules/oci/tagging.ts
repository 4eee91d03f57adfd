/** Required freeform tags on every OCI resource that takes them (the TaggingAspect's job, checked on the output). */
import { REQUIRED_TAG_KEYS } from "../../../constructs/core/naming";
import { ociRule } from "./helpers";

/**
 * OCI resource types that take no freeform_tags (per the provider's
 * website/docs/r pages; test/policy/oci-rules.test.ts checks this list
 * against the documented arguments of every type the app uses). Any other
 * oci_* resource must carry the tags, so a new type is checked by default.
 */
export const TYPES_WITHOUT_FREEFORM_TAGS: ReadonlySet<string> = new Set([
  "oci_core_drg_attachment",
  "oci_core_network_security_group_security_rule",
  "oci_core_volume_attachment",
  "oci_dns_rrset",
  "oci_dns_steering_policy_attachment",
  "oci_load_balancer_backend_set",
  "oci_load_balancer_listener",
  "oci_load_balancer_rule_set",
  "oci_load_balancer_ssl_cipher_suite",
  "oci_objectstorage_object_lifecycle_policy",
  "oci_objectstorage_replication_policy",
]);

export const requiredTags = ociRule({
  id: "MF-OCI-TAG-1",
  severity: "error",
  title: `Every OCI resource that takes freeform_tags carries ${REQUIRED_TAG_KEYS.join(", ")}`,
  fix: 'Apply TaggingAspect with standardTags(...) and "freeformTags" at the stack (it fills the keys a resource\'s own tags lack); never set freeform_tags to a token that hides them.',
  mirrors: [],
  appliesTo: ["oci_*"],
  check: (block) => {
    const tags = block.config.freeform_tags;
    if (tags === undefined && TYPES_WITHOUT_FREEFORM_TAGS.has(block.type)) return [];
    if (typeof tags === "string") return [`freeform_tags is an expression (${tags}), so the required keys cannot be verified`];
    const missing = REQUIRED_TAG_KEYS.filter((key) => typeof tags?.[key] !== "string" || tags[key] === "");
    return missing.length > 0 ? [`lacks freeform tag(s) ${missing.join(", ")}`] : [];
  },
});

export const taggingRules = [requiredTags];
