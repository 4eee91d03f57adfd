/**
 * Change announcements inside one store: the `onChange` listeners (the engine drops its
 * compiled copy of the workspace), the relays that carry a local change to the other
 * instances (the Redis channel), and the one delivery path for changes that come back from
 * another instance (or this one) through any channel — Postgres NOTIFY or Redis pub/sub:
 * wait until a reader replica has replayed the change (when the store has one), then call
 * the listeners. Every change has an id, so when both channels deliver it the second copy is
 * dropped (invalidation is idempotent anyway; this saves a recompile and a replica wait).
 */
import { randomBytes } from "node:crypto";
import type { ChangeEvent } from "./store";

/** Ids remembered for de-duplication: long enough for the slower channel to catch up, bounded in count. */
const SEEN_TTL_MS = 60_000;
const SEEN_MAX = 10_000;

export class ChangeHub {
  /** This store's instance id (`origin` of its changes). */
  readonly origin: string;
  private seq = 0;
  private readonly listeners = new Set<(workspace: string) => void>();
  private readonly relays = new Set<(change: ChangeEvent) => void>();
  /** id → when it was first delivered (insertion order = age order). */
  private readonly seen = new Map<string, number>();

  /**
   * @param catchUp resolves when the store's reads reflect `change` (the Postgres store waits for
   * its reader replica to replay `change.lsn`); errors are ignored (the change is applied anyway).
   */
  constructor(
    private readonly catchUp: (change: ChangeEvent) => Promise<void> = async () => undefined,
    origin: string = randomBytes(6).toString("hex"),
  ) {
    this.origin = origin;
  }

  onChange(listener: (workspace: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onLocalChange(listener: (change: ChangeEvent) => void): () => void {
    this.relays.add(listener);
    return () => this.relays.delete(listener);
  }

  /** Calls the local listeners (no relay): e.g. after a lost listener connection, for every workspace. */
  emit(workspace: string): void {
    for (const l of this.listeners) l(workspace);
  }

  /**
   * A durable change made through this instance: the local listeners at once; returns the event
   * (with a fresh id) for the store's own channel. Pass it to `relay` once the store knows
   * everything it carries (the LSN).
   */
  local(workspace: string): ChangeEvent {
    const change: ChangeEvent = { workspace, id: `${this.origin}:${++this.seq}`, origin: this.origin };
    this.emit(workspace);
    return change;
  }

  /** Hands a local change to the relays (other instances). A failing relay does not stop the others. */
  relay(change: ChangeEvent): void {
    for (const r of this.relays) {
      try {
        r(change);
      } catch {
        /* relays log their own failures */
      }
    }
  }

  /**
   * A change from any channel (also this instance's own, echoed back): applied once per id,
   * after the replica caught up. Resolves when the listeners have run (or the copy was dropped).
   */
  async deliver(change: ChangeEvent): Promise<void> {
    if (change.id !== undefined) {
      if (this.seen.has(change.id)) return;
      this.remember(change.id);
    }
    try {
      await this.catchUp(change);
    } catch {
      /* apply anyway: a stale recompile is better than none, and the next change corrects it */
    }
    this.emit(change.workspace);
  }

  private remember(id: string): void {
    const now = Date.now();
    this.seen.set(id, now);
    for (const [old, at] of this.seen) {
      if (this.seen.size <= SEEN_MAX && now - at < SEEN_TTL_MS) break;
      this.seen.delete(old);
    }
  }
}
