import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadOpenApi, HTTP_METHODS, OpenApiError } from "../src/openapi/document";
import { deref } from "../src/openapi/refs";
import { generateFromSchema } from "../src/openapi/schema-generator";
import { compileSchema, schemaContext, type SchemaIssue } from "../src/openapi/schema-validator";
import { isPlainObject } from "../src/util/json";
import { createRng } from "../src/util/rng";
import { example, fixture } from "./helpers";

function issues(schema: unknown, value: unknown, version: "3.0" | "3.1" = "3.1", mode: "request" | "response" = "response", root: unknown = {}): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  compileSchema(schema, schemaContext(root, version, mode))(value, "", out);
  return out;
}

/** Every JSON response schema of a document, with where it is. */
function responseSchemas(text: string): Array<{ where: string; schema: unknown; root: unknown; version: "3.0" | "3.1" }> {
  const doc = loadOpenApi(text);
  const out: Array<{ where: string; schema: unknown; root: unknown; version: "3.0" | "3.1" }> = [];
  for (const [path, item] of Object.entries(doc.root.paths as Record<string, Record<string, any>>)) {
    for (const m of HTTP_METHODS) {
      const op = item[m];
      if (!op) continue;
      for (const [code, r] of Object.entries(op.responses as Record<string, unknown>)) {
        const resp = deref<Record<string, any>>(doc.root, r);
        const media = resp?.content?.["application/json"];
        if (media?.schema) out.push({ where: `${m.toUpperCase()} ${path} ${code}`, schema: media.schema, root: doc.root, version: doc.version });
      }
    }
  }
  return out;
}

describe("schema validation (OpenAPI subset)", () => {
  it("checks types, 3.0 nullable and 3.1 type arrays", () => {
    assert.deepEqual(issues({ type: "integer" }, 1.5).map((i) => i.message), ["must be an integer, got number"]);
    assert.equal(issues({ type: "number" }, 3).length, 0);
    assert.equal(issues({ type: "string", nullable: true }, null, "3.0").length, 0);
    assert.equal(issues({ type: "string" }, null, "3.0").length, 1);
    assert.equal(issues({ type: ["string", "null"] }, null).length, 0);
    assert.equal(issues({ type: ["string", "null"] }, 3).length, 1);
  });

  it("checks bounds in both 3.0 and 3.1 styles, multipleOf, lengths, patterns and formats", () => {
    assert.equal(issues({ type: "number", minimum: 0, exclusiveMinimum: true }, 0, "3.0")[0].message, "must be > 0");
    assert.equal(issues({ type: "number", exclusiveMinimum: 0 }, 0)[0].message, "must be > 0");
    assert.equal(issues({ type: "number", maximum: 10 }, 11)[0].message, "must be <= 10");
    assert.equal(issues({ type: "number", multipleOf: 0.01 }, 1.23).length, 0);
    assert.equal(issues({ type: "number", multipleOf: 0.01 }, 1.234).length, 1);
    assert.equal(issues({ type: "string", minLength: 2, maxLength: 3 }, "a")[0].message, "must be at least 2 characters long");
    assert.equal(issues({ type: "string", pattern: "^cus_" }, "x")[0].message, "must match the pattern ^cus_");
    for (const [format, good, bad] of [
      ["date-time", "2024-02-29T10:00:00Z", "2024-02-30T10:00:00Z"],
      ["date", "2024-12-31", "2024-13-01"],
      ["email", "a@b.co", "a@b"],
      ["uuid", "123e4567-e89b-12d3-a456-426614174000", "123"],
      ["uri", "https://x.y/z", "not a uri"],
      ["ipv4", "10.1.2.3", "10.1.2"],
      ["ipv6", "2001:db8::1", "2001:::1"],
    ]) {
      assert.equal(issues({ type: "string", format }, good).length, 0, `${format} should accept ${good}`);
      assert.equal(issues({ type: "string", format }, bad)[0]?.message, `must be a valid ${format}`, `${format} should reject ${bad}`);
    }
    assert.equal(issues({ type: "integer", format: "int32" }, 2 ** 31)[0].message, "must be a valid int32");
  });

  it("checks required, additionalProperties, enums, const and arrays with pointers to the failing field", () => {
    const schema = {
      type: "object",
      required: ["a"],
      additionalProperties: false,
      properties: { a: { type: "string", enum: ["x", "y"] }, list: { type: "array", maxItems: 2, uniqueItems: true, items: { type: "object", required: ["id"], properties: { id: { const: 1 } } } } },
    };
    const got = issues(schema, { list: [{ id: 2 }, {}, {}], extra: true });
    assert.deepEqual(
      got.map((i) => `${i.pointer} ${i.message}`).sort(),
      ["/a is required", "/extra is not an allowed property", "/list must have at most 2 items", "/list must not contain duplicate items", "/list/0/id must be 1", "/list/1/id is required", "/list/2/id is required"].sort(),
    );
    assert.equal(issues(schema, { a: "z" })[0].message, 'must be one of "x", "y"');
  });

  it("oneOf needs exactly one match; anyOf at least one; allOf all; not none", () => {
    const oneOf = { oneOf: [{ type: "integer" }, { type: "number", minimum: 5 }] };
    assert.equal(issues(oneOf, 1).length, 0);
    assert.match(issues(oneOf, 7)[0].message, /matches 2 of the oneOf schemas/);
    assert.match(issues(oneOf, "x")[0].message, /must match exactly one of the oneOf schemas/);
    assert.equal(issues({ anyOf: [{ type: "string" }, { type: "integer" }] }, true).length, 1);
    assert.equal(issues({ allOf: [{ minimum: 1 }, { maximum: 2 }] }, 3).length, 1);
    assert.equal(issues({ not: { type: "string" } }, "s").length, 1);
  });

  it("readOnly properties are not required in requests; writeOnly ones not in responses", () => {
    const s = { type: "object", required: ["id", "password"], properties: { id: { type: "integer", readOnly: true }, password: { type: "string", writeOnly: true } } };
    assert.deepEqual(issues(s, {}, "3.0", "request").map((i) => i.pointer), ["/password"]);
    assert.deepEqual(issues(s, {}, "3.0", "response").map((i) => i.pointer), ["/id"]);
  });

  it("resolves local $refs, including recursive ones", () => {
    const root = { components: { schemas: { Node: { type: "object", required: ["v"], properties: { v: { type: "integer" }, next: { $ref: "#/components/schemas/Node" } } } } } };
    const ref = { $ref: "#/components/schemas/Node" };
    assert.equal(issues(ref, { v: 1, next: { v: 2, next: { v: 3 } } }, "3.0", "response", root).length, 0);
    assert.equal(issues(ref, { v: 1, next: { v: "2" } }, "3.0", "response", root)[0].pointer, "/next/v");
  });
});

