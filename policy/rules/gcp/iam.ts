/**
 * Least privilege in IAM: no basic (primitive) roles, nothing granted to the
 * public, and no project-wide power to impersonate service accounts or
 * administer services through a service account.
 *
 * Grants are read from every google_*_iam_member, _iam_binding and
 * _iam_policy resource (the last through its policy_data JSON or the
 * data.google_iam_policy it references).
 */
import type { StackContext, TfBlock } from "../../engine/types";
import { blocksOf, gcpRule, stringsOf } from "./helpers";

interface Grant {
  readonly role: string;
  readonly members: readonly string[];
}

type GrantRead = { grants: Grant[] } | { problem: string };

function iamKind(type: string): "member" | "binding" | "policy" | undefined {
  if (type.endsWith("_iam_member")) return "member";
  if (type.endsWith("_iam_binding")) return "binding";
  if (type.endsWith("_iam_policy")) return "policy";
  return undefined;
}

function grantsOfPolicyData(value: unknown, ctx: StackContext): GrantRead {
  if (typeof value !== "string" || value === "") return { grants: [] };
  try {
    const parsed = JSON.parse(value) as { bindings?: Array<{ role?: string; members?: string[] }> };
    return { grants: (parsed.bindings ?? []).map((b) => ({ role: String(b.role), members: stringsOf(b.members) })) };
  } catch {
    const document = ctx.resolve(value, "google_iam_policy");
    if (document?.kind === "data") return { grants: blocksOf(document.config.binding).map((b) => ({ role: String(b.role), members: stringsOf(b.members) })) };
    return { problem: "policy_data cannot be read at synth time (neither JSON nor a data.google_iam_policy of this stack); write it so the pack can check it" };
  }
}

/** The role grants of an IAM resource, or undefined when the block is not an IAM grant. */
export function grantsOf(block: TfBlock, ctx: StackContext): GrantRead | undefined {
  switch (iamKind(block.type)) {
    case "member":
      return { grants: [{ role: String(block.config.role), members: stringsOf(block.config.member) }] };
    case "binding":
      return { grants: [{ role: String(block.config.role), members: stringsOf(block.config.members) }] };
    case "policy":
      return grantsOfPolicyData(block.config.policy_data, ctx);
    default:
      return undefined;
  }
}

function grantProblems(block: TfBlock, ctx: StackContext, check: (grant: Grant) => string[]): string[] {
  const read = grantsOf(block, ctx);
  if (read === undefined) return [];
  if ("problem" in read) return [read.problem];
  return read.grants.flatMap(check);
}

/** Google's basic roles: project-wide power over every service. */
export const BASIC_ROLES = ["roles/owner", "roles/editor", "roles/viewer"];

export const noBasicRoles = gcpRule({
  id: "MF-GCP-IAM-1",
  severity: "error",
  title: "No IAM grant uses a basic (primitive) role: roles/owner, roles/editor or roles/viewer",
  fix: "Grant the predefined or custom role that covers the job (e.g. roles/storage.objectUser on one bucket) instead of a basic role.",
  mirrors: ["CKV_GCP_115", "CKV_GCP_116", "CKV_GCP_117", "AVD-GCP-0007"],
  appliesTo: ["google_*"],
  check: (block, ctx) => grantProblems(block, ctx, (g) => (BASIC_ROLES.includes(g.role) ? [`grants the basic role ${g.role} to ${g.members.join(", ") || "nobody yet"}`] : [])),
});

/** Members that mean "anyone on the internet" (or any Google account). */
const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

export const noPublicMembers = gcpRule({
  id: "MF-GCP-IAM-2",
  severity: "error",
  title: "Nothing is granted to allUsers or allAuthenticatedUsers: no bucket, service, key, secret or repository is public through IAM",
  fix: "Grant named service accounts or groups; serve public content through the load balancer and Cloud CDN (whose fill agent reads the private bucket).",
  mirrors: ["CKV_GCP_28", "CKV_GCP_101", "CKV_GCP_102", "CKV_GCP_112", "CKV_GCP_113", "CKV2_GCP_6", "AVD-GCP-0001"],
  appliesTo: ["google_*"],
  check: (block, ctx) =>
    grantProblems(block, ctx, (g) => g.members.filter((m) => PUBLIC_MEMBERS.includes(m)).map((m) => `grants ${g.role} to ${m}: anyone${m === "allAuthenticatedUsers" ? " with a Google account" : ""} gets it`)),
});

/** Roles that let a member act as (or mint credentials for) any service account in scope. */
export const IMPERSONATION_ROLES = [
  "roles/iam.serviceAccountUser",
  "roles/iam.serviceAccountTokenCreator",
  "roles/iam.serviceAccountKeyAdmin",
  "roles/iam.serviceAccountAdmin",
  "roles/iam.workloadIdentityUser",
];
const BROAD_SCOPES = ["google_project_iam_", "google_folder_iam_", "google_organization_iam_"];

export const noBroadServiceAccountPower = gcpRule({
  id: "MF-GCP-IAM-3",
  severity: "error",
  title: "No project-, folder- or organization-wide grant of service-account impersonation roles, nor of admin roles to a service account",
  fix: "Grant roles/iam.serviceAccountUser (or TokenCreator) on the one service account that needs it (google_service_account_iam_member), and give workload service accounts resource-level roles, not *Admin at the project.",
  mirrors: ["CKV_GCP_41", "CKV_GCP_42", "CKV_GCP_44", "CKV_GCP_45", "CKV_GCP_49", "AVD-GCP-0005", "AVD-GCP-0007", "AVD-GCP-0009", "AVD-GCP-0011"],
  appliesTo: ["google_project_iam_member", "google_project_iam_binding", "google_project_iam_policy", "google_folder_iam_member", "google_folder_iam_binding", "google_folder_iam_policy", "google_organization_iam_member", "google_organization_iam_binding", "google_organization_iam_policy"],
  check: (block, ctx) => {
    const scope = BROAD_SCOPES.find((p) => block.type.startsWith(p))!.split("_")[1];
    return grantProblems(block, ctx, (g) => {
      const problems: string[] = [];
      if (IMPERSONATION_ROLES.includes(g.role)) problems.push(`grants ${g.role} at the ${scope} to ${g.members.join(", ")}: they may act as every service account there`);
      const admins = g.members.filter((m) => m.startsWith("serviceAccount:"));
      if (/admin$/i.test(g.role) && admins.length > 0) problems.push(`grants the admin role ${g.role} at the ${scope} to service account(s) ${admins.join(", ")}`);
      return problems;
    });
  },
});

export const iamRules = [noBasicRoles, noPublicMembers, noBroadServiceAccountPower];
