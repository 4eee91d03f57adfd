import { GcpAlarms, type GcpAlarmsProps } from "../../../constructs/gcp/alarms";
import { configsOf, synthJson, type SynthJson } from "../../support/synth";
import { primaryContext } from "./fixtures";
import { ALARM_THRESHOLDS } from "../../support/specs";

const props: GcpAlarmsProps = {
  context: primaryContext,
  projectId: "mockforge-prod",
  serviceName: "mockforge-prod-usc1-server",
  databaseInstanceNames: ["mockforge-prod-usc1-postgres", "mockforge-prod-usc1-postgres-replica-1"],
  replicaInstanceNames: ["mockforge-prod-usc1-postgres-replica-1"],
  databaseMaxConnections: 500,
  redisInstanceNames: ["mockforge-prod-usc1-redis-1", "mockforge-prod-usc1-redis-2", "mockforge-prod-usc1-redis-3"],
  ...ALARM_THRESHOLDS,
  emails: ["oncall@mockforge.cloud"],
};
const synth = (overrides: Partial<GcpAlarmsProps> = {}): SynthJson => synthJson((scope) => new GcpAlarms(scope, "alarms", { ...props, ...overrides }));

describe("GcpAlarms", () => {
  const json = synth();
  const policies = configsOf(json, "google_monitoring_alert_policy");
  const byTitle = (fragment: string) => policies.filter((p) => p.display_name.includes(fragment));
  const threshold = (fragment: string) => byTitle(fragment)[0].conditions[0].condition_threshold;
  const channel = configsOf(json, "google_monitoring_notification_channel")[0];

  it("notifies an e-mail channel per on-call address (its settings are not tags)", () => {
    expect(channel).toMatchObject({ type: "email", labels: { email_address: "oncall@mockforge.cloud" } });
    for (const p of policies) expect(p.notification_channels).toHaveLength(1);
  });

  it("alerts on the 5xx share of Cloud Run requests above the runbook's percentage", () => {
    const t = threshold("5xx rate");
    expect(t).toMatchObject({ comparison: "COMPARISON_GT", threshold_value: 0.01, evaluation_missing_data: "EVALUATION_MISSING_DATA_INACTIVE" });
    expect(t.filter).toContain('metric.labels.response_code_class = "5xx"');
    expect(t.filter).toContain('resource.labels.service_name = "mockforge-prod-usc1-server"');
    expect(t.denominator_filter).toContain('metric.type = "run.googleapis.com/request_count"');
    expect(t.aggregations[0].alignment_period).toBe("300s");
  });

  it("alerts on p95 latency above the runbook's milliseconds", () => {
    const t = threshold("p95 latency");
    expect(t).toMatchObject({ threshold_value: 500, aggregations: [expect.objectContaining({ cross_series_reducer: "REDUCE_PERCENTILE_95" })] });
    expect(t.filter).toContain("run.googleapis.com/request_latencies");
  });

  it("alerts on average CPU and memory above the runbook's percentages", () => {
    expect(threshold("service CPU")).toMatchObject({ threshold_value: 0.8, filter: expect.stringContaining("container/cpu/utilizations") });
    expect(threshold("service memory")).toMatchObject({ threshold_value: 0.85, filter: expect.stringContaining("container/memory/utilizations") });
  });

  it("alerts on Postgres connections above the share of max_connections, per instance", () => {
    const connections = byTitle("Postgres connections");
    expect(connections).toHaveLength(2);
    expect(connections[0].conditions[0].condition_threshold).toMatchObject({ threshold_value: 400, filter: expect.stringContaining('database_id = "mockforge-prod:mockforge-prod-usc1-postgres"') });
  });

  it("alerts on replica lag above the runbook's seconds, per replica", () => {
    const lag = byTitle("replica lag");
    expect(lag).toHaveLength(1);
    expect(lag[0].conditions[0].condition_threshold).toMatchObject({ threshold_value: 30, filter: expect.stringContaining("database/replication/replica_lag") });
  });

  it("alerts when a Redis node stops reporting", () => {
    const down = byTitle("Redis node down");
    expect(down).toHaveLength(3);
    expect(down[0].conditions[0].condition_absent).toMatchObject({ duration: "300s", filter: expect.stringContaining('metric.labels.instance_name = "mockforge-prod-usc1-redis-1"') });
  });

  it("documents each alert and closes incidents on recovery", () => {
    for (const p of policies) {
      expect(p).toMatchObject({ combiner: "OR", alert_strategy: { auto_close: "1800s" }, documentation: { mime_type: "text/markdown" } });
      expect(p.documentation.content.length).toBeGreaterThan(10);
    }
  });

  it("creates no channel without addresses", () => {
    expect(configsOf(synth({ emails: [] }), "google_monitoring_notification_channel")).toEqual([]);
  });

  it.each<[string, Partial<GcpAlarmsProps>, RegExp]>([
    ["a 5xx share above 100%", { http5xxPercent: 120 }, /http5xxPercent 120 is invalid/],
    ["a zero period", { periodMinutes: 0 }, /periodMinutes 0 is invalid/],
    ["a bad address", { emails: ["oncall"] }, /emails entry "oncall"/],
  ])("rejects %s", (_, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
