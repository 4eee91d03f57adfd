import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ServiceHandle } from "../core/kit";
import { resourceName } from "../core/naming";
import { HEALTH_PATHS, PORTS, SECRET_ENV_NAMES } from "../core/runtime-contract";
import type { DeploymentContext, SecretRef, ServiceSpec } from "../core/specs";
import { AwsKmsKey } from "./kms";
import type { AwsNetworkRef } from "./network-ref";
import { awsAccount } from "./account";
import { IMAGE_TAG_RULE, isImageTag } from "../core/image-tag";

/** The one container of every task. */
export const CONTAINER_NAME = "mockforge";
/** Retention values CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const GIB = 1024;

/** Memory sizes (MiB) Fargate allows for each CPU size (CPU units, 1024 = 1 vCPU). */
export const FARGATE_MEMORY_MIB: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: steps(1, 4, 1),
  1024: steps(2, 8, 1),
  2048: steps(4, 16, 1),
  4096: steps(8, 30, 1),
  8192: steps(16, 60, 4),
  16384: steps(32, 120, 8),
};
function steps(fromGiB: number, toGiB: number, stepGiB: number): number[] {
  const out: number[] = [];
  for (let g = fromGiB; g <= toGiB; g += stepGiB) out.push(g * GIB);
  return out;
}

export interface AwsFargateServiceProps extends ServiceSpec {
  readonly context: DeploymentContext;
  readonly network: AwsNetworkRef;
  /** Target group (target type `ip`) the tasks register in. */
  readonly targetGroupArn: string;
  /**
   * Listener forwarding to the target group: the service is created only after
   * it exists (ECS rejects a target group no listener uses).
   */
  readonly listener: ITerraformDependable;
  /** ECR repository URL without tag; the image is `<repositoryUrl>:<imageTag>`. */
  readonly repositoryUrl: string;
  /**
   * ARN of the repository the execution role may pull from.
   * @default the repository named `imageRepository` in this account and region
   */
  readonly repositoryArn?: string;
  /** Bucket the application reads and writes (assets, exports). */
  readonly assetsBucketArn: string;
  /** KMS key encrypting the assets bucket. */
  readonly assetsKmsKeyArn: string;
  /**
   * KMS keys encrypting the `secrets`. The execution role may decrypt with them
   * only through Secrets Manager.
   * @default any key of this account, used through Secrets Manager (GetSecretValue is still limited to the listed secrets)
   */
  readonly secretsKmsKeyArns?: readonly string[];
  /**
   * `app/<name>/<id>` of the load balancer; required when `autoscaling.requestsPerTarget` is set.
   * @default no request-count scaling is possible
   */
  readonly loadBalancerArnSuffix?: string;
  /**
   * `targetgroup/<name>/<id>`; required when `autoscaling.requestsPerTarget` is set.
   * @default no request-count scaling is possible
   */
  readonly targetGroupArnSuffix?: string;
  /**
   * CloudWatch Container Insights on the cluster.
   * @default true
   */
  readonly containerInsights?: boolean;
  /**
   * Non-root `uid:gid` the container runs as.
   * @default "1000:1000"
   */
  readonly containerUser?: string;
  /**
   * Seconds between SIGTERM and SIGKILL, for in-flight requests to finish (Fargate allows 2-120).
   * @default 30
   */
  readonly stopTimeoutSeconds?: number;
  /**
   * Container health check command (Docker `CMD`/`CMD-SHELL` form).
   * @default a `CMD-SHELL` probe of HEALTH_PATHS.live on the HTTP port with curl, or wget when curl is absent
   */
  readonly healthCheckCommand?: readonly string[];
}

/**
 * The MockForge server on ECS Fargate (ARM64): tasks in the private subnets
 * behind the load balancer's target group, read-only root filesystem as a
 * non-root user, secrets injected only from Secrets Manager, logs to a
 * KMS-encrypted log group, rolling deployments with a circuit breaker that
 * rolls back, and target-tracking autoscaling on CPU, memory and
 * (optionally) requests per target. Each role can do exactly its job.
 */
