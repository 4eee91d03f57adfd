import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kindOf, type PlanJson, planFacts, summarizePlan } from "../../scripts/plan-summary";
import { planExitCode, planReport, planStacks } from "../../scripts/plan-stacks";
import { consoleProgress } from "../../scripts/runner";
import { isStatefulType, STATEFUL_RESOURCE_TYPES } from "../../scripts/stateful-resources";
import { type Manifest, selectStacks, stacksOf } from "../../scripts/stacks";
import { FakeRunner, recordingProgress } from "./fake-runner";

function fixture(name: string): PlanJson {
  return JSON.parse(readFileSync(join(__dirname, "fixtures", name), "utf8")) as PlanJson;
}
function fixtureText(name: string): string {
  return readFileSync(join(__dirname, "fixtures", name), "utf8");
}

describe("summarizePlan on recorded plans", () => {
  test("a database replacement is counted and flagged loudly; a stateless replacement is listed quietly", () => {
    const plan = fixture("plan-db-replace.json");
    expect(planFacts(plan).counts).toEqual({ add: 3, change: 1, destroy: 2, replace: 2 });
    const md = summarizePlan("mockforge-prod-aws-us-east-1", plan);
    expect(md).toContain("### mockforge-prod-aws-us-east-1");
    expect(md).toContain("**3 to add, 1 to change, 2 to destroy** (2 replaced)");
    expect(md).toContain("> [!CAUTION]");
    expect(md).toContain("> - :rotating_light: **REPLACE** `aws_db_instance.database_primary_Instance_1A2B3C4D` (aws_db_instance)");
    expect(md).not.toMatch(/rotating_light.*aws_security_group/);
    expect(md).toContain("- replace `aws_security_group.database_sg_5E6F7A8B`");
    // Data sources (read) and no-ops are not changes.
    expect(md).not.toContain("aws_caller_identity");
    expect(md).not.toContain("aws_vpc");
  });

  test("a bucket destroy is flagged; its IAM member destroy is not stateful", () => {
    const plan = fixture("plan-bucket-destroy.json");
    const facts = planFacts(plan);
    expect(facts.counts).toEqual({ add: 0, change: 0, destroy: 2, replace: 0 });
    expect(facts.dangerous).toEqual([{ address: "google_storage_bucket.assets_Bucket_11223344", type: "google_storage_bucket", kind: "delete" }]);
    expect(summarizePlan("mockforge-prod-gcp-us-central1", plan)).toContain("**DESTROY** `google_storage_bucket.assets_Bucket_11223344`");
  });

  test("a no-op plan says so and flags nothing", () => {
    const md = summarizePlan("mockforge-prod-aws-global", fixture("plan-no-op.json"));
    expect(md).toBe("### mockforge-prod-aws-global\n\nNo changes. Infrastructure matches the configuration.\n");
  });

  test("in-place updates of stateful resources are counted as changes, never flagged", () => {
    const plan = fixture("plan-in-place.json");
    expect(planFacts(plan)).toEqual({ counts: { add: 0, change: 3, destroy: 0, replace: 0 }, dangerous: [], otherRemovals: [] });
    const md = summarizePlan("mockforge-prod-aws-us-east-1", plan);
    expect(md).toContain("**0 to add, 3 to change, 0 to destroy**");
    expect(md).not.toContain("CAUTION");
    expect(md).not.toContain("replaced");
  });

  test("action lists map to kinds (create-before-destroy is a replacement too)", () => {
    expect(kindOf(["create", "delete"])).toBe("replace");
    expect(kindOf(["delete", "create"])).toBe("replace");
    expect(kindOf(["delete"])).toBe("delete");
    expect(kindOf(["update"])).toBe("update");
    expect(kindOf(["no-op"])).toBeUndefined();
    expect(kindOf(["read"])).toBeUndefined();
    expect(kindOf(["forget"])).toBeUndefined();
  });

  test("the stateful list covers each cloud's data stores, keys, secrets and registries", () => {
    for (const type of [
      "aws_db_instance", "aws_s3_bucket", "aws_ebs_volume", "aws_kms_key", "aws_secretsmanager_secret", "aws_ecr_repository",
      "google_sql_database_instance", "google_storage_bucket", "google_kms_crypto_key", "google_artifact_registry_repository",
      "azurerm_postgresql_flexible_server", "azurerm_storage_account", "azurerm_managed_disk", "azurerm_key_vault", "azurerm_container_registry",
      "oci_psql_db_system", "oci_objectstorage_bucket", "oci_core_volume", "oci_kms_key", "oci_vault_secret", "oci_artifacts_container_repository",
    ]) {
      expect(isStatefulType(type)).toBe(true);
    }
    expect(isStatefulType("aws_security_group")).toBe(false);
    expect(Object.keys(STATEFUL_RESOURCE_TYPES)).toEqual(["aws", "gcp", "azure", "oci", "common"]);
  });
});

