import { AwsAlarms, type AwsAlarmsProps } from "../../../constructs/aws/alarms";
import { configsOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";
import { ALARM_THRESHOLDS } from "../../support/specs";

const context = { cloud: "aws" as const, environment: "prod", region: "us-east-1", primary: true };
const baseProps: AwsAlarmsProps = {
  context,
  ...ALARM_THRESHOLDS,
  emails: ["oncall@mockforge.cloud", "platform@mockforge.cloud"],
  loadBalancerArnSuffix: "app/mockforge-prod-use1-alb/abc",
  targetGroupArnSuffix: "targetgroup/mockforge-prod-use1-tg/def",
  clusterName: "mockforge-prod-use1-cluster",
  serviceName: "mockforge-prod-use1-service",
  databaseInstanceIdentifiers: ["db-writer", "db-replica-1", "db-replica-2"],
  replicaInstanceIdentifiers: ["db-replica-1", "db-replica-2"],
  databaseMaxConnections: 1000,
  redisInstanceIds: ["i-0a", "i-0b", "i-0c"],
};

let lastAlarms: AwsAlarms;
function synth(overrides: Partial<AwsAlarmsProps> = {}): SynthJson {
  return synthJson((scope) => {
    lastAlarms = new AwsAlarms(scope, "alarms", { ...baseProps, ...overrides });
  });
}
const topicRef = (json: SynthJson) => `\${aws_sns_topic.${resourcesOf(json, "aws_sns_topic")[0][0]}.arn}`;
const alarmsOf = (json: SynthJson) => configsOf(json, "aws_cloudwatch_metric_alarm");
const byMetric = (json: SynthJson, metric: string) => alarmsOf(json).filter((a) => a.metric_name === metric);

describe("AwsAlarms", () => {
  const json = synth();
  const alarms = lastAlarms;

  it("notifies a topic encrypted with a rotating customer managed key CloudWatch may use", () => {
    const topic = onlyConfigOf(json, "aws_sns_topic");
    expect(topic.kms_master_key_id).toBe(`\${aws_kms_key.${resourcesOf(json, "aws_kms_key")[0][0]}.arn}`);
    const key = onlyConfigOf(json, "aws_kms_key");
    expect(key.enable_key_rotation).toBe(true);
    const cloudwatch = JSON.parse(key.policy).Statement.find((s: any) => s.Principal.Service === "cloudwatch.amazonaws.com");
    expect(cloudwatch.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
  });

  it("lets only this account's alarms publish to the topic", () => {
    const [statement] = JSON.parse(onlyConfigOf(json, "aws_sns_topic_policy").policy).Statement;
    expect(statement).toMatchObject({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: topicRef(json) });
    expect(statement.Condition.ArnLike["aws:SourceArn"]).toMatch(/:cloudwatch:us-east-1:.*:alarm:\*$/);
  });

  it("subscribes every e-mail address", () => {
    const subscriptions = configsOf(json, "aws_sns_topic_subscription");
    expect(subscriptions.map((s) => s.endpoint)).toEqual(baseProps.emails);
    for (const subscription of subscriptions) expect(subscription).toMatchObject({ protocol: "email", topic_arn: topicRef(json) });
    expect(configsOf(synth({ emails: [] }), "aws_sns_topic_subscription")).toEqual([]);
  });

  it("sends every alarm and every recovery to the topic", () => {
    expect(alarmsOf(json)).toHaveLength(4 + 3 + 2 + 3 * 2);
    for (const alarm of alarmsOf(json)) {
      expect(alarm.alarm_actions).toContain(topicRef(json));
      expect(alarm.ok_actions).toEqual([topicRef(json)]);
    }
  });

  it("alarms on the 5xx rate of targets and load balancer over RequestCount, quiet periods not breaching", () => {
    const alarm = alarmsOf(json).find((a) => a.metric_query !== undefined)!;
    expect(alarm.alarm_name).toBe("mockforge-prod-use1-alb-5xx-rate");
    expect(alarm).toMatchObject({ comparison_operator: "GreaterThanThreshold", threshold: 1, evaluation_periods: 1, treat_missing_data: "notBreaching" });
    const queries = Object.fromEntries(alarm.metric_query.map((q: any) => [q.id, q]));
    expect(queries.target5xx.metric).toMatchObject({ metric_name: "HTTPCode_Target_5XX_Count", stat: "Sum", period: 300, namespace: "AWS/ApplicationELB" });
    expect(queries.elb5xx.metric).toMatchObject({ metric_name: "HTTPCode_ELB_5XX_Count", stat: "Sum", period: 300 });
    expect(queries.requests.metric).toMatchObject({ metric_name: "RequestCount", stat: "Sum", period: 300 });
    for (const id of ["target5xx", "elb5xx", "requests"]) {
      expect(queries[id].metric.dimensions).toEqual({ LoadBalancer: baseProps.loadBalancerArnSuffix });
      expect(queries[id].return_data).toBe(false);
    }
    expect(queries.rate.expression).toBe("100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests");
    expect(queries.rate.return_data).toBe(true);
  });

  it("alarms when target p95 latency exceeds latencyP95Milliseconds over periodMinutes", () => {
    const [alarm] = byMetric(json, "TargetResponseTime");
    expect(alarm).toMatchObject({
      extended_statistic: "p95",
      threshold: 0.5,
      period: 300,
      evaluation_periods: 1,
      comparison_operator: "GreaterThanThreshold",
      dimensions: { LoadBalancer: baseProps.loadBalancerArnSuffix, TargetGroup: baseProps.targetGroupArnSuffix },
    });
    expect(alarm.statistic).toBeUndefined();
  });

  it("alarms on service CPU and memory above their thresholds", () => {
    const dimensions = { ClusterName: baseProps.clusterName, ServiceName: baseProps.serviceName };
    const [cpu] = byMetric(json, "CPUUtilization");
    const [memory] = byMetric(json, "MemoryUtilization");
    expect(cpu).toMatchObject({ namespace: "AWS/ECS", threshold: 80, statistic: "Average", period: 300, comparison_operator: "GreaterThanThreshold", dimensions });
    expect(memory).toMatchObject({ namespace: "AWS/ECS", threshold: 85, statistic: "Average", period: 300, dimensions });
  });

  it("alarms per database instance when connections exceed the percentage of max_connections", () => {
    const connections = byMetric(json, "DatabaseConnections");
    expect(connections.map((a) => a.dimensions.DBInstanceIdentifier)).toEqual(baseProps.databaseInstanceIdentifiers);
    for (const alarm of connections) {
      expect(alarm).toMatchObject({ namespace: "AWS/RDS", threshold: 800, statistic: "Maximum", comparison_operator: "GreaterThanThreshold" });
    }
    const odd = byMetric(synth({ databaseMaxConnections: 87 }), "DatabaseConnections")[0];
    expect(odd.threshold).toBe(69);
  });

  it("alarms per replica when replica lag exceeds replicaLagSeconds", () => {
    const lag = byMetric(json, "ReplicaLag");
    expect(lag.map((a) => a.dimensions.DBInstanceIdentifier)).toEqual(baseProps.replicaInstanceIdentifiers);
    for (const alarm of lag) expect(alarm).toMatchObject({ namespace: "AWS/RDS", threshold: 30, statistic: "Maximum" });
    expect(byMetric(synth({ replicaInstanceIdentifiers: [] }), "ReplicaLag")).toEqual([]);
  });

  it("alarms per Redis node on failed status checks", () => {
    const status = byMetric(json, "StatusCheckFailed");
    expect(status.map((a) => a.dimensions.InstanceId)).toEqual(baseProps.redisInstanceIds);
    for (const alarm of status) {
      expect(alarm).toMatchObject({ namespace: "AWS/EC2", threshold: 1, comparison_operator: "GreaterThanOrEqualToThreshold", treat_missing_data: "breaching" });
      expect(alarm.alarm_actions).toEqual([topicRef(json)]);
    }
  });

  it("recovers a Redis node in place when its system status check fails", () => {
    const recover = byMetric(json, "StatusCheckFailed_System");
    expect(recover.map((a) => a.dimensions.InstanceId)).toEqual(baseProps.redisInstanceIds);
    for (const alarm of recover) {
      expect(alarm.alarm_actions).toEqual([expect.stringMatching(/^arn:.*:automate:us-east-1:ec2:recover$/), topicRef(json)]);
      expect(alarm).toMatchObject({ namespace: "AWS/EC2", statistic: "Maximum", period: 60, evaluation_periods: 2, threshold: 1 });
    }
  });

  it("exposes every alarm by a stable key and gives each a unique name", () => {
    expect(Object.keys(alarms.alarms).sort()).toEqual(
      [
        "http5xx",
        "latencyP95",
        "serviceCpu",
        "serviceMemory",
        "databaseConnections0",
        "databaseConnections1",
        "databaseConnections2",
        "replicaLag0",
        "replicaLag1",
        "redisStatus0",
        "redisStatus1",
        "redisStatus2",
        "redisRecover0",
        "redisRecover1",
        "redisRecover2",
      ].sort(),
    );
    const names = alarmsOf(json).map((a) => a.alarm_name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^mockforge-prod-use1-/);
  });

  it("uses periodMinutes as the evaluation window", () => {
    const longer = synth({ periodMinutes: 15 });
    expect(byMetric(longer, "TargetResponseTime")[0].period).toBe(900);
    expect(byMetric(longer, "CPUUtilization")[0].period).toBe(900);
  });

  describe("validation", () => {
    it.each([
      [{ http5xxPercent: 0 }, /http5xxPercent 0 is invalid; use a percentage above 0 and at most 100/],
      [{ cpuPercent: 101 }, /cpuPercent 101 is invalid/],
      [{ memoryPercent: -1 }, /memoryPercent -1 is invalid/],
      [{ databaseConnectionsPercent: 150 }, /databaseConnectionsPercent 150 is invalid/],
      [{ latencyP95Milliseconds: 0 }, /latencyP95Milliseconds 0 is invalid/],
      [{ replicaLagSeconds: -5 }, /replicaLagSeconds -5 is invalid/],
      [{ periodMinutes: 0 }, /periodMinutes 0 is invalid; use a whole number from 1 to 1440/],
      [{ periodMinutes: 2.5 }, /periodMinutes 2.5 is invalid/],
      [{ databaseMaxConnections: 0 }, /databaseMaxConnections 0 is invalid/],
      [{ emails: ["not-an-address"] }, /emails entry "not-an-address" is not an e-mail address/],
    ])("rejects %p", (overrides, message) => {
      expect(() => synth(overrides as Partial<AwsAlarmsProps>)).toThrow(message);
    });
  });
});
