import { OciWafPolicy, OWASP_PROTECTION_CAPABILITIES, type OciWafPolicyProps } from "../../../constructs/oci/waf";
import { onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { COMPARTMENT_ID, primaryContext } from "./fixtures";

const baseProps: OciWafPolicyProps = { context: primaryContext, compartmentId: COMPARTMENT_ID, rateLimitPer5Minutes: 2000, mode: "block", logRetentionDays: 90 };
const synth = (overrides: Partial<OciWafPolicyProps> = {}): SynthJson =>
  synthJson((scope) => {
    new OciWafPolicy(scope, "waf", { ...baseProps, ...overrides });
  });
const POLICY = "oci_waf_web_app_firewall_policy";

describe("OciWafPolicy", () => {
  const policy = onlyConfigOf(synth(), POLICY);

  it("defines a CHECK action and a 403 block action", () => {
    expect(policy.actions).toEqual([
      { name: "check", type: "CHECK" },
      { name: "block-403", type: "RETURN_HTTP_RESPONSE", code: 403, body: [{ type: "STATIC_TEXT", text: '{"error":"forbidden"}' }] },
    ]);
  });

  it("enables the OWASP protection capabilities (SQLi, XSS, RCE, PHP injection, LFI) and blocks matches", () => {
    const [rule] = policy.request_protection[0].rules;
    expect(rule).toMatchObject({ name: "owasp-top-10", type: "PROTECTION", action_name: "block-403" });
    expect(rule.protection_capabilities).toEqual(OWASP_PROTECTION_CAPABILITIES.map((c) => ({ key: c.key, version: c.version })));
    expect(rule.protection_capabilities.map((c: { key: string }) => c.key)).toEqual(
      expect.arrayContaining(["9420000", "9410000", "9320000", "9320001", "9330000", "9300000"]),
    );
  });

  it("rate-limits each client IP to the environment's requests per 5 minutes", () => {
    expect(policy.request_rate_limiting).toEqual([
      {
        rules: [
          {
            name: "per-client-ip",
            type: "REQUEST_RATE_LIMITING",
            action_name: "block-403",
            configurations: [{ period_in_seconds: 300, requests_limit: 2000, action_duration_in_seconds: 300 }],
          },
        ],
      },
    ]);
  });

  it("only logs (CHECK) in count mode", () => {
    const counting = onlyConfigOf(synth({ mode: "count" }), POLICY);
    expect(counting.request_protection[0].rules[0].action_name).toBe("check");
    expect(counting.request_rate_limiting[0].rules[0].action_name).toBe("check");
  });

  it("rejects impossible limits and modes", () => {
    expect(() => synth({ rateLimitPer5Minutes: 5 })).toThrow(/rateLimitPer5Minutes is 5; use a whole number from 10/);
    expect(() => synth({ mode: "allow" as never })).toThrow(/mode "allow" is invalid/);
  });
});
