import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { addStubs, rawRequest, startTestServer, type TestServer } from "./helpers";

describe("workspace selection by host or path prefix", () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ MOCKFORGE_DOMAIN: "mock.example.test" });
    await s.workspace("acme");
    await s.workspace("globex");
    await addStubs(s, "acme", [{ request: { method: "GET", path: "/who" }, response: { body: "acme" } }]);
    await addStubs(s, "globex", [{ request: { method: "GET", path: "/who" }, response: { body: "globex" } }]);
  });
  after(() => s.close());

  it("routes <workspace>.<domain> hosts (any case, with a port) to the workspace", async () => {
    const a = await rawRequest(s.mockUrl, { path: "/who", headers: { host: "acme.mock.example.test" } });
    assert.equal(a.body, "acme");
    const g = await rawRequest(s.mockUrl, { path: "/who", headers: { host: "GLOBEX.Mock.Example.Test:443" } });
    assert.equal(g.body, "globex");
  });

  it("the /w/<workspace>/ prefix works alongside host routing", async () => {
    assert.equal(await (await s.mock("/w/globex/who")).text(), "globex");
  });

  it("a host for one workspace cannot reach another through the path prefix", async () => {
    const r = await rawRequest(s.mockUrl, { path: "/w/globex/who", headers: { host: "acme.mock.example.test" } });
    assert.equal(r.status, 404, "the host decides: acme has no /w/globex/who");
    assert.match(r.body, /no-match/);
  });

  it("unknown subdomains and nested labels are unknown workspaces", async () => {
    for (const host of ["nobody.mock.example.test", "a.b.mock.example.test", "mock.example.test", "acme.other.test"]) {
      const r = await rawRequest(s.mockUrl, { path: "/who", headers: { host } });
      assert.equal(r.status, 404, host);
      assert.match(r.body, /unknown-workspace/, host);
    }
  });
});
