import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { isPrivateAddress } from "../src/engine/proxy";
import { addStubs, json, startTestServer, type TestServer } from "./helpers";

describe("proxy and record", () => {
  let upstream: http.Server;
  let upstreamUrl: string;
  const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  let s: TestServer;

  before(async () => {
    upstream = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString();
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url!.startsWith("/api/json")) {
          res.writeHead(200, { "content-type": "application/json", "x-upstream": "yes" });
          res.end(JSON.stringify({ from: "upstream", url: req.url, got: body, n: seen.length }));
        } else if (req.url!.startsWith("/api/bin")) {
          res.writeHead(200, { "content-type": "application/octet-stream" });
          res.end(Buffer.from([0, 1, 2, 255]));
        } else if (req.url!.startsWith("/api/slow")) {
          setTimeout(() => res.end("late"), 1500);
        } else {
          res.writeHead(404, { "content-type": "text/plain" });
          res.end("upstream 404");
        }
      });
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/api`;
    s = await startTestServer({ MOCKFORGE_PROXY_ALLOW_PRIVATE: "true", MOCKFORGE_PROXY_TIMEOUT_MS: "500" });
    await s.workspace("px", { proxy: { upstream: upstreamUrl, record: false } });
    await addStubs(s, "px", [{ id: "local", request: { method: "GET", path: "/local" }, response: { body: "local" } }]);
  });
  after(async () => {
    await s.close();
    upstream.closeAllConnections();
    await new Promise((r) => upstream.close(r));
  });

  it("forwards unmatched requests (method, path under the upstream base, query, headers, body) and streams the answer", async () => {
    assert.equal(await (await s.mock("/w/px/local")).text(), "local");
    const res = await s.mock("/w/px/json/a?b=1", { method: "POST", headers: { "x-custom": "v", "content-type": "text/plain" }, body: "payload" });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-upstream"), "yes");
    const body = await json(res);
    assert.equal(body.url, "/api/json/a?b=1");
    assert.equal(body.got, "payload");
    const last = seen[seen.length - 1];
    assert.equal(last.method, "POST");
    assert.equal(last.headers["x-custom"], "v");
    assert.equal(last.headers.host, new URL(upstreamUrl).host);
    const notThere = await s.mock("/w/px/nothing");
    assert.equal(notThere.status, 404);
    assert.equal(await notThere.text(), "upstream 404");
    const journal = await json(await s.admin("GET", "/admin/workspaces/px/requests?limit=1"));
    assert.equal(journal.requests[0].matched, "proxy");
  });

  it("answers 504 when the upstream is too slow and 502 when it is down", async () => {
    const slow = await s.mock("/w/px/slow");
    assert.equal(slow.status, 504);
    assert.equal((await json(slow)).type, "urn:mockforge:problem:proxy-failed");
    await s.workspace("px-down", { proxy: { upstream: "http://127.0.0.1:1/", record: false } });
    const down = await s.mock("/w/px-down/x");
    assert.equal(down.status, 502);
    assert.match((await json(down)).detail, /ECONNREFUSED/);
  });

  it("record mode turns upstream responses into stubs that then answer without the upstream", async () => {
    await s.workspace("rec", { proxy: { upstream: upstreamUrl, record: true } });
    const first = await json(await s.mock("/w/rec/json/item?id=7"));
    const countAfterFirst = seen.length;
    await s.mock("/w/rec/bin");
    await new Promise((r) => setTimeout(r, 50));
    const stubs = (await json(await s.admin("GET", "/admin/workspaces/rec/stubs"))).stubs;
    assert.equal(stubs.length, 2);
    const jsonStub = stubs.find((x: any) => x.request.path === "/json/item");
    assert.deepEqual(jsonStub.request, { method: "GET", path: "/json/item", query: { id: { equals: "7" } } });
    assert.equal(jsonStub.source, "recording");
    assert.deepEqual(jsonStub.response.json, first);
    const replay = await json(await s.mock("/w/rec/json/item?id=7"));
    assert.deepEqual(replay, first, "the recorded stub answers with the same body");
    const bin = Buffer.from(await (await s.mock("/w/rec/bin")).arrayBuffer());
    assert.deepEqual([...bin], [0, 1, 2, 255]);
    assert.equal(seen.length, countAfterFirst + 1, "replays did not reach the upstream");
    const other = await json(await s.mock("/w/rec/json/item?id=8"));
    assert.notDeepEqual(other, first, "a different query is proxied and recorded separately");
  });

  it("refuses private and loopback upstreams unless the operator allows them (SSRF guard)", async () => {
    const strict = await startTestServer();
    try {
      await strict.workspace("ssrf", { proxy: { upstream: upstreamUrl, record: false } });
      const res = await strict.mock("/w/ssrf/json");
      assert.equal(res.status, 502);
      assert.match((await json(res)).detail, /private or loopback address/);
      await strict.workspace("ssrf-dns", { proxy: { upstream: `http://localhost:${new URL(upstreamUrl).port}/`, record: false } });
      const viaDns = await strict.mock("/w/ssrf-dns/json");
      assert.equal(viaDns.status, 502);
      assert.match((await json(viaDns)).detail, /private or loopback/);
    } finally {
      await strict.close();
    }
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "::1", "fd00::1", "::ffff:127.0.0.1"]) assert.equal(isPrivateAddress(a), true, a);
    for (const a of ["8.8.8.8", "2001:4860:4860::8888"]) assert.equal(isPrivateAddress(a), false, a);
  });

  it("proxy settings can be changed and removed through the admin API", async () => {
    await s.workspace("px2");
    assert.equal((await s.mock("/w/px2/json")).status, 404);
    await s.admin("PATCH", "/admin/workspaces/px2", { settings: { proxy: { upstream: upstreamUrl } } });
    assert.equal((await s.mock("/w/px2/json")).status, 200);
    await s.admin("PATCH", "/admin/workspaces/px2", { settings: { proxy: null } });
    assert.equal((await s.mock("/w/px2/json")).status, 404);
    await addStubs(s, "px2", []);
  });
});
