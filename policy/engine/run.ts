import { ruleSummary, type PolicyReport, type StackReport, type TierSource, type UnusedSuppression } from "./report";
import { StackView } from "./stack-view";
import { codeSuppressionsOf, PolicyConfigError, type FileSuppression } from "./suppressions";
import type { Cloud, Finding, Rule, SuppressedFinding, TfBlock, Tier } from "./types";

/** One synthesized stack: its name and its parsed cdk.tf.json. */
export interface StackInput {
  readonly name: string;
  readonly json: Readonly<Record<string, any>>;
}

export interface RunOptions {
  /** Rule sets by cloud; a stack is checked by the sets of the clouds whose providers it uses. */
  readonly ruleSets: Readonly<Partial<Record<Cloud, readonly Rule[]>>>;
  /** Environment name -> tier (from environments/*.yaml). */
  readonly tiers: Readonly<Record<string, Tier>>;
  /** Validated entries of policy/suppressions.yaml. */
  readonly fileSuppressions?: readonly FileSuppression[];
}

/** Provider names (required_providers keys) and resource type prefixes of each cloud. */
const CLOUD_PROVIDERS: Readonly<Record<Cloud, readonly string[]>> = {
  aws: ["aws"],
  gcp: ["google", "google-beta"],
  azure: ["azurerm", "azuread", "azapi"],
  oci: ["oci"],
};
const CLOUD_TYPE_PREFIXES: Readonly<Record<Cloud, readonly string[]>> = {
  aws: ["aws_"],
  gcp: ["google_"],
  azure: ["azurerm_", "azuread_", "azapi_"],
  oci: ["oci_"],
};
const CLOUDS = Object.keys(CLOUD_PROVIDERS) as Cloud[];
/** Tag/label attributes that carry the `env` tag, per cloud convention. */
const TAG_ATTRIBUTES = ["tags", "labels", "freeform_tags"];

/** The clouds a stack deploys to: its required providers, else its resource types. */
export function cloudsOf(json: Readonly<Record<string, any>>): Cloud[] {
  const providers = Object.keys(json.terraform?.required_providers ?? {}).map((p) => p.toLowerCase());
  const types = Object.keys(json.resource ?? {});
  return CLOUDS.filter(
    (cloud) => CLOUD_PROVIDERS[cloud].some((p) => providers.includes(p)) || types.some((t) => CLOUD_TYPE_PREFIXES[cloud].some((prefix) => t.startsWith(prefix))),
  );
}

/**
 * The environment and tier of a stack: the environment whose name is a
 * dash-separated part of the stack name (`mockforge-prod-aws-eu-west-1` ->
 * prod; the longest such name wins), else the `env` tag/label of its
 * resources; unknown stacks get the strictest tier.
 */
export function tierOf(stackName: string, json: Readonly<Record<string, any>>, tiers: Readonly<Record<string, Tier>>): { environment?: string; tier: Tier; source: TierSource } {
  const dashed = `-${stackName}-`;
  const byName = Object.keys(tiers)
    .filter((env) => dashed.includes(`-${env}-`))
    .sort((a, b) => b.length - a.length)[0];
  if (byName !== undefined) return { environment: byName, tier: tiers[byName], source: "stack name" };
  for (const byType of Object.values<Record<string, any>>(json.resource ?? {})) {
    for (const config of Object.values<Record<string, any>>(byType)) {
      for (const attribute of TAG_ATTRIBUTES) {
        const env = config?.[attribute]?.env;
        if (typeof env === "string" && tiers[env] !== undefined) return { environment: env, tier: tiers[env], source: "env tag" };
      }
    }
  }
  return { tier: "production", source: "unknown: strictest assumed" };
}

/** Does `rule` check blocks of `block`'s kind and type? */
function applies(rule: Rule, block: TfBlock): boolean {
  for (const pattern of rule.appliesTo) {
    if (pattern === "output") {
      if (block.kind === "output") return true;
    } else if (block.kind === "resource" && (pattern.endsWith("*") ? block.type.startsWith(pattern.slice(0, -1)) : block.type === pattern)) {
      return true;
    }
  }
  return false;
}

/** Every rule id of the given rule sets; throws on a duplicate id (ids are a suppression contract). */
export function ruleIndex(ruleSets: RunOptions["ruleSets"]): Map<string, Rule> {
  const index = new Map<string, Rule>();
  for (const rules of Object.values(ruleSets)) {
    for (const rule of rules ?? []) {
      if (index.has(rule.id)) throw new Error(`policy: rule id ${rule.id} is defined twice; rule ids must be unique`);
      index.set(rule.id, rule);
    }
  }
  return index;
}