describe("schema-generated responses", () => {
  for (const [name, text] of [
    ["Petstore 3.0 (YAML)", example("petstore.yaml")],
    ["Payments 3.1 (JSON)", fixture("payments-3.1.json")],
  ] as const) {
    it(`${name}: every generated response validates against its own schema`, () => {
      const schemas = responseSchemas(text);
      assert.ok(schemas.length >= 5, "the fixture should have several JSON responses");
      for (const { where, schema, root, version } of schemas) {
        const value = generateFromSchema(schema, { root, rng: createRng(42), mode: "response" });
        const found = issues(schema, value, version, "response", root);
        assert.deepEqual(found, [], `${where}: ${JSON.stringify(value)}`);
      }
    });

    it(`${name}: generation is deterministic for a seed and changes with it`, () => {
      const schemas = responseSchemas(text);
      let differs = false;
      for (const { schema, root } of schemas) {
        const a = JSON.stringify(generateFromSchema(schema, { root, rng: createRng(1), mode: "response" }));
        const b = JSON.stringify(generateFromSchema(schema, { root, rng: createRng(1), mode: "response" }));
        const c = JSON.stringify(generateFromSchema(schema, { root, rng: createRng(2), mode: "response" }));
        assert.equal(a, b);
        if (a !== c) differs = true;
      }
      assert.ok(differs, "a different seed should change at least one body");
    });
  }

  it("honours enums, bounds, formats, array sizes, examples and skips writeOnly", () => {
    const schema = {
      type: "object",
      properties: {
        status: { type: "string", enum: ["a", "b"] },
        n: { type: "integer", minimum: 10, maximum: 12 },
        price: { type: "number", minimum: 0, exclusiveMinimum: 0, maximum: 1 },
        id: { type: "string", format: "uuid" },
        at: { type: "string", format: "date-time" },
        email: { type: "string", format: "email" },
        tags: { type: "array", minItems: 3, maxItems: 3, items: { type: "string", maxLength: 4 } },
        fixed: { type: "string", example: "given" },
        secret: { type: "string", writeOnly: true },
      },
    };
    for (let seed = 0; seed < 20; seed++) {
      const v = generateFromSchema(schema, { root: {}, rng: createRng(seed), mode: "response" }) as Record<string, any>;
      assert.ok(["a", "b"].includes(v.status));
      assert.ok(v.n >= 10 && v.n <= 12 && Number.isInteger(v.n));
      assert.ok(v.price > 0 && v.price <= 1);
      assert.match(v.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4/);
      assert.ok(!Number.isNaN(Date.parse(v.at)));
      assert.match(v.email, /@example\.com$/);
      assert.equal(v.tags.length, 3);
      assert.ok(v.tags.every((t: string) => t.length <= 4));
      assert.equal(v.fixed, "given");
      assert.ok(!("secret" in v));
      assert.ok(isPlainObject(v));
    }
  });
});

