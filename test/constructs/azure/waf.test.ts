import { AzureFrontDoorWaf, MANAGED_RULE_SETS, RATE_LIMIT_RULE_NAME, type AzureFrontDoorWafProps } from "../../../constructs/azure/waf";
import { onlyConfigOf, synthJson } from "../../support/synth";

const baseProps: AzureFrontDoorWafProps = { name: "mockforgeprodwaf", resourceGroupName: "rg", mode: "Prevention", rateLimitPer5Minutes: 2000 };
const policyOf = (overrides: Partial<AzureFrontDoorWafProps> = {}) =>
  onlyConfigOf(synthJson((scope) => new AzureFrontDoorWaf(scope, "waf", { ...baseProps, ...overrides })), "azurerm_cdn_frontdoor_firewall_policy");

describe("AzureFrontDoorWaf", () => {
  const policy = policyOf();

  it("is an enabled Premium policy in Prevention mode that inspects request bodies", () => {
    expect(policy).toMatchObject({ sku_name: "Premium_AzureFrontDoor", enabled: true, mode: "Prevention", request_body_check_enabled: true, custom_block_response_status_code: 403 });
  });

  it("only detects in Detection mode (development)", () => {
    expect(policyOf({ mode: "Detection" }).mode).toBe("Detection");
  });

  it("runs Microsoft_DefaultRuleSet 2.1 and Microsoft_BotManagerRuleSet, blocking", () => {
    expect(policy.managed_rule).toEqual([
      { type: "Microsoft_DefaultRuleSet", version: "2.1", action: "Block" },
      { type: "Microsoft_BotManagerRuleSet", version: "1.1", action: "Block" },
    ]);
    expect(MANAGED_RULE_SETS.map((s) => s.type)).toEqual(["Microsoft_DefaultRuleSet", "Microsoft_BotManagerRuleSet"]);
  });

  it("blocks a client IP above the environment's rate limit per 5 minutes", () => {
    expect(policy.custom_rule).toEqual([
      {
        name: RATE_LIMIT_RULE_NAME,
        type: "RateLimitRule",
        action: "Block",
        enabled: true,
        priority: 100,
        rate_limit_duration_in_minutes: 5,
        rate_limit_threshold: 2000,
        match_condition: [{ match_variable: "RemoteAddr", operator: "IPMatch", match_values: ["0.0.0.0/0", "::/0"] }],
      },
    ]);
    expect(policyOf({ rateLimitPer5Minutes: 1000 }).custom_rule[0].rate_limit_threshold).toBe(1000);
  });

  it.each([
    [{ name: "mockforge-prod-waf" }, /name "mockforge-prod-waf" is invalid; use 1-128 letters and digits/],
    [{ mode: "Block" as never }, /mode "Block" is invalid; use "Prevention" or "Detection"/],
    [{ rateLimitPer5Minutes: 5 }, /rateLimitPer5Minutes 5 is invalid; use a whole number from 10 to 10000000/],
  ])("rejects %j", (overrides, message) => {
    expect(() => policyOf(overrides)).toThrow(message);
  });
});
