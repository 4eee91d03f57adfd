/**
 * The one delivery path for change events (ChangeHub): local changes reach the local
 * listeners at once and the relays with an id; a change arriving from any channel is
 * applied after the store's catch-up (replica replay) and only once per id, so the same
 * change delivered by Postgres NOTIFY and by Redis pub/sub recompiles once.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ChangeHub } from "../src/store/changes";
import { InMemoryStore } from "../src/store/memory-store";
import type { ChangeEvent } from "../src/store/store";

describe("change events", () => {
  it("a local change calls the listeners at once and hands an id'd event to the relays", () => {
    const hub = new ChangeHub(undefined, "inst-a");
    const seen: string[] = [];
    const relayed: ChangeEvent[] = [];
    hub.onChange((w) => seen.push(w));
    const off = hub.onLocalChange((c) => relayed.push(c));
    const c1 = hub.local("alpha");
    assert.deepEqual(seen, ["alpha"]);
    assert.deepEqual(relayed, [], "relayed only once the store has sent it (with the LSN)");
    hub.relay({ ...c1, lsn: "0/16B3748" });
    assert.deepEqual(relayed, [{ workspace: "alpha", origin: "inst-a", id: "inst-a:1", lsn: "0/16B3748" }]);
    off();
    hub.relay(hub.local("beta"));
    assert.equal(relayed.length, 1, "unsubscribed relay");
    assert.deepEqual(seen, ["alpha", "beta"]);
  });

  it("applies a delivered change after the catch-up, once per id (the second channel's copy is dropped)", async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const hub = new ChangeHub(async (c) => {
      order.push(`catch-up ${c.lsn ?? "-"}`);
      if (c.lsn === "0/2") await gate;
    });
    hub.onChange((w) => order.push(`apply ${w}`));
    const viaNotify = hub.deliver({ workspace: "w1", id: "x:7", lsn: "0/2" });
    const viaRedis = hub.deliver({ workspace: "w1", id: "x:7", lsn: "0/2" });
    await viaRedis;
    assert.deepEqual(order, ["catch-up 0/2"], "the duplicate neither waits again nor applies before the replica caught up");
    release();
    await viaNotify;
    assert.deepEqual(order, ["catch-up 0/2", "apply w1"]);
    // Another change, and events without an id (older instances, reconnect invalidation), are applied each time.
    await hub.deliver({ workspace: "w1", id: "x:8" });
    await hub.deliver({ workspace: "w2" });
    await hub.deliver({ workspace: "w2" });
    assert.deepEqual(order.slice(2), ["catch-up -", "apply w1", "catch-up -", "apply w2", "catch-up -", "apply w2"]);
  });

  it("a failing catch-up still applies the change", async () => {
    const hub = new ChangeHub(async () => {
      throw new Error("replica unreachable");
    });
    const seen: string[] = [];
    hub.onChange((w) => seen.push(w));
    await hub.deliver({ workspace: "w", id: "y:1", lsn: "0/9" });
    assert.deepEqual(seen, ["w"]);
  });

  it("the in-memory store relays every durable change and applies delivered ones through its listeners", async () => {
    const store = new InMemoryStore();
    const relayed: ChangeEvent[] = [];
    const seen: string[] = [];
    store.onLocalChange((c) => relayed.push(c));
    store.onChange((w) => seen.push(w));
    await store.createWorkspace({ name: "m", createdAt: 1, settings: { seed: 1 } });
    await store.updateWorkspaceSettings("m", { seed: 1, rateLimit: { requests: 5, windowSeconds: 10 } });
    await store.putStubs("m", [], "append");
    assert.deepEqual(relayed.map((c) => c.workspace), ["m", "m", "m"]);
    assert.equal(new Set(relayed.map((c) => c.id)).size, 3, "distinct ids");
    assert.deepEqual(seen, ["m", "m", "m"]);
    await store.deliverChange({ workspace: "m", id: "other:1" });
    await store.deliverChange({ workspace: "m", id: "other:1" });
    assert.deepEqual(seen, ["m", "m", "m", "m"]);
    assert.equal(relayed.length, 3, "delivered changes are not relayed again");
  });
});
