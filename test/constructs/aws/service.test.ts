import { TerraformOutput } from "cdktf";
import { AwsFargateService, CONTAINER_NAME, FARGATE_MEMORY_MIB, secretValueFrom, type AwsFargateServiceProps } from "../../../constructs/aws/service";
import { ENV, HEALTH_PATHS, PORTS, SECRET_ENV_NAMES } from "../../../constructs/core/runtime-contract";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { configsOf, onlyConfigOf, resourcesOf, synthJson, type SynthJson } from "../../support/synth";
import { AWS_NETWORK_2AZ } from "../../support/aws-network";
import { AUTOSCALING_SPEC } from "../../support/specs";

const network = AWS_NETWORK_2AZ;
const context = { cloud: "aws" as const, environment: "prod", region: "us-east-1", primary: true };
const dbSecret = "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf";
const adminSecret = "arn:aws:secretsmanager:us-east-1:111122223333:secret:admin-GhIjKl";
const baseProps: Omit<AwsFargateServiceProps, "listener"> = {
  context,
  network,
  cpu: 2,
  memoryMiB: 4096,
  autoscaling: { ...AUTOSCALING_SPEC, requestsPerTarget: 1000 },
  imageRepository: "mockforge-prod-server",
  imageTag: "3f2a1b9",
  environment: { [ENV.port]: "3000", [ENV.logLevel]: "info", [ENV.databaseName]: "mockforge" },
  secrets: {
    [ENV.databasePassword]: { secretId: dbSecret, jsonKey: "password" },
    [ENV.adminSecret]: { secretId: adminSecret },
  },
  healthCheckGracePeriodSeconds: 60,
  logRetentionDays: 90,
  targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tg/1",
  repositoryUrl: "111122223333.dkr.ecr.us-east-1.amazonaws.com/mockforge-prod-server",
  assetsBucketArn: "arn:aws:s3:::mockforge-prod-assets",
  assetsKmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/assets",
  loadBalancerArnSuffix: "app/mockforge-prod-use1-alb/abc",
  targetGroupArnSuffix: "targetgroup/mockforge-prod-use1-tg/def",
};

function synth(overrides: Partial<AwsFargateServiceProps> = {}): SynthJson {
  return synthJson((scope) => {
    const listener = new LbListener(scope, "https-listener", {
      loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/app/alb/1",
      port: 443,
      defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404" } }],
    });
    const service = new AwsFargateService(scope, "service", { ...baseProps, listener, ...overrides });
    new TerraformOutput(scope, "service_name", { value: service.serviceName });
  });
}
const idOf = (json: SynthJson, type: string, fragment = "") => {
  const found = resourcesOf(json, type).filter(([id]) => id.includes(fragment));
  if (found.length !== 1) throw new Error(`expected one ${type} matching "${fragment}", found ${found.length}`);
  return found[0][0];
};
const refOf = (json: SynthJson, type: string, attr: string, fragment = "") => `\${${type}.${idOf(json, type, fragment)}.${attr}}`;
const containerOf = (json: SynthJson) => JSON.parse(onlyConfigOf(json, "aws_ecs_task_definition").container_definitions)[0];
const policyOf = (json: SynthJson, fragment: string) =>
  JSON.parse(resourcesOf(json, "aws_iam_role_policy").find(([id]) => id.includes(fragment))![1].policy);
const scalingPolicy = (json: SynthJson, metric: string): Record<string, any> | undefined =>
  configsOf(json, "aws_appautoscaling_policy").find(
    (p) => p.target_tracking_scaling_policy_configuration.predefined_metric_specification.predefined_metric_type === metric,
  );
const withAutoscaling = (changes: Partial<AwsFargateServiceProps["autoscaling"]>) => ({ autoscaling: { ...baseProps.autoscaling, ...changes } });

