import { Construct } from "constructs";
import type { WafHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import type { DeploymentContext, WafSpec } from "../core/specs";
import { WafWebAppFirewallPolicy, type WafProtectionCapability } from "./bindings/waf-web-app-firewall-policy";

/**
 * OCI-managed protection capabilities (OWASP ModSecurity CRS based) for the
 * OWASP Top 10 request attacks: SQL injection, XSS, remote code execution
 * (Unix and Windows), PHP injection and local file inclusion.
 */
export const OWASP_PROTECTION_CAPABILITIES: readonly WafProtectionCapability[] = [
  { key: "9420000", version: 2 }, // SQL injection (SQLi) collaborative group
  { key: "9410000", version: 3 }, // Cross-site scripting (XSS) collaborative group
  { key: "941140", version: 2 }, // XSS filters, category 4
  { key: "9320000", version: 2 }, // Remote code execution (RCE), Unix collaborative group
  { key: "9320001", version: 2 }, // Remote code execution (RCE), Windows collaborative group
  { key: "9330000", version: 2 }, // PHP injection collaborative group
  { key: "9300000", version: 2 }, // Local file inclusion (LFI) collaborative group
  { key: "930120", version: 2 }, // LFI: OS file access
];

/** Seconds in the window the environment files express rate limits in. */
export const RATE_LIMIT_PERIOD_SECONDS = 300;
export const BLOCK_ACTION = "block-403";
export const CHECK_ACTION = "check";

export interface OciWafPolicyProps extends WafSpec {
  readonly context: DeploymentContext;
  readonly compartmentId: string;
}

/**
 * A web app firewall policy for the regional load balancer: the OWASP
 * protection capabilities, and a per-client-IP rate limit of
 * `rateLimitPer5Minutes` requests per 5 minutes (blocked for the next 5
 * minutes once exceeded). `mode: count` only logs matches (CHECK action).
 * The load balancer construct attaches it and sends its log to OCI Logging.
 */
export class OciWafPolicy extends Construct implements WafHandle {
  readonly policy: WafWebAppFirewallPolicy;
  readonly wafId: string;
  readonly logRetentionDays: number;

  constructor(scope: Construct, id: string, props: OciWafPolicyProps) {
    super(scope, id);
    if (!Number.isInteger(props.rateLimitPer5Minutes) || props.rateLimitPer5Minutes < 10 || props.rateLimitPer5Minutes > 2_000_000_000) {
      throw new Error(`OciWafPolicy: rateLimitPer5Minutes is ${props.rateLimitPer5Minutes}; use a whole number from 10 to 2000000000.`);
    }
    if (props.mode !== "block" && props.mode !== "count") {
      throw new Error(`OciWafPolicy: mode "${String(props.mode)}" is invalid; use "block" or "count".`);
    }
    const enforce = props.mode === "block" ? BLOCK_ACTION : CHECK_ACTION;
    this.logRetentionDays = props.logRetentionDays;
    this.policy = new WafWebAppFirewallPolicy(this, "policy", {
      compartmentId: props.compartmentId,
      displayName: resourceName(props.context, "waf-policy"),
      actions: [
        { name: CHECK_ACTION, type: "CHECK" },
        {
          name: BLOCK_ACTION,
          type: "RETURN_HTTP_RESPONSE",
          code: 403,
          body: { type: "STATIC_TEXT", text: '{"error":"forbidden"}' },
        },
      ],
      requestProtection: {
        rules: [
          {
            name: "owasp-top-10",
            type: "PROTECTION",
            actionName: enforce,
            protectionCapabilities: [...OWASP_PROTECTION_CAPABILITIES],
          },
        ],
      },
      requestRateLimiting: {
        rules: [
          {
            name: "per-client-ip",
            type: "REQUEST_RATE_LIMITING",
            actionName: enforce,
            // Counted per client IP address (OCI WAF's rate limiting key).
            configurations: [
              { periodInSeconds: RATE_LIMIT_PERIOD_SECONDS, requestsLimit: props.rateLimitPer5Minutes, actionDurationInSeconds: RATE_LIMIT_PERIOD_SECONDS },
            ],
          },
        ],
      },
    });
    this.wafId = this.policy.id;
  }
}
