import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { addStubs, json, startTestServer, type TestServer } from "./helpers";

describe("stubs", () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
    await s.workspace("shop");
  });
  after(() => s.close());

  it("match on method, path template, query, headers and JSON body fields (equals, contains, regex, presence)", async () => {
    await addStubs(s, "shop", [
      {
        id: "m1",
        request: {
          method: "POST",
          path: "/orders/{id}",
          query: { mode: "fast", q: { contains: "sho" }, debug: { present: false } },
          headers: { "X-Client": { regex: "^app-\\d+$" }, "X-Tenant": { present: true }, Accept: { equals: "APPLICATION/JSON", caseInsensitive: true } },
          body: { "customer.tier": "gold", "items.0.sku": { regex: "^SKU-" }, tags: { contains: "vip" }, coupon: { present: false } },
        },
        response: { status: 201, json: { ok: "{{request.params.id}}" } },
      },
    ]);
    const send = (path: string, headers: Record<string, string>, body: unknown): Promise<Response> =>
      s.mock(`/w/shop${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    const goodHeaders = { "x-client": "app-12", "x-tenant": "t", accept: "application/json" };
    const goodBody = { customer: { tier: "gold" }, items: [{ sku: "SKU-1" }], tags: ["new", "vip"] };
    const ok = await send("/orders/77?mode=fast&q=shoes", goodHeaders, goodBody);
    assert.equal(ok.status, 201);
    assert.deepEqual(await json(ok), { ok: "77" });

    const misses: Array<[string, Record<string, string>, unknown, RegExp]> = [
      ["/orders/77?mode=slow&q=shoes", goodHeaders, goodBody, /query parameter "mode" should be equal to "fast"; got "slow"/],
      ["/orders/77?mode=fast&q=hats", goodHeaders, goodBody, /query parameter "q" should be containing "sho"/],
      ["/orders/77?mode=fast&q=shoes&debug=1", goodHeaders, goodBody, /query parameter "debug" should be absent/],
      ["/orders/77?mode=fast&q=shoes", { ...goodHeaders, "x-client": "web-1" }, goodBody, /header "x-client" should be matching/],
      ["/orders/77?mode=fast&q=shoes", { "x-client": "app-1", accept: "application/json" }, goodBody, /header "x-tenant" should be present; it is absent/],
      ["/orders/77?mode=fast&q=shoes", goodHeaders, { ...goodBody, customer: { tier: "silver" } }, /body field "customer.tier" should be equal to "gold"; got "silver"/],
      ["/orders/77?mode=fast&q=shoes", goodHeaders, { ...goodBody, tags: ["new"] }, /body field "tags" should be containing "vip"/],
      ["/orders/77?mode=fast&q=shoes", goodHeaders, { ...goodBody, coupon: "X" }, /body field "coupon" should be absent/],
      ["/orders/77?mode=fast&q=shoes", goodHeaders, { ...goodBody, items: [{ sku: "X" }] }, /body field "items.0.sku" should be matching/],
    ];
    for (const [path, headers, body, why] of misses) {
      const res = await send(path, headers, body);
      assert.equal(res.status, 404, `${path} should not match`);
      const p = await json(res);
      assert.equal(p.closest[0].id, "m1");
      assert.match(p.closest[0].reasons.join("\n"), why);
    }
  });

  it("raw body matching with the $ key, and body matchers on non-JSON bodies do not match", async () => {
    await addStubs(s, "shop", [
      { id: "raw", request: { method: "PUT", path: "/raw", body: { $: { contains: "hello" } } }, response: { body: "raw ok" } },
      { id: "jsonfield", request: { method: "PUT", path: "/json", body: { a: 1 } }, response: { body: "json ok" } },
    ]);
    assert.equal(await (await s.mock("/w/shop/raw", { method: "PUT", body: "say hello" })).text(), "raw ok");
    assert.equal((await s.mock("/w/shop/raw", { method: "PUT", body: "bye" })).status, 404);
    const notJson = await s.mock("/w/shop/json", { method: "PUT", body: "a=1" });
    assert.equal(notJson.status, 404);
    assert.match((await json(notJson)).closest[0].reasons[0], /the body is not JSON/);
  });

  it("priority decides overlaps; path regexes expose named groups to templates", async () => {
    await addStubs(s, "shop", [
      { id: "generic", priority: 5, request: { method: "GET", pathPattern: "/items/(?<sku>[A-Z]+-\\d+)" }, response: { body: "generic {{request.params.sku}}" } },
      { id: "special", priority: 2, request: { method: "GET", path: "/items/ABC-1" }, response: { body: "special" } },
      { id: "fallback", priority: 9, request: { method: "GET", pathPattern: "/items/.*" }, response: { status: 410, body: "gone" } },
    ]);
    assert.equal(await (await s.mock("/w/shop/items/ABC-1")).text(), "special");
    assert.equal(await (await s.mock("/w/shop/items/XYZ-9")).text(), "generic XYZ-9");
    const gone = await s.mock("/w/shop/items/lower");
    assert.equal(gone.status, 410);
  });

  it("templated responses: headers, text and JSON bodies, with helpers", async () => {
    await addStubs(s, "shop", [
      {
        id: "tpl",
        request: { method: "POST", path: "/echo/{name}" },
        response: {
          status: 200,
          headers: { "X-Echo": "{{request.headers.x-in}}", Location: "/echo/{{request.params.name}}" },
          json: {
            name: "{{request.params.name}}",
            q: "{{request.query.q}}",
            who: "{{request.body.user.name}}",
            quote: 'say "{{request.body.text}}"',
            id: "{{uuid}}",
            when: "{{now 'yyyy'}}",
            email: "{{faker.email}}",
            static: "{{'no request'}}",
            nested: { list: ["{{upper request.params.name}}", 3, null] },
          },
        },
      },
      { id: "text", request: { method: "GET", path: "/text" }, response: { body: "Hi {{request.query.who}}, id={{request.id}}" } },
      { id: "raw", request: { method: "GET", path: "/notpl" }, response: { body: "{{request.query.who}}", templated: false } },
    ]);
    const res = await s.mock("/w/shop/echo/ada?q=1", { method: "POST", headers: { "x-in": "trace-1", "content-type": "application/json" }, body: JSON.stringify({ user: { name: "Ada" }, text: 'a "quoted" \\ line\nnext' }) });
    assert.equal(res.headers.get("x-echo"), "trace-1");
    assert.equal(res.headers.get("location"), "/echo/ada");
    const text = await res.text();
    assert.equal(Number(res.headers.get("content-length")), Buffer.byteLength(text));
    const body = JSON.parse(text);
    assert.equal(body.name, "ada");
    assert.equal(body.q, "1");
    assert.equal(body.who, "Ada");
    assert.equal(body.quote, 'say "a "quoted" \\ line\nnext"');
    assert.match(body.id, /^[0-9a-f-]{36}$/);
    assert.equal(body.when, String(new Date().getUTCFullYear()));
    assert.match(body.email, /@example\.com$/);
    assert.equal(body.static, "no request");
    assert.deepEqual(body.nested, { list: ["ADA", 3, null] });
    const t = await s.mock("/w/shop/text?who=Bob", { headers: { "x-request-id": "my-id-1" } });
    assert.equal(await t.text(), "Hi Bob, id=my-id-1");
    assert.equal(t.headers.get("x-request-id"), "my-id-1");
    assert.equal(await (await s.mock("/w/shop/notpl?who=Bob")).text(), "{{request.query.who}}");
  });

  it("file bodies come from the workspace's files, templated when textual", async () => {
    const up = await s.admin("PUT", "/admin/workspaces/shop/files/data/users.json", undefined, { raw: '{"users":[{"name":"{{request.query.name}}"}]}', contentType: "application/json" });
    assert.equal(up.status, 200);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x7b, 0x7b, 0x00]);
    assert.equal((await s.admin("PUT", "/admin/workspaces/shop/files/logo.png", undefined, { raw: png, contentType: "image/png" })).status, 200);
    await addStubs(s, "shop", [
      { id: "f1", request: { method: "GET", path: "/users" }, response: { bodyFile: "data/users.json" } },
      { id: "f2", request: { method: "GET", path: "/logo" }, response: { bodyFile: "logo.png" } },
      { id: "f3", request: { method: "GET", path: "/missing" }, response: { bodyFile: "nope.json" } },
    ]);
    const users = await s.mock("/w/shop/users?name=Zoe");
    assert.equal(users.headers.get("content-type"), "application/json");
    assert.deepEqual(await json(users), { users: [{ name: "Zoe" }] });
    const logo = await s.mock("/w/shop/logo");
    assert.equal(logo.headers.get("content-type"), "image/png");
    assert.deepEqual(Buffer.from(await logo.arrayBuffer()), png);
    const missing = await s.mock("/w/shop/missing");
    assert.equal(missing.status, 500);
    assert.match((await json(missing)).detail, /file "nope.json", which does not exist in workspace shop/);
    const ws = await json(await s.admin("GET", "/admin/workspaces/shop"));
    assert.ok(ws.warnings.some((w: string) => w.includes("nope.json")));
  });

  it("fixed and random latency", async () => {
    await addStubs(s, "shop", [
      { id: "slow", request: { method: "GET", path: "/slow" }, response: { body: "late", delay: { fixedMs: 150 } } },
      { id: "jitter", request: { method: "GET", path: "/jitter" }, response: { body: "j", delay: { minMs: 50, maxMs: 90 } } },
    ]);
    let t0 = performance.now();
    assert.equal(await (await s.mock("/w/shop/slow")).text(), "late");
    assert.ok(performance.now() - t0 >= 145, "fixed delay not applied");
    for (let i = 0; i < 3; i++) {
      t0 = performance.now();
      await (await s.mock("/w/shop/jitter")).text();
      const took = performance.now() - t0;
      assert.ok(took >= 45 && took < 1000, `random delay out of range: ${took}`);
    }
  });

  it("fault injection: error status with a probability, connection reset, slow chunked body", async () => {
    await addStubs(s, "shop", [
      { id: "always", request: { method: "GET", path: "/fail" }, response: { body: "never", fault: { type: "error", status: 503, probability: 1 } } },
      { id: "never", request: { method: "GET", path: "/fine" }, response: { body: "fine", fault: { type: "error", status: 500, probability: 0 } } },
      { id: "half", request: { method: "GET", path: "/flaky" }, response: { body: "ok", fault: { type: "error", status: 502, probability: 0.5 } } },
      { id: "reset", request: { method: "GET", path: "/reset" }, response: { body: "x", fault: { type: "reset" } } },
      { id: "chunky", request: { method: "GET", path: "/chunky" }, response: { body: "0123456789", fault: { type: "slow", chunks: 5, chunkDelayMs: 40 } } },
    ]);
    const failed = await s.mock("/w/shop/fail");
    assert.equal(failed.status, 503);
    assert.equal((await json(failed)).type, "urn:mockforge:problem:injected-fault");
    assert.equal((await s.mock("/w/shop/fine")).status, 200);
    const statuses = new Set<number>();
    for (let i = 0; i < 60; i++) statuses.add((await s.mock("/w/shop/flaky")).status);
    assert.deepEqual([...statuses].sort(), [200, 502]);
    await assert.rejects(s.mock("/w/shop/reset").then((r) => r.text()));
    const chunks: number[] = [];
    const t0 = performance.now();
    const body = await new Promise<string>((resolve, reject) => {
      http.get(`${s.mockUrl}/w/shop/chunky`, (res) => {
        assert.equal(res.headers["transfer-encoding"], "chunked");
        let text = "";
        res.on("data", (c: Buffer) => {
          chunks.push(performance.now() - t0);
          text += c.toString();
        });
        res.on("end", () => resolve(text));
      }).on("error", reject);
    });
    assert.equal(body, "0123456789");
    assert.ok(chunks.length >= 3, `expected several chunks, got ${chunks.length}`);
    assert.ok(performance.now() - t0 >= 150, "slow body arrived too fast");
    assert.equal((await s.mock("/w/shop/fine")).status, 200, "server keeps serving after a reset");
  });

  it("scenarios: a state machine per scenario, transitions on matching requests, read and reset via admin", async () => {
    await addStubs(s, "shop", [
      { id: "c-empty", scenario: { name: "cart", requiredState: "Started" }, request: { method: "GET", path: "/cart" }, response: { json: { items: [] } } },
      { id: "c-add", scenario: { name: "cart", newState: "Filled" }, request: { method: "POST", path: "/cart" }, response: { status: 201 } },
      { id: "c-full", scenario: { name: "cart", requiredState: "Filled" }, request: { method: "GET", path: "/cart" }, response: { json: { items: ["x"] } } },
      { id: "c-pay", scenario: { name: "cart", requiredState: "Filled", newState: "Paid" }, request: { method: "POST", path: "/pay" }, response: { status: 200 } },
      { id: "other", scenario: { name: "login", requiredState: "Started", newState: "In" }, request: { method: "POST", path: "/login" }, response: { status: 204 } },
    ]);
    assert.deepEqual(await json(await s.mock("/w/shop/cart")), { items: [] });
    const pay0 = await s.mock("/w/shop/pay", { method: "POST" });
    assert.equal(pay0.status, 404);
    assert.match((await json(pay0)).closest[0].reasons.join(), /scenario "cart" should be in state "Filled"; it is "Started"/);
    assert.equal((await s.mock("/w/shop/cart", { method: "POST" })).status, 201);
    assert.deepEqual(await json(await s.mock("/w/shop/cart")), { items: ["x"] });
    assert.equal((await s.mock("/w/shop/pay", { method: "POST" })).status, 200);
    assert.equal((await s.mock("/w/shop/cart")).status, 404);
    const list = await json(await s.admin("GET", "/admin/workspaces/shop/scenarios"));
    const cart = list.scenarios.find((x: any) => x.name === "cart");
    assert.equal(cart.state, "Paid");
    assert.deepEqual([...cart.possibleStates].sort(), ["Filled", "Paid", "Started"]);
    assert.equal(list.scenarios.find((x: any) => x.name === "login").state, "Started");
    assert.equal((await s.admin("PUT", "/admin/workspaces/shop/scenarios/cart", { state: "Filled" })).status, 200);
    assert.deepEqual(await json(await s.mock("/w/shop/cart")), { items: ["x"] });
    assert.equal((await s.admin("POST", "/admin/workspaces/shop/scenarios/cart/reset")).status, 204);
    assert.deepEqual(await json(await s.mock("/w/shop/cart")), { items: [] });
    await s.mock("/w/shop/login", { method: "POST" });
    assert.equal((await s.admin("POST", "/admin/workspaces/shop/scenarios/reset")).status, 204);
    const after = await json(await s.admin("GET", "/admin/workspaces/shop/scenarios"));
    assert.ok(after.scenarios.every((x: any) => x.state === "Started"));
  });

  it("unmatched requests get a 404 problem listing the closest stubs with reasons", async () => {
    await s.workspace("near");
    const empty = await json(await s.mock("/w/near/anything"));
    assert.equal(empty.status, 404);
    assert.deepEqual(empty.closest, []);
    assert.match(empty.detail, /has no stubs or OpenAPI operations yet/);
    await addStubs(s, "near", [
      { id: "a", name: "get users", request: { method: "GET", path: "/users", query: { page: "1" } }, response: {} },
      { id: "b", request: { method: "POST", path: "/users" }, response: {} },
      { id: "c", request: { method: "GET", path: "/orders" }, response: {} },
      { id: "d", request: { method: "DELETE", path: "/x" }, response: {} },
    ]);
    const res = await s.mock("/w/near/users?page=2");
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    const p = await json(res);
    assert.equal(p.type, "urn:mockforge:problem:no-match");
    assert.deepEqual(p.request, { method: "GET", path: "/users", query: "page=2" });
    assert.equal(p.closest.length, 3);
    assert.deepEqual(p.closest[0], { id: "a", label: "get users (a)", matched: 2, total: 3, reasons: ['query parameter "page" should be equal to "1"; got "2"'] });
    assert.equal(p.closest[1].id, "b");
    assert.deepEqual(p.closest[1].reasons, ["method should be POST; got GET"]);
  });
});
