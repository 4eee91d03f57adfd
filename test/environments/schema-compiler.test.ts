import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { compileSchema, precompiledSource } from "../../environments/schema-compiler";
import { REAL_DIR, ROOT } from "./fixtures";

const schema = JSON.parse(readFileSync(path.join(REAL_DIR, "schema.json"), "utf8"));
const dir = mkdtempSync(path.join(ROOT, ".tmp", "validator-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the precompiled schema validator (used by every synth from dist/)", () => {
  const file = path.join(dir, "schema.validator.js");
  writeFileSync(file, precompiledSource(schema));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(file);
  const precompiled = loaded.default ?? loaded;
  const runtime = compileSchema(schema);

  const prod = () => parse(readFileSync(path.join(REAL_DIR, "prod.yaml"), "utf8"));
  const cases: Array<[string, (doc: any) => void]> = [
    ["the real file", () => {}],
    ["an unknown key", (d) => (d.service.replicas = 3)],
    ["a wrong type", (d) => (d.service.minCount = "three")],
    ["an unknown region", (d) => (d.aws.regions[1].name = "eu-west-9")],
    ["a missing key with a default", (d) => delete d.edge.wafMode],
  ];

  it.each(cases)("agrees with the runtime compilation on %s", (_, edit) => {
    const a = prod();
    const b = prod();
    edit(a);
    edit(b);
    const okA = precompiled(a);
    const okB = runtime(b);
    expect(okA).toBe(okB);
    const shape = (errors: any[] | null | undefined) => (errors ?? []).map((e) => [e.instancePath, e.keyword, e.params, e.data]);
    expect(shape(precompiled.errors)).toEqual(shape(runtime.errors));
    // Defaults are filled in the same way.
    expect(a).toEqual(b);
  });

  it("is not the runtime function (the test would prove nothing otherwise)", () => {
    expect(precompiled).not.toBe(runtime);
    expect(precompiled(prod())).toBe(true);
    expect(precompiled({})).toBe(false);
  });
});
