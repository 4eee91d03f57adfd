/**
 * The vocabulary of the policy pack: rules, the resources they check and what
 * they report. Cloud-neutral: a cloud's rule set is a list of `Rule`s (see
 * policy/registry.ts), and the engine knows nothing about any one cloud.
 */

/** `error` fails the synth; `warning` is printed and the synth goes on. */
export type Severity = "error" | "warning";

/** Clouds a rule set can be written for (one folder per cloud under policy/rules/). */
export type Cloud = "aws" | "gcp" | "azure" | "oci";

/** What an environment is for (environments/*.yaml `tier`); tier-dependent rules read it. */
export type Tier = "development" | "staging" | "production";

/** One block of the synthesized Terraform JSON: a resource, a data source or an output. */
export interface TfBlock {
  readonly kind: "resource" | "data" | "output";
  /** Resource or data source type (`aws_s3_bucket`); `output` for outputs. */
  readonly type: string;
  /** Logical name in the JSON (`assets_assets-bucket_2836163D`). */
  readonly name: string;
  /** Terraform address: `aws_s3_bucket.x`, `data.aws_iam_policy_document.x`, `output.x`. */
  readonly address: string;
  /** The block's JSON as Terraform reads it (overrides and escape hatches included). */
  readonly config: Readonly<Record<string, any>>;
  /** Construct path from cdktf's metadata (`assets/log-bucket/bucket`), when present. */
  readonly constructPath?: string;
}

/** A reference found inside a `${...}` expression, e.g. `${aws_kms_key.k.arn}`. */
export interface TfReference {
  /** `aws_kms_key.k` or `data.aws_caller_identity.me`. */
  readonly address: string;
  /** The attribute after the address (`arn`), when there is one. */
  readonly attribute?: string;
}

/** What a rule sees besides the resource under check: the whole stack. */
export interface StackContext {
  readonly stackName: string;
  /** Environment the stack belongs to (`prod`), when known. */
  readonly environment?: string;
  /** The environment's tier; the strictest (`production`) when it cannot be determined. */
  readonly tier: Tier;
  /** The synthesized JSON of the stack, parsed. */
  readonly json: Readonly<Record<string, any>>;
  /** Every resource of a type, in JSON order. */
  resources(type: string): readonly TfBlock[];
  /** Every data source of a type. */
  dataSources(type: string): readonly TfBlock[];
  /** Every resource, data source and output of the stack. */
  all(): readonly TfBlock[];
  /** The block at an address (`aws_s3_bucket.x`, `data.x.y`, `output.x`). */
  get(address: string): TfBlock | undefined;
  /** References inside `value` (strings, arrays and objects, deeply). */
  referencesIn(value: unknown): readonly TfReference[];
  /** True when `value` references `target` (any attribute, or one of `attributes`). */
  refersTo(value: unknown, target: TfBlock, attributes?: readonly string[]): boolean;
  /** The first block of this stack `value` references, optionally of one type. */
  resolve(value: unknown, type?: string): TfBlock | undefined;
  /** Resources of `type` whose `attribute` (top-level key) references `target`. */
  referrers(target: TfBlock, type: string, attribute?: string): readonly TfBlock[];
}

/**
 * One rule of the pack. `check` returns one message per problem (empty when
 * the resource complies); a message says what is wrong with the resource in
 * a sentence, the `fix` says what to change.
 */
export interface Rule {
  /** Stable id used in reports and suppressions, e.g. `MF-AWS-RDS-1`. */
  readonly id: string;
  readonly cloud: Cloud;
  readonly severity: Severity;
  /** One line: what the rule wants and why. */
  readonly title: string;
  /** What to change to comply. */
  readonly fix: string;
  /** Public rule ids this rule mirrors (checkov `CKV_…`, trivy/tfsec `AVD-…`, cdk-nag); empty when none exists. */
  readonly mirrors: readonly string[];
  /** Block types checked: resource types, `output` for outputs, or a prefix ending in `*` (`aws_*`). */
  readonly appliesTo: readonly string[];
  check(block: TfBlock, context: StackContext): readonly string[];
}

/** A rule's complaint about one block of one stack. */
export interface Finding {
  readonly rule: string;
  readonly severity: Severity;
  readonly stack: string;
  readonly address: string;
  readonly constructPath?: string;
  readonly message: string;
  readonly fix: string;
}

/** Where a suppression was written. */
export type SuppressionSource = { readonly kind: "file"; readonly file: string; readonly entry: number; readonly line?: number } | { readonly kind: "code" };

/** A finding that a reviewed suppression turned off, with the reason given. */
export interface SuppressedFinding extends Finding {
  readonly reason: string;
  readonly source: SuppressionSource;
}