export class AwsFargateService extends Construct implements ServiceHandle {
  readonly cluster: EcsCluster;
  readonly service: EcsService;
  readonly taskDefinition: EcsTaskDefinition;
  readonly logGroup: CloudwatchLogGroup;
  readonly logKey: AwsKmsKey;
  readonly executionRole: IamRole;
  readonly taskRole: IamRole;
  readonly scalingTarget: AppautoscalingTarget;
  readonly scalingPolicies: readonly AppautoscalingPolicy[];
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: AwsFargateServiceProps) {
    super(scope, id);
    validate(props);
    const { context, autoscaling } = props;
    const account = awsAccount(this);
    const arnPrefix = (service: string) => `arn:${account.partition}:${service}:${context.region}:${account.accountId}`;

    this.cluster = new EcsCluster(this, "cluster", {
      name: resourceName(context, "cluster"),
      setting: [{ name: "containerInsights", value: props.containerInsights === false ? "disabled" : "enabled" }],
    });

    const logGroupName = `/ecs/${resourceName(context, "service")}`;
    this.logKey = new AwsKmsKey(this, "log-key", {
      context,
      name: "service-logs",
      description: `Encrypts the logs of ${logGroupName}`,
      serviceGrants: [
        {
          servicePrincipal: `logs.${context.region}.amazonaws.com`,
          conditions: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `${arnPrefix("logs")}:log-group:${logGroupName}` } },
        },
      ],
    });
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: this.logKey.arn,
    });

    const assumeByEcsTasks = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          // Confused-deputy guard: only ECS tasks of this account and region.
          Condition: {
            StringEquals: { "aws:SourceAccount": account.accountId },
            ArnLike: { "aws:SourceArn": `${arnPrefix("ecs")}:*` },
          },
        },
      ],
    });

    this.executionRole = new IamRole(this, "execution-role", {
      name: resourceName(context, "task-execution", 64),
      description: "ECS agent: pulls the image, writes logs, reads the task's secrets",
      assumeRolePolicy: assumeByEcsTasks,
    });
    const repositoryArn = props.repositoryArn ?? `${arnPrefix("ecr")}:repository/${props.imageRepository}`;
    const secretArns = unique(Object.values(props.secrets).map((ref) => ref.secretId));
    const executionStatements: object[] = [
      // GetAuthorizationToken has no resource-level permissions: "*" is the only valid resource.
      { Sid: "EcrLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullImage",
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        Resource: repositoryArn,
      },
      { Sid: "WriteLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.arn}:*` },
    ];
    if (secretArns.length > 0) {
      executionStatements.push(
        { Sid: "ReadTaskSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArns },
        {
          Sid: "DecryptTaskSecrets",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: props.secretsKmsKeyArns ? [...props.secretsKmsKeyArns] : `arn:${account.partition}:kms:*:${account.accountId}:key/*`,
          // Usable only by Secrets Manager on the role's behalf (any region: secrets may live in the primary).
          Condition: { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } },
        },
      );
    }
    const executionPolicy = new IamRolePolicy(this, "execution-role-policy", {
      name: "pull-log-read-secrets",
      role: this.executionRole.id,
      policy: JSON.stringify({ Version: "2012-10-17", Statement: executionStatements }),
    });

    this.taskRole = new IamRole(this, "task-role", {
      name: resourceName(context, "task", 64),
      description: "MockForge server: reads and writes its assets bucket, nothing else",
      assumeRolePolicy: assumeByEcsTasks,
    });
    const taskPolicy = new IamRolePolicy(this, "task-role-policy", {
      name: "assets-bucket",
      role: this.taskRole.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Sid: "ListAssets", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: props.assetsBucketArn },
          {
            Sid: "ReadWriteAssets",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            Resource: `${props.assetsBucketArn}/*`,
          },
          {
            Sid: "UseAssetsKey",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: props.assetsKmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${context.region}.amazonaws.com` } },
          },
        ],
      }),
    });

    this.taskDefinition = new EcsTaskDefinition(this, "task-definition", {
      family: resourceName(context, "server"),
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(Math.round(props.cpu * 1024)),
      memory: String(props.memoryMiB),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "ARM64" },
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      // The root filesystem is read-only: /tmp is the task's only writable scratch space.
      volume: [{ name: "tmp" }],
      containerDefinitions: JSON.stringify([this.containerDefinition(props)]),
      // Keep superseded revisions registered so a circuit-breaker rollback has something to roll back to.
      skipDestroy: true,
    });

    this.service = new EcsService(this, "service", {
      name: resourceName(context, "service"),
      cluster: this.cluster.id,
      taskDefinition: this.taskDefinition.arn,
      launchType: "FARGATE",
      platformVersion: "LATEST",
      desiredCount: autoscaling.minCount,
      networkConfiguration: {
        subnets: [...props.network.privateSubnetIds],
        securityGroups: [props.network.securityGroups.service],
        assignPublicIp: false,
      },
      loadBalancer: [{ targetGroupArn: props.targetGroupArn, containerName: CONTAINER_NAME, containerPort: PORTS.http }],
      healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      // Never below full capacity during a deployment; new tasks start before old ones stop.
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      availabilityZoneRebalancing: "ENABLED",
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      enableExecuteCommand: false,
      // Autoscaling owns the running count after creation.
      lifecycle: { ignoreChanges: ["desired_count"] },
      // The role policies must outlive the service on destroy, or it hangs in DRAINING.
      dependsOn: [props.listener, executionPolicy, taskPolicy],
    });
    this.serviceName = this.service.name;

    const resourceId = `service/${this.cluster.name}/${this.service.name}`;
    this.scalingTarget = new AppautoscalingTarget(this, "scaling-target", {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId,
      minCapacity: autoscaling.minCount,
      maxCapacity: autoscaling.maxCount,
    });
    const trackingPolicy = (policyId: string, metric: string, targetValue: number, resourceLabel?: string) =>
      new AppautoscalingPolicy(this, policyId, {
        name: resourceName(context, policyId),
        policyType: "TargetTrackingScaling",
        serviceNamespace: this.scalingTarget.serviceNamespace,
        scalableDimension: this.scalingTarget.scalableDimension,
        resourceId: this.scalingTarget.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue,
          predefinedMetricSpecification: { predefinedMetricType: metric, resourceLabel },
          scaleOutCooldown: autoscaling.scaleOutCooldownSeconds,
          scaleInCooldown: autoscaling.scaleInCooldownSeconds,
        },
      });
    const policies = [
      trackingPolicy("scale-on-cpu", "ECSServiceAverageCPUUtilization", autoscaling.cpuTargetPercent),
      trackingPolicy("scale-on-memory", "ECSServiceAverageMemoryUtilization", autoscaling.memoryTargetPercent),
    ];
    if (autoscaling.requestsPerTarget !== undefined) {
      policies.push(
        trackingPolicy(
          "scale-on-requests",
          "ALBRequestCountPerTarget",
          autoscaling.requestsPerTarget,
          `${props.loadBalancerArnSuffix}/${props.targetGroupArnSuffix}`,
        ),
      );
    }
    this.scalingPolicies = policies;
  }

  private containerDefinition(props: AwsFargateServiceProps): object {
    const stopTimeout = props.stopTimeoutSeconds ?? 30;
    const liveUrl = `http://127.0.0.1:${PORTS.http}${HEALTH_PATHS.live}`;
    const healthCheckCommand = props.healthCheckCommand ?? [
      "CMD-SHELL",
      `curl -fsS -o /dev/null ${liveUrl} || wget -q -O /dev/null ${liveUrl} || exit 1`,
    ];
    const byName = <T>(record: Readonly<Record<string, T>>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      name: CONTAINER_NAME,
      image: `${props.repositoryUrl}:${props.imageTag}`,
      essential: true,
      user: props.containerUser ?? "1000:1000",
      readonlyRootFilesystem: true,
      // Admin and metrics ports are open in the task only; no load balancer or security group rule reaches them.
      portMappings: [
        { name: "http", containerPort: PORTS.http, hostPort: PORTS.http, protocol: "tcp" },
        { name: "admin", containerPort: PORTS.admin, hostPort: PORTS.admin, protocol: "tcp" },
        { name: "metrics", containerPort: PORTS.metrics, hostPort: PORTS.metrics, protocol: "tcp" },
      ],
      environment: byName(props.environment).map(([name, value]) => ({ name, value })),
      secrets: byName(props.secrets).map(([name, ref]) => ({ name, valueFrom: secretValueFrom(ref) })),
      mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
      healthCheck: {
        command: [...healthCheckCommand],
        interval: 15,
        timeout: 5,
        retries: 3,
        startPeriod: Math.min(props.healthCheckGracePeriodSeconds, 300),
      },
      // An init process reaps zombies and forwards SIGTERM, so draining works.
      linuxParameters: { initProcessEnabled: true },
      ulimits: [{ name: "nofile", softLimit: 65536, hardLimit: 65536 }],
      stopTimeout,
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": this.logGroup.name,
          "awslogs-region": props.context.region,
          "awslogs-stream-prefix": CONTAINER_NAME,
          // A slow log pipeline must not stall request handling.
          mode: "non-blocking",
          "max-buffer-size": "25m",
        },
      },
    };
  }
}

