/**
 * Least privilege in IAM policy statements
 * (`Allow <subject> to <verb> <resource-type> in <location> [where <conditions>]`).
 */
import type { TfBlock } from "../../engine/types";
import { ociRule, shown } from "./helpers";

export interface PolicyStatement {
  readonly text: string;
  readonly subject: string;
  readonly verb: string;
  readonly resource: string;
  readonly location: string;
  readonly condition?: string;
}

const STATEMENT = /^\s*(?:allow|endorse)\s+(.+?)\s+to\s+(\S+)\s+(.+?)\s+in\s+(tenancy|compartment\s+id\s+\S+|compartment\s+\S+)(?:\s+where\s+([\s\S]+))?\s*$/i;

/** The Allow/Endorse statements of an oci_identity_policy; other statements (Define, Admit) grant nothing by themselves. */
export function statementsOf(policy: TfBlock): { statements: PolicyStatement[] } | { problem: string } {
  const raw = policy.config.statements;
  if (!Array.isArray(raw)) return { problem: `statements is ${shown(raw)}, not a list of statements the pack can read at synth time` };
  const statements: PolicyStatement[] = [];
  for (const text of raw) {
    if (typeof text !== "string") return { problem: `a statement is ${shown(text)}, not text` };
    const m = STATEMENT.exec(text);
    if (m) statements.push({ text, subject: m[1], verb: m[2].toLowerCase(), resource: m[3].toLowerCase(), location: m[4], condition: m[5] });
    else if (/^\s*(allow|endorse)\b/i.test(text)) return { problem: `cannot parse the statement "${text}"` };
  }
  return { statements };
}

export const noAllResourcesGrants = ociRule({
  id: "MF-OCI-IAM-1",
  severity: "error",
  title: "No policy statement lets anyone manage or use all-resources (in the tenancy or a compartment): grants name resource families",
  fix: "Grant the verb on the resource types the principal needs (e.g. read secret-bundles, read repos), in the environment's compartment, with a where clause where possible.",
  mirrors: [],
  appliesTo: ["oci_identity_policy"],
  check: (policy) => {
    const read = statementsOf(policy);
    if ("problem" in read) return [read.problem];
    return read.statements
      .filter((s) => (s.verb === "manage" || s.verb === "use") && s.resource === "all-resources")
      .map((s) => `"${s.text}" grants ${s.verb} on all-resources in ${s.location}${/^tenancy$/i.test(s.location) ? " (the whole tenancy: administrator rights)" : ""}`);
  },
});

export const anyPrincipalNeedsCondition = ociRule({
  id: "MF-OCI-IAM-2",
  severity: "error",
  title: "Statements for any-user or any-group carry a where clause that narrows who and what",
  fix: "Add a where clause (e.g. request.principal.type = 'postgresqldbsystem', target.secret.name = /mockforge-<env>-*/) or grant a named group or dynamic group instead.",
  mirrors: [],
  appliesTo: ["oci_identity_policy"],
  check: (policy) => {
    const read = statementsOf(policy);
    if ("problem" in read) return [read.problem];
    return read.statements
      .filter((s) => /^any-(user|group)$/i.test(s.subject.trim()) && !s.condition)
      .map((s) => `"${s.text}" grants ${s.subject} ${s.verb} ${s.resource} with no where clause: every principal of the tenancy gets it`);
  },
});

export const iamRules = [noAllResourcesGrants, anyPrincipalNeedsCondition];
