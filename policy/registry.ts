/**
 * The rule sets of the pack, one per cloud (policy/rules/<cloud>/index.ts).
 * A stack is checked by the sets of the clouds whose providers it uses; a
 * cloud without a set here is reported as unchecked, never failed.
 *
 * To add a cloud: write policy/rules/<cloud>/*.ts with rules whose `cloud` is
 * that cloud and whose appliesTo names its resource types, export them as one
 * list from policy/rules/<cloud>/index.ts, and add it below. GCP, Azure and
 * OCI rule sets come with those clouds' issues.
 */
import type { Cloud, Rule } from "./engine/types";
import { AWS_RULES } from "./rules/aws";
import { AZURE_RULES } from "./rules/azure";
import { GCP_RULES } from "./rules/gcp";
import { OCI_RULES } from "./rules/oci";

export const RULE_SETS: Readonly<Partial<Record<Cloud, readonly Rule[]>>> = {
  aws: AWS_RULES,
  azure: AZURE_RULES,
  gcp: GCP_RULES,
  oci: OCI_RULES,
};
