import type { Construct } from "constructs";
import type { Tier } from "../../../policy/engine/types";

/** One rule, proven both ways: a minimal violating construct and a compliant one. */
export interface RuleCase {
  readonly rule: string;
  /** Which branch of the rule this case exercises, when a rule has several. */
  readonly variant?: string;
  /** @default "production" */
  readonly tier?: Tier;
  readonly bad: (scope: Construct) => void;
  /** What the finding's message must say. */
  readonly message: RegExp;
  readonly good: (scope: Construct) => void;
}

export const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
