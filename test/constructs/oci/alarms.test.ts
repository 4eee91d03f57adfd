import { OciAlarms, type OciAlarmsProps } from "../../../constructs/oci/alarms";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { COMPARTMENT_ID, configOf, primaryContext, ref } from "./fixtures";
import { ALARM_THRESHOLDS } from "../../support/specs";

const baseProps: OciAlarmsProps = {
  context: primaryContext,
  compartmentId: COMPARTMENT_ID,
  ...ALARM_THRESHOLDS,
  emails: ["oncall@mockforge.cloud", "backup@mockforge.cloud"],
  loadBalancerId: "ocid1.loadbalancer.oc1.iad.lb",
  instancePoolId: "ocid1.instancepool.oc1.iad.pool",
  dbSystemId: "ocid1.postgresqldbsystem.oc1.iad.db",
  databaseMaxConnections: 1000,
  databaseReplicates: true,
  redisInstanceIds: ["ocid1.instance.oc1.iad.r1", "ocid1.instance.oc1.iad.r2", "ocid1.instance.oc1.iad.r3"],
};
const synth = (overrides: Partial<OciAlarmsProps> = {}): SynthJson =>
  synthJson((scope) => {
    new OciAlarms(scope, "alarms", { ...baseProps, ...overrides });
  });
const ALARM = "oci_monitoring_alarm";

describe("OciAlarms", () => {
  const json = synth();
  const alarm = (key: string) => configOf(json, ALARM, `alarms_${key}`);
  const topic = ref(json, "oci_ons_notification_topic", "alarms");

  it("notifies one Notifications topic with an e-mail subscription per address", () => {
    expect(onlyConfigOf(json, "oci_ons_notification_topic").name).toBe("mockforge-prod-usash1-alarms");
    expect(configsOf(json, "oci_ons_subscription")).toEqual([
      expect.objectContaining({ protocol: "EMAIL", endpoint: "oncall@mockforge.cloud", topic_id: topic }),
      expect.objectContaining({ protocol: "EMAIL", endpoint: "backup@mockforge.cloud", topic_id: topic }),
    ]);
    for (const a of configsOf(json, ALARM)) {
      expect(a).toMatchObject({ destinations: [topic], is_enabled: true, pending_duration: "PT5M", metric_compartment_id: COMPARTMENT_ID });
    }
  });

  it("fires on the runbook's 5xx share and p95 latency at the load balancer", () => {
    expect(alarm("http-5xx")).toMatchObject({ namespace: "oci_lbaas", severity: "CRITICAL" });
    expect(alarm("http-5xx").query).toBe(
      '(HttpResponses5xx[5m]{resourceId = "ocid1.loadbalancer.oc1.iad.lb"}.sum() / HttpRequests[5m]{resourceId = "ocid1.loadbalancer.oc1.iad.lb"}.sum()) * 100 > 1',
    );
    expect(alarm("latency-p95").query).toBe('ResponseTimeHttpHeader[5m]{resourceId = "ocid1.loadbalancer.oc1.iad.lb"}.percentile(0.95) > 500');
  });

  it("fires on service CPU and memory above the runbook thresholds over the instance pool", () => {
    expect(alarm("service-cpu")).toMatchObject({ namespace: "oci_computeagent", query: 'CpuUtilization[5m]{instancePoolId = "ocid1.instancepool.oc1.iad.pool"}.mean() > 80' });
    expect(alarm("service-memory").query).toBe('MemoryUtilization[5m]{instancePoolId = "ocid1.instancepool.oc1.iad.pool"}.mean() > 85');
  });

  it("fires on database connections above the share of max_connections and on replica lag", () => {
    expect(alarm("database-connections")).toMatchObject({ namespace: "oci_postgresql", query: 'Connections[5m]{resourceId = "ocid1.postgresqldbsystem.oc1.iad.db"}.max() > 800' });
    expect(alarm("database-replica-lag").query).toBe('ReplicaLag[5m]{resourceId = "ocid1.postgresqldbsystem.oc1.iad.db"}.max() > 30');
    expect(configsOf(synth({ databaseReplicates: false }), ALARM).map((a) => a.display_name)).not.toContain("mockforge-prod-usash1-database-replica-lag");
  });

  it("fires when a Redis node stops reporting", () => {
    baseProps.redisInstanceIds.forEach((id, i) => {
      expect(alarm(`redis-node-${i + 1}-down`)).toMatchObject({ severity: "CRITICAL", query: `CpuUtilization[5m]{resourceId = "${id}"}.absent()` });
    });
  });

  it("creates no subscription without e-mails", () => {
    expect(configsOf(synth({ emails: [] }), "oci_ons_subscription")).toEqual([]);
  });

  it("rejects bad input naming the prop", () => {
    expect(() => synth({ periodMinutes: 0 })).toThrow(/periodMinutes is 0/);
    expect(() => synth({ cpuPercent: 120 })).toThrow(/cpuPercent is 120/);
    expect(() => synth({ emails: ["nope"] })).toThrow(/emails entry "nope" is not an e-mail address/);
  });
});
