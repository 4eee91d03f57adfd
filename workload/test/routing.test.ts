import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compileStub } from "../src/engine/compile-stub";
import { MatchInput } from "../src/engine/match-input";
import { compilePathRegex, compilePathTemplate, PathSyntaxError } from "../src/engine/path-matcher";
import { Router } from "../src/engine/router";
import { parseStub } from "../src/stubs/parse-stub";

describe("path templates", () => {
  it("matches literal paths exactly", () => {
    const m = compilePathTemplate("/pets");
    assert.equal(m.kind, "exact");
    assert.equal(m.match("/pets", []), true);
    assert.equal(m.match("/pets/", []), false);
    assert.equal(m.match("/pet", []), false);
  });

  it("captures parameters, including several per segment", () => {
    const values: string[] = [];
    const m = compilePathTemplate("/users/{userId}/files/{name}.{ext}");
    assert.deepEqual(m.paramNames, ["userId", "name", "ext"]);
    assert.equal(m.match("/users/7/files/report.pdf", values), true);
    assert.deepEqual(values.slice(0, 3), ["7", "report", "pdf"]);
    assert.equal(m.match("/users/7/files/report", values), false);
    assert.equal(m.match("/users//files/a.b", values), false);
    assert.equal(m.match("/users/7/8/files/a.b", values), false);
    assert.equal(m.match("/users/7/files/a.b/extra", values), false);
  });

  it("lets a {+parameter} span segments (Google's reserved expansion), greedily, and nothing else", () => {
    const values: string[] = [];
    const m = compilePathTemplate("/v1/{+name}:cancel");
    assert.deepEqual(m.paramNames, ["name"]);
    assert.equal(m.match("/v1/projects/p1/operations/op-9:cancel", values), true);
    assert.equal(values[0], "projects/p1/operations/op-9");
    assert.equal(m.match("/v1/:cancel", values), false);
    assert.equal(m.match("/v1/projects/p1", values), false);
    const tail = compilePathTemplate("/v1/{+name}/versions/{version}");
    assert.equal(tail.match("/v1/a/b/versions/3", values), true);
    assert.deepEqual(values.slice(0, 2), ["a/b", "3"]);
    assert.equal(tail.match("/v1/a/b/versions/3/x", values), false);
    // A plain parameter still stays within its segment.
    assert.equal(compilePathTemplate("/v1/{name}:cancel").match("/v1/projects/p1:cancel", values), false);
    // One per template (two would make matching quadratic in the path's length).
    assert.throws(() => compilePathTemplate("/{+a}/x/{+b}"), /only one \{\+parameter\}/);
    assert.equal(tail.match("/v1/" + "versions/".repeat(900) + "x/y", values), false);
  });

  it("rejects malformed templates with the reason", () => {
    assert.throws(() => compilePathTemplate("pets"), PathSyntaxError);
    assert.throws(() => compilePathTemplate("/pets/{id"), /never closed/);
    assert.throws(() => compilePathTemplate("/pets/id}"), /no matching "\{"/);
    assert.throws(() => compilePathTemplate("/a/{x}/{x}"), /appears twice/);
    assert.throws(() => compilePathTemplate("/a/{x}{y}"), /separated by literal text/);
    assert.throws(() => compilePathTemplate("/a?b=1"), /must not contain "\?"/);
  });

  it("regex paths are anchored and expose named groups", () => {
    const values: string[] = [];
    const m = compilePathRegex("/orders/(?<id>\\d+)");
    assert.equal(m.match("/orders/123", values), true);
    assert.deepEqual(values.slice(0, 1), ["123"]);
    assert.equal(m.match("/orders/123/items", values), false);
    assert.throws(() => compilePathRegex("(unclosed"), /not a valid regular expression/);
  });
});

function router(stubs: unknown[]): Router {
  const compiled = stubs.map((raw, i) => {
    const c = compileStub(parseStub(raw, { now: 1000 + i }), new Map());
    return c;
  });
  compiled.sort((a, b) => a.stub.priority - b.stub.priority || b.stub.createdAt - a.stub.createdAt).forEach((c, i) => (c.rank = i));
  return new Router(compiled);
}

describe("router priority", () => {
  it("lower priority number wins across exact and templated routes", () => {
    const r = router([
      { id: "template", priority: 5, request: { method: "GET", path: "/users/{id}" } },
      { id: "exact", priority: 7, request: { method: "GET", path: "/users/me" } },
      { id: "any", priority: 9, request: {} },
    ]);
    assert.equal(r.find(MatchInput.of("GET", "/users/me"), null)?.id, "template");
    assert.equal(r.find(MatchInput.of("GET", "/users/9"), null)?.id, "template");
    assert.equal(r.find(MatchInput.of("DELETE", "/users/9"), null)?.id, "any");
    assert.equal(r.find(MatchInput.of("GET", "/elsewhere"), null)?.id, "any");
  });

  it("on equal priority the most recently added stub wins", () => {
    const r = router([
      { id: "older", request: { method: "GET", path: "/x" } },
      { id: "newer", request: { method: "GET", path: "/x" } },
    ]);
    assert.equal(r.find(MatchInput.of("GET", "/x"), null)?.id, "newer");
  });

  it("falls through to the next candidate when matchers fail, and binds path params", () => {
    const r = router([
      { id: "admin-only", priority: 1, request: { method: "GET", path: "/users/{id}", headers: { "X-Role": "admin" } } },
      { id: "everyone", priority: 2, request: { method: "GET", path: "/users/{id}" } },
    ]);
    const plain = MatchInput.of("GET", "/users/a%20b");
    assert.equal(r.find(plain, null)?.id, "everyone");
    assert.deepEqual(plain.params, { id: "a b" });
    assert.equal(r.find(MatchInput.of("GET", "/users/1", "", { "x-role": "admin" }), null)?.id, "admin-only");
    assert.equal(r.find(MatchInput.of("POST", "/users/1"), null), undefined);
  });

  it("scenario states gate candidates", () => {
    const r = router([
      { id: "started", scenario: { name: "s", requiredState: "Started" }, request: { path: "/s" } },
      { id: "done", scenario: { name: "s", requiredState: "Done" }, request: { path: "/s" } },
    ]);
    assert.equal(r.needsScenarioState, true);
    assert.equal(r.find(MatchInput.of("GET", "/s"), null)?.id, "started");
    assert.equal(r.find(MatchInput.of("GET", "/s"), { s: "Done" })?.id, "done");
    assert.equal(r.find(MatchInput.of("GET", "/s"), { s: "Other" }), undefined);
  });
});