/** ECS `valueFrom` for a secret: the ARN, or `<arn>:<jsonKey>::` for one key of a JSON secret. */
export function secretValueFrom(ref: SecretRef): string {
  return ref.jsonKey === undefined ? ref.secretId : `${ref.secretId}:${ref.jsonKey}::`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function validate(props: AwsFargateServiceProps): void {
  const fail = (message: string): never => {
    throw new Error(`AwsFargateService: ${message}`);
  };
  const intRange = (prop: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) fail(`${prop} ${value} is invalid; use a whole number from ${min} to ${max}.`);
  };

  const cpuUnits = props.cpu * 1024;
  const memoryOptions = FARGATE_MEMORY_MIB[cpuUnits];
  if (memoryOptions === undefined) {
    fail(`cpu ${props.cpu} is not a Fargate size; use one of ${Object.keys(FARGATE_MEMORY_MIB).map((u) => Number(u) / 1024).join(", ")} vCPU.`);
  } else if (!memoryOptions.includes(props.memoryMiB)) {
    fail(`memoryMiB ${props.memoryMiB} does not fit cpu ${props.cpu} on Fargate; with ${props.cpu} vCPU use one of ${memoryOptions.join(", ")} MiB.`);
  }

  const a = props.autoscaling;
  intRange("autoscaling.minCount", a.minCount, 1, 5000);
  intRange("autoscaling.maxCount", a.maxCount, 1, 5000);
  if (a.minCount > a.maxCount) fail(`autoscaling.minCount ${a.minCount} is above autoscaling.maxCount ${a.maxCount}; minCount must be <= maxCount.`);
  intRange("autoscaling.cpuTargetPercent", a.cpuTargetPercent, 1, 100);
  intRange("autoscaling.memoryTargetPercent", a.memoryTargetPercent, 1, 100);
  intRange("autoscaling.scaleOutCooldownSeconds", a.scaleOutCooldownSeconds, 0, 86400);
  intRange("autoscaling.scaleInCooldownSeconds", a.scaleInCooldownSeconds, 0, 86400);
  if (a.requestsPerTarget !== undefined) {
    intRange("autoscaling.requestsPerTarget", a.requestsPerTarget, 1, 1_000_000);
    if (props.loadBalancerArnSuffix === undefined || props.targetGroupArnSuffix === undefined) {
      fail("autoscaling.requestsPerTarget is set but loadBalancerArnSuffix or targetGroupArnSuffix is missing; request scaling needs both.");
    }
  }
  intRange("healthCheckGracePeriodSeconds", props.healthCheckGracePeriodSeconds, 0, 2_147_483_647);
  if (props.stopTimeoutSeconds !== undefined) intRange("stopTimeoutSeconds", props.stopTimeoutSeconds, 2, 120);
  if (!LOG_RETENTION_DAYS.includes(props.logRetentionDays)) {
    fail(`logRetentionDays ${props.logRetentionDays} is not a CloudWatch Logs retention; use one of ${LOG_RETENTION_DAYS.join(", ")}.`);
  }
  if (!isImageTag(props.imageTag)) fail(`imageTag "${props.imageTag}" is not a valid image tag: expected ${IMAGE_TAG_RULE}.`);

  for (const name of Object.keys(props.environment)) {
    if (SECRET_ENV_NAMES.includes(name)) {
      fail(`environment.${name} is a secret; pass it in secrets (injected from Secrets Manager), never as a plain environment variable.`);
    }
    if (!ENV_NAME.test(name)) fail(`environment name "${name}" is not a valid variable name.`);
    if (name in props.secrets) fail(`${name} is in both environment and secrets; give it once, in secrets.`);
  }
  for (const [name, ref] of Object.entries(props.secrets)) {
    if (!ENV_NAME.test(name)) fail(`secrets name "${name}" is not a valid variable name.`);
    if (!ref.secretId) fail(`secrets.${name} has an empty secretId; give the secret's ARN.`);
  }
}
