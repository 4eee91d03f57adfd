import { IMAGE_PUSH_TARGETS_OUTPUT } from "../../stacks/stack-names";
import { synthesizeApp, TEST_IMAGE_TAG } from "../support/app";
import type { SynthJson } from "../support/synth";

const app = synthesizeApp();
const CLOUD_NAMES = ["aws", "gcp", "azure", "oci"] as const;
const ENVS = [...new Set([...app.stacks.keys()].map((n) => n.split("-")[1]))];

function targetsOf(json: SynthJson): string[] {
  const out = (json.output as Record<string, { value: unknown }> | undefined)?.[IMAGE_PUSH_TARGETS_OUTPUT];
  if (!out || !Array.isArray(out.value)) throw new Error(`no list output ${IMAGE_PUSH_TARGETS_OUTPUT}`);
  return out.value as string[];
}

/** Every `<repository>:<tag>` image reference a stack's compute pulls, without the tag. */
function pulledRepositories(json: SynthJson): string[] {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (!v.includes(`:${TEST_IMAGE_TAG}`)) return;
      for (const m of v.matchAll(new RegExp(`([^"\\s,]+/[^"\\s,:]+):${TEST_IMAGE_TAG.replace(/[.-]/g, "\\$&")}(?=$|["\\s,])`, "g"))) found.add(m[1]);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(json.resource);
  return [...found];
}

/** `${<type>.<id>.<attr>}` -> the resource's config in the same stack. */
function resourceOf(json: SynthJson, token: string): { type: string; config: Record<string, unknown>; attr: string } {
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/.exec(token);
  if (!m) throw new Error(`not a resource reference: ${token}`);
  const config = (json.resource as Record<string, Record<string, Record<string, unknown>>>)[m[1]]?.[m[2]];
  if (!config) throw new Error(`no resource ${m[1]}.${m[2]}`);
  return { type: m[1], config, attr: m[3] };
}

const cases = ENVS.flatMap((env) => CLOUD_NAMES.map((cloud) => [env, cloud] as const));

describe(`every global stack's ${IMAGE_PUSH_TARGETS_OUTPUT} output (what scripts/image-push.ts pushes to)`, () => {
  it.each(cases)("%s/%s: lists the repositories the region stacks pull the image from", (env, cloud) => {
    const global = app.stacks.get(`mockforge-${env}-${cloud}-global`);
    expect(global).toBeDefined();
    const targets = targetsOf(global!);
    const regionStacks = [...app.stacks].filter(([name]) => name.startsWith(`mockforge-${env}-${cloud}-`) && !/-(global|edge)$/.test(name));
    expect(regionStacks.length).toBeGreaterThan(0);
    // OCIR does not replicate: one target per region; the others replicate from one.
    expect(targets).toHaveLength(cloud === "oci" ? regionStacks.length : 1);
    expect(new Set(targets).size).toBe(targets.length);
    for (const [name, json] of regionStacks) {
      const pulled = pulledRepositories(json);
      expect({ name, pulled: pulled.length }).toEqual({ name, pulled: 1 });
      const repo = pulled[0];
      if (cloud === "gcp" || cloud === "oci") {
        expect(targets).toContain(repo);
      } else if (cloud === "azure") {
        // Same repository path behind the registry's login server (a token in both stacks).
        const target = resourceOf(global!, targets[0]);
        expect(target).toMatchObject({ type: "azurerm_container_registry", attr: "login_server" });
        expect(repo.slice(repo.indexOf("}") + 1)).toBe(targets[0].slice(targets[0].indexOf("}") + 1));
      } else {
        const target = resourceOf(global!, targets[0]);
        expect(target).toMatchObject({ type: "aws_ecr_repository", attr: "repository_url" });
        const region = /\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\//.exec(repo)?.[1];
        expect(repo.endsWith(`.amazonaws.com/${target.config.name as string}`)).toBe(true);
        // A secondary region pulls from its replica: the registry must replicate there.
        const replication = JSON.stringify((global!.resource as Record<string, unknown>).aws_ecr_replication_configuration ?? {});
        const primaryRegion = (global!.provider as { aws: Array<{ region?: string; alias?: string }> }).aws.find((p) => p.alias === undefined)?.region;
        if (region !== primaryRegion) expect(replication).toContain(`"region":"${region}"`);
      }
    }
  });
});
