import { Construct } from "constructs";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { validateAlarmSpec } from "../core/alarm-spec";
import { resourceName } from "../core/naming";
import type { AlarmSpec, DeploymentContext } from "../core/specs";
import { AwsKmsKey } from "./kms";
import { awsAccount } from "./account";

/** CloudWatch evaluates at most one day of data (period x evaluation periods). */
const MAX_PERIOD_MINUTES = 24 * 60;
/** Status checks: two failed one-minute checks in a row, as AWS's recovery examples use. */
const STATUS_CHECK_MINUTES = 2;

export interface AwsAlarmsProps extends AlarmSpec {
  readonly context: DeploymentContext;
  /** `app/<name>/<id>` of the load balancer. */
  readonly loadBalancerArnSuffix: string;
  /** `targetgroup/<name>/<id>` of the service's target group. */
  readonly targetGroupArnSuffix: string;
  readonly clusterName: string;
  readonly serviceName: string;
  /** RDS instance identifiers, writer first (replicas may follow). */
  readonly databaseInstanceIdentifiers: readonly string[];
  /** RDS read replica identifiers (in-region and cross-region replicas in this region). */
  readonly replicaInstanceIdentifiers: readonly string[];
  /** `max_connections` of the database instances; the connection alarm fires at `databaseConnectionsPercent` of it. */
  readonly databaseMaxConnections: number;
  /** EC2 instance ids of the Redis Sentinel nodes. */
  readonly redisInstanceIds: readonly string[];
}

/**
 * The runbook's alarms for one region, all notifying (on alarm and on
 * recovery) an encrypted SNS topic with the on-call e-mail subscriptions:
 * load balancer 5xx rate and p95 latency, service CPU and memory, database
 * connections and replica lag, Redis node status. A failed system status
 * check on a Redis node also triggers EC2 auto-recovery, which keeps the
 * node's private IP and volumes (Sentinel addresses stay valid).
 */
export class AwsAlarms extends Construct {
  readonly topic: SnsTopic;
  readonly topicKey: AwsKmsKey;
  readonly topicPolicy: SnsTopicPolicy;
  readonly subscriptions: readonly SnsTopicSubscription[];
  /** Every alarm, by a stable name (`http5xx`, `databaseConnections0`, `redisRecover1`, ...). */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;

