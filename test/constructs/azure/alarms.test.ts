import { isoMinutes } from "../../../constructs/azure/action-group";
import { AzureAlarms, type AzureAlarmsProps } from "../../../constructs/azure/alarms";
import { configsOf, onlyConfigOf, synthJson, type SynthJson } from "../../support/synth";
import { context, ref } from "./fixtures";
import { ALARM_THRESHOLDS } from "../../support/specs";

const baseProps: AzureAlarmsProps = {
  context,
  resourceGroupName: "rg",
  containerAppId: "app-id",
  postgresServerIds: ["writer-id", "replica-1-id", "replica-2-id"],
  postgresReplicaIds: ["replica-1-id", "replica-2-id"],
  databaseMaxConnections: 1719,
  redisVmIds: ["vm-1", "vm-2", "vm-3"],
  ...ALARM_THRESHOLDS,
  emails: ["oncall@mockforge.cloud"],
};
const synth = (overrides: Partial<AzureAlarmsProps> = {}): SynthJson => synthJson((scope) => new AzureAlarms(scope, "alarms", { ...baseProps, ...overrides }));
const alertOn = (json: SynthJson, scope: string) => configsOf(json, "azurerm_monitor_metric_alert").filter((a) => a.scopes[0] === scope);

describe("AzureAlarms", () => {
  const json = synth();
  const alerts = configsOf(json, "azurerm_monitor_metric_alert");

  it("e-mails the on-call addresses through one action group", () => {
    const group = onlyConfigOf(json, "azurerm_monitor_action_group");
    expect(group).toMatchObject({ short_name: "mfprod", location: "global", enabled: true });
    expect(group.email_receiver).toEqual([{ name: "oncall-0", email_address: "oncall@mockforge.cloud", use_common_alert_schema: true }]);
    for (const alert of alerts) {
      expect(alert.action).toEqual([{ action_group_id: ref(json, "azurerm_monitor_action_group", "action-group") }]);
      expect(alert).toMatchObject({ enabled: true, auto_mitigate: true, frequency: "PT1M" });
    }
  });

  it("alarms on service CPU and memory at the runbook thresholds over the runbook window", () => {
    const [cpu, memory] = ["CpuPercentage", "MemoryPercentage"].map((m) => alertOn(json, "app-id").find((a) => a.criteria[0].metric_name === m)!);
    expect(cpu.criteria[0]).toMatchObject({ metric_namespace: "Microsoft.App/containerApps", aggregation: "Average", operator: "GreaterThan", threshold: 80 });
    expect(memory.criteria[0]).toMatchObject({ operator: "GreaterThan", threshold: 85 });
    expect(cpu.window_size).toBe("PT5M");
  });

  it("alarms on connections above 80% of max_connections on every server", () => {
    for (const server of baseProps.postgresServerIds) {
      const connections = alertOn(json, server).find((a) => a.criteria[0].metric_name === "active_connections")!;
      expect(connections.criteria[0]).toMatchObject({ metric_namespace: "Microsoft.DBforPostgreSQL/flexibleServers", aggregation: "Maximum", operator: "GreaterThan", threshold: 1375 });
    }
  });

  it("alarms on replica lag on every replica", () => {
    const lag = alerts.filter((a) => a.criteria[0].metric_name === "physical_replication_delay_in_seconds");
    expect(lag.map((a) => a.scopes[0])).toEqual(["replica-1-id", "replica-2-id"]);
    for (const a of lag) expect(a.criteria[0]).toMatchObject({ aggregation: "Maximum", operator: "GreaterThan", threshold: 30 });
  });

  it("alarms when a Redis node becomes unavailable", () => {
    for (const vm of baseProps.redisVmIds) {
      const [availability] = alertOn(json, vm);
      expect(availability.criteria[0]).toMatchObject({ metric_namespace: "Microsoft.Compute/virtualMachines", metric_name: "VmAvailabilityMetric", operator: "LessThan", threshold: 1 });
      expect(availability.severity).toBe(1);
    }
  });

  it("writes windows as ISO 8601 durations", () => {
    expect([1, 5, 60, 1440].map(isoMinutes)).toEqual(["PT1M", "PT5M", "PT1H", "P1D"]);
  });

  it.each([
    [{ periodMinutes: 7 }, /windowMinutes 7 is not an Azure Monitor window/],
    [{ cpuPercent: 0 }, /cpuPercent 0 is invalid/],
    [{ databaseMaxConnections: 0 }, /databaseMaxConnections 0 is invalid/],
    [{ emails: ["oncall"] }, /emails entry "oncall" is not an e-mail address/],
  ])("rejects %j", (overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
