import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { hashApiKey } from "../src/admin/auth";
import { addStubs, json, OPERATOR_KEY, startTestServer, type TestServer } from "./helpers";

describe("admin API", () => {
  let s: TestServer;
  let keyA: string;
  let keyB: string;
  before(async () => {
    s = await startTestServer({ MOCKFORGE_MAX_IMPORT_BYTES: "65536", MOCKFORGE_JOURNAL_SIZE: "5" });
    keyA = await s.workspace("alpha");
    keyB = await s.workspace("beta");
  });
  after(() => s.close());

  describe("authentication and authorization", () => {
    it("401 without a key, with a malformed header, or with an unknown key", async () => {
      for (const headers of [{}, { authorization: "Basic abc" }, { authorization: "Bearer nope-nope-nope" }] as Array<Record<string, string>>) {
        const res = await fetch(`${s.adminUrl}/admin/workspaces/alpha/stubs`, { headers });
        assert.equal(res.status, 401);
        assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="mockforge-admin"');
        assert.equal(res.headers.get("content-type"), "application/problem+json");
        assert.equal((await json(res)).type, "urn:mockforge:problem:unauthenticated");
      }
    });

    it("403 when a workspace key touches another workspace or operator endpoints", async () => {
      const other = await s.admin("GET", "/admin/workspaces/beta/stubs", undefined, { key: keyA });
      assert.equal(other.status, 403);
      assert.match((await json(other)).detail, /belongs to workspace alpha, not beta/);
      for (const [method, path, body] of [
        ["GET", "/admin/workspaces", undefined],
        ["POST", "/admin/workspaces", { name: "gamma" }],
        ["DELETE", "/admin/workspaces/alpha", undefined],
      ] as const) {
        const res = await s.admin(method, path, body, { key: keyA });
        assert.equal(res.status, 403, `${method} ${path}`);
      }
      assert.equal((await s.admin("GET", "/admin/workspaces/alpha/stubs", undefined, { key: keyA })).status, 200);
      assert.deepEqual(await json(await s.admin("GET", "/admin/whoami", undefined, { key: keyB })), { kind: "workspace", workspace: "beta", keyId: (await json(await s.admin("GET", "/admin/workspaces/beta/keys", undefined, { key: keyB }))).keys[0].id });
    });

    it("stores API keys only as HMAC hashes; new keys work, revoked keys stop working", async () => {
      const keys = await s.store.listApiKeys("alpha");
      assert.equal(keys.length, 1);
      assert.notEqual(keys[0].hash, keyA);
      assert.equal(keys[0].hash, hashApiKey(s.config.adminSecret, keyA));
      assert.ok(!JSON.stringify(keys).includes(keyA));
      const created = await json(await s.admin("POST", "/admin/workspaces/alpha/keys", { label: "ci" }, { key: keyA }));
      assert.match(created.key, /^mfk_/);
      assert.equal((await s.admin("GET", "/admin/workspaces/alpha/stubs", undefined, { key: created.key })).status, 200);
      const listed = await json(await s.admin("GET", "/admin/workspaces/alpha/keys", undefined, { key: keyA }));
      assert.equal(listed.keys.length, 2);
      assert.ok(listed.keys.every((k: any) => k.hash === undefined && k.key === undefined));
      assert.equal((await s.admin("DELETE", `/admin/workspaces/alpha/keys/${created.id}`, undefined, { key: keyA })).status, 204);
      assert.equal((await s.admin("GET", "/admin/workspaces/alpha/stubs", undefined, { key: created.key })).status, 401);
    });
  });

  describe("workspaces", () => {
    it("create, read, list, settings, delete; errors name the field", async () => {
      const created = await s.admin("POST", "/admin/workspaces", { name: "gamma", settings: { seed: 9 } });
      assert.equal(created.status, 201);
      assert.equal(created.headers.get("location"), "/admin/workspaces/gamma");
      const body = await json(created);
      assert.equal(body.workspace.settings.seed, 9);
      assert.equal((await s.admin("POST", "/admin/workspaces", { name: "gamma" })).status, 409);
      const bad = await json(await s.admin("POST", "/admin/workspaces", { name: "Not_Valid" }));
      assert.equal(bad.status, 422);
      assert.equal(bad.errors[0].field, "name");
      const badSettings = await json(await s.admin("POST", "/admin/workspaces", { name: "delta", settings: { seed: -1, proxy: { upstream: "ftp://x" }, extra: 1 } }));
      assert.deepEqual(badSettings.errors.map((e: any) => e.field).sort(), ["settings.extra", "settings.proxy.upstream", "settings.seed"]);
      const names = (await json(await s.admin("GET", "/admin/workspaces"))).workspaces.map((w: any) => w.name);
      assert.ok(names.includes("alpha") && names.includes("gamma"));
      const read = await json(await s.admin("GET", "/admin/workspaces/gamma"));
      assert.deepEqual(read.counts, { stubs: 0, openapi: 0, files: 0 });
      assert.equal((await s.admin("DELETE", "/admin/workspaces/gamma")).status, 204);
      assert.equal((await s.admin("GET", "/admin/workspaces/gamma")).status, 404);
      assert.equal((await s.mock("/w/gamma/x")).status, 404);
      assert.equal((await json(await s.mock("/w/gamma/x"))).type, "urn:mockforge:problem:unknown-workspace");
    });

    it("unknown endpoints 404 and wrong methods 405, as problem+json", async () => {
      const nf = await s.admin("GET", "/admin/nothing");
      assert.equal(nf.status, 404);
      assert.equal((await json(nf)).type, "urn:mockforge:problem:not-found");
      const na = await s.admin("PATCH", "/admin/workspaces/alpha/stubs");
      assert.equal(na.status, 405);
      assert.match(na.headers.get("allow") ?? "", /GET/);
    });
  });

  describe("stubs", () => {
    it("CRUD with ids, 409 on duplicate create, PUT upserts", async () => {
      const created = await s.admin("POST", "/admin/workspaces/alpha/stubs", { id: "s1", request: { method: "GET", path: "/a" }, response: { body: "A" } }, { key: keyA });
      assert.equal(created.status, 201);
      assert.equal((await s.admin("POST", "/admin/workspaces/alpha/stubs", { id: "s1", request: {} }, { key: keyA })).status, 409);
      assert.equal(await (await s.mock("/w/alpha/a")).text(), "A");
      const put = await s.admin("PUT", "/admin/workspaces/alpha/stubs/s1", { request: { method: "GET", path: "/a" }, response: { body: "A2" } }, { key: keyA });
      assert.equal(put.status, 200);
      assert.equal(await (await s.mock("/w/alpha/a")).text(), "A2");
      assert.equal((await s.admin("PUT", "/admin/workspaces/alpha/stubs/s2", { request: { path: "/b" } }, { key: keyA })).status, 201);
      assert.equal((await json(await s.admin("GET", "/admin/workspaces/alpha/stubs/s1", undefined, { key: keyA }))).response.body, "A2");
      const mismatch = await json(await s.admin("PUT", "/admin/workspaces/alpha/stubs/s1", { id: "other", request: {} }, { key: keyA }));
      assert.equal(mismatch.errors[0].field, "id");
      assert.equal((await s.admin("DELETE", "/admin/workspaces/alpha/stubs/s1", undefined, { key: keyA })).status, 204);
      assert.equal((await s.admin("DELETE", "/admin/workspaces/alpha/stubs/s1", undefined, { key: keyA })).status, 404);
      assert.equal((await s.mock("/w/alpha/a")).status, 404);
    });

    it("invalid stubs are refused with 422 naming each field; nothing is stored", async () => {
      const res = await s.admin("POST", "/admin/workspaces/alpha/stubs", { request: { method: 5, path: "x" }, response: { status: 99 } }, { key: keyA });
      assert.equal(res.status, 422);
      const p = await json(res);
      assert.equal(p.type, "urn:mockforge:problem:validation");
      assert.deepEqual(p.errors.map((e: any) => e.field).sort(), ["request.method", "request.path", "response.status"]);
      const before = (await s.store.listStubs("alpha")).length;
      const bulk = await json(await s.admin("POST", "/admin/workspaces/alpha/stubs/import", { stubs: [{ request: {} }, { request: { pathPattern: "(" } }] }, { key: keyA }));
      assert.equal(bulk.errors[0].field, "stubs[1].request.pathPattern");
      assert.equal((await s.store.listStubs("alpha")).length, before);
    });

    it("bulk import accepts JSON arrays, { stubs } objects and YAML; replace mode drops the rest", async () => {
      const a = await json(await s.admin("POST", "/admin/workspaces/alpha/stubs/import", [{ id: "i1", request: { path: "/i1" }, response: { body: "1" } }], { key: keyA }));
      assert.deepEqual(a, { imported: 1, mode: "append", ids: ["i1"] });
      const yaml = "stubs:\n  - id: i2\n    request: { path: /i2 }\n    response: { body: '2' }\n";
      const b = await s.admin("POST", "/admin/workspaces/alpha/stubs/import?mode=replace", undefined, { key: keyA, raw: yaml, contentType: "application/yaml" });
      assert.equal(b.status, 200, await b.clone().text());
      const ids = (await s.store.listStubs("alpha")).map((x) => x.id);
      assert.deepEqual(ids, ["i2"]);
      assert.equal(await (await s.mock("/w/alpha/i2")).text(), "2");
      assert.equal((await s.mock("/w/alpha/i1")).status, 404);
      const badMode = await json(await s.admin("POST", "/admin/workspaces/alpha/stubs/import?mode=merge", [], { key: keyA }));
      assert.equal(badMode.errors[0].field, "query.mode");
      const notList = await json(await s.admin("POST", "/admin/workspaces/alpha/stubs/import", { stub: {} }, { key: keyA }));
      assert.equal(notList.status, 422);
    });

    it("invalid JSON and YAML bodies are 400 with the parser's message; oversized bodies 413", async () => {
      const bad = await s.admin("POST", "/admin/workspaces/alpha/stubs", undefined, { key: keyA, raw: '{"request": {', contentType: "application/json" });
      assert.equal(bad.status, 400);
      const p = await json(bad);
      assert.equal(p.type, "urn:mockforge:problem:invalid-json");
      assert.match(p.detail, /invalid JSON in request body: .*JSON/);
      const badYaml = await s.admin("POST", "/admin/workspaces/alpha/stubs/import", undefined, { key: keyA, raw: "stubs: [\n", contentType: "application/yaml" });
      assert.equal(badYaml.status, 400);
      assert.match((await json(badYaml)).detail, /invalid YAML/);
      const empty = await s.admin("POST", "/admin/workspaces/alpha/stubs", undefined, { key: keyA, raw: "", contentType: "application/json" });
      assert.equal(empty.status, 400);
      const huge = await s.admin("POST", "/admin/workspaces/alpha/stubs/import", undefined, { key: keyA, raw: "[" + '"x",'.repeat(30000) + '"x"]' });
      assert.equal(huge.status, 413);
      assert.match((await json(huge)).detail, /(exceeds the limit of|the limit is) 65536 bytes \(MOCKFORGE_MAX_IMPORT_BYTES\)/);
      assert.equal((await s.admin("GET", "/admin/workspaces/alpha/stubs", undefined, { key: keyA })).status, 200);
    });
  });

  describe("request journal and verification", () => {
    it("records requests (bounded per workspace), counts and finds by pattern, resets", async () => {
      await s.workspace("journal");
      await addStubs(s, "journal", [{ id: "hit", request: { method: "POST", path: "/hit/{n}" }, response: { status: 202 } }]);
      for (let i = 0; i < 4; i++) await s.mock(`/w/journal/hit/${i}?src=test`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ n: i }) });
      await s.mock("/w/journal/miss");
      await s.mock("/w/journal/hit/9", { method: "POST", body: "not json" });
      const all = await json(await s.admin("GET", "/admin/workspaces/journal/requests"));
      assert.equal(all.total, 5, "journal keeps MOCKFORGE_JOURNAL_SIZE=5 entries");
      assert.equal(all.requests[0].path, "/hit/9");
      assert.equal(all.requests[0].body, "not json");
      assert.equal(all.requests[1].matched, null);
      assert.equal(all.requests[1].status, 404);
      assert.equal(all.requests[2].matched, "hit");
      assert.equal(all.requests[2].query, "src=test");
      assert.deepEqual(JSON.parse(all.requests[2].body), { n: 3 });
      assert.match(all.requests[2].at, /^\d{4}-\d{2}-\d{2}T/);
      const count = await json(await s.admin("POST", "/admin/workspaces/journal/requests/count", { method: "POST", path: "/hit/{n}", body: { n: { present: true } } }));
      assert.equal(count.count, 3);
      const byQuery = await json(await s.admin("POST", "/admin/workspaces/journal/requests/count", { request: { query: { src: "test" } } }));
      assert.equal(byQuery.count, 3);
      const found = await json(await s.admin("POST", "/admin/workspaces/journal/requests/find", { path: "/miss" }));
      assert.equal(found.count, 1);
      assert.equal(found.requests[0].status, 404);
      const unmatched = await json(await s.admin("GET", "/admin/workspaces/journal/requests?unmatched=true"));
      assert.equal(unmatched.total, 1);
      const badPattern = await json(await s.admin("POST", "/admin/workspaces/journal/requests/count", { path: "nope" }));
      assert.equal(badPattern.errors[0].field, "pattern.path");
      assert.equal((await json(await s.admin("GET", "/admin/workspaces/journal/requests?limit=0"))).errors[0].field, "query.limit");
      assert.equal((await s.admin("DELETE", "/admin/workspaces/journal/requests")).status, 204);
      assert.equal((await json(await s.admin("GET", "/admin/workspaces/journal/requests"))).total, 0);
    });

    it("keeps at most 64 KiB of each body in the journal (memory stays bounded per workspace)", async () => {
      await s.workspace("bigbody");
      await s.mock("/w/bigbody/upload", { method: "POST", body: "z".repeat(100_000) });
      const entry = (await json(await s.admin("GET", "/admin/workspaces/bigbody/requests"))).requests[0];
      assert.equal(entry.body.length, 65536);
      assert.equal(entry.bodyTruncated, true);
      assert.equal(entry.bodySize, 100_000);
      const stored = (await s.store.listJournal("bigbody"))[0];
      assert.ok(stored.body!.buffer.byteLength < 100_000, "the journal must not pin the whole request buffer");
      assert.equal(stored.body!.length, 65536);
    });

    it("workspace reset clears stubs, documents, files, scenarios and journal but keeps keys", async () => {
      await s.workspace("wipe");
      await addStubs(s, "wipe", [{ request: { path: "/x" }, response: {} }]);
      await s.admin("PUT", "/admin/workspaces/wipe/files/a.txt", undefined, { raw: "a", contentType: "text/plain" });
      await s.mock("/w/wipe/x");
      assert.equal((await s.admin("POST", "/admin/workspaces/wipe/reset")).status, 204);
      assert.equal((await s.store.listStubs("wipe")).length, 0);
      assert.equal((await s.store.listFiles("wipe")).length, 0);
      assert.equal((await s.store.listJournal("wipe")).length, 0);
      assert.equal((await s.store.listApiKeys("wipe")).length, 1);
      assert.equal((await s.mock("/w/wipe/x")).status, 404);
    });
  });

  describe("tenant isolation", () => {
    it("a workspace never sees or hits another workspace's stubs, files, scenarios or journal", async () => {
      await s.workspace("iso-a");
      await s.workspace("iso-b");
      await addStubs(s, "iso-a", [
        { id: "secret", request: { method: "GET", path: "/secret" }, response: { body: "a-only" } },
        { id: "file", request: { method: "GET", path: "/file" }, response: { bodyFile: "f.txt" } },
        { id: "sc", scenario: { name: "flow", newState: "Done" }, request: { method: "POST", path: "/go" }, response: {} },
      ]);
      await s.admin("PUT", "/admin/workspaces/iso-a/files/f.txt", undefined, { raw: "A-FILE", contentType: "text/plain" });
      await addStubs(s, "iso-b", [{ id: "file", request: { method: "GET", path: "/file" }, response: { bodyFile: "f.txt" } }]);
      assert.equal(await (await s.mock("/w/iso-a/secret")).text(), "a-only");
      assert.equal(await (await s.mock("/w/iso-a/file")).text(), "A-FILE");
      const b = await s.mock("/w/iso-b/secret");
      assert.equal(b.status, 404);
      const p = await json(b);
      assert.ok(!JSON.stringify(p).includes("a-only"), "B's 404 must not reveal A's stubs");
      assert.deepEqual(p.closest.map((c: any) => c.id), ["file"]);
      assert.equal((await s.mock("/w/iso-b/file")).status, 500, "B cannot read A's file");
      await s.mock("/w/iso-a/go", { method: "POST" });
      assert.deepEqual((await json(await s.admin("GET", "/admin/workspaces/iso-b/scenarios"))).scenarios, []);
      const journalB = await json(await s.admin("GET", "/admin/workspaces/iso-b/requests"));
      assert.ok(journalB.requests.every((r: any) => r.path !== "/secret" || r.status === 404));
      assert.equal(journalB.requests.filter((r: any) => r.path === "/go").length, 0);
      // Same stub id in two workspaces are different stubs.
      await s.admin("DELETE", "/admin/workspaces/iso-b/stubs/file");
      assert.equal(await (await s.mock("/w/iso-a/file")).text(), "A-FILE");
    });
  });

  it("the operator key is never accepted as a workspace key hash", async () => {
    assert.equal(await s.store.findApiKeyByHash(hashApiKey(s.config.adminSecret, OPERATOR_KEY)), undefined);
  });
});