describe("planStacks with a fake runner", () => {
  const manifest: Manifest = {
    stacks: {
      "mockforge-prod-aws-us-east-1": { dependencies: ["mockforge-prod-aws-global"] },
      "mockforge-prod-aws-global": { dependencies: [] },
    },
  };
  const stacks = selectStacks(stacksOf(manifest), {});

  function runnerFor(shows: Record<string, string>, planCode = 0) {
    return new FakeRunner((call) => {
      const stack = call.options!.cwd!.split("/").pop()!;
      if (call.args[0] === "plan") return { code: planCode };
      if (call.args[0] === "show") return { code: 0, stdout: shows[stack] };
      return { code: 0 };
    });
  }

  test("runs init, plan -out and show -json in each stack folder, in deploy order", async () => {
    const runner = runnerFor({
      "mockforge-prod-aws-global": fixtureText("plan-no-op.json"),
      "mockforge-prod-aws-us-east-1": fixtureText("plan-db-replace.json"),
    });
    const progress = recordingProgress();
    const results = await planStacks(stacks, { outdir: "/out", runner, progress });
    expect(runner.calls.map((c) => `${c.options?.cwd} ${c.command} ${c.args.join(" ")}`)).toEqual([
      "/out/stacks/mockforge-prod-aws-global terraform init -input=false -no-color",
      "/out/stacks/mockforge-prod-aws-global terraform plan -input=false -no-color -lock-timeout=5m -out=plan.tfplan",
      "/out/stacks/mockforge-prod-aws-global terraform show -json plan.tfplan",
      "/out/stacks/mockforge-prod-aws-us-east-1 terraform init -input=false -no-color",
      "/out/stacks/mockforge-prod-aws-us-east-1 terraform plan -input=false -no-color -lock-timeout=5m -out=plan.tfplan",
      "/out/stacks/mockforge-prod-aws-us-east-1 terraform show -json plan.tfplan",
    ]);
    expect(runner.calls[2].options?.captureStdout).toBe(true);
    expect(results.map((r) => [r.stack, r.status, r.dangerous])).toEqual([
      ["mockforge-prod-aws-global", "ok", false],
      ["mockforge-prod-aws-us-east-1", "changes", true],
    ]);
    expect(progress.lines[0]).toBe("1/2 mockforge-prod-aws-global: terraform init");
    expect(progress.lines).toContain("2/2 mockforge-prod-aws-us-east-1: planned: changes");
    const report = planReport(results);
    expect(report).toMatch(/^## Plan: 2 stack\(s\), 1 with changes, 0 failed, :rotating_light: 1 with stateful/);
    expect(report.indexOf("mockforge-prod-aws-global")).toBeLessThan(report.indexOf("### mockforge-prod-aws-us-east-1"));
    expect(planExitCode(results, false)).toBe(0);
  });

  test("a failed plan is reported, the next stack still planned, and the exit code is 1", async () => {
    const results = await planStacks(stacks, { outdir: "/out", runner: runnerFor({}, 1), progress: recordingProgress() });
    expect(results.map((r) => r.status)).toEqual(["failed", "failed"]);
    expect(results[0].markdown).toContain(":x: **terraform plan failed**");
    expect(planExitCode(results, false)).toBe(1);
  });

  test("drift mode passes -detailed-exitcode, accepts exit 2 and exits 2 on changes", async () => {
    const runner = runnerFor({ "mockforge-prod-aws-global": fixtureText("plan-in-place.json"), "mockforge-prod-aws-us-east-1": fixtureText("plan-no-op.json") }, 2);
    const results = await planStacks(stacks, { outdir: "/out", runner, progress: recordingProgress(), detailedExitcode: true });
    expect(runner.calls.filter((c) => c.args[0] === "plan").every((c) => c.args.includes("-detailed-exitcode"))).toBe(true);
    expect(results.map((r) => r.status)).toEqual(["changes", "ok"]);
    expect(planExitCode(results, true)).toBe(2);
  });

  test("progress lines show n of m and elapsed time", () => {
    const lines: string[] = [];
    let now = 0;
    const progress = consoleProgress((l) => lines.push(l), () => now);
    now = 65_000;
    progress.step(3, 7, "mockforge-prod-aws-eu-west-1", "terraform plan");
    expect(lines).toEqual(["[3/7 1m 05s] mockforge-prod-aws-eu-west-1: terraform plan"]);
  });
});
