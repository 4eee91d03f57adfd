import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { addStubs, json, rawRequest, rawTcp, startTestServer, type TestServer } from "./helpers";

describe("bad input never crashes the server", () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ MOCKFORGE_MAX_BODY_BYTES: "2048", MOCKFORGE_MAX_URL_BYTES: "1024", MOCKFORGE_MAX_HEADER_BYTES: "4096" });
    await s.workspace("safe");
    await addStubs(s, "safe", [
      { id: "ok", request: { method: "GET", path: "/ok" }, response: { body: "ok" } },
      { id: "echo", request: { method: "POST", path: "/echo" }, response: { body: "{{request.body}}" } },
      { id: "p", request: { method: "GET", path: "/p/{x}" }, response: { body: "[{{request.params.x}}]" } },
    ]);
  });
  after(() => s.close());

  const stillServing = async (): Promise<void> => {
    const res = await s.mock("/w/safe/ok");
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "ok");
  };

  it("unknown workspaces and requests without a workspace are 404 problem+json", async () => {
    for (const path of ["/w/nobody/x", "/w/nobody", "/", "/anything", "/w/", "/w/UPPER/x", "/w/" + "a".repeat(80) + "/x"]) {
      const res = await s.mock(path);
      assert.equal(res.status, 404, path);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      const p = await json(res);
      assert.equal(p.type, "urn:mockforge:problem:unknown-workspace", path);
      assert.ok(p.detail.length > 10);
    }
    await stillServing();
  });

  it("oversized bodies are refused with 413 (declared and chunked) and the connection is closed", async () => {
    const declared = await rawRequest(s.mockUrl, { method: "POST", path: "/w/safe/echo", headers: { "content-type": "text/plain" }, body: "x".repeat(5000) });
    assert.equal(declared.status, 413);
    const p = JSON.parse(declared.body);
    assert.equal(p.type, "urn:mockforge:problem:payload-too-large");
    assert.equal(p.limitBytes, 2048);
    assert.match(p.detail, /5000 bytes; the limit is 2048 bytes \(MOCKFORGE_MAX_BODY_BYTES\)/);
    assert.equal(p.setting, "MOCKFORGE_MAX_BODY_BYTES");
    const chunked = await rawTcp(
      s.app.ports.http,
      "POST /w/safe/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + ("400\r\n" + "y".repeat(1024) + "\r\n").repeat(4) + "0\r\n\r\n",
    );
    assert.match(chunked, /^HTTP\/1\.1 413 /);
    assert.match(chunked, /connection: close/i);
    const small = await s.mock("/w/safe/echo", { method: "POST", body: "fits" });
    assert.equal(await small.text(), "fits");
    await stillServing();
  });

  it("huge paths are 414 and huge header sections 431, both as problem+json", async () => {
    const longPath = await s.mock("/w/safe/" + "a".repeat(2000));
    assert.equal(longPath.status, 414);
    assert.equal((await json(longPath)).type, "urn:mockforge:problem:uri-too-long");
    const headers = await rawTcp(s.app.ports.http, `GET /w/safe/ok HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(8000)}\r\n\r\n`);
    assert.match(headers, /^HTTP\/1\.1 431 Request Header Fields Too Large/);
    assert.match(headers, /"type":"urn:mockforge:problem:headers-too-large"/);
    const hugeLine = await rawTcp(s.app.ports.http, `GET /w/safe/${"c".repeat(10000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.match(hugeLine, /^HTTP\/1\.1 431 /);
    await stillServing();
  });

  it("malformed HTTP, absolute-form targets and broken percent-encoding get 4xx answers", async () => {
    const garbage = await rawTcp(s.app.ports.http, "HELLO\r\n\r\n");
    assert.match(garbage, /^HTTP\/1\.1 400 Bad Request/);
    const absolute = await rawTcp(s.app.ports.http, "GET http://elsewhere/w/safe/ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert.match(absolute, /^HTTP\/1\.1 400 /);
    assert.match(absolute, /origin-form/);
    const pct = await s.mock("/w/safe/p/%E0%A4%A");
    assert.equal(pct.status, 200);
    assert.equal(await pct.text(), "[%E0%A4%A]");
    const nul = await rawRequest(s.mockUrl, { path: "/w/safe/p/%00" });
    assert.equal(nul.status, 200);
    await stillServing();
  });

  it("invalid JSON to body matchers and validation does not break matching", async () => {
    await addStubs(s, "safe", [{ id: "needs-json", request: { method: "PUT", path: "/j", body: { a: 1 } }, response: { body: "y" } }]);
    const res = await s.mock("/w/safe/j", { method: "PUT", headers: { "content-type": "application/json" }, body: "{not json" });
    assert.equal(res.status, 404);
    await stillServing();
  });

  it("aborted uploads do not leak in-flight requests", async () => {
    await rawTcp(s.app.ports.http, "POST /w/safe/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\npartial", 200);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(s.app.lifecycle.inflight, 0);
    await stillServing();
  });
});
