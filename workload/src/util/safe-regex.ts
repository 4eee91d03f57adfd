/**
 * A cheap guard against catastrophic backtracking in tenant-supplied regular
 * expressions (all tenants share one event loop): refuses patterns longer than
 * 512 characters and quantified groups that contain a quantifier, such as
 * `(a+)+` or `(\w*\s?)*` (star height above one). Not a proof, a filter for
 * the classic shapes.
 */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;

export const MAX_REGEX_LENGTH = 512;

/** Why the pattern is refused, or undefined when it is acceptable. */
export function unsafeRegexReason(source: string): string | undefined {
  if (source.length > MAX_REGEX_LENGTH) return `is longer than ${MAX_REGEX_LENGTH} characters`;
  if (NESTED_QUANTIFIER.test(source)) return "nests a quantifier inside a quantified group (e.g. (a+)+), which can backtrack catastrophically";
  return undefined;
}
