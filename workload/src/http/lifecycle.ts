/** Process-wide readiness flags shared by the listeners. */
export interface Lifecycle {
  /** Bootstrap finished (gates /health/startup). */
  started: boolean;
  /** SIGTERM received: refuse readiness, close connections after each response. */
  draining: boolean;
  /** Requests being served on the mock port. */
  inflight: number;
}

export function newLifecycle(): Lifecycle {
  return { started: false, draining: false, inflight: 0 };
}