  constructor(scope: Construct, id: string, props: AwsAlarmsProps) {
    super(scope, id);
    validate(props);
    const { context } = props;
    const account = awsAccount(this);

    // A customer managed key, because CloudWatch alarms cannot publish to a topic
    // encrypted with the AWS managed aws/sns key (its policy cannot be changed).
    this.topicKey = new AwsKmsKey(this, "topic-key", {
      context,
      name: "alarms",
      description: `Encrypts the alarm topic of ${resourceName(context, "alarms")}`,
      // No caller conditions: CloudWatch's publish fails KMS checks with them (the topic policy scopes publishers).
      serviceGrants: [{ servicePrincipal: "cloudwatch.amazonaws.com", actions: ["kms:Decrypt", "kms:GenerateDataKey*"] }],
    });
    this.topic = new SnsTopic(this, "topic", {
      name: resourceName(context, "alarms", 256),
      displayName: `MockForge ${context.environment} ${context.region} alarms`,
      kmsMasterKeyId: this.topicKey.arn,
    });
    // Only this account's alarms in this region may publish.
    this.topicPolicy = new SnsTopicPolicy(this, "topic-policy", {
      arn: this.topic.arn,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: this.topic.arn,
            Condition: {
              StringEquals: { "aws:SourceAccount": account.accountId },
              ArnLike: { "aws:SourceArn": `arn:${account.partition}:cloudwatch:${context.region}:${account.accountId}:alarm:*` },
            },
          },
        ],
      }),
    });
    this.subscriptions = props.emails.map(
      (email, i) => new SnsTopicSubscription(this, `email-${i}`, { topicArn: this.topic.arn, protocol: "email", endpoint: email }),
    );

    const notify = [this.topic.arn];
    const alarms: Record<string, CloudwatchMetricAlarm> = {};
    const alarm = (key: string, component: string, config: Omit<CloudwatchMetricAlarmConfig, "alarmName" | "alarmActions" | "okActions">, actions: string[] = notify) => {
      alarms[key] = new CloudwatchMetricAlarm(this, component, {
        alarmName: resourceName(context, component, 255),
        alarmActions: actions,
        okActions: notify,
        ...config,
      });
    };
    const periodSeconds = props.periodMinutes * 60;
    const window = `${props.periodMinutes} min`;
    const alb = { LoadBalancer: props.loadBalancerArnSuffix };
    const albMetric = (metricName: string) => ({ namespace: "AWS/ApplicationELB", metricName, dimensions: alb, period: periodSeconds, stat: "Sum" });

    alarm("http5xx", "alb-5xx-rate", {
      alarmDescription: `5xx responses (targets + load balancer) above ${props.http5xxPercent}% of requests over ${window}`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.http5xxPercent,
      evaluationPeriods: 1,
      // No traffic is not an outage: the latency record's health check covers that.
      treatMissingData: "notBreaching",
      metricQuery: [
        { id: "target5xx", metric: albMetric("HTTPCode_Target_5XX_Count"), returnData: false },
        { id: "elb5xx", metric: albMetric("HTTPCode_ELB_5XX_Count"), returnData: false },
        { id: "requests", metric: albMetric("RequestCount"), returnData: false },
        {
          id: "rate",
          // 5xx counts are absent (not zero) in quiet periods: FILL them so the ratio stays defined.
          expression: "100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests",
          label: "5xx rate (%)",
          returnData: true,
        },
      ],
    });

    alarm("latencyP95", "alb-latency-p95", {
      alarmDescription: `Target response time p95 above ${props.latencyP95Milliseconds} ms over ${window}`,
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions: { ...alb, TargetGroup: props.targetGroupArnSuffix },
      extendedStatistic: "p95",
      period: periodSeconds,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.latencyP95Milliseconds / 1000,
      treatMissingData: "notBreaching",
    });

    const ecs = { ClusterName: props.clusterName, ServiceName: props.serviceName };
    alarm("serviceCpu", "service-cpu", {
      alarmDescription: `Service average CPU above ${props.cpuPercent}% over ${window}`,
      namespace: "AWS/ECS",
      metricName: "CPUUtilization",
      dimensions: ecs,
      statistic: "Average",
      period: periodSeconds,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.cpuPercent,
      treatMissingData: "missing",
    });
    alarm("serviceMemory", "service-memory", {
      alarmDescription: `Service average memory above ${props.memoryPercent}% over ${window}`,
      namespace: "AWS/ECS",
      metricName: "MemoryUtilization",
      dimensions: ecs,
      statistic: "Average",
      period: periodSeconds,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: props.memoryPercent,
      treatMissingData: "missing",
    });

    const connectionLimit = Math.floor((props.databaseMaxConnections * props.databaseConnectionsPercent) / 100);
    props.databaseInstanceIdentifiers.forEach((identifier, i) => {
      alarm(`databaseConnections${i}`, `db-connections-${i}`, {
        alarmDescription: `Connections above ${props.databaseConnectionsPercent}% of max_connections (${connectionLimit} of ${props.databaseMaxConnections}) over ${window}`,
        namespace: "AWS/RDS",
        metricName: "DatabaseConnections",
        dimensions: { DBInstanceIdentifier: identifier },
        statistic: "Maximum",
        period: periodSeconds,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: connectionLimit,
        treatMissingData: "missing",
      });
    });
    props.replicaInstanceIdentifiers.forEach((identifier, i) => {
      alarm(`replicaLag${i}`, `db-replica-lag-${i}`, {
        alarmDescription: `Replica lag above ${props.replicaLagSeconds} s over ${window}`,
        namespace: "AWS/RDS",
        metricName: "ReplicaLag",
        dimensions: { DBInstanceIdentifier: identifier },
        statistic: "Maximum",
        period: periodSeconds,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: props.replicaLagSeconds,
        treatMissingData: "missing",
      });
    });

    const recover = `arn:${account.partition}:automate:${context.region}:ec2:recover`;
    props.redisInstanceIds.forEach((instanceId, i) => {
      const statusCheck = (metricName: string) => ({
        namespace: "AWS/EC2",
        metricName,
        dimensions: { InstanceId: instanceId },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: STATUS_CHECK_MINUTES,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        threshold: 1,
        // A stopped or vanished node reports nothing: that is an outage too.
        treatMissingData: "breaching",
      });
      alarm(`redisStatus${i}`, `redis-status-${i}`, {
        alarmDescription: "Redis node failed an EC2 status check (system or instance)",
        ...statusCheck("StatusCheckFailed"),
      });
      alarm(
        `redisRecover${i}`,
        `redis-recover-${i}`,
        {
          alarmDescription: "Redis node failed the system status check: EC2 recovers it on new hardware, keeping its IP and volumes",
          ...statusCheck("StatusCheckFailed_System"),
          // Recovering an instance that is merely stopped fails: only act on real reports.
          treatMissingData: "missing",
        },
        [recover, ...notify],
      );
    });

    this.alarms = alarms;
  }
}

function validate(props: AwsAlarmsProps): void {
  validateAlarmSpec(props, "AwsAlarms", { maxPeriodMinutes: MAX_PERIOD_MINUTES });
  if (!Number.isInteger(props.databaseMaxConnections) || props.databaseMaxConnections < 1) {
    throw new Error(`AwsAlarms: databaseMaxConnections ${props.databaseMaxConnections} is invalid; use the instances' max_connections (a positive whole number).`);
  }
}
