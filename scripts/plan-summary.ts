/**
 * The markdown summary of one stack's plan (`terraform show -json <planfile>`):
 * counts, and every replacement or destroy of a stateful resource flagged loudly.
 * Pure: JSON in, markdown out, so it is tested on recorded plans.
 */
import { isStatefulType } from "./stateful-resources";

/** The parts of Terraform's JSON plan format (format_version 1.x) this reads. */
export interface PlanJson {
  readonly format_version?: string;
  readonly resource_changes?: readonly ResourceChange[];
  readonly output_changes?: Readonly<Record<string, { readonly actions: readonly string[] }>>;
}
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode?: "managed" | "data";
  readonly change: { readonly actions: readonly string[]; readonly replace_paths?: readonly unknown[] };
  readonly action_reason?: string;
}

export type ChangeKind = "create" | "update" | "replace" | "delete";

export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Replacements (counted in add and destroy as Terraform does, and here separately). */
  readonly replace: number;
}

export interface PlanFacts {
  readonly counts: PlanCounts;
  /** Stateful resources replaced or destroyed: data loss unless this is intended. */
  readonly dangerous: readonly { readonly address: string; readonly type: string; readonly kind: "replace" | "delete" }[];
  /** Every non-stateful replace/delete, for the details list. */
  readonly otherRemovals: readonly { readonly address: string; readonly kind: "replace" | "delete" }[];
}

/** Classifies Terraform's action list; undefined for no-op, read and forget (nothing changes in the cloud). */
export function kindOf(actions: readonly string[]): ChangeKind | undefined {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("delete")) return "delete";
  if (actions.includes("create")) return "create";
  if (actions.includes("update")) return "update";
  return undefined;
}

export function planFacts(plan: PlanJson): PlanFacts {
  let add = 0;
  let change = 0;
  let destroy = 0;
  let replace = 0;
  const dangerous: { address: string; type: string; kind: "replace" | "delete" }[] = [];
  const otherRemovals: { address: string; kind: "replace" | "delete" }[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === "data") continue;
    const kind = kindOf(rc.change.actions);
    if (kind === "create") add++;
    else if (kind === "update") change++;
    else if (kind === "delete") destroy++;
    else if (kind === "replace") {
      add++;
      destroy++;
      replace++;
    }
    if (kind === "replace" || kind === "delete") {
      if (isStatefulType(rc.type)) dangerous.push({ address: rc.address, type: rc.type, kind });
      else otherRemovals.push({ address: rc.address, kind });
    }
  }
  return { counts: { add, change, destroy, replace }, dangerous, otherRemovals };
}

/** Markdown for one stack: a heading, one counts line, then the loud stateful list. */
export function summarizePlan(stack: string, plan: PlanJson): string {
  const { counts, dangerous, otherRemovals } = planFacts(plan);
  const lines = [`### ${stack}`, ""];
  if (counts.add + counts.change + counts.destroy === 0) {
    lines.push("No changes. Infrastructure matches the configuration.");
    return `${lines.join("\n")}\n`;
  }
  const replaced = counts.replace > 0 ? ` (${counts.replace} replaced)` : "";
  lines.push(`**${counts.add} to add, ${counts.change} to change, ${counts.destroy} to destroy**${replaced}`);
  if (dangerous.length > 0) {
    lines.push(
      "",
      `> [!CAUTION]`,
      `> **${dangerous.length} stateful resource(s) will be REPLACED or DESTROYED — data loss unless intended:**`,
      ...dangerous.map((d) => `> - :rotating_light: **${d.kind === "replace" ? "REPLACE" : "DESTROY"}** \`${d.address}\` (${d.type})`),
    );
  }
  if (otherRemovals.length > 0) {
    lines.push("", "Other replacements/destroys:", ...otherRemovals.map((o) => `- ${o.kind} \`${o.address}\``));
  }
  return `${lines.join("\n")}\n`;
}

/** Whether any stack's plan touches stateful resources destructively (plan exits non-zero with --fail-on-stateful). */
export function hasDangerousChanges(plan: PlanJson): boolean {
  return planFacts(plan).dangerous.length > 0;
}
