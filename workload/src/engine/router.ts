/**
 * Per-workspace route table, built once per configuration change. Exact
 * paths are a Map lookup; templated/regex/any-path routes are a short list.
 * Both are kept in rank order and merged during lookup, so priority holds
 * across kinds without scanning every route.
 */
import type { MatchInput } from "./match-input";
import { bindParams } from "./request-pattern";
import type { RouteBase } from "./route";
import { SCENARIO_STARTED } from "../stubs/stub-types";

interface Table {
  exact: Map<string, RouteBase[]>;
  dynamic: RouteBase[];
}

const NONE: RouteBase[] = [];
const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;

export class Router<R extends RouteBase = RouteBase> {
  private readonly tables = new Map<string, Table>();
  private readonly anyMethod: Table;
  private readonly values: string[] = [];
  readonly routes: readonly R[];
  /** True when some route depends on scenario state. */
  readonly needsScenarioState: boolean;

  /** `routes` must already carry their rank. */
  constructor(routes: R[]) {
    this.routes = [...routes].sort((a, b) => a.rank - b.rank);
    this.needsScenarioState = this.routes.some((r) => r.scenario?.requiredState !== undefined);
    const methods = new Set<string>();
    for (const r of this.routes) if (r.method !== null) methods.add(r.method);
    this.anyMethod = this.build((r) => r.method === null);
    for (const m of methods) this.tables.set(m, this.build((r) => r.method === null || r.method === m));
  }

  private build(include: (r: R) => boolean): Table {
    const t: Table = { exact: new Map(), dynamic: [] };
    for (const r of this.routes) {
      if (!include(r)) continue;
      const exact = r.path?.exact;
      if (exact !== undefined) {
        const list = t.exact.get(exact);
        if (list) list.push(r);
        else t.exact.set(exact, [r]);
      } else t.dynamic.push(r);
    }
    return t;
  }

  /** First route (by rank) matching the request; sets input.params. */
  find(input: MatchInput, states: Record<string, string> | null): R | undefined {
    const t = this.tables.get(input.method) ?? this.anyMethod;
    const exact = t.exact.get(input.path) ?? NONE;
    const dynamic = t.dynamic;
    let i = 0;
    let j = 0;
    while (i < exact.length || j < dynamic.length) {
      let r: RouteBase;
      let isExact: boolean;
      if (j >= dynamic.length || (i < exact.length && exact[i].rank < dynamic[j].rank)) {
        r = exact[i++];
        isExact = true;
      } else {
        r = dynamic[j++];
        isExact = false;
      }
      if (!isExact && r.path !== null && !r.path.match(input.path, this.values)) continue;
      if (!this.checksPass(r, input, states)) continue;
      input.params = isExact || r.path === null ? NO_PARAMS : bindParams(r.path, this.values);
      return r as R;
    }
    return undefined;
  }

  private checksPass(r: RouteBase, input: MatchInput, states: Record<string, string> | null): boolean {
    const checks = r.checks;
    for (let k = 0; k < checks.length; k++) if (!checks[k].test(input)) return false;
    const required = r.scenario?.requiredState;
    if (required !== undefined) {
      const state = states?.[r.scenario!.name] ?? SCENARIO_STARTED;
      if (state !== required) return false;
    }
    return true;
  }
}
