import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { example, fixture, importOpenApi, json, startTestServer, type TestServer } from "./helpers";

describe("serving OpenAPI documents", () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    await s.workspace("pets", { seed: 42 });
    await s.workspace("pay", { seed: 7 });
    const a = await importOpenApi(s, "pets", example("petstore.yaml"), "?name=petstore");
    assert.equal(a.status, 201, await a.clone().text());
    const imported = await json(a);
    assert.equal(imported.version, "3.0");
    assert.equal(imported.operations.length, 8);
    assert.ok(imported.operations.some((o: any) => o.method === "GET" && o.path === "/pets/{petId}" && o.operationId === "showPetById"));
    const b = await importOpenApi(s, "pay", fixture("payments-3.1.json"), "?basePath=/v1", "application/json");
    assert.equal(b.status, 201, await b.clone().text());
    assert.equal((await json(b)).version, "3.1");
  });
  after(() => s.close());

  it("serves every operation of the 3.0 YAML document", async () => {
    for (const [method, path, status] of [
      ["GET", "/pets", 200],
      ["GET", "/pets/5", 200],
      ["GET", "/pets/findByStatus?status=sold", 200],
      ["GET", "/store/inventory", 200],
      ["GET", "/users/ada_l", 200],
    ] as const) {
      const res = await s.mock(`/w/pets${path}`, { method });
      assert.equal(res.status, status, `${method} ${path}: ${await res.clone().text()}`);
      assert.equal(res.headers.get("content-type"), "application/json");
    }
    const del = await s.mock("/w/pets/pets/5", { method: "DELETE", headers: { api_key: "k" } });
    assert.equal(del.status, 204);
  });

  it("answers with explicit examples first (media example, examples map, $ref'd examples)", async () => {
    assert.deepEqual(await json(await s.mock("/w/pets/store/inventory")), { available: 12, pending: 3, sold: 40 });
    const first = await json(await s.mock("/w/pets/pets/3"));
    assert.equal(first.name, "doggie");
    const kitty = await json(await s.mock("/w/pets/pets/3", { headers: { prefer: "example=kitty" } }));
    assert.equal(kitty.name, "kitty");
    const notFound = await s.mock("/w/pets/pets/3", { headers: { prefer: "code=404" } });
    assert.equal(notFound.status, 404);
    assert.deepEqual(await json(notFound), { code: 404, message: "pet not found" });
  });

  it("generates schema bodies deterministically: same seed, same bytes; a new seed changes them", async () => {
    const a = await (await s.mock("/w/pets/pets")).text();
    const b = await (await s.mock("/w/pets/pets")).text();
    assert.equal(a, b);
    const pets = JSON.parse(a);
    assert.ok(Array.isArray(pets) && pets.length >= 1);
    for (const p of pets) {
      assert.equal(typeof p.name, "string");
      assert.ok(Number.isInteger(p.id) && p.id >= 1);
      assert.ok(["available", "pending", "sold"].includes(p.status));
      assert.match(p.birthday, /^\d{4}-\d{2}-\d{2}$/);
    }
    const patched = await s.admin("PATCH", "/admin/workspaces/pets", { settings: { seed: 43 } });
    assert.equal(patched.status, 200);
    const c = await (await s.mock("/w/pets/pets")).text();
    assert.notEqual(c, a);
    await s.admin("PATCH", "/admin/workspaces/pets", { settings: { seed: 42 } });
    assert.equal(await (await s.mock("/w/pets/pets")).text(), a);
  });

  it("generated 3.1 bodies honour const, type arrays, oneOf, allOf, prefixItems and formats", async () => {
    const list = await json(await s.mock("/w/pay/v1/customers"));
    assert.equal(list.object, "list");
    assert.equal(list.data.length, 2);
    assert.equal(list.data[0].object, "customer");
    assert.equal(list.data[0].id, "cus_NffrFeUfNV2Hib");
    assert.match(list.data[0].email, /@example\.com$/);
    assert.ok(!Number.isNaN(Date.parse(list.data[0].created)));
    const intent = await json(await s.mock("/w/pay/v1/payment_intents/123e4567-e89b-12d3-a456-426614174000", { headers: { "x-request-version": "2024-06-01" } }));
    assert.match(intent.id, /^[0-9a-f-]{36}$/);
    assert.ok(intent.amount >= 50);
    assert.equal(intent.payment_method.type, "card");
    assert.equal(intent.payment_method.card.last4, "4242");
    const balance = await json(await s.mock("/w/pay/v1/balance"));
    assert.equal(balance.available.length, 2);
    assert.equal(balance.livemode, false);
    const ada = await json(await s.mock("/w/pay/v1/customers/cus_Ada1815"));
    assert.equal(ada.name, "Ada Lovelace");
  });

  it("response headers are generated from header schemas", async () => {
    const res = await s.mock("/w/pay/v1/payment_intents", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ amount: 100, currency: "eur", payment_method: { type: "card", card: { last4: "1234", exp_month: 1, exp_year: 2030 } } }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(res.headers.get("idempotency-key") ?? "", /^[0-9a-f]{8}-/);
    const remaining = Number(res.headers.get("x-ratelimit-remaining"));
    assert.ok(remaining >= 0 && remaining <= 100);
  });

  it("path parameters match templates and are validated (400 naming the parameter)", async () => {
    const bad = await s.mock("/w/pets/pets/abc");
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get("content-type"), "application/problem+json");
    const p = await json(bad);
    assert.deepEqual(p.errors, [{ in: "path", field: "petId", message: "must be an integer, got string" }]);
    assert.match(p.detail, /path field "petId" must be an integer/);
    const zero = await json(await s.mock("/w/pets/pets/0"));
    assert.equal(zero.errors[0].message, "must be >= 1");
    const pattern = await json(await s.mock("/w/pay/v1/customers/nope"));
    assert.equal(pattern.errors[0].field, "customer_id");
    assert.match(pattern.errors[0].message, /must match the pattern/);
  });

  it("query and header parameters: required, types, enums and array styles", async () => {
    const missing = await json(await s.mock("/w/pets/pets/findByStatus"));
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.errors, [{ in: "query", field: "status", message: "is required" }]);
    const badEnum = await json(await s.mock("/w/pets/pets/findByStatus?status=lost"));
    assert.equal(badEnum.errors[0].field, "status");
    const limit = await json(await s.mock("/w/pets/pets?limit=1000"));
    assert.deepEqual(limit.errors, [{ in: "query", field: "limit", message: "must be <= 100" }]);
    assert.equal((await s.mock("/w/pets/pets?limit=5&tags=a&tags=b")).status, 200);
    const header = await json(await s.mock("/w/pay/v1/payment_intents/123e4567-e89b-12d3-a456-426614174000"));
    assert.deepEqual(header.errors, [{ in: "header", field: "X-Request-Version", message: "is required" }]);
    const expand = await json(
      await s.mock("/w/pay/v1/payment_intents/123e4567-e89b-12d3-a456-426614174000?expand=customer,customer", { headers: { "x-request-version": "2024-06-01" } }),
    );
    assert.equal(expand.errors[0].message, "must not contain duplicate items");
    const email = await json(await s.mock("/w/pay/v1/customers?email=not-an-email"));
    assert.equal(email.errors[0].message, "must be a valid email");
  });

  it("request bodies: 422 naming every failing field, 400 for malformed JSON or a missing body, 415 for other media types", async () => {
    const post = (body: string, ct = "application/json"): Promise<Response> => s.mock("/w/pets/pets", { method: "POST", headers: { "content-type": ct }, body });
    const invalid = await post(JSON.stringify({ tag: 5, status: "lost", photoUrls: ["not a uri"] }));
    assert.equal(invalid.status, 422);
    const p = await json(invalid);
    assert.equal(p.type, "urn:mockforge:problem:request-validation");
    assert.deepEqual(
      p.errors.map((e: any) => `${e.in} ${e.field}: ${e.message}`).sort(),
      ["body name: is required", "body photoUrls[0]: must be a valid uri", "body status: must be one of \"available\", \"pending\", \"sold\"", "body tag: must be a string or null, got integer"].sort(),
    );
    assert.match(p.detail, /^body field "/);
    const malformed = await post('{"name": ');
    assert.equal(malformed.status, 400);
    assert.match((await json(malformed)).errors[0].message, /is not valid JSON/);
    const empty = await s.mock("/w/pets/pets", { method: "POST" });
    assert.equal(empty.status, 400);
    assert.equal((await json(empty)).errors[0].message, "a request body is required");
    const xml = await post("<pet/>", "application/xml");
    assert.equal(xml.status, 415);
    assert.equal((await json(xml)).errors[0].field, "content-type");
    const ok = await post(JSON.stringify({ name: "rex", tag: null }));
    assert.equal(ok.status, 201);
    assert.equal(typeof (await json(ok)).id, "number");
    const extra = await json(
      await s.mock("/w/pay/v1/payment_intents", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ amount: 10, currency: "usd", payment_method: { type: "sepa_debit" }, foo: 1 }) }),
    );
    const fields = extra.errors.map((e: any) => `${e.field}: ${e.message}`);
    assert.ok(fields.includes("amount: must be >= 50"), fields.join("; "));
    assert.ok(fields.includes("foo: is not an allowed property"), fields.join("; "));
    // The discriminator (type: sepa_debit, pinned by the alternative's const) picks SepaDebit and names its missing field.
    assert.ok(fields.includes("payment_method.sepa_debit: is required"), fields.join("; "));
  });

  it("readOnly fields are not required in requests", async () => {
    const res = await s.mock("/w/pets/store/orders", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ petId: 1, quantity: 2 }) });
    assert.equal(res.status, 200);
  });

  it("validation can be switched off per document", async () => {
    await s.workspace("loose");
    const r = await importOpenApi(s, "loose", example("petstore.yaml"), "?validate=false");
    assert.equal(r.status, 201);
    assert.equal((await s.mock("/w/loose/pets/abc")).status, 200);
    assert.equal((await s.mock("/w/loose/pets", { method: "POST", body: "garbage" })).status, 201);
  });

  it("stubs take precedence over OpenAPI operations", async () => {
    const res = await s.admin("POST", "/admin/workspaces/pets/stubs", { request: { method: "GET", path: "/pets/{id}" }, response: { json: { stubbed: "{{request.params.id}}" } } });
    assert.equal(res.status, 201);
    assert.deepEqual(await json(await s.mock("/w/pets/pets/abc")), { stubbed: "abc" });
    await s.admin("DELETE", "/admin/workspaces/pets/stubs");
    assert.equal((await s.mock("/w/pets/pets/abc")).status, 400);
  });

  it("re-importing a document under the same name replaces it; deleting removes its operations", async () => {
    await s.workspace("swap");
    const first = await json(await importOpenApi(s, "swap", example("petstore.yaml"), "?name=api"));
    const second = await json(await importOpenApi(s, "swap", fixture("payments-3.1.json"), "?name=api", "application/json"));
    assert.equal(first.id, second.id);
    assert.equal((await s.mock("/w/swap/pets")).status, 404);
    assert.equal((await s.mock("/w/swap/balance")).status, 200);
    const list = await json(await s.admin("GET", "/admin/workspaces/swap/openapi"));
    assert.equal(list.documents.length, 1);
    assert.equal(list.documents[0].source, undefined);
    assert.equal((await s.admin("DELETE", `/admin/workspaces/swap/openapi/${first.id}`)).status, 204);
    assert.equal((await s.mock("/w/swap/balance")).status, 404);
  });

  it("refuses malformed documents with problem+json listing pointers, and keeps serving", async () => {
    const syntax = await importOpenApi(s, "pets", "openapi: 3.0.0\ninfo: {title: x\n");
    assert.equal(syntax.status, 400);
    const sp = await json(syntax);
    assert.equal(sp.type, "urn:mockforge:problem:invalid-openapi");
    assert.match(sp.errors[0].message, /not valid YAML/);
    const structural = await importOpenApi(s, "pets", JSON.stringify({ openapi: "3.0.0", info: { title: "t", version: "1" }, paths: { "/a": { get: { responses: { "200": { $ref: "#/nope" } } } } } }), "", "application/json");
    assert.equal(structural.status, 422);
    assert.equal((await json(structural)).errors[0].field, "/paths/~1a/get/responses/200/$ref");
    const bomb = ["openapi: 3.0.0", 'a: &a ["x","x","x","x","x","x","x","x","x"]', "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]", "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]", "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]", "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]"].join("\n");
    const b = await importOpenApi(s, "pets", bomb);
    assert.equal(b.status, 400);
    assert.match((await json(b)).errors[0].message, /alias/i);
    assert.equal((await s.mock("/w/pets/store/inventory")).status, 200);
  });
});
