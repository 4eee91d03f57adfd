import { globToRegExp, isProd, type Manifest, orderStacks, readManifest, selectStacks, stacksOf } from "../../scripts/stacks";
import { parseArgs, selectionOf, SELECTION_OPTIONS } from "../../scripts/cli";
import { SHARED_APP_ENV } from "../support/app";

function manifest(deps: Record<string, string[]>): Manifest {
  return { stacks: Object.fromEntries(Object.entries(deps).map(([name, dependencies]) => [name, { name, dependencies }])) };
}

// Listed out of order on purpose: the order must come from the dependencies.
const PROD_AWS = manifest({
  "mockforge-prod-aws-edge": ["mockforge-prod-aws-global", "mockforge-prod-aws-us-east-1", "mockforge-prod-aws-eu-west-1", "mockforge-prod-aws-ap-south-1"],
  "mockforge-prod-aws-eu-west-1": ["mockforge-prod-aws-global", "mockforge-prod-aws-us-east-1"],
  "mockforge-prod-aws-ap-south-1": ["mockforge-prod-aws-global", "mockforge-prod-aws-us-east-1"],
  "mockforge-prod-aws-us-east-1": ["mockforge-prod-aws-global"],
  "mockforge-prod-aws-global": [],
  "mockforge-dev-gcp-global": [],
  "mockforge-dev-gcp-us-central1": ["mockforge-dev-gcp-global"],
});

describe("stacksOf", () => {
  test("parses env, cloud, region and derives the role from the dependencies", () => {
    const byName = new Map(stacksOf(PROD_AWS).map((s) => [s.name, s]));
    expect(byName.get("mockforge-prod-aws-global")).toMatchObject({ env: "prod", cloud: "aws", region: "global", role: "global" });
    expect(byName.get("mockforge-prod-aws-us-east-1")).toMatchObject({ region: "us-east-1", role: "primary" });
    expect(byName.get("mockforge-prod-aws-eu-west-1")).toMatchObject({ region: "eu-west-1", role: "secondary" });
    expect(byName.get("mockforge-prod-aws-edge")).toMatchObject({ role: "edge", workingDirectory: "stacks/mockforge-prod-aws-edge" });
  });

  test("rejects a stack name outside the naming scheme", () => {
    expect(() => stacksOf(manifest({ "other-stack": [] }))).toThrow(/"other-stack" is not named mockforge-<env>-<aws\|gcp\|azure\|oci>/);
  });
});

describe("selectStacks", () => {
  const all = stacksOf(PROD_AWS);

  test("orders global -> primary -> secondaries -> edge", () => {
    expect(selectStacks(all, { env: ["prod"], cloud: ["aws"] }).map((s) => s.name)).toEqual([
      "mockforge-prod-aws-global",
      "mockforge-prod-aws-us-east-1",
      "mockforge-prod-aws-ap-south-1",
      "mockforge-prod-aws-eu-west-1",
      "mockforge-prod-aws-edge",
    ]);
  });

  test("region globs select a subset, still in order", () => {
    expect(selectStacks(all, { env: ["prod"], region: ["eu-*", "global"] }).map((s) => s.region)).toEqual(["global", "eu-west-1"]);
    expect(selectStacks(all, { region: ["us-*"] }).map((s) => s.name)).toEqual(["mockforge-dev-gcp-us-central1", "mockforge-prod-aws-us-east-1"]);
  });

  test("no filters selects everything", () => {
    expect(selectStacks(all, {})).toHaveLength(7);
  });

  test("an unknown env, cloud or region names what exists", () => {
    expect(() => selectStacks(all, { env: ["prd"] })).toThrow('unknown env "prd": the synthesized stacks have env dev, prod');
    expect(() => selectStacks(all, { cloud: ["aws", "gpc"] })).toThrow('unknown cloud "gpc": the synthesized stacks have cloud aws, gcp');
    // Regions are listed for the chosen env/cloud only.
    expect(() => selectStacks(all, { env: ["dev"], region: ["eu-*"] })).toThrow('unknown region "eu-*": the synthesized stacks have region global, us-central1');
  });

  test("a dependency cycle names the stacks in it", () => {
    const cyclic = stacksOf(
      manifest({
        "mockforge-dev-aws-global": [],
        "mockforge-dev-aws-us-east-1": ["mockforge-dev-aws-global", "mockforge-dev-aws-edge"],
        "mockforge-dev-aws-edge": ["mockforge-dev-aws-us-east-1"],
      }),
    );
    expect(() => orderStacks(cyclic)).toThrow("dependency cycle among stacks: mockforge-dev-aws-edge, mockforge-dev-aws-us-east-1");
  });

  test("dependencies win over the role tie-break", () => {
    // A region stack the edge does not depend on, and an edge the global depends on (artificial): topology first.
    const odd = stacksOf(manifest({ "mockforge-dev-aws-global": ["mockforge-dev-aws-edge"], "mockforge-dev-aws-edge": [] }));
    expect(orderStacks(odd).map((s) => s.region)).toEqual(["edge", "global"]);
  });
});