describe("AwsFargateService", () => {
  const json = synth();
  const service = onlyConfigOf(json, "aws_ecs_service");
  const taskDefinition = onlyConfigOf(json, "aws_ecs_task_definition");
  const container = containerOf(json);

  describe("cluster and logs", () => {
    it("enables Container Insights by default and disables it on request", () => {
      expect(onlyConfigOf(json, "aws_ecs_cluster").setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
      expect(onlyConfigOf(synth({ containerInsights: false }), "aws_ecs_cluster").setting).toEqual([{ name: "containerInsights", value: "disabled" }]);
    });

    it("logs to a KMS-encrypted log group kept logRetentionDays, through awslogs", () => {
      const group = onlyConfigOf(json, "aws_cloudwatch_log_group");
      expect(group.retention_in_days).toBe(90);
      expect(group.kms_key_id).toBe(refOf(json, "aws_kms_key", "arn"));
      expect(onlyConfigOf(json, "aws_kms_key").enable_key_rotation).toBe(true);
      expect(container.logConfiguration.logDriver).toBe("awslogs");
      expect(container.logConfiguration.options["awslogs-group"]).toBe(refOf(json, "aws_cloudwatch_log_group", "name"));
      expect(container.logConfiguration.options["awslogs-region"]).toBe("us-east-1");
    });
  });

  describe("task definition", () => {
    it("runs on Fargate ARM64 in awsvpc mode with cpu in CPU units", () => {
      expect(taskDefinition).toMatchObject({
        requires_compatibilities: ["FARGATE"],
        network_mode: "awsvpc",
        cpu: "2048",
        memory: "4096",
        runtime_platform: { operating_system_family: "LINUX", cpu_architecture: "ARM64" },
        execution_role_arn: refOf(json, "aws_iam_role", "arn", "execution-role"),
        task_role_arn: refOf(json, "aws_iam_role", "arn", "task-role"),
      });
      expect(onlyConfigOf(synth({ cpu: 0.25, memoryMiB: 512 }), "aws_ecs_task_definition").cpu).toBe("256");
    });

    it("keeps superseded revisions for rollbacks", () => {
      expect(taskDefinition.skip_destroy).toBe(true);
    });

    it("runs one essential container from <repositoryUrl>:<imageTag>, read-only, as a non-root user", () => {
      expect(JSON.parse(taskDefinition.container_definitions)).toHaveLength(1);
      expect(container.name).toBe(CONTAINER_NAME);
      expect(container.image).toBe("111122223333.dkr.ecr.us-east-1.amazonaws.com/mockforge-prod-server:3f2a1b9");
      expect(container.essential).toBe(true);
      expect(container.readonlyRootFilesystem).toBe(true);
      expect(container.user).toBe("1000:1000");
      expect(container.user).not.toMatch(/^(0|root)(:|$)/);
      expect(container.privileged).toBeUndefined();
      expect(taskDefinition.volume).toEqual([{ name: "tmp" }]);
      expect(container.mountPoints).toEqual([{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
    });

    it("maps the HTTP, admin and metrics ports", () => {
      expect(container.portMappings.map((p: any) => p.containerPort)).toEqual([PORTS.http, PORTS.admin, PORTS.metrics]);
      for (const mapping of container.portMappings) expect(mapping.protocol).toBe("tcp");
    });

    it("passes plain environment variables sorted by name", () => {
      expect(container.environment).toEqual([
        { name: ENV.databaseName, value: "mockforge" },
        { name: ENV.logLevel, value: "info" },
        { name: ENV.port, value: "3000" },
      ]);
    });

    it("injects secrets only as valueFrom references, never as values", () => {
      expect(container.secrets).toEqual([
        { name: ENV.databasePassword, valueFrom: `${dbSecret}:password::` },
        { name: ENV.adminSecret, valueFrom: adminSecret },
      ]);
      const plainNames = container.environment.map((e: any) => e.name);
      for (const secret of SECRET_ENV_NAMES) expect(plainNames).not.toContain(secret);
      expect(secretValueFrom({ secretId: "arn:s", jsonKey: "k" })).toBe("arn:s:k::");
    });

    it("health-checks the liveness path inside the container", () => {
      expect(container.healthCheck.command[0]).toBe("CMD-SHELL");
      expect(container.healthCheck.command[1]).toContain(`http://127.0.0.1:${PORTS.http}${HEALTH_PATHS.live}`);
      expect(container.healthCheck).toMatchObject({ interval: 15, timeout: 5, retries: 3, startPeriod: 60 });
      const custom = containerOf(synth({ healthCheckCommand: ["CMD", "/app/healthcheck"] }));
      expect(custom.healthCheck.command).toEqual(["CMD", "/app/healthcheck"]);
    });

    it("gives in-flight requests stopTimeout seconds and an init process to drain", () => {
      expect(container.stopTimeout).toBe(30);
      expect(container.linuxParameters).toEqual({ initProcessEnabled: true });
      expect(containerOf(synth({ stopTimeoutSeconds: 90 })).stopTimeout).toBe(90);
    });
  });

  describe("IAM", () => {
    it("lets only ECS tasks of this account assume the roles", () => {
      for (const [, role] of resourcesOf(json, "aws_iam_role")) {
        const [statement] = JSON.parse(role.assume_role_policy).Statement;
        expect(statement.Principal).toEqual({ Service: "ecs-tasks.amazonaws.com" });
        expect(statement.Condition.StringEquals["aws:SourceAccount"]).toBeDefined();
      }
    });

    it("lets the execution role pull from the repository, write its log group and read exactly the task's secrets", () => {
      const statements = policyOf(json, "execution-role-policy").Statement;
      const bySid = (sid: string) => statements.find((s: any) => s.Sid === sid);
      expect(statements.map((s: any) => s.Sid)).toEqual(["EcrLogin", "PullImage", "WriteLogs", "ReadTaskSecrets", "DecryptTaskSecrets"]);
      expect(bySid("EcrLogin")).toMatchObject({ Action: "ecr:GetAuthorizationToken", Resource: "*" });
      expect(bySid("PullImage").Resource).toMatch(/:ecr:us-east-1:.*:repository\/mockforge-prod-server$/);
      expect(bySid("WriteLogs").Resource).toBe(`${refOf(json, "aws_cloudwatch_log_group", "arn")}:*`);
      expect(bySid("ReadTaskSecrets")).toMatchObject({ Action: "secretsmanager:GetSecretValue", Resource: [dbSecret, adminSecret] });
      expect(bySid("DecryptTaskSecrets")).toMatchObject({
        Action: "kms:Decrypt",
        Condition: { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } },
      });
      for (const statement of statements) expect(statement.Action).not.toContain("*:*");
    });

    it("limits secret decryption to the given keys when secretsKmsKeyArns is set", () => {
      const keys = ["arn:aws:kms:us-east-1:111122223333:key/secrets"];
      const statements = policyOf(synth({ secretsKmsKeyArns: keys }), "execution-role-policy").Statement;
      expect(statements.find((s: any) => s.Sid === "DecryptTaskSecrets").Resource).toEqual(keys);
    });

    it("grants no secret access when the task has no secrets", () => {
      const statements = policyOf(synth({ secrets: {} }), "execution-role-policy").Statement;
      expect(statements.map((s: any) => s.Sid)).toEqual(["EcrLogin", "PullImage", "WriteLogs"]);
    });

    it("lets the task role use the assets bucket and its key, nothing else", () => {
      const statements = policyOf(json, "task-role-policy").Statement;
      const resources = statements.flatMap((s: any) => [s.Resource].flat());
      expect(resources).toEqual([baseProps.assetsBucketArn, `${baseProps.assetsBucketArn}/*`, baseProps.assetsKmsKeyArn]);
      const actions = statements.flatMap((s: any) => [s.Action].flat());
      for (const action of actions) expect(action).toMatch(/^(s3|kms):[A-Za-z]+$/);
      expect(actions).not.toContain("s3:*");
      const kms = statements.find((s: any) => s.Sid === "UseAssetsKey");
      expect(kms.Action).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
      expect(kms.Condition).toEqual({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
    });
  });

  describe("service", () => {
    it("runs on Fargate LATEST in the private subnets with the service security group and no public IP", () => {
      expect(service).toMatchObject({
        launch_type: "FARGATE",
        platform_version: "LATEST",
        cluster: refOf(json, "aws_ecs_cluster", "id"),
        task_definition: refOf(json, "aws_ecs_task_definition", "arn"),
        network_configuration: { subnets: ["subnet-priv-a", "subnet-priv-b"], security_groups: ["sg-service"], assign_public_ip: false },
      });
    });

    it("registers the container's HTTP port in the target group", () => {
      expect(service.load_balancer).toEqual([{ target_group_arn: baseProps.targetGroupArn, container_name: CONTAINER_NAME, container_port: PORTS.http }]);
      expect(service.health_check_grace_period_seconds).toBe(60);
    });

    it("rolls back failed deployments and never drops below full capacity while deploying", () => {
      expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
      expect(service.deployment_minimum_healthy_percent).toBe(100);
      expect(service.deployment_maximum_percent).toBe(200);
    });

    it("disables ECS Exec and propagates service tags", () => {
      expect(service.enable_execute_command).toBe(false);
      expect(service.propagate_tags).toBe("SERVICE");
    });

    it("starts at minCount and leaves the running count to autoscaling", () => {
      expect(service.desired_count).toBe(3);
      expect(service.lifecycle).toEqual({ ignore_changes: ["desired_count"] });
    });

    it("is created after the listener exists and destroyed before its role policies", () => {
      expect(service.depends_on).toEqual([
        `aws_lb_listener.${idOf(json, "aws_lb_listener")}`,
        `aws_iam_role_policy.${idOf(json, "aws_iam_role_policy", "execution-role-policy")}`,
        `aws_iam_role_policy.${idOf(json, "aws_iam_role_policy", "task-role-policy")}`,
      ]);
    });

    it("exposes the service name", () => {
      expect(json.output?.service_name.value).toBe(refOf(json, "aws_ecs_service", "name"));
    });
  });

  describe("autoscaling", () => {
    it("scales the service's desired count between minCount and maxCount", () => {
      expect(onlyConfigOf(json, "aws_appautoscaling_target")).toMatchObject({
        service_namespace: "ecs",
        scalable_dimension: "ecs:service:DesiredCount",
        min_capacity: 3,
        max_capacity: 50,
        resource_id: `service/${refOf(json, "aws_ecs_cluster", "name")}/${refOf(json, "aws_ecs_service", "name")}`,
      });
    });

    it("tracks CPU, memory and requests per target with the spec's cooldowns", () => {
      expect(configsOf(json, "aws_appautoscaling_policy")).toHaveLength(3);
      const cpu = scalingPolicy(json, "ECSServiceAverageCPUUtilization")!;
      const memory = scalingPolicy(json, "ECSServiceAverageMemoryUtilization")!;
      const requests = scalingPolicy(json, "ALBRequestCountPerTarget")!;
      expect(cpu.target_tracking_scaling_policy_configuration.target_value).toBe(70);
      expect(memory.target_tracking_scaling_policy_configuration.target_value).toBe(80);
      expect(requests.target_tracking_scaling_policy_configuration.target_value).toBe(1000);
      expect(requests.target_tracking_scaling_policy_configuration.predefined_metric_specification.resource_label).toBe(
        "app/mockforge-prod-use1-alb/abc/targetgroup/mockforge-prod-use1-tg/def",
      );
      for (const policy of [cpu, memory, requests]) {
        expect(policy.policy_type).toBe("TargetTrackingScaling");
        expect(policy.resource_id).toBe(refOf(json, "aws_appautoscaling_target", "resource_id"));
        expect(policy.target_tracking_scaling_policy_configuration.scale_out_cooldown).toBe(60);
        expect(policy.target_tracking_scaling_policy_configuration.scale_in_cooldown).toBe(300);
      }
    });

    it("skips request-count scaling when requestsPerTarget is not set", () => {
      const noRequests = synth({ ...withAutoscaling({ requestsPerTarget: undefined }), loadBalancerArnSuffix: undefined, targetGroupArnSuffix: undefined });
      expect(configsOf(noRequests, "aws_appautoscaling_policy")).toHaveLength(2);
      expect(scalingPolicy(noRequests, "ALBRequestCountPerTarget")).toBeUndefined();
    });
  });

  describe("validation", () => {
    it.each(SECRET_ENV_NAMES)("refuses the secret %s as a plain environment variable", (name) => {
      expect(() => synth({ environment: { ...baseProps.environment, [name]: "hunter2" } })).toThrow(
        new RegExp(`environment\\.${name} is a secret; pass it in secrets`),
      );
    });

    it("accepts every documented Fargate size and rejects the rest", () => {
      for (const [units, memories] of Object.entries(FARGATE_MEMORY_MIB)) {
        for (const memoryMiB of [memories[0], memories[memories.length - 1]]) {
          expect(() => synth({ cpu: Number(units) / 1024, memoryMiB })).not.toThrow();
        }
      }
      const gib = (...sizes: number[]) => sizes.map((g) => g * 1024);
      const range = (from: number, to: number, step: number) => gib(...Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step));
      expect(FARGATE_MEMORY_MIB).toEqual({
        256: [512, 1024, 2048],
        512: range(1, 4, 1),
        1024: range(2, 8, 1),
        2048: range(4, 16, 1),
        4096: range(8, 30, 1),
        8192: range(16, 60, 4),
        16384: range(32, 120, 8),
      });
      expect(() => synth({ cpu: 1, memoryMiB: 1024 })).toThrow(/memoryMiB 1024 does not fit cpu 1/);
      expect(() => synth({ cpu: 0.5, memoryMiB: 512 })).toThrow(/memoryMiB 512 does not fit cpu 0\.5 on Fargate; with 0\.5 vCPU use one of 1024, 2048, 3072, 4096 MiB/);
      expect(() => synth({ cpu: 2, memoryMiB: 2048 })).toThrow(/memoryMiB 2048 does not fit cpu 2/);
      expect(() => synth({ cpu: 3, memoryMiB: 8192 })).toThrow(/cpu 3 is not a Fargate size; use one of 0\.25, 0\.5, 1, 2, 4, 8, 16 vCPU/);
      expect(() => synth({ cpu: 8, memoryMiB: 18432 })).toThrow(/memoryMiB 18432 does not fit cpu 8/);
    });

    it("rejects minCount above maxCount", () => {
      expect(() => synth(withAutoscaling({ minCount: 5, maxCount: 2 }))).toThrow(/autoscaling\.minCount 5 is above autoscaling\.maxCount 2/);
    });

    it.each([
      [{ minCount: 0 }, /autoscaling\.minCount 0 is invalid/],
      [{ cpuTargetPercent: 120 }, /autoscaling\.cpuTargetPercent 120 is invalid; use a whole number from 1 to 100/],
      [{ memoryTargetPercent: 0 }, /autoscaling\.memoryTargetPercent 0 is invalid/],
      [{ scaleInCooldownSeconds: -1 }, /autoscaling\.scaleInCooldownSeconds -1 is invalid/],
      [{ requestsPerTarget: 0 }, /autoscaling\.requestsPerTarget 0 is invalid/],
    ])("rejects autoscaling %p", (changes, message) => {
      expect(() => synth(withAutoscaling(changes))).toThrow(message);
    });

    it("needs both ARN suffixes for request-count scaling", () => {
      expect(() => synth({ targetGroupArnSuffix: undefined })).toThrow(/requestsPerTarget is set but loadBalancerArnSuffix or targetGroupArnSuffix is missing/);
    });

    it("rejects other bad values, naming the prop", () => {
      expect(() => synth({ logRetentionDays: 10 })).toThrow(/logRetentionDays 10 is not a CloudWatch Logs retention/);
      expect(() => synth({ imageTag: "bad tag" })).toThrow(/imageTag "bad tag" is not a valid image tag/);
      expect(() => synth({ stopTimeoutSeconds: 300 })).toThrow(/stopTimeoutSeconds 300 is invalid; use a whole number from 2 to 120/);
      expect(() => synth({ healthCheckGracePeriodSeconds: -5 })).toThrow(/healthCheckGracePeriodSeconds -5 is invalid/);
      expect(() => synth({ environment: { "BAD-NAME": "x" } })).toThrow(/environment name "BAD-NAME" is not a valid variable name/);
      expect(() => synth({ environment: { [ENV.port]: "3000", DUP: "1" }, secrets: { DUP: { secretId: "arn:x" } } })).toThrow(
        /DUP is in both environment and secrets/,
      );
    });
  });
});
