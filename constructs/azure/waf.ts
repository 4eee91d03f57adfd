import { Construct } from "constructs";
import { CdnFrontdoorFirewallPolicy } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-firewall-policy";
import type { WafHandle } from "../core/kit";
import { FRONT_DOOR_SKU } from "./front-door-profile";
import { FRONT_DOOR_RATE_LIMIT_MAX as RATE_LIMIT_MAX, FRONT_DOOR_RATE_LIMIT_MIN as RATE_LIMIT_MIN } from "./limits";

/** Managed rule sets every policy runs, in order. */
export const MANAGED_RULE_SETS = [
  { type: "Microsoft_DefaultRuleSet", version: "2.1" },
  { type: "Microsoft_BotManagerRuleSet", version: "1.1" },
] as const;
export const RATE_LIMIT_RULE_NAME = "RateLimitPerIp";
/** Front Door counts rate-limited requests over 1 or 5 minutes; 5 matches the environment's per-5-minutes limit. */
export const RATE_LIMIT_WINDOW_MINUTES = 5;

export interface AzureFrontDoorWafProps {
  /** Policy name: letters and digits only, starting with a letter (1-128). */
  readonly name: string;
  readonly resourceGroupName: string;
  /** `Prevention` blocks; `Detection` only logs (development only). */
  readonly mode: "Prevention" | "Detection";
  /** Requests per client IP per 5 minutes before Front Door blocks it. */
  readonly rateLimitPer5Minutes: number;
}

/**
 * The Front Door WAF policy: Microsoft's Default Rule Set 2.1 (OWASP-style
 * protections with anomaly scoring) and Bot Manager 1.1, both blocking, plus
 * a per-client-IP rate limit; request bodies are inspected. In `Detection`
 * mode everything only logs.
 */
export class AzureFrontDoorWaf extends Construct implements WafHandle {
  readonly policy: CdnFrontdoorFirewallPolicy;
  readonly wafId: string;

  constructor(scope: Construct, id: string, props: AzureFrontDoorWafProps) {
    super(scope, id);
    validate(props);
    this.policy = new CdnFrontdoorFirewallPolicy(this, "policy", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      skuName: FRONT_DOOR_SKU,
      enabled: true,
      mode: props.mode,
      requestBodyCheckEnabled: true,
      customBlockResponseStatusCode: 403,
      managedRule: MANAGED_RULE_SETS.map((set) => ({ type: set.type, version: set.version, action: "Block" })),
      customRule: [
        {
          name: RATE_LIMIT_RULE_NAME,
          type: "RateLimitRule",
          action: "Block",
          enabled: true,
          // Custom rules run before the managed sets; a flood is cut off before any inspection.
          priority: 100,
          rateLimitDurationInMinutes: RATE_LIMIT_WINDOW_MINUTES,
          rateLimitThreshold: props.rateLimitPer5Minutes,
          // Every client address matches; Front Door counts per client IP.
          matchCondition: [{ matchVariable: "RemoteAddr", operator: "IPMatch", matchValues: ["0.0.0.0/0", "::/0"] }],
        },
      ],
    });
    this.wafId = this.policy.id;
  }
}

function validate(props: AzureFrontDoorWafProps): void {
  if (!/^[a-zA-Z][a-zA-Z0-9]{0,127}$/.test(props.name)) {
    throw new Error(`AzureFrontDoorWaf: name "${props.name}" is invalid; use 1-128 letters and digits, starting with a letter.`);
  }
  if (props.mode !== "Prevention" && props.mode !== "Detection") {
    throw new Error(`AzureFrontDoorWaf: mode "${String(props.mode)}" is invalid; use "Prevention" or "Detection".`);
  }
  const limit = props.rateLimitPer5Minutes;
  if (!Number.isInteger(limit) || limit < RATE_LIMIT_MIN || limit > RATE_LIMIT_MAX) {
    throw new Error(`AzureFrontDoorWaf: rateLimitPer5Minutes ${limit} is invalid; use a whole number from ${RATE_LIMIT_MIN} to ${RATE_LIMIT_MAX}.`);
  }
}