describe("the real synthesized manifest", () => {
  const all = stacksOf(readManifest(process.env[SHARED_APP_ENV]!));

  test("every stack's dependencies come before it, for every env and cloud", () => {
    const ordered = selectStacks(all, {});
    expect(ordered).toHaveLength(all.length);
    const position = new Map(ordered.map((s, i) => [s.name, i]));
    for (const stack of ordered) {
      for (const dep of stack.dependencies) expect(position.get(dep)!).toBeLessThan(position.get(stack.name)!);
    }
  });

  test("prod AWS: global, the primary us-east-1, secondaries, then edge", () => {
    const names = selectStacks(all, { env: ["prod"], cloud: ["aws"] }).map((s) => `${s.region}:${s.role}`);
    expect(names).toEqual(["global:global", "us-east-1:primary", "ap-south-1:secondary", "eu-west-1:secondary", "edge:edge"]);
  });

  test("prod OCI has no edge stack; the home-region primary precedes the secondaries", () => {
    expect(selectStacks(all, { env: ["prod"], cloud: ["oci"] }).map((s) => s.role)).toEqual(["global", "primary", "secondary", "secondary"]);
  });
});

describe("cli arguments and helpers", () => {
  test("parses repeated and comma-separated selection options", () => {
    const args = parseArgs(["--env", "prod", "--cloud=aws,gcp", "--region", "eu-*", "--region", "global", "--json"], SELECTION_OPTIONS, ["json"]);
    expect(selectionOf(args)).toEqual({ env: ["prod"], cloud: ["aws", "gcp"], region: ["eu-*", "global"] });
    expect(args.flags.has("json")).toBe(true);
  });

  test("rejects unknown options and missing values", () => {
    expect(() => parseArgs(["--enviroment", "prod"], SELECTION_OPTIONS, [])).toThrow("unknown option --enviroment; expected --env, --cloud, --region");
    expect(() => parseArgs(["--env"], SELECTION_OPTIONS, [])).toThrow("--env needs a value");
    expect(() => parseArgs(["--confirm-prod=yes"], [], ["confirm-prod"])).toThrow("--confirm-prod takes no value");
  });

  test("globs are anchored and treat dots literally", () => {
    expect(globToRegExp("eu-*").test("eu-west-1")).toBe(true);
    expect(globToRegExp("eu-*").test("neu-west-1")).toBe(false);
    expect(globToRegExp("us.east").test("us-east")).toBe(false);
  });

  test("isProd", () => {
    const [dev, prod] = stacksOf(manifest({ "mockforge-dev-aws-global": [], "mockforge-prod-aws-global": [] }));
    expect([isProd(dev), isProd(prod)]).toEqual([false, true]);
  });
});
