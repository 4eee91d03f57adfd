/**
 * Finding secrets in values, shared by every cloud's rule set: a value carries
 * a secret when it references a secret attribute (each cloud passes its own
 * test, the shared list plus its extras) or holds a literal that looks like
 * one. Plus the checks every cloud runs the same way: plain environment
 * variables and outputs that are not marked sensitive.
 */
import type { StackContext, TfBlock, TfReference } from "../../engine/types";
import { isSensitiveReference, looksSecretName, secretValueProblem } from "./secret-names";

/** Tells whether a reference reads a secret value. */
export type SecretReferenceTest = (ref: TfReference) => boolean;

/** Every string inside a value, deeply. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  return (Array.isArray(value) ? value : Object.values(value)).flatMap(stringsIn);
}

/** Why a value (literal or expression, possibly nested) carries a secret, or undefined. */
export function secretValueOf(value: unknown, ctx: StackContext, isSecretReference: SecretReferenceTest = isSensitiveReference): string | undefined {
  const ref = ctx.referencesIn(value).find(isSecretReference);
  if (ref) return `takes its value from ${ref.address}.${ref.attribute}`;
  return stringsIn(value).map(secretValueProblem).find((why) => why !== undefined);
}

/** Problems of one plain environment variable of `owner` (e.g. `container api`): a secret-looking name, a secret value. */
export function plainVariableProblems(
  owner: string,
  name: string,
  value: unknown,
  ctx: StackContext,
  isSecretReference: SecretReferenceTest = isSensitiveReference,
): string[] {
  const problems: string[] = [];
  if (looksSecretName(name)) problems.push(`${owner}: plain environment variable ${name} looks like a secret`);
  const why = secretValueOf(value, ctx, isSecretReference);
  if (why) problems.push(`${owner}: plain environment variable ${name} ${why}`);
  return problems;
}

/** Problems of an output that is not marked sensitive but holds a secret, by name or by value. */
export function unsensitiveOutputProblems(output: TfBlock, ctx: StackContext, isSecretReference: SecretReferenceTest = isSensitiveReference): string[] {
  if (output.config.sensitive === true) return [];
  const problems: string[] = [];
  if (looksSecretName(output.name)) problems.push(`output ${output.name} is named like a secret but is not sensitive`);
  const why = secretValueOf(output.config.value, ctx, isSecretReference);
  if (why) problems.push(`output ${output.name} ${why} but is not sensitive`);
  return problems;
}
