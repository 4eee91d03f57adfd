/** The "closest stubs" list in a 404: each candidate with why it did not match. */
import type { MatchInput } from "./match-input";
import type { RouteBase } from "./route";
import { SCENARIO_STARTED } from "../stubs/stub-types";

export interface NearMiss {
  id: string;
  label: string;
  /** Conditions that held, out of all. */
  matched: number;
  total: number;
  reasons: string[];
}

export function closestRoutes(
  routes: readonly RouteBase[],
  input: MatchInput,
  states: Record<string, string> | null,
  limit = 3,
  scanLimit = 2000,
): NearMiss[] {
  const misses: Array<NearMiss & { weight: number; rank: number }> = [];
  const params = input.params;
  for (let i = 0; i < routes.length && i < scanLimit; i++) {
    const r = routes[i];
    const { total, failed } = r.explain(input);
    let count = total;
    if (r.scenario?.requiredState !== undefined) {
      count++;
      const state = states?.[r.scenario.name] ?? SCENARIO_STARTED;
      if (state !== r.scenario.requiredState) {
        failed.push(`scenario "${r.scenario.name}" should be in state "${r.scenario.requiredState}"; it is "${state}"`);
      }
    }
    if (failed.length === 0) continue;
    // A path mismatch weighs more than a header or query mismatch.
    const weight = failed.reduce((w, f) => w + (f.startsWith("path ") ? 3 : f.startsWith("method ") ? 2 : 1), 0);
    misses.push({ id: r.id, label: r.label, matched: count - failed.length, total: count, reasons: failed, weight, rank: r.rank });
  }
  input.params = params;
  misses.sort((a, b) => a.weight - b.weight || a.rank - b.rank);
  return misses.slice(0, limit).map(({ id, label, matched, total, reasons }) => ({ id, label, matched, total, reasons }));
}
