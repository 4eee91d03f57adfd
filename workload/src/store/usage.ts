/**
 * Rate-limit windows and usage counters: the shared arithmetic, and the per-process
 * implementation the in-memory and Postgres stores use (Redis keeps the shared one,
 * see redis-state.ts).
 *
 * Rate limits are fixed windows aligned to the epoch: the window of `nowMs` starts at
 * `floor(nowMs / windowMs) * windowMs`. Every request in a window is counted (also the
 * refused ones), so `remaining` is `max(0, requests - count)`.
 */
import { STATUS_CLASSES, type RateLimit, type RateLimitDecision, type StatusClass, type UsageCounts, type UsageOutcome } from "./store";

export function rateWindow(limit: RateLimit, nowMs: number): { startMs: number; endMs: number } {
  const size = limit.windowSeconds * 1000;
  const startMs = Math.floor(nowMs / size) * size;
  return { startMs, endMs: startMs + size };
}

export function rateDecision(count: number, limit: RateLimit, endMs: number): RateLimitDecision {
  return { allowed: count <= limit.requests, limit: limit.requests, remaining: Math.max(0, limit.requests - count), resetMs: endMs };
}

export function statusClass(status: number): StatusClass | undefined {
  return status >= 100 && status < 600 ? STATUS_CLASSES[Math.floor(status / 100) - 1] : undefined;
}

/** Counter names, as stored in the Redis hash. */
export type UsageField = "total" | "matched" | "unmatched" | "rateLimited" | StatusClass;

/** Mutable counters of one workspace (also the pending deltas of the Redis store). */
export class UsageTally {
  readonly counts = new Map<UsageField, number>();
  constructor(public since: number | null) {}

  add(status: number, outcome: UsageOutcome): void {
    this.inc("total");
    if (outcome !== "other") this.inc(outcome);
    const cls = statusClass(status);
    if (cls !== undefined) this.inc(cls);
  }

  private inc(field: UsageField): void {
    this.counts.set(field, (this.counts.get(field) ?? 0) + 1);
  }
}

/** Counts from a field → value record (a Redis HGETALL, or a tally). */
export function usageCounts(get: (field: UsageField) => number, since: number | null): UsageCounts {
  const byStatusClass = Object.fromEntries(STATUS_CLASSES.map((c) => [c, get(c)])) as Record<StatusClass, number>;
  return { total: get("total"), matched: get("matched"), unmatched: get("unmatched"), rateLimited: get("rateLimited"), byStatusClass, since };
}

/** Per-process rate limits and counters (no Redis): each instance limits and counts on its own. */
export class LocalUsage {
  private readonly tallies = new Map<string, UsageTally>();
  /** workspace → the current window's identity and count (one window per workspace is enough). */
  private readonly windows = new Map<string, { id: string; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  hit(workspace: string, limit: RateLimit, nowMs: number): RateLimitDecision {
    const { startMs, endMs } = rateWindow(limit, nowMs);
    const id = `${limit.windowSeconds}:${startMs}`;
    let w = this.windows.get(workspace);
    if (w === undefined || w.id !== id) this.windows.set(workspace, (w = { id, count: 0 }));
    w.count++;
    return rateDecision(w.count, limit, endMs);
  }

  record(workspace: string, status: number, outcome: UsageOutcome): void {
    let t = this.tallies.get(workspace);
    if (t === undefined) this.tallies.set(workspace, (t = new UsageTally(this.now())));
    t.add(status, outcome);
  }

  get(workspace: string): UsageCounts {
    const t = this.tallies.get(workspace);
    return usageCounts((f) => t?.counts.get(f) ?? 0, t?.since ?? null);
  }

  /** Zeroes the counters; counting restarts now. */
  resetCounters(workspace: string): void {
    this.tallies.set(workspace, new UsageTally(this.now()));
  }

  /** Workspace reset: counters zeroed and the rate-limit window forgotten. */
  reset(workspace: string): void {
    this.resetCounters(workspace);
    this.windows.delete(workspace);
  }

  /** Workspace deleted: nothing kept. */
  forget(workspace: string): void {
    this.tallies.delete(workspace);
    this.windows.delete(workspace);
  }
}
