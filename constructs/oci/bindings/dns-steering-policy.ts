import type { TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";
import { OciTaggableResource, type OciFreeformTags } from "./base";

/** An `answers` block. */
export interface DnsSteeringPolicyAnswer {
  /** Answer name, unique in the policy. */
  readonly name: string;
  /** Record data, e.g. a CNAME target. */
  readonly rdata: string;
  /** `A`, `AAAA` or `CNAME`. */
  readonly rtype: string;
  /**
   * Group name rules can refer to.
   * @default none
   */
  readonly pool?: string;
  /**
   * Administratively disabled.
   * @default false
   */
  readonly isDisabled?: boolean;
}

/** A `default_answer_data` / `answer_data` block. */
export interface DnsSteeringPolicyAnswerData {
  /** An expression selecting answers, e.g. `answer.name == 'x'`. */
  readonly answerCondition?: string;
  /**
   * Keep the answer (FILTER rules).
   * @default none
   */
  readonly shouldKeep?: boolean;
  /**
   * Weight or priority (WEIGHTED/PRIORITY rules), 0-255.
   * @default none
   */
  readonly value?: number;
}

/** A `rules` block. */
export interface DnsSteeringPolicyRule {
  /** `FILTER`, `HEALTH`, `WEIGHTED`, `PRIORITY` or `LIMIT`. */
  readonly ruleType: string;
  /**
   * Answer data applied when there are no cases.
   * @default none
   */
  readonly defaultAnswerData?: readonly DnsSteeringPolicyAnswerData[];
  /**
   * Answers kept by a LIMIT rule.
   * @default none
   */
  readonly defaultCount?: number;
  /**
   * What the rule is for.
   * @default none
   */
  readonly description?: string;
}

/** `oci_dns_steering_policy` arguments (website/docs/r/dns_steering_policy.html.markdown). */
export interface DnsSteeringPolicyConfig extends TerraformMetaArguments, OciFreeformTags {
  /** The OCID of the compartment. */
  readonly compartmentId: string;
  /** A display name. */
  readonly displayName: string;
  /** `FAILOVER`, `LOAD_BALANCE`, `ROUTE_BY_GEO`, `ROUTE_BY_ASN`, `ROUTE_BY_IP` or `CUSTOM`. */
  readonly template: string;
  /**
   * Every answer the policy may give.
   * @default none
   */
  readonly answers?: readonly DnsSteeringPolicyAnswer[];
  /**
   * Health check monitor whose results drive HEALTH rules.
   * @default none (answers are assumed healthy)
   */
  readonly healthCheckMonitorId?: string;
  /**
   * The rules, in the order the template prescribes.
   * @default none
   */
  readonly rules?: readonly DnsSteeringPolicyRule[];
  /**
   * TTL of responses in seconds.
   * @default 30
   */
  readonly ttl?: number;
}

/** A DNS traffic management steering policy. */
export class DnsSteeringPolicy extends OciTaggableResource {
  static readonly tfResourceType = "oci_dns_steering_policy";

  constructor(scope: Construct, id: string, config: DnsSteeringPolicyConfig) {
    super(scope, id, DnsSteeringPolicy.tfResourceType, config);
  }
}
