import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App, Aspects, Fn, type IAspect, Lazy, TerraformOutput, TerraformStack, Testing, Token } from "cdktf";
import type { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { loadEnvironments } from "../../environments/load";
import { buildApp } from "../../stacks/app";
import { MockForgeStack, resolveTokens } from "../../stacks/mockforge-stack";
import { readOutdir, synthesizeApp } from "../support/app";

/** Synthesizes with cdktf's own preparing pass and rendering instead of MockForgeStack's. */
function withCdktfPrepare<T>(fn: () => T): T {
  // The finalizers (tags, labels) are MockForgeStack's own mechanism; both ways run them first.
  const prepare = jest.spyOn(MockForgeStack.prototype, "prepareStack").mockImplementation(function (this: MockForgeStack) {
    this.finalize();
    TerraformStack.prototype.prepareStack.call(this);
  });
  const render = jest.spyOn(MockForgeStack.prototype, "toTerraform").mockImplementation(function (this: MockForgeStack) {
    this.finalize();
    return TerraformStack.prototype.toTerraform.call(this);
  });
  try {
    return fn();
  } finally {
    prepare.mockRestore();
    render.mockRestore();
  }
}

function files(outdir: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
  const out = new Map<string, string>([["manifest.json", readFileSync(join(outdir, "manifest.json"), "utf8")]]);
  for (const entry of Object.values(manifest.stacks)) out.set(entry.synthesizedStackPath, readFileSync(join(outdir, entry.synthesizedStackPath), "utf8"));
  return out;
}

describe("MockForgeStack's preparing pass and rendering", () => {
  it("synthesizes the whole app byte for byte as cdktf's own pass does", () => {
    const fast = synthesizeApp();
    const reference = withCdktfPrepare(() => {
      const app = Testing.app();
      buildApp(app, loadEnvironments(undefined, undefined), { imageTag: "test-tag" });
      app.synth();
      return readOutdir(app.outdir);
    });
    const a = files(fast.outdir);
    const b = files(reference.outdir);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    expect(a.size).toBeGreaterThan(40);
    const differing = [...a].filter(([file, text]) => b.get(file) !== text).map(([file]) => file);
    expect(differing).toEqual([]);
    // The app really has cross-stack references, registered by the preparing pass.
    expect([...a.values()].some((t) => t.includes("cross-stack-reference-input-"))).toBe(true);
  });

  class Producer extends MockForgeStack {
    readonly bucket: S3Bucket;
    constructor(scope: Construct, id: string) {
      super(scope, id);
      new AwsProvider(this, "aws", { region: "us-east-1" });
      this.bucket = new S3Bucket(this, "bucket", { bucketPrefix: "p" });
    }
  }

  class Consumer extends MockForgeStack {
    constructor(scope: Construct, id: string, p: Producer) {
      super(scope, id);
      new AwsProvider(this, "aws", { region: "eu-west-1" });
      // A stack-level override: rendered by cdktf's own toTerraform (the fallback).
      this.addOverride("terraform.required_version", ">= 1.10");
      // References to the other stack in every place a token can hide.
      new TerraformOutput(this, "everywhere", {
        value: {
          plain: p.bucket.arn,
          nested: [{ deep: [{ deeper: `prefix-${p.bucket.bucket}-suffix` }] }],
          number: Token.asNumber(p.bucket.id),
          numberInString: `n=${Token.asNumber(p.bucket.bucketDomainName)}`,
          list: Token.asList(p.bucket.bucketRegionalDomainName),
          fn: Fn.upper(p.bucket.hostedZoneId),
          lazy: Lazy.stringValue({ produce: () => p.bucket.region }),
          anyLazy: Lazy.anyValue({ produce: () => ({ inner: p.bucket.bucketPrefix }) }),
          keyed: { [p.bucket.websiteEndpoint]: "as a key" },
          literal: "no tokens here",
        },
      });
    }
  }

  function synthPair(prepareWithCdktf: boolean): Record<string, string> {
    const run = (): Record<string, string> => {
      const app = Testing.app() as App;
      const producer = new Producer(app, "producer");
      new Consumer(app, "consumer", producer);
      app.synth();
      const out = files(app.outdir);
      return Object.fromEntries([...out].map(([k, v]) => [k.replace(/^.*\/stacks\//, "stacks/"), v]));
    };
    return prepareWithCdktf ? withCdktfPrepare(run) : run();
  }

  it("registers a cross-stack output and remote state for every token position, as cdktf does", () => {
    const fast = synthPair(false);
    const reference = synthPair(true);
    expect(Object.keys(fast).sort()).toEqual(Object.keys(reference).sort());
    for (const key of Object.keys(reference)) expect({ key, text: fast[key] }).toEqual({ key, text: reference[key] });
    expect(Object.entries(fast).find(([k]) => k.includes("consumer"))![1]).toContain('"required_version": ">= 1.10"');
    const producer = JSON.parse(Object.entries(fast).find(([k]) => k.includes("producer"))![1]) as { output: Record<string, unknown> };
    // arn, bucket, id, bucket_domain_name, bucket_regional_domain_name, hosted_zone_id, region, bucket_prefix, website_endpoint
    expect(Object.keys(producer.output).filter((k) => k.startsWith("cross-stack-output-")).length).toBe(9);
  });

  describe("finalizers and the rendering kept from the preparing pass", () => {
    class Tagger implements IAspect {
      readonly seen = new Map<string, number>();
      constructor(private readonly tags: Record<string, string>) {}
      visit(node: Construct): void {
        this.seen.set(node.node.path, (this.seen.get(node.node.path) ?? 0) + 1);
        if (node instanceof S3Bucket) node.tags = { ...this.tags, ...(node.tagsInput ?? {}) };
      }
    }
    class Plain extends MockForgeStack {
      readonly bucket: S3Bucket;
      constructor(scope: Construct, id: string) {
        super(scope, id);
        new AwsProvider(this, "aws", { region: "us-east-1" });
        this.bucket = new S3Bucket(this, "bucket", { bucketPrefix: "p", tags: { own: "kept" } });
      }
    }
    const bucketOf = (outdir: string, stack: string) =>
      (JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as { resource: { aws_s3_bucket: Record<string, { tags?: Record<string, string> }> } }).resource.aws_s3_bucket;

    it("runs each finalizer once per construct, before the stack is prepared, and renders what it set", () => {
      const app = Testing.app();
      const stack = new Plain(app, "plain");
      const tagger = new Tagger({ env: "test", own: "overridden?" });
      stack.addFinalizer(tagger);
      app.synth();
      expect(Object.values(bucketOf(app.outdir, "plain"))[0].tags).toEqual({ env: "test", own: "kept" });
      expect([...tagger.seen.values()].every((n) => n === 1)).toBe(true);
      expect(tagger.seen.has("plain/bucket")).toBe(true);
      expect(() => stack.addFinalizer(new Tagger({}))).toThrow(/after the stack was finalized/);
    });

    it("also runs them when a stack is rendered without being prepared (Testing.synth)", () => {
      const stack = new Plain(Testing.app(), "unprepared");
      stack.addFinalizer(new Tagger({ env: "test" }));
      const json = JSON.parse(Testing.synth(stack)) as { resource: { aws_s3_bucket: Record<string, { tags: Record<string, string> }> } };
      expect(Object.values(json.resource.aws_s3_bucket)[0].tags).toEqual({ env: "test", own: "kept" });
    });

    it("renders again when cdktf aspects (which run after the preparing pass) are registered", () => {
      const app = Testing.app();
      const stack = new Plain(app, "aspects");
      // A cdktf aspect changes the bucket after prepareStack: the output must show it.
      Aspects.of(stack.bucket).add(new Tagger({ late: "aspect" }));
      app.synth();
      expect(Object.values(bucketOf(app.outdir, "aspects"))[0].tags).toEqual({ late: "aspect", own: "kept" });
      expect(stack.node.id).toBe("aspects");
    });
  });
});

describe("resolveTokens on values cdktf refuses", () => {
  it("hands a construct to cdktf's resolver instead of walking into it", () => {
    const app = Testing.app();
    const stack = new MockForgeStack(app, "s");
    // cdktf's own error (its depth guard), not a stack overflow from walking the construct tree.
    expect(() => resolveTokens(stack, { nested: { oops: stack } })).toThrow(/Unable to resolve object tree with circular reference/);
    expect(() => resolveTokens(stack, { fn: () => 1 })).toThrow(/function/i);
  });
});
