/**
 * The OCI rule set (oracle/oci provider, resource types oci_*), grouped by
 * topic (one file each). Conventions the rules rely on:
 *
 * - Deletion guards: OCI databases, buckets, volumes and instances have no
 *   deletion-protection flag, so staging/production need Terraform's
 *   lifecycle.prevent_destroy (what the constructs set) or a DELETE/FULL
 *   resource lock; load balancers use is_delete_protection_enabled.
 * - Logs are OCI Logging service logs found by their source (service,
 *   category, resource): loadbalancer access, waf, objectstorage read/write
 *   (the resource is the bucket name), flowlogs per subnet or VCN.
 * - Redis Sentinel nodes are the oci_core_instances with the freeform tag
 *   mockforge-role = redis-sentinel (constructs/oci/redis-sentinel.ts); their
 *   spread is (availability domain, fault domain).
 * - Images are instance metadata keys ending in "image" (the service's
 *   mockforge-image) and container instance image_url; they must be
 *   <region>.ocir.io/<namespace>/mockforge-*:<tag|digest>.
 * - Alarms are found by namespace, metric and dimension in their MQL query.
 * - Not checked because OCI offers nothing to configure: customer keys and
 *   TLS enforcement for OCI Database with PostgreSQL (always encrypted with
 *   Oracle keys, TLS-only) and OCI Logging, TLS-only bucket policies (Object
 *   Storage is HTTPS-only), a CDN's TLS policy and logs (OCI has no CDN; Web
 *   Application Acceleration runs on the checked load balancer listeners).
 */
import type { Rule } from "../../engine/types";
import { availabilityRules } from "./availability";
import { computeRules } from "./compute";
import { containerRules } from "./containers";
import { encryptionRules } from "./encryption";
import { iamRules } from "./iam";
import { loggingRules } from "./logging";
import { monitoringRules } from "./monitoring";
import { networkRules } from "./network";
import { protectionRules } from "./protection";
import { secretRules } from "./secrets";
import { taggingRules } from "./tagging";
import { transitRules } from "./transit";

export const OCI_RULES: readonly Rule[] = [
  ...encryptionRules,
  ...transitRules,
  ...networkRules,
  ...computeRules,
  ...loggingRules,
  ...iamRules,
  ...secretRules,
  ...containerRules,
  ...availabilityRules,
  ...protectionRules,
  ...monitoringRules,
  ...taggingRules,
];
