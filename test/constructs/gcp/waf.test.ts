import {
  DEFAULT_RULE_PRIORITY,
  GcpCloudArmorPolicy,
  GcpEdgeSecurityPolicy,
  PRECONFIGURED_WAF_RULES,
  RATE_LIMIT_PRIORITY,
  type GcpCloudArmorPolicyProps,
} from "../../../constructs/gcp/waf";
import { onlyConfigOf, synthJson } from "../../support/synth";

const context = { cloud: "gcp" as const, environment: "prod", region: "global", primary: true };
const props: GcpCloudArmorPolicyProps = { context, rateLimitPer5Minutes: 2000, mode: "block", logRetentionDays: 365 };
const policyOf = (overrides: Partial<GcpCloudArmorPolicyProps> = {}) =>
  onlyConfigOf(synthJson((scope) => new GcpCloudArmorPolicy(scope, "waf", { ...props, ...overrides })), "google_compute_security_policy");

describe("GcpCloudArmorPolicy", () => {
  const policy = policyOf();
  const rules: Array<Record<string, any>> = policy.rule;
  const wafRules = rules.filter((r) => r.match.expr);

  it("is a backend security policy", () => {
    expect(policy).toMatchObject({ type: "CLOUD_ARMOR", name: "mockforge-prod-global-api-armor" });
  });

  it("denies with the preconfigured OWASP rules: sqli, xss, lfi, rce, scanner detection", () => {
    expect(PRECONFIGURED_WAF_RULES).toEqual(["sqli-v33-stable", "xss-v33-stable", "lfi-v33-stable", "rce-v33-stable", "scannerdetection-v33-stable"]);
    expect(wafRules.map((r) => r.match.expr.expression)).toEqual(
      PRECONFIGURED_WAF_RULES.map((set) => `evaluatePreconfiguredWaf('${set}', {'sensitivity': 1})`),
    );
    for (const rule of wafRules) expect(rule).toMatchObject({ action: "deny(403)", preview: false });
  });

  it("bans a client IP that exceeds the environment's limit per 5 minutes", () => {
    const rate = rules.find((r) => r.action === "rate_based_ban")!;
    expect(rate).toMatchObject({
      priority: RATE_LIMIT_PRIORITY,
      preview: false,
      match: { versioned_expr: "SRC_IPS_V1", config: { src_ip_ranges: ["*"] } },
      rate_limit_options: {
        enforce_on_key: "IP",
        conform_action: "allow",
        exceed_action: "deny(429)",
        rate_limit_threshold: { count: 2000, interval_sec: 300 },
        ban_duration_sec: 600,
      },
    });
    expect(policyOf({ rateLimitPer5Minutes: 1000 }).rule[0].rate_limit_options.rate_limit_threshold.count).toBe(1000);
  });

  it("turns on adaptive protection", () => {
    expect(policy.adaptive_protection_config).toEqual({ layer_7_ddos_defense_config: { enable: true, rule_visibility: "STANDARD" } });
  });

  it("logs verbosely", () => {
    expect(policy.advanced_options_config).toMatchObject({ log_level: "VERBOSE" });
  });

  it("allows what no rule denies, as the last rule", () => {
    expect(rules[rules.length - 1]).toMatchObject({ priority: DEFAULT_RULE_PRIORITY, action: "allow" });
  });

  it("only previews (counts) in count mode", () => {
    const counting = policyOf({ mode: "count" }).rule as Array<Record<string, any>>;
    expect(counting.filter((r) => r.priority !== DEFAULT_RULE_PRIORITY).every((r) => r.preview === true)).toBe(true);
  });

  it.each<[string, Partial<GcpCloudArmorPolicyProps>, RegExp]>([
    ["a zero rate limit", { rateLimitPer5Minutes: 0 }, /rateLimitPer5Minutes 0 is invalid/],
    ["an unknown mode", { mode: "log" as "count" }, /mode "log" is invalid/],
    ["a sensitivity Cloud Armor lacks", { sensitivity: 5 }, /sensitivity 5 is invalid/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => policyOf(overrides)).toThrow(message);
  });
});

describe("GcpEdgeSecurityPolicy", () => {
  const edgeOf = (blockedIpRanges?: string[]) =>
    onlyConfigOf(synthJson((scope) => new GcpEdgeSecurityPolicy(scope, "edge", { context, blockedIpRanges })), "google_compute_security_policy");

  it("is an edge policy that allows by default", () => {
    const edge = edgeOf();
    expect(edge.type).toBe("CLOUD_ARMOR_EDGE");
    expect(edge.rule).toEqual([expect.objectContaining({ priority: DEFAULT_RULE_PRIORITY, action: "allow" })]);
  });

  it("denies blocked ranges before the cache", () => {
    expect(edgeOf(["203.0.113.0/24"]).rule[0]).toMatchObject({ action: "deny(403)", match: { config: { src_ip_ranges: ["203.0.113.0/24"] } } });
  });
});
