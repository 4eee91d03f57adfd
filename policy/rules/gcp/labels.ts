/** Required labels on every GCP resource that takes them (the labelling aspects' job, checked on the output). */
import { REQUIRED_TAG_KEYS } from "../../../constructs/core/naming";
import { bindingTakes } from "../shared/binding-attributes";
import type { StackContext, TfBlock } from "../../engine/types";
import { blockOf, blocksOf, gcpRule } from "./helpers";

/**
 * Where a type keeps its resource labels, when not in `labels`: Cloud SQL in
 * `settings.user_labels`, Cloud Monitoring in `user_labels` (a notification
 * channel's `labels` are its settings, such as the e-mail address).
 */
const LABEL_PATHS: Readonly<Record<string, readonly string[]>> = {
  google_sql_database_instance: ["settings", "user_labels"],
  google_monitoring_alert_policy: ["user_labels"],
  google_monitoring_notification_channel: ["user_labels"],
  google_monitoring_slo: ["user_labels"],
  google_monitoring_uptime_check_config: ["user_labels"],
  google_monitoring_custom_service: ["user_labels"],
  google_monitoring_service: ["user_labels"],
};

/**
 * Does the resource type take `labels`? Read from the provider binding (see
 * bindingTakes); only asked for types whose resources carry no `labels` key.
 */
export function typeTakesLabels(type: string): boolean {
  return bindingTakes("@cdktf/provider-google", "google_", type, "labels");
}

/** Labels the resource's Google provider adds to every `labels` field (default_labels). */
function providerDefaultLabels(block: TfBlock, ctx: StackContext): Record<string, unknown> {
  const name = typeof block.config.provider === "string" ? block.config.provider : "google";
  const [type, alias] = name.split(".");
  const providers = blocksOf(ctx.json.provider?.[type === "google-beta" ? "google-beta" : "google"]);
  const provider = providers.find((p) => (alias === undefined ? p.alias === undefined : p.alias === alias));
  return { ...(provider?.default_labels ?? {}) };
}

/** The labels of a block as written, where its type keeps them; undefined when the type takes none. */
function labelsOf(block: TfBlock): { path: string; labels: unknown } | undefined {
  const path = LABEL_PATHS[block.type];
  if (path) {
    const parent = path.slice(0, -1).reduce<Record<string, any>>((node, key) => blockOf(node[key]), block.config);
    return { path: path.join("."), labels: parent[path[path.length - 1]] };
  }
  if (block.config.labels === undefined && !typeTakesLabels(block.type)) return undefined;
  return { path: "labels", labels: block.config.labels };
}

export const requiredLabels = gcpRule({
  id: "MF-GCP-LABEL-1",
  severity: "error",
  title: `Every GCP resource that takes labels carries ${REQUIRED_TAG_KEYS.join(", ")} (Cloud SQL in settings.user_labels, Cloud Monitoring in user_labels)`,
  fix: "Apply applyGcpLabels(stack, standardTags(...)) at the stack (the labelling aspects fill what a resource's own labels lack); never set labels to a token that hides them.",
  mirrors: [],
  appliesTo: ["google_*"],
  check: (block, ctx) => {
    const found = labelsOf(block);
    if (!found) return [];
    if (typeof found.labels === "string") return [`${found.path} is an expression (${found.labels}), so the required keys cannot be verified`];
    const labels = { ...(found.path === "labels" ? providerDefaultLabels(block, ctx) : {}), ...((found.labels as Record<string, unknown> | undefined) ?? {}) };
    const missing = REQUIRED_TAG_KEYS.filter((key) => typeof labels[key] !== "string" || labels[key] === "");
    return missing.length > 0 ? [`lacks label(s) ${missing.join(", ")}${found.path === "labels" ? "" : ` in ${found.path}`}`] : [];
  },
});

export const labelRules = [requiredLabels];
