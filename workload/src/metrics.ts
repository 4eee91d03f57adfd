/**
 * Prometheus metrics, hand-rolled to keep the request path allocation-free:
 * per-workspace counters live in objects the compiled workspace holds, so
 * recording a request is a Map lookup by status and two increments.
 */

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class WorkspaceCounters {
  /** status → [matched, unmatched] */
  readonly byStatus = new Map<number, [number, number]>();
  /** Requests refused with 429 by the workspace's rate limit. */
  rateLimited = 0;
  constructor(readonly workspace: string) {}
  record(status: number, matched: boolean): void {
    let c = this.byStatus.get(status);
    if (c === undefined) {
      c = [0, 0];
      this.byStatus.set(status, c);
    }
    c[matched ? 0 : 1]++;
  }
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

export class Metrics {
  private readonly workspaces = new Map<string, WorkspaceCounters>();
  private readonly bucketCounts = new Array<number>(BUCKETS.length + 1).fill(0);
  private durationSum = 0;
  private durationCount = 0;
  private readonly storeErrors = new Map<string, number>();
  private readonly adminRequests = new Map<number, number>();
  /** Rate-limit checks that failed or timed out (the request was served anyway). */
  private rateLimitErrorCount = 0;
  private readonly gauges = new Map<string, { help: string; read: () => number }>();

  /** Counters for a workspace (kept across recompiles). Unknown names share "_unknown". */
  counters(workspace: string): WorkspaceCounters {
    let c = this.workspaces.get(workspace);
    if (c === undefined) {
      c = new WorkspaceCounters(workspace);
      this.workspaces.set(workspace, c);
    }
    return c;
  }

  forget(workspace: string): void {
    this.workspaces.delete(workspace);
  }

  observeDuration(seconds: number): void {
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
    this.bucketCounts[i]++;
    this.durationSum += seconds;
    this.durationCount++;
  }

  storeError(operation: string): void {
    this.storeErrors.set(operation, (this.storeErrors.get(operation) ?? 0) + 1);
  }

  rateLimitError(): void {
    this.rateLimitErrorCount++;
  }

  adminRequest(status: number): void {
    this.adminRequests.set(status, (this.adminRequests.get(status) ?? 0) + 1);
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  render(): string {
    const lines: string[] = [];
    lines.push("# HELP mockforge_http_requests_total Mock requests by workspace, status and whether a stub/operation matched.");
    lines.push("# TYPE mockforge_http_requests_total counter");
    for (const c of this.workspaces.values()) {
      const ws = escapeLabel(c.workspace);
      for (const [status, [m, u]] of c.byStatus) {
        if (m > 0) lines.push(`mockforge_http_requests_total{workspace="${ws}",status="${status}",matched="true"} ${m}`);
        if (u > 0) lines.push(`mockforge_http_requests_total{workspace="${ws}",status="${status}",matched="false"} ${u}`);
      }
    }
    lines.push("# HELP mockforge_rate_limited_total Mock requests refused with 429 by the workspace's rate limit.");
    lines.push("# TYPE mockforge_rate_limited_total counter");
    for (const c of this.workspaces.values()) {
      if (c.rateLimited > 0) lines.push(`mockforge_rate_limited_total{workspace="${escapeLabel(c.workspace)}"} ${c.rateLimited}`);
    }
    lines.push("# HELP mockforge_rate_limit_errors_total Rate-limit checks that failed or timed out; those requests were served (fail open).");
    lines.push("# TYPE mockforge_rate_limit_errors_total counter");
    lines.push(`mockforge_rate_limit_errors_total ${this.rateLimitErrorCount}`);
    lines.push("# HELP mockforge_http_request_duration_seconds Time from request arrival to response end.");
    lines.push("# TYPE mockforge_http_request_duration_seconds histogram");
    let cumulative = 0;
    for (let i = 0; i < BUCKETS.length; i++) {
      cumulative += this.bucketCounts[i];
      lines.push(`mockforge_http_request_duration_seconds_bucket{le="${BUCKETS[i]}"} ${cumulative}`);
    }
    cumulative += this.bucketCounts[BUCKETS.length];
    lines.push(`mockforge_http_request_duration_seconds_bucket{le="+Inf"} ${cumulative}`);
    lines.push(`mockforge_http_request_duration_seconds_sum ${this.durationSum}`);
    lines.push(`mockforge_http_request_duration_seconds_count ${this.durationCount}`);
    lines.push("# HELP mockforge_store_errors_total Failed store operations.");
    lines.push("# TYPE mockforge_store_errors_total counter");
    for (const [op, n] of this.storeErrors) lines.push(`mockforge_store_errors_total{operation="${escapeLabel(op)}"} ${n}`);
    lines.push("# HELP mockforge_admin_requests_total Admin API requests by status.");
    lines.push("# TYPE mockforge_admin_requests_total counter");
    for (const [status, n] of this.adminRequests) lines.push(`mockforge_admin_requests_total{status="${status}"} ${n}`);
    for (const [name, g] of this.gauges) {
      lines.push(`# HELP ${name} ${g.help}`);
      lines.push(`# TYPE ${name} gauge`);
      lines.push(`${name} ${g.read()}`);
    }
    return lines.join("\n") + "\n";
  }
}
