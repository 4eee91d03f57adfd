import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** An `actions` block: a named action rules refer to. */
export interface WafPolicyAction {
  /** Action name. */
  readonly name: string;
  /** `CHECK`, `ALLOW` or `RETURN_HTTP_RESPONSE`. */
  readonly type: string;
  /**
   * Response code of a `RETURN_HTTP_RESPONSE` action.
   * @default none
   */
  readonly code?: number;
  /**
   * Response body of a `RETURN_HTTP_RESPONSE` action.
   * @default an empty body
   */
  readonly body?: { readonly type: string; readonly text: string };
}

/** A `protection_capabilities` block: one OCI-managed (OWASP CRS based) protection. */
export interface WafProtectionCapability {
  /** Capability key, e.g. `9420000` (SQL injection collaborative group). */
  readonly key: string;
  /** Capability version. */
  readonly version: number;
}

/** A `request_protection.rules` block. */
export interface WafRequestProtectionRule {
  /** Action applied when a capability triggers. */
  readonly actionName: string;
  /** Rule name. */
  readonly name: string;
  /** `PROTECTION`. */
  readonly type: string;
  /** The capabilities evaluated, in order. */
  readonly protectionCapabilities: readonly WafProtectionCapability[];
}

/** A rate limiting `configurations` block. */
export interface WafRateLimitingConfiguration {
  /** Evaluation period in seconds. */
  readonly periodInSeconds: number;
  /** Requests allowed per client per period. */
  readonly requestsLimit: number;
  /**
   * Seconds the action keeps applying once the limit is reached.
   * @default 0
   */
  readonly actionDurationInSeconds?: number;
}

/** A `request_rate_limiting.rules` block. */
export interface WafRequestRateLimitingRule {
  /** Action applied to requests over the limit. */
  readonly actionName: string;
  /** Rule name. */
  readonly name: string;
  /** `REQUEST_RATE_LIMITING`. */
  readonly type: string;
  /** The limits. */
  readonly configurations: readonly WafRateLimitingConfiguration[];
  /**
   * A JMESPath condition selecting the requests counted.
   * @default every request
   */
  readonly condition?: string;
  /**
   * Language of `condition`.
   * @default "JMESPATH"
   */
  readonly conditionLanguage?: string;
}

/** `oci_waf_web_app_firewall_policy` arguments (website/docs/r/waf_web_app_firewall_policy.html.markdown). */
export interface WafWebAppFirewallPolicyConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /**
   * Actions that rules refer to by name.
   * @default none
   */
  readonly actions?: readonly WafPolicyAction[];
  /**
   * A display name.
   * @default a generated name
   */
  readonly displayName?: string;
  /**
   * OCI-managed protection capabilities for requests.
   * @default none
   */
  readonly requestProtection?: { readonly rules: readonly WafRequestProtectionRule[] };
  /**
   * Per-client request rate limits.
   * @default none
   */
  readonly requestRateLimiting?: { readonly rules: readonly WafRequestRateLimitingRule[] };
}

/** A web application firewall policy. */
export class WafWebAppFirewallPolicy extends OciTaggableResource {
  static readonly tfResourceType = "oci_waf_web_app_firewall_policy";

  constructor(scope: Construct, id: string, config: WafWebAppFirewallPolicyConfig) {
    super(scope, id, WafWebAppFirewallPolicy.tfResourceType, config);
  }
}
