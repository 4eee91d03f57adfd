import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { EDGE_ID_HEADER, ENV, HEALTH_PATHS } from "../src/contract";
import { loadConfig } from "../src/config";
import { addStubs, startTestServer, type TestServer } from "./helpers";

const EDGE = "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9";

describe("edge-id check (traffic must come through the edge and its WAF)", () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ [ENV.edgeId]: EDGE });
    await s.workspace("edge");
    await addStubs(s, "edge", [{ id: "x", request: { method: "GET", path: "/x" }, response: { status: 200, body: "ok" } }]);
  });
  after(() => s.close());

  it("serves requests that carry the edge's id", async () => {
    const res = await s.mock("/w/edge/x", { headers: { [EDGE_ID_HEADER]: EDGE } });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "ok");
  });

  it("refuses requests without the header, or from another edge, with problem+json", async () => {
    const variants: Array<Record<string, string>> = [{}, { [EDGE_ID_HEADER]: "11111111-2222-3333-4444-555555555555" }];
    for (const headers of variants) {
      const res = await s.mock("/w/edge/x", { headers });
      assert.equal(res.status, 403);
      assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
      assert.match(((await res.json()) as { detail: string }).detail, new RegExp(`${EDGE_ID_HEADER}`));
    }
  });

  it("lets the platform's health probes through without the header, but only the exact health paths", async () => {
    for (const p of [HEALTH_PATHS.live, HEALTH_PATHS.startup, `${HEALTH_PATHS.ready}?probe=1`]) {
      assert.equal((await s.mock(p)).status, 200, p);
    }
    assert.equal((await s.mock("/w/edge/health/live")).status, 403);
  });

  it("is off when the variable is unset", async () => {
    const open = await startTestServer();
    try {
      await open.workspace("open");
      await addStubs(open, "open", [{ id: "x", request: { method: "GET", path: "/x" }, response: { status: 200 } }]);
      assert.equal((await open.mock("/w/open/x")).status, 200);
    } finally {
      await open.close();
    }
  });

  it("refuses an invalid edge id at startup, naming the variable", () => {
    assert.throws(() => loadConfig({ [ENV.edgeId]: "not an id!" }), new RegExp(`${ENV.edgeId}=.*is not valid`));
  });
});
