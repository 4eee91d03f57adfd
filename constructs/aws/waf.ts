import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { Wafv2WebAcl, type Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import type { WafHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import type { DeploymentContext, WafSpec } from "../core/specs";
import { AwsKmsKey } from "./kms";
import { awsAccount } from "./account";

/** Retention values CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
/** WAF logging destinations must carry this name prefix (AWS requirement). */
export const WAF_LOG_GROUP_PREFIX = "aws-waf-logs-";
/** AWS WAF's bounds for a rate-based rule's limit. */
const RATE_LIMIT_MIN = 10;
const RATE_LIMIT_MAX = 2_000_000_000;

/** The AWS managed rule groups every web ACL runs, in priority order. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesSQLiRuleSet",
] as const;
export const RATE_LIMIT_RULE_NAME = "RateLimitPerIp";

export interface AwsWebAclProps extends WafSpec {
  readonly context: DeploymentContext;
  /**
   * `REGIONAL` protects load balancers in this region. `CLOUDFRONT` protects a
   * distribution and must be created in us-east-1: the stack passes a
   * us-east-1 provider for it (the log group and key follow that provider).
   */
  readonly scope: "REGIONAL" | "CLOUDFRONT";
  /**
   * ARN of a regional resource (e.g. an ALB) to protect. REGIONAL scope only;
   * CloudFront attaches its web ACL on the distribution instead.
   * @default no association is created here (the protected resource attaches the ACL)
   */
  readonly associateWithArn?: string;
}

/**
 * A WAFv2 web ACL: allow by default, AWS managed rule groups (common, known
 * bad inputs, SQL injection) and a per-IP rate limit, all blocking (or only
 * counting in `count` mode). Every rule publishes CloudWatch metrics and
 * sampled requests; full logs go to a KMS-encrypted log group, with the
 * authorization and cookie headers redacted.
 */
export class AwsWebAcl extends Construct implements WafHandle {
  readonly webAcl: Wafv2WebAcl;
  readonly logGroup: CloudwatchLogGroup;
  readonly logKey: AwsKmsKey;
  readonly loggingConfiguration: Wafv2WebAclLoggingConfiguration;
  readonly association?: Wafv2WebAclAssociation;
  /** ARN of the web ACL (what load balancers and distributions attach). */
  readonly wafId: string;

  constructor(scope: Construct, id: string, props: AwsWebAclProps) {
    super(scope, id);
    validate(props);
    const name = resourceName(props.context, props.scope === "CLOUDFRONT" ? "cf-waf" : "waf", 128);
    const metric = name.replace(/-/g, "_");
    const counting = props.mode === "count";
    const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

    const managedRules: Wafv2WebAclRule[] = MANAGED_RULE_GROUPS.map((group, priority) => ({
      name: group,
      priority,
      // `none` keeps each rule's own action (block); `count` turns the whole group into observation.
      overrideAction: counting ? { count: {} } : { none: {} },
      // The statement block is untyped in the bindings: its keys are Terraform's own (snake_case).
      statement: { managed_rule_group_statement: { vendor_name: "AWS", name: group } },
      visibilityConfig: visibility(`${metric}_${group}`),
    }));
    const rateRule: Wafv2WebAclRule = {
      name: RATE_LIMIT_RULE_NAME,
      priority: MANAGED_RULE_GROUPS.length,
      action: counting ? { count: {} } : { block: {} },
      statement: {
        rate_based_statement: { limit: props.rateLimitPer5Minutes, aggregate_key_type: "IP", evaluation_window_sec: 300 },
      },
      visibilityConfig: visibility(`${metric}_${RATE_LIMIT_RULE_NAME}`),
    };

    this.webAcl = new Wafv2WebAcl(this, "web-acl", {
      name,
      description: `MockForge ${props.scope === "CLOUDFRONT" ? "CloudFront" : "regional"} web ACL (${props.mode} mode)`,
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: [...managedRules, rateRule],
      visibilityConfig: visibility(metric),
    });
    this.wafId = this.webAcl.arn;

    // The log group follows the provider's region (us-east-1 for CLOUDFRONT), so the key policy asks the provider.
    const account = awsAccount(this);
    const region = new DataAwsRegion(this, "region");
    const logGroupName = `${WAF_LOG_GROUP_PREFIX}${name}`;
    const logGroupArn = `arn:${account.partition}:logs:${region.region}:${account.accountId}:log-group:${logGroupName}`;

    this.logKey = new AwsKmsKey(this, "log-key", {
      context: props.context,
      name: `${props.scope.toLowerCase()}-waf-logs`,
      description: `Encrypts the logs of web ACL ${name}`,
      serviceGrants: [
        {
          servicePrincipal: `logs.${region.region}.amazonaws.com`,
          conditions: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
        },
      ],
    });

    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: this.logKey.arn,
    });

    // Our own resource policy, scoped to this log group: otherwise WAF edits the shared
    // AWSWAF-LOGS policy, which overflows its size limit in busy accounts.
    const deliveryPolicy = new CloudwatchLogResourcePolicy(this, "log-delivery-policy", {
      policyName: `${name}-log-delivery`,
      policyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: `${this.logGroup.arn}:*`,
            Condition: {
              StringEquals: { "aws:SourceAccount": account.accountId },
              ArnLike: { "aws:SourceArn": `arn:${account.partition}:logs:${region.region}:${account.accountId}:*` },
            },
          },
        ],
      }),
    });

    this.loggingConfiguration = new Wafv2WebAclLoggingConfiguration(this, "logging", {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      // Credentials and sessions never reach the logs.
      redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
      dependsOn: [deliveryPolicy],
    });

    if (props.associateWithArn !== undefined) {
      this.association = new Wafv2WebAclAssociation(this, "association", {
        resourceArn: props.associateWithArn,
        webAclArn: this.webAcl.arn,
      });
    }
  }
}

function validate(props: AwsWebAclProps): void {
  const limit = props.rateLimitPer5Minutes;
  if (!Number.isInteger(limit) || limit < RATE_LIMIT_MIN || limit > RATE_LIMIT_MAX) {
    throw new Error(`AwsWebAcl: rateLimitPer5Minutes ${limit} is invalid; use a whole number from ${RATE_LIMIT_MIN} to ${RATE_LIMIT_MAX}.`);
  }
  if (props.mode !== "block" && props.mode !== "count") {
    throw new Error(`AwsWebAcl: mode "${String(props.mode)}" is invalid; use "block" or "count".`);
  }
  if (props.scope !== "REGIONAL" && props.scope !== "CLOUDFRONT") {
    throw new Error(`AwsWebAcl: scope "${String(props.scope)}" is invalid; use "REGIONAL" or "CLOUDFRONT".`);
  }
  if (!LOG_RETENTION_DAYS.includes(props.logRetentionDays)) {
    throw new Error(
      `AwsWebAcl: logRetentionDays ${props.logRetentionDays} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION_DAYS.join(", ")}.`,
    );
  }
  if (props.associateWithArn !== undefined && props.scope === "CLOUDFRONT") {
    throw new Error(
      "AwsWebAcl: associateWithArn is set on a CLOUDFRONT-scope web ACL; CloudFront distributions attach their web ACL themselves (web_acl_id).",
    );
  }
}
