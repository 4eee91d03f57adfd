import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciResource } from "./base";

/** A `conditions` block of a rule. */
export interface LoadBalancerRuleSetCondition {
  /** E.g. `PATH`. */
  readonly attributeName: string;
  /** E.g. `/`. */
  readonly attributeValue: string;
  /**
   * E.g. `FORCE_LONGEST_PREFIX_MATCH`.
   * @default exact match
   */
  readonly operator?: string;
}

/** The `redirect_uri` block; `{protocol}`, `{host}`, `{port}`, `{path}`, `{query}` keep the request's value. */
export interface LoadBalancerRuleSetRedirectUri {
  /**
   * Target protocol, e.g. `HTTPS`.
   * @default "{protocol}" (unchanged)
   */
  readonly protocol?: string;
  /**
   * Target host.
   * @default "{host}" (unchanged)
   */
  readonly host?: string;
  /**
   * Target port.
   * @default the request's port
   */
  readonly port?: number;
  /**
   * Target path.
   * @default "{path}" (unchanged)
   */
  readonly path?: string;
  /**
   * Target query string.
   * @default "{query}" (unchanged)
   */
  readonly query?: string;
}

/** An `items` block (one rule). */
export interface LoadBalancerRuleSetItem {
  /** The action, e.g. `REDIRECT` or `ADD_HTTP_RESPONSE_HEADER`. */
  readonly action: string;
  /**
   * Conditions of a REDIRECT rule.
   * @default none
   */
  readonly conditions?: readonly LoadBalancerRuleSetCondition[];
  /**
   * Target of a REDIRECT rule.
   * @default none
   */
  readonly redirectUri?: LoadBalancerRuleSetRedirectUri;
  /**
   * HTTP status of a REDIRECT rule.
   * @default 302
   */
  readonly responseCode?: number;
  /**
   * Header name (header actions).
   * @default none
   */
  readonly header?: string;
  /**
   * Header value (add-header actions).
   * @default none
   */
  readonly value?: string;
}

/** `oci_load_balancer_rule_set` arguments (website/docs/r/load_balancer_rule_set.html.markdown). */
export interface LoadBalancerRuleSetConfig extends TerraformMetaArguments {
  /** The rules. */
  readonly items: readonly LoadBalancerRuleSetItem[];
  /** The OCID of the load balancer. */
  readonly loadBalancerId: string;
  /** Name of the rule set. */
  readonly name: string;
}

/** A rule set of a load balancer (redirects, header rules). */
export class LoadBalancerRuleSet extends OciResource {
  static readonly tfResourceType = "oci_load_balancer_rule_set";

  constructor(scope: Construct, id: string, config: LoadBalancerRuleSetConfig) {
    super(scope, id, LoadBalancerRuleSet.tfResourceType, config);
  }
}
