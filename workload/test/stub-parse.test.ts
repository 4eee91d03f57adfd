import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseStub, parseStubs, ValidationError } from "../src/stubs/parse-stub";

function errorsOf(fn: () => unknown): Array<{ field: string; message: string }> {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ValidationError, `expected ValidationError, got ${String(err)}`);
    return err.errors;
  }
  assert.fail("input was accepted");
}

describe("stub validation", () => {
  it("normalizes short forms and fills defaults", () => {
    const s = parseStub({ request: { method: "get", path: "/a", query: { page: "1", n: 2 } }, response: { body: { ok: true } } });
    assert.equal(s.request.method, "GET");
    assert.deepEqual(s.request.query, { page: { equals: "1" }, n: { equals: "2" } });
    assert.deepEqual(s.response.json, { ok: true });
    assert.equal(s.response.status, 200);
    assert.equal(s.priority, 5);
    assert.match(s.id, /^[0-9a-f-]{36}$/);
  });

  it("names every invalid field", () => {
    const errors = errorsOf(() =>
      parseStub({
        id: "bad id!",
        priority: 0,
        request: { method: "GET /x", path: "no-slash", query: { q: { regex: "(" } }, headers: { "bad header": "x" }, extra: 1 },
        response: { status: 700, json: {}, body: "x", delay: { minMs: 10, maxMs: 5 }, fault: { type: "boom" }, headers: { "X-A": { nested: true } } },
        scenario: { name: "" },
        respone: {},
      }),
    );
    const fields = errors.map((e) => e.field);
    for (const f of [
      "id",
      "priority",
      "request.method",
      "request.path",
      "request.query.q.regex",
      "request.headers.bad header",
      "request.extra",
      "response.status",
      "response",
      "response.delay",
      "response.fault.type",
      "response.headers.X-A",
      "scenario.name",
      "respone",
    ]) {
      assert.ok(fields.includes(f), `expected an error for ${f}; got ${fields.join(", ")}`);
    }
    assert.match(errors.find((e) => e.field === "request.query.q.regex")!.message, /not a valid regular expression/);
    assert.match(errors.find((e) => e.field === "respone")!.message, /unknown field; expected one of id, name, priority, request, response/);
  });

  it("rejects templates that do not compile, with the field", () => {
    const errors = errorsOf(() => parseStub({ request: {}, response: { json: { a: ["{{request.nope}}"] }, headers: { "X-T": "{{uuid 3}}" } } }));
    assert.deepEqual(errors.map((e) => e.field).sort(), ["response.headers.X-T", "response.json.a[0]"]);
  });

  it("rejects path traversal in file names and non-objects", () => {
    assert.equal(errorsOf(() => parseStub({ request: {}, response: { bodyFile: "../etc/passwd" } }))[0].field, "response.bodyFile");
    assert.equal(errorsOf(() => parseStub("nope"))[0].field, "stub");
    assert.equal(errorsOf(() => parseStub({ response: {} }))[0].field, "request");
  });

  it("refuses regular expressions that could backtrack catastrophically (one event loop serves every tenant)", () => {
    const errors = errorsOf(() => parseStub({ request: { pathPattern: "/(a+)+$", headers: { "X-A": { regex: "^(\\w*\\s?)*$" } }, body: { x: { regex: "y".repeat(600) } } } }));
    assert.deepEqual(errors.map((e) => e.field).sort(), ["request.body.x.regex", "request.headers.X-A.regex", "request.pathPattern"]);
    assert.match(errors.find((e) => e.field === "request.pathPattern")!.message, /nests a quantifier inside a quantified group/);
    assert.match(errors.find((e) => e.field === "request.body.x.regex")!.message, /longer than 512 characters/);
    assert.doesNotThrow(() => parseStub({ request: { pathPattern: "/orders/(?<id>\\d+)", query: { q: { regex: "^[a-z]{2,8}$" } } } }));
  });

  it("bulk parsing is all-or-nothing and prefixes errors with the index", () => {
    const errors = errorsOf(() => parseStubs([{ request: {} }, { request: { path: 5 } }, { id: "a", request: {} }, { id: "a", request: {} }]));
    assert.deepEqual(
      errors.map((e) => e.field),
      ["stubs[1].request.path", "stubs[3].id"],
    );
  });
});
