import { deployStacks, ProdNotConfirmedError } from "../../scripts/deploy-stacks";
import { type Manifest, selectStacks, stacksOf } from "../../scripts/stacks";
import { FakeRunner, recordingProgress } from "./fake-runner";

const manifest: Manifest = {
  stacks: {
    "mockforge-staging-aws-edge": { dependencies: ["mockforge-staging-aws-global", "mockforge-staging-aws-us-east-1"] },
    "mockforge-staging-aws-us-east-1": { dependencies: ["mockforge-staging-aws-global"] },
    "mockforge-staging-aws-global": { dependencies: [] },
    "mockforge-prod-aws-global": { dependencies: [] },
  },
};
const all = stacksOf(manifest);
const staging = selectStacks(all, { env: ["staging"] });
const prod = selectStacks(all, { env: ["prod"] });

test("deploys each stack with cdktf deploy --auto-approve, in dependency order", async () => {
  const runner = new FakeRunner();
  const result = await deployStacks(staging, { root: "/repo", runner, progress: recordingProgress() });
  expect(runner.calls.map((c) => [c.command, ...c.args].join(" "))).toEqual(
    ["global", "us-east-1", "edge"].map(
      (part) => `npx cdktf deploy mockforge-staging-aws-${part} --auto-approve --skip-synth --ignore-missing-stack-dependencies`,
    ),
  );
  expect(runner.calls.every((c) => c.options?.cwd === "/repo")).toBe(true);
  expect(result).toEqual({ deployed: staging.map((s) => s.name), exitCode: 0 });
});

test("stops at the first failure and names the stack", async () => {
  const runner = new FakeRunner((call) => ({ code: call.args[2] === "mockforge-staging-aws-us-east-1" ? 3 : 0 }));
  const progress = recordingProgress();
  const result = await deployStacks(staging, { root: "/repo", runner, progress });
  expect(runner.calls).toHaveLength(2);
  expect(result).toEqual({ deployed: ["mockforge-staging-aws-global"], failed: "mockforge-staging-aws-us-east-1", exitCode: 3 });
  expect(progress.lines).toContain("2/3 mockforge-staging-aws-us-east-1: FAILED (exit 3); not deploying 1 remaining stack(s)");
});

test("refuses prod without --confirm-prod and runs nothing", async () => {
  const runner = new FakeRunner();
  await expect(deployStacks([...staging, ...prod], { root: "/repo", runner, progress: recordingProgress() })).rejects.toThrow(
    new ProdNotConfirmedError("refusing to deploy production stack(s) without --confirm-prod: mockforge-prod-aws-global"),
  );
  expect(runner.calls).toHaveLength(0);
});

test("deploys prod with confirmation", async () => {
  const runner = new FakeRunner();
  const result = await deployStacks(prod, { root: "/repo", runner, progress: recordingProgress(), confirmProd: true });
  expect(result.deployed).toEqual(["mockforge-prod-aws-global"]);
  expect(runner.calls).toHaveLength(1);
});
