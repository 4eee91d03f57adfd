import { REQUIRED_TAG_KEYS } from "../../constructs/core/naming";
import { SECRET_ENV_NAMES } from "../../constructs/core/runtime-contract";
import { synthesizeApp } from "../support/app";
import { allResources, configsOf, type SynthJson } from "../support/synth";

const app = synthesizeApp();
const stack = (name: string): SynthJson => {
  const json = app.stacks.get(name);
  if (!json) throw new Error(`no stack ${name}; have ${[...app.stacks.keys()].join(", ")}`);
  return json;
};

const awsStacks = () => [...app.stacks].filter(([name]) => name.includes("-aws-"));

const EXPECTED_STACKS = [
  "mockforge-dev-aws-global",
  "mockforge-dev-aws-us-east-1",
  "mockforge-dev-aws-edge",
  "mockforge-prod-aws-global",
  "mockforge-prod-aws-us-east-1",
  "mockforge-prod-aws-eu-west-1",
  "mockforge-prod-aws-ap-south-1",
  "mockforge-prod-aws-edge",
  "mockforge-staging-aws-global",
  "mockforge-staging-aws-us-east-1",
  "mockforge-staging-aws-edge",
];

describe("the AWS app", () => {
  it("has one stack per environment x region plus global and edge stacks", () => {
    expect([...app.stacks.keys()].filter((name) => name.includes("-aws-")).sort()).toEqual([...EXPECTED_STACKS].sort());
  });

  it.each(EXPECTED_STACKS)("%s matches its snapshot", (name) => {
    expect(stack(name)).toMatchSnapshot();
  });

  it("gives every stack its own encrypted, locked S3 state key", () => {
    const keys = new Set<string>();
    for (const [name, json] of awsStacks()) {
      const s3 = (json.terraform as any).backend.s3;
      expect(s3).toMatchObject({ encrypt: true, use_lockfile: true });
      expect(s3.key).toContain(name);
      keys.add(s3.key);
    }
    expect(keys.size).toBe(awsStacks().length);
  });

  it("deploys global before regions, the primary before secondaries, and the edge last", () => {
    const deps = (name: string) => app.dependencies.get(name) ?? [];
    expect(deps("mockforge-prod-aws-us-east-1")).toContain("mockforge-prod-aws-global");
    expect(deps("mockforge-prod-aws-eu-west-1")).toEqual(expect.arrayContaining(["mockforge-prod-aws-global", "mockforge-prod-aws-us-east-1"]));
    expect(deps("mockforge-prod-aws-edge")).toEqual(
      expect.arrayContaining(["mockforge-prod-aws-us-east-1", "mockforge-prod-aws-eu-west-1", "mockforge-prod-aws-ap-south-1"]),
    );
    expect(deps("mockforge-prod-aws-global")).toEqual([]);
  });

  it("tags every taggable resource with env, region, service, owner and cost-center", () => {
    let checked = 0;
    for (const [name, json] of awsStacks()) {
      for (const [type, id, config] of allResources(json)) {
        if (!("tags" in config)) continue;
        checked++;
        for (const key of REQUIRED_TAG_KEYS) {
          expect({ resource: `${name} ${type}.${id}`, has: key in config.tags }).toEqual({ resource: `${name} ${type}.${id}`, has: true });
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("never puts a secret into a plain container environment variable", () => {
    for (const [, json] of awsStacks()) {
      for (const task of configsOf(json, "aws_ecs_task_definition")) {
        const containers = JSON.parse(task.container_definitions) as Array<{ environment?: { name: string }[]; secrets?: { name: string }[] }>;
        for (const c of containers) {
          const plain = (c.environment ?? []).map((e) => e.name);
          expect(plain.filter((n) => SECRET_ENV_NAMES.includes(n))).toEqual([]);
          expect((c.secrets ?? []).map((s) => s.name).sort()).toEqual([...SECRET_ENV_NAMES].sort());
        }
      }
    }
  });

  it("deploys the requested image tag from the environment's own registry", () => {
    const task = configsOf(stack("mockforge-prod-aws-eu-west-1"), "aws_ecs_task_definition")[0];
    const [container] = JSON.parse(task.container_definitions) as Array<{ image: string }>;
    expect(container.image).toMatch(/\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/mockforge-prod-server:test-tag$/);
  });
});

describe("production", () => {
  const primary = stack("mockforge-prod-aws-us-east-1");
  const secondary = stack("mockforge-prod-aws-eu-west-1");

  it("runs a Multi-AZ, deletion-protected primary with two in-region read replicas", () => {
    const dbs = configsOf(primary, "aws_db_instance");
    const writer = dbs.filter((d) => !d.replicate_source_db);
    expect(writer).toHaveLength(1);
    expect(writer[0]).toMatchObject({ multi_az: true, deletion_protection: true, storage_encrypted: true, publicly_accessible: false });
    expect(dbs.filter((d) => d.replicate_source_db)).toHaveLength(2);
  });

  it("replicates the primary database into each secondary region through a cross-stack reference", () => {
    const [replica] = configsOf(secondary, "aws_db_instance");
    expect(replica.replicate_source_db).toMatch(/terraform_remote_state/);
    expect(Object.keys(secondary.data?.terraform_remote_state ?? {}).length).toBeGreaterThan(0);
  });

  it("scales 3..50 tasks on CPU 70 % and memory 80 %, out fast and in slow", () => {
    const target = configsOf(primary, "aws_appautoscaling_target")[0];
    expect(target).toMatchObject({ min_capacity: 3, max_capacity: 50 });
    const policies = configsOf(primary, "aws_appautoscaling_policy").map((p) => p.target_tracking_scaling_policy_configuration);
    const byMetric = (m: string) => policies.find((p) => p.predefined_metric_specification.predefined_metric_type === m);
    expect(byMetric("ECSServiceAverageCPUUtilization")).toMatchObject({ target_value: 70, scale_out_cooldown: 60, scale_in_cooldown: 300 });
    expect(byMetric("ECSServiceAverageMemoryUtilization")).toMatchObject({ target_value: 80, scale_out_cooldown: 60, scale_in_cooldown: 300 });
  });

  it("protects the load balancer from deletion and blocks with the WAF", () => {
    expect(configsOf(primary, "aws_lb")[0].enable_deletion_protection).toBe(true);
    const acl = configsOf(primary, "aws_wafv2_web_acl")[0];
    const rate = acl.rule.find((r: any) => r.statement.rate_based_statement);
    expect(rate.action.block).toBeDefined();
  });
});

describe("dev relaxes cost-heavy items only through its environment file", () => {
  const dev = stack("mockforge-dev-aws-us-east-1");
  it("runs a single-AZ database without replicas or deletion protection", () => {
    const dbs = configsOf(dev, "aws_db_instance");
    expect(dbs).toHaveLength(1);
    expect(dbs[0]).toMatchObject({ multi_az: false, deletion_protection: false, storage_encrypted: true });
  });
  it("keeps encryption and the WAF (in count mode)", () => {
    const acl = configsOf(dev, "aws_wafv2_web_acl")[0];
    const rate = acl.rule.find((r: any) => r.statement.rate_based_statement);
    expect(rate.action.count).toBeDefined();
    expect(configsOf(dev, "aws_nat_gateway")).toHaveLength(1);
  });
});