/**
 * Runs the rule sets over every stack and applies the suppressions. Throws
 * PolicyConfigError when a code suppression is invalid (unknown rule, no reason).
 */
export function runPolicy(stacks: readonly StackInput[], options: RunOptions): PolicyReport {
  const index = ruleIndex(options.ruleSets);
  const known = new Set(index.keys());
  const fileSuppressions = options.fileSuppressions ?? [];
  const usedFile = new Set<FileSuppression>();
  const unusedCode: UnusedSuppression[] = [];
  const problems: string[] = [];
  const reports: StackReport[] = [];

  // Rules by (clouds, block kind and type), so each block only meets the rules that apply to it.
  const applicable = new Map<string, Rule[]>();
  const rulesFor = (clouds: readonly Cloud[], rules: readonly Rule[], block: TfBlock): Rule[] => {
    const key = `${clouds.join(",")}|${block.kind}|${block.type}`;
    let found = applicable.get(key);
    if (!found) applicable.set(key, (found = rules.filter((rule) => applies(rule, block))));
    return found;
  };

  for (const stack of stacks) {
    const { environment, tier, source } = tierOf(stack.name, stack.json, options.tiers);
    const clouds = cloudsOf(stack.json);
    const rules = clouds.flatMap((cloud) => options.ruleSets[cloud] ?? []);
    if (rules.length === 0) {
      // Nothing to check (a cloud whose rule set has not landed): report the stack, skip the indexing.
      const blocks = Object.values<Record<string, unknown>>(stack.json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0) + Object.keys(stack.json.output ?? {}).length;
      reports.push({ name: stack.name, clouds, environment, tier, tierSource: source, cloudsWithoutRules: clouds, blocks, rulesChecked: 0, checks: 0, errors: [], warnings: [], suppressed: [] });
      continue;
    }
    const view = new StackView(stack.json, { stackName: stack.name, environment, tier });
    const errors: Finding[] = [];
    const warnings: Finding[] = [];
    const suppressed: SuppressedFinding[] = [];
    const applied = new Set<string>();
    let checks = 0;

    for (const block of view.all()) {
      const inCode = codeSuppressionsOf(block, stack.name, known, problems);
      const usedCode = new Set<string>();
      for (const rule of rulesFor(clouds, rules, block)) {
        checks++;
        applied.add(rule.id);
        let messages: readonly string[];
        try {
          messages = rule.check(block, view);
        } catch (error) {
          messages = [`the rule itself failed on this resource (${(error as Error).message}); this is a bug in the rule`];
        }
        for (const message of messages) {
          const finding: Finding = {
            rule: rule.id,
            severity: rule.severity,
            stack: stack.name,
            address: block.address,
            constructPath: block.constructPath,
            message,
            fix: rule.fix,
          };
          const codeReason = inCode.get(rule.id);
          if (codeReason !== undefined) {
            usedCode.add(rule.id);
            suppressed.push({ ...finding, reason: codeReason, source: { kind: "code" } });
            continue;
          }
          const entry = fileSuppressions.find((s) => s.rule === rule.id && s.matches(stack.name, block.address));
          if (entry) {
            usedFile.add(entry);
            suppressed.push({ ...finding, reason: entry.reason, source: entry.source });
            continue;
          }
          (rule.severity === "error" ? errors : warnings).push(finding);
        }
      }
      for (const rule of inCode.keys()) {
        if (!usedCode.has(rule)) unusedCode.push({ rule, stack: stack.name, resource: block.address, source: { kind: "code" } });
      }
    }

    const ruled = new Set(rules.map((r) => r.cloud));
    reports.push({
      name: stack.name,
      clouds,
      environment,
      tier,
      tierSource: source,
      cloudsWithoutRules: clouds.filter((c) => !ruled.has(c)),
      blocks: view.all().filter((b) => b.kind !== "data").length,
      rulesChecked: applied.size,
      checks,
      errors,
      warnings,
      suppressed,
    });
  }
  if (problems.length > 0) throw new PolicyConfigError(problems);

  const unusedFile: UnusedSuppression[] = fileSuppressions
    .filter((s) => !usedFile.has(s))
    .map((s) => ({ rule: s.rule, stack: s.stack, resource: s.resource, source: s.source }));
  const sum = (pick: (s: StackReport) => number) => reports.reduce((n, s) => n + pick(s), 0);
  const totals = {
    stacks: reports.length,
    errors: sum((s) => s.errors.length),
    warnings: sum((s) => s.warnings.length),
    suppressed: sum((s) => s.suppressed.length),
  };
  return {
    version: 1,
    ok: totals.errors === 0,
    totals,
    stacks: reports,
    unusedSuppressions: [...unusedFile, ...unusedCode],
    rules: [...index.values()].map(ruleSummary),
  };
}
