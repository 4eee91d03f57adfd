/**
 * Helpers the OCI rules share: reading Terraform JSON blocks, references
 * between OCI resources, deletion guards and service logs. The few generic
 * readers (blocksOf, stringsOf, shown) are repeated from the AWS set on
 * purpose: each cloud's rule set changes on its own.
 */
import type { Rule, StackContext, TfBlock } from "../../engine/types";
import { ANYWHERE, blocksOf, EDGE_PORTS, isFalse, isTrue, PROTECTED_TIERS, shown, stringsOf } from "../shared/json";

export { ANYWHERE, blocksOf, EDGE_PORTS, isFalse, isTrue, PROTECTED_TIERS, shown, stringsOf };

/** An OCI rule (the cloud is implied). */
export function ociRule(rule: Omit<Rule, "cloud">): Rule {
  return { cloud: "oci", ...rule };
}


/** The first nested block at `path` (`["instance_details", "launch_details"]`), or undefined. */
export function blockAt(config: Record<string, any>, path: readonly string[]): Record<string, any> | undefined {
  let current: Record<string, any> | undefined = config;
  for (const key of path) {
    current = blocksOf(current?.[key])[0];
    if (!current) return undefined;
  }
  return current;
}

/** Minimum backup and point-in-time recovery window (days) in staging and production. */
export const MIN_BACKUP_RETENTION_DAYS = 7;

// ---- deletion guards ------------------------------------------------------------------------

/**
 * Is the resource guarded against deletion? OCI services mostly have no
 * deletion-protection flag, so the guard is Terraform's `lifecycle.prevent_destroy`
 * (what the constructs set) or an OCI resource lock of type DELETE or FULL.
 */
export function isDeletionGuarded(block: TfBlock): boolean {
  if (blocksOf(block.config.lifecycle).some((l) => isTrue(l.prevent_destroy))) return true;
  return blocksOf(block.config.locks).some((lock) => lock.type === "DELETE" || lock.type === "FULL");
}

// ---- load balancers -------------------------------------------------------------------------

export const LOAD_BALANCER = "oci_load_balancer_load_balancer";

/** An internet-facing load balancer (`is_private` unset means public). */
export function isPublicLoadBalancer(lb: TfBlock): boolean {
  return !isTrue(lb.config.is_private);
}

// ---- service logs ---------------------------------------------------------------------------

export interface ServiceLogSource {
  readonly log: TfBlock;
  readonly service: string;
  readonly category: string;
  readonly resource: unknown;
}

/** The OCI service log sources of a stack (`oci_logging_log` with configuration.source, enabled). */
export function serviceLogs(ctx: StackContext): ServiceLogSource[] {
  return ctx
    .resources("oci_logging_log")
    .filter((log) => !isFalse(log.config.is_enabled))
    .flatMap((log) =>
      blocksOf(log.config.configuration).flatMap((c) =>
        blocksOf(c.source).map((s) => ({ log, service: String(s.service), category: String(s.category), resource: s.resource })),
      ),
    );
}

/**
 * Enabled service logs of `service` whose source resource is `target`: a
 * reference to it, or (Object Storage names buckets, not OCIDs) its name.
 */
export function logsOf(ctx: StackContext, service: string, target: TfBlock, name?: string): ServiceLogSource[] {
  return serviceLogs(ctx).filter(
    (s) => s.service === service && (ctx.refersTo(s.resource, target) || (name !== undefined && s.resource === name)),
  );
}

// ---- network --------------------------------------------------------------------------------

export const TCP = "6";
