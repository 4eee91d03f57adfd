/** The Azure rule set, grouped by topic (one file each). */
import type { Rule } from "../../engine/types";
import { availabilityRules } from "./availability";
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

export const AZURE_RULES: readonly Rule[] = [
  ...encryptionRules,
  ...transitRules,
  ...networkRules,
  ...loggingRules,
  ...iamRules,
  ...secretRules,
  ...containerRules,
  ...availabilityRules,
  ...protectionRules,
  ...monitoringRules,
  ...taggingRules,
];