describe("OpenAPI document validation", () => {
  function errorsOf(text: string): { status: number; fields: string[]; messages: string } {
    try {
      loadOpenApi(text);
    } catch (err) {
      assert.ok(err instanceof OpenApiError);
      return { status: err.status, fields: err.errors.map((e) => e.field), messages: err.errors.map((e) => e.message).join("\n") };
    }
    assert.fail("document was accepted");
  }

  it("accepts both fixtures", () => {
    assert.equal(loadOpenApi(example("petstore.yaml")).version, "3.0");
    assert.equal(loadOpenApi(fixture("payments-3.1.json")).version, "3.1");
  });

  it("reports syntax errors as 400 with the parser's position", () => {
    const e = errorsOf("openapi: 3.0.0\ninfo: [unclosed\n");
    assert.equal(e.status, 400);
    assert.match(e.messages, /not valid YAML: .*line/i);
    const j = errorsOf('{"openapi": "3.1.0",');
    assert.equal(j.status, 400);
    assert.match(j.messages, /not valid (JSON|YAML)/);
  });

  it("names each structural problem by JSON pointer (422)", () => {
    const e = errorsOf(
      JSON.stringify({
        openapi: "3.0.3",
        info: { title: "x" },
        paths: {
          pets: {},
          "/pets/{id": {},
          "/ok": { get: { responses: {} }, post: "nope", parameters: [{ in: "body" }] },
          "/r": { get: { responses: { "200": { $ref: "#/components/responses/Missing" }, "99": {} } } },
        },
      }),
    );
    assert.equal(e.status, 422);
    for (const f of ["/info/version", "/paths/pets", "/paths/~1pets~1{id", "/paths/~1ok/get/responses", "/paths/~1ok/post", "/paths/~1ok/parameters/0/name", "/paths/~1ok/parameters/0/in", "/paths/~1r/get/responses/200/$ref", "/paths/~1r/get/responses/99"]) {
      assert.ok(e.fields.includes(f), `expected an error at ${f}; got ${e.fields.join(", ")}`);
    }
    assert.match(e.messages, /reference "#\/components\/responses\/Missing" does not resolve: no "components" under #/);
  });

  it("refuses Swagger 2.0, other versions, external refs, non-objects and absurd nesting", () => {
    assert.match(errorsOf('{"swagger":"2.0"}').messages, /Swagger 2.0 documents are not supported/);
    assert.match(errorsOf('{"openapi":"4.0.0","info":{"title":"t","version":"1"},"paths":{}}').messages, /version "4.0.0" is not supported/);
    assert.match(
      errorsOf('{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"$ref":"other.yaml#/R"}}}}}}').messages,
      /external reference "other.yaml#\/R" is not supported/,
    );
    assert.match(errorsOf("[1,2]").messages, /must be an object, got an array/);
    let deep = "1";
    for (let i = 0; i < 400; i++) deep = `{"a":${deep}}`;
    assert.match(errorsOf(`{"openapi":"3.1.0","info":{"title":"t","version":"1"},"x":${deep}}`).messages, /nests deeper than/);
  });
});
