/**
 * The CI workflows users run: the properties the delivery loop relies on
 * (order of deploy steps, one image build, rollback path, PR checks), so a
 * reordering or a dropped step fails here rather than in a deploy.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CLOUDS } from "../scripts/stacks";

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  steps?: Step[];
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
}
interface Workflow {
  on: unknown;
  jobs: Record<string, Job>;
}

const workflow = (name: string): Workflow => parse(readFileSync(join(__dirname, "..", ".github", "workflows", name), "utf8")) as Workflow;
const ciRun = readFileSync(join(__dirname, "..", ".ci", "run"), "utf8");

/** Index of the first step whose run/uses/name matches. */
function stepIndex(steps: Step[], pattern: RegExp): number {
  const i = steps.findIndex((s) => pattern.test(`${s.name ?? ""}\n${s.uses ?? ""}\n${s.run ?? ""}`));
  if (i < 0) throw new Error(`no step matches ${pattern}`);
  return i;
}

describe("deploy.yml (main)", () => {
  const wf = workflow("deploy.yml");

  it("builds the image once, smoke-tests it against the commit and keeps the archive; a rollback builds nothing", () => {
    const image = wf.jobs.image;
    expect(image.if).toMatch(/!inputs\.image_tag/);
    const steps = image.steps!;
    const build = stepIndex(steps, /npm run image -- --tag "\$MOCKFORGE_IMAGE_TAG" --export image\/mockforge\.tar/);
    const smoke = stepIndex(steps, /npm run image:smoke .*--revision/);
    const upload = stepIndex(steps, /actions\/upload-artifact/);
    expect(build).toBeLessThan(smoke);
    expect(smoke).toBeLessThan(upload);
    expect(steps.filter((s) => /npm run image -- /.test(s.run ?? ""))).toHaveLength(1);
  });

  it("deploys dev, then staging, then prod behind the production environment, each with the same image", () => {
    expect(wf.jobs["deploy-dev"].needs).toBe("image");
    expect(wf.jobs["deploy-dev"].if).toMatch(/needs\.image\.result == 'skipped'/);
    expect(wf.jobs["deploy-staging"].needs).toBe("deploy-dev");
    expect(wf.jobs["deploy-prod"].needs).toBe("deploy-staging");
    expect(wf.jobs["deploy-prod"].with).toMatchObject({ env: "prod", "github-environment": "production", "confirm-prod": true });
    for (const job of ["deploy-dev", "deploy-staging", "deploy-prod"]) {
      expect(wf.jobs[job].uses).toBe("./.github/workflows/deploy-environment.yml");
      expect(String(wf.jobs[job].with?.["image-tag"])).toMatch(/inputs\.image_tag \|\| github\.sha/);
      expect(String(wf.jobs[job].with?.["image-artifact"])).toMatch(/mockforge-image/);
    }
  });
});

describe("deploy-environment.yml", () => {
  const job = workflow("deploy-environment.yml").jobs.deploy;
  const steps = job.steps!;

  it("runs every cloud with short-lived credentials", () => {
    expect(job.strategy?.matrix?.cloud).toEqual([...CLOUDS]);
    expect(job.permissions?.["id-token"]).toBe("write");
  });

  it("per cloud: global stack, image pushed into its registries, primary region, health gate, then the rest", () => {
    const global = stepIndex(steps, /deploy\.js .*--region global/);
    const download = stepIndex(steps, /actions\/download-artifact/);
    const push = stepIndex(steps, /image-push\.js/);
    const primary = stepIndex(steps, /deploy\.js .*steps\.stacks\.outputs\.primary/);
    const gate = stepIndex(steps, /\/health\/ready/);
    const rest = stepIndex(steps, /deploy\.js .*steps\.stacks\.outputs\.rest/);
    expect([global, download, push, primary, gate, rest]).toEqual([...[global, download, push, primary, gate, rest]].sort((a, b) => a - b));
    expect(steps[push].run).toMatch(/--archive image\/mockforge\.tar/);
    expect(steps[push].run).toMatch(/--verify-only/);
    expect(steps[gate].run).toMatch(/exit 1/);
  });
});

describe("pull-request.yml", () => {
  const wf = workflow("pull-request.yml");

  it("runs the tests with the services they need, synthesizes, lints the workflows", () => {
    const steps = wf.jobs.test.steps!;
    const install = steps[stepIndex(steps, /apt-get install/)].run!;
    // The packages .ci/run installs for the live tests.
    for (const pkg of ["redis-server", "redis-sentinel", "postgresql"]) {
      expect(ciRun).toContain(pkg);
      expect(install).toContain(pkg);
    }
    stepIndex(steps, /^npm test$/m);
    stepIndex(steps, /npm run synth/);
    stepIndex(steps, /npm run lint:workflows/);
  });

  it("builds and smoke-tests the image", () => {
    const steps = wf.jobs.image.steps!;
    expect(stepIndex(steps, /npm run image -- /)).toBeLessThan(stepIndex(steps, /npm run image:smoke/));
  });
});

describe("drift.yml", () => {
  it("plans prod with a detailed exit code", () => {
    const text = readFileSync(join(__dirname, "..", ".github", "workflows", "drift.yml"), "utf8");
    expect(text).toMatch(/--detailed-exitcode/);
    expect(text).toMatch(/--env prod/);
  });
});
