/** What the router matches: a stub or an OpenAPI operation. */
import type { ScenarioSpec } from "../stubs/stub-types";
import type { MatchInput } from "./match-input";
import type { PathMatcher } from "./path-matcher";
import type { Check } from "./request-pattern";

export interface RouteBase {
  /** Stub id, or `openapi:<doc>:<operation>`. */
  readonly id: string;
  /** Human label for the 404 "closest" list. */
  readonly label: string;
  /** Upper-case method, or null for ANY. */
  readonly method: string | null;
  /** Null matches every path. */
  readonly path: PathMatcher | null;
  readonly checks: readonly Check[];
  readonly scenario: ScenarioSpec | undefined;
  /** Lower wins. Assigned by the workspace compiler. */
  rank: number;
  /** Reasons a request does not match, and the number of conditions. */
  explain(input: MatchInput): { total: number; failed: string[] };
}
