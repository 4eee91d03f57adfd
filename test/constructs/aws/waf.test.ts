import { TerraformOutput } from "cdktf";
import { AwsWebAcl, MANAGED_RULE_GROUPS, RATE_LIMIT_RULE_NAME, type AwsWebAclProps } from "../../../constructs/aws/waf";
import { configsOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";

const context = { cloud: "aws" as const, environment: "prod", region: "us-east-1", primary: true };
const baseProps: AwsWebAclProps = { context, scope: "REGIONAL", mode: "block", rateLimitPer5Minutes: 2000, logRetentionDays: 90 };

function synth(overrides: Partial<AwsWebAclProps> = {}): { json: SynthJson } {
  let waf: AwsWebAcl;
  const json = synthJson((scope) => {
    waf = new AwsWebAcl(scope, "waf", { ...baseProps, ...overrides });
    new TerraformOutput(scope, "waf_id", { value: waf.wafId });
  });
  return { json };
}
const idOf = (json: SynthJson, type: string) => resourcesOf(json, type)[0][0];
const rule = (acl: Record<string, any>, name: string) => acl.rule.find((r: any) => r.name === name);

describe("AwsWebAcl", () => {
  const { json } = synth();
  const acl = onlyConfigOf(json, "aws_wafv2_web_acl");

  it("allows by default at the requested scope", () => {
    expect(acl.scope).toBe("REGIONAL");
    expect(acl.default_action).toEqual({ allow: {} });
  });

  it("runs the common, known-bad-inputs and SQLi managed rule groups, enforcing their own actions in block mode", () => {
    expect(acl.rule.map((r: any) => r.name)).toEqual([...MANAGED_RULE_GROUPS, RATE_LIMIT_RULE_NAME]);
    expect(MANAGED_RULE_GROUPS).toEqual(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"]);
    for (const group of MANAGED_RULE_GROUPS) {
      const r = rule(acl, group);
      expect(r.statement).toEqual({ managed_rule_group_statement: { vendor_name: "AWS", name: group } });
      expect(r.override_action).toEqual({ none: {} });
    }
    expect(new Set(acl.rule.map((r: any) => r.priority)).size).toBe(4);
  });

  it("blocks clients above the per-IP rate limit in block mode", () => {
    const rate = rule(acl, RATE_LIMIT_RULE_NAME);
    expect(rate.statement.rate_based_statement).toEqual({ limit: 2000, aggregate_key_type: "IP", evaluation_window_sec: 300 });
    expect(rate.action).toEqual({ block: {} });
  });

  it("only counts in count mode", () => {
    const counting = onlyConfigOf(synth({ mode: "count", rateLimitPer5Minutes: 1000 }).json, "aws_wafv2_web_acl");
    for (const group of MANAGED_RULE_GROUPS) expect(rule(counting, group).override_action).toEqual({ count: {} });
    const rate = rule(counting, RATE_LIMIT_RULE_NAME);
    expect(rate.action).toEqual({ count: {} });
    expect(rate.statement.rate_based_statement.limit).toBe(1000);
  });

  it("publishes metrics and sampled requests for the ACL and every rule", () => {
    for (const config of [acl.visibility_config, ...acl.rule.map((r: any) => r.visibility_config)]) {
      expect(config.cloudwatch_metrics_enabled).toBe(true);
      expect(config.sampled_requests_enabled).toBe(true);
      expect(config.metric_name).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
    }
  });

  it("logs to a KMS-encrypted log group named aws-waf-logs-*, kept logRetentionDays", () => {
    const group = onlyConfigOf(json, "aws_cloudwatch_log_group");
    expect(group.name).toMatch(/^aws-waf-logs-/);
    expect(group.retention_in_days).toBe(90);
    expect(group.kms_key_id).toBe(`\${aws_kms_key.${idOf(json, "aws_kms_key")}.arn}`);
    expect(onlyConfigOf(json, "aws_kms_key").enable_key_rotation).toBe(true);
    const logging = onlyConfigOf(json, "aws_wafv2_web_acl_logging_configuration");
    expect(logging.resource_arn).toBe(`\${aws_wafv2_web_acl.${idOf(json, "aws_wafv2_web_acl")}.arn}`);
    expect(logging.log_destination_configs).toEqual([`\${aws_cloudwatch_log_group.${idOf(json, "aws_cloudwatch_log_group")}.arn}`]);
  });

  it("lets CloudWatch Logs use the key only for this log group", () => {
    const policy = JSON.parse(onlyConfigOf(json, "aws_kms_key").policy);
    const logs = policy.Statement.find((s: any) => typeof s.Principal.Service === "string");
    expect(logs.Principal.Service).toMatch(/^logs\..*\.amazonaws\.com$/);
    expect(logs.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).toMatch(/:log-group:aws-waf-logs-mockforge-prod-use1-waf$/);
  });

  it("grants log delivery through its own scoped resource policy", () => {
    const policy = JSON.parse(onlyConfigOf(json, "aws_cloudwatch_log_resource_policy").policy_document);
    const [statement] = policy.Statement;
    expect(statement.Principal).toEqual({ Service: "delivery.logs.amazonaws.com" });
    expect(statement.Resource).toBe(`\${aws_cloudwatch_log_group.${idOf(json, "aws_cloudwatch_log_group")}.arn}:*`);
    expect(statement.Condition.StringEquals["aws:SourceAccount"]).toBeDefined();
  });

  it("redacts the authorization and cookie headers from logs", () => {
    const logging = onlyConfigOf(json, "aws_wafv2_web_acl_logging_configuration");
    expect(logging.redacted_fields).toEqual([{ single_header: { name: "authorization" } }, { single_header: { name: "cookie" } }]);
  });

  it("exposes the ACL ARN as wafId", () => {
    expect(json.output?.waf_id.value).toBe(`\${aws_wafv2_web_acl.${idOf(json, "aws_wafv2_web_acl")}.arn}`);
  });

  it("associates with a regional resource only when asked", () => {
    expect(configsOf(json, "aws_wafv2_web_acl_association")).toEqual([]);
    const associated = synth({ associateWithArn: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/y" }).json;
    expect(onlyConfigOf(associated, "aws_wafv2_web_acl_association")).toEqual({
      resource_arn: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/y",
      web_acl_arn: `\${aws_wafv2_web_acl.${idOf(associated, "aws_wafv2_web_acl")}.arn}`,
    });
  });

  it("builds a CLOUDFRONT-scope ACL with its own name (no clash with a regional one in us-east-1)", () => {
    const edge = synth({ scope: "CLOUDFRONT" }).json;
    const edgeAcl = onlyConfigOf(edge, "aws_wafv2_web_acl");
    expect(edgeAcl.scope).toBe("CLOUDFRONT");
    expect(edgeAcl.name).not.toBe(acl.name);
    expect(onlyConfigOf(edge, "aws_cloudwatch_log_group").name).toMatch(/^aws-waf-logs-.*cf-waf$/);
  });

  describe("validation", () => {
    it.each([5, 2_000_000_001, 100.5])("rejects rateLimitPer5Minutes %p", (rateLimitPer5Minutes) => {
      expect(() => synth({ rateLimitPer5Minutes })).toThrow(/rateLimitPer5Minutes .* is invalid; use a whole number from 10 to 2000000000/);
    });
    it("rejects an unknown mode", () => {
      expect(() => synth({ mode: "observe" as never })).toThrow(/mode "observe" is invalid/);
    });
    it("rejects a retention CloudWatch does not offer", () => {
      expect(() => synth({ logRetentionDays: 45 })).toThrow(/logRetentionDays 45 is not a CloudWatch Logs retention/);
    });
    it("rejects an association on a CLOUDFRONT ACL", () => {
      expect(() => synth({ scope: "CLOUDFRONT", associateWithArn: "arn:x" })).toThrow(/associateWithArn is set on a CLOUDFRONT-scope web ACL/);
    });
  });
});
