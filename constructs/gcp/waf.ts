import { Construct } from "constructs";
import { ComputeSecurityPolicy, type ComputeSecurityPolicyRule } from "@cdktf/provider-google/lib/compute-security-policy";
import type { WafHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import type { DeploymentContext, WafSpec } from "../core/specs";

/** Cloud Armor's preconfigured OWASP CRS 3.3 rule sets every API policy evaluates. */
export const PRECONFIGURED_WAF_RULES = ["sqli-v33-stable", "xss-v33-stable", "lfi-v33-stable", "rce-v33-stable", "scannerdetection-v33-stable"] as const;
export const RATE_LIMIT_PRIORITY = 100;
export const WAF_RULE_PRIORITY = 1000;
export const DEFAULT_RULE_PRIORITY = 2147483647;
/** The environment's limit is per 5 minutes: Cloud Armor counts over the same window. */
const RATE_WINDOW_SECONDS = 300;
const ALL_IPS = { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } };

const defaultRule = (description: string): ComputeSecurityPolicyRule => ({
  priority: DEFAULT_RULE_PRIORITY,
  action: "allow",
  description,
  match: ALL_IPS,
});

export interface GcpCloudArmorPolicyProps extends WafSpec {
  readonly context: DeploymentContext;
  /**
   * Adaptive protection: machine-learned layer 7 DDoS detection with suggested rules.
   * @default true
   */
  readonly adaptiveProtection?: boolean;
  /**
   * Seconds a client IP stays banned after exceeding the rate limit.
   * @default 600
   */
  readonly banDurationSeconds?: number;
  /**
   * Sensitivity of the preconfigured rules (1 = fewest false positives, 4 = paranoid).
   * @default 1
   */
  readonly sensitivity?: number;
}

/**
 * The Cloud Armor backend security policy on the API: a per-IP rate-based
 * ban over 5 minutes, the preconfigured OWASP rules (SQL injection, XSS,
 * local file inclusion, remote code execution, scanner detection) denying
 * with 403, adaptive protection and verbose logging (the load balancer's
 * request logs carry every decision). In `count` mode every rule only
 * previews: it logs what it would do. Its log retention is the project's
 * Cloud Logging retention (`logRetentionDays` does not apply).
 */
export class GcpCloudArmorPolicy extends Construct implements WafHandle {
  readonly policy: ComputeSecurityPolicy;
  /** Id (`projects/<p>/global/securityPolicies/<name>`) the backend service attaches. */
  readonly wafId: string;

  constructor(scope: Construct, id: string, props: GcpCloudArmorPolicyProps) {
    super(scope, id);
    validate(props);
    const preview = props.mode === "count";
    const sensitivity = props.sensitivity ?? 1;
    const rateRule: ComputeSecurityPolicyRule = {
      priority: RATE_LIMIT_PRIORITY,
      description: `Ban a client IP for ${props.banDurationSeconds ?? 600} s after ${props.rateLimitPer5Minutes} requests in 5 minutes`,
      action: "rate_based_ban",
      preview,
      match: ALL_IPS,
      rateLimitOptions: {
        conformAction: "allow",
        exceedAction: "deny(429)",
        enforceOnKey: "IP",
        rateLimitThreshold: { count: props.rateLimitPer5Minutes, intervalSec: RATE_WINDOW_SECONDS },
        banDurationSec: props.banDurationSeconds ?? 600,
      },
    };
    const wafRules: ComputeSecurityPolicyRule[] = PRECONFIGURED_WAF_RULES.map((ruleSet, i) => ({
      priority: WAF_RULE_PRIORITY + i,
      description: `OWASP CRS ${ruleSet.split("-")[0]} (preconfigured)`,
      action: "deny(403)",
      preview,
      match: { expr: { expression: `evaluatePreconfiguredWaf('${ruleSet}', {'sensitivity': ${sensitivity}})` } },
    }));
    this.policy = new ComputeSecurityPolicy(this, "policy", {
      name: resourceName(props.context, "api-armor"),
      description: `MockForge API: OWASP rules, per-IP rate ban (${props.mode} mode)`,
      type: "CLOUD_ARMOR",
      rule: [rateRule, ...wafRules, defaultRule("Allow what no rule above denies")],
      adaptiveProtectionConfig: { layer7DdosDefenseConfig: { enable: props.adaptiveProtection ?? true, ruleVisibility: "STANDARD" } },
      advancedOptionsConfig: { logLevel: "VERBOSE", jsonParsing: "STANDARD" },
    });
    this.wafId = this.policy.id;
  }
}

export interface GcpEdgeSecurityPolicyProps {
  readonly context: DeploymentContext;
  /**
   * Client ranges refused at the edge (break-glass blocking).
   * @default none
   */
  readonly blockedIpRanges?: readonly string[];
}

/**
 * The Cloud Armor edge security policy on the static assets (backend
 * bucket): evaluated at Google's edge before Cloud CDN serves from cache,
 * so blocked clients get nothing, cached or not. Edge policies match IPs and
 * regions only; the API's policy carries the OWASP rules and the rate ban.
 */
export class GcpEdgeSecurityPolicy extends Construct implements WafHandle {
  readonly policy: ComputeSecurityPolicy;
  readonly wafId: string;

  constructor(scope: Construct, id: string, props: GcpEdgeSecurityPolicyProps) {
    super(scope, id);
    const blocked = props.blockedIpRanges ?? [];
    if (blocked.length > 10) throw new Error(`GcpEdgeSecurityPolicy: blockedIpRanges has ${blocked.length} ranges; one Cloud Armor rule matches at most 10.`);
    const rules: ComputeSecurityPolicyRule[] = [];
    if (blocked.length > 0) {
      rules.push({ priority: WAF_RULE_PRIORITY, description: "Blocked client ranges", action: "deny(403)", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: [...blocked] } } });
    }
    rules.push(defaultRule("Allow cached assets to every client not blocked above"));
    this.policy = new ComputeSecurityPolicy(this, "policy", {
      name: resourceName(props.context, "assets-edge-armor"),
      description: "MockForge static assets: edge policy in front of Cloud CDN",
      type: "CLOUD_ARMOR_EDGE",
      rule: rules,
    });
    this.wafId = this.policy.id;
  }
}

function validate(props: GcpCloudArmorPolicyProps): void {
  const fail = (message: string): never => {
    throw new Error(`GcpCloudArmorPolicy: ${message}`);
  };
  if (!Number.isInteger(props.rateLimitPer5Minutes) || props.rateLimitPer5Minutes < 1) {
    fail(`rateLimitPer5Minutes ${props.rateLimitPer5Minutes} is invalid; use a positive whole number of requests.`);
  }
  if (props.mode !== "block" && props.mode !== "count") fail(`mode "${String(props.mode)}" is invalid; use "block" or "count".`);
  const ban = props.banDurationSeconds ?? 600;
  if (!Number.isInteger(ban) || ban < 1 || ban > 86400) fail(`banDurationSeconds ${ban} is invalid; use a whole number of seconds from 1 to 86400.`);
  const sensitivity = props.sensitivity ?? 1;
  if (![1, 2, 3, 4].includes(sensitivity)) fail(`sensitivity ${sensitivity} is invalid; Cloud Armor's preconfigured rules take 1 to 4.`);
}
