/**
 * The stub format (YAML or JSON, and the admin API's payloads). Parsed and
 * validated by parse-stub.ts; compiled for matching by engine/compile-stub.ts.
 */

/** A condition on a string (query value, header value, raw body). Short form: a plain string means `equals`. */
export interface StringMatcher {
  equals?: string;
  contains?: string;
  regex?: string;
  /** true: must be present (any value); false: must be absent. */
  present?: boolean;
  caseInsensitive?: boolean;
}

/** A condition on a JSON body field; `equals` compares JSON values deeply, `contains` works on strings and arrays. */
export interface ValueMatcher {
  equals?: unknown;
  contains?: unknown;
  regex?: string;
  present?: boolean;
}

export interface RequestPattern {
  /** HTTP method, or ANY (the default). */
  method?: string;
  /** Path template: literal segments and `{name}` parameters, e.g. `/users/{id}`. */
  path?: string;
  /** Regular expression over the whole path; named groups become path parameters. */
  pathPattern?: string;
  query?: Record<string, StringMatcher>;
  /** Header names are case-insensitive. */
  headers?: Record<string, StringMatcher>;
  /** JSON body fields by dot path (`user.name`, `items.0.id`); the key `$` is the raw body text. */
  body?: Record<string, ValueMatcher>;
}

export interface DelaySpec {
  /** Fixed delay. */
  fixedMs?: number;
  /** Random delay, uniform between minMs and maxMs. */
  minMs?: number;
  maxMs?: number;
}

export type FaultSpec =
  | { type: "error"; status: number; probability: number }
  | { type: "reset"; probability: number }
  | { type: "slow"; probability: number; chunks: number; chunkDelayMs: number };

export interface StubResponse {
  status: number;
  headers?: Record<string, string>;
  /** Text body (templated when it contains `{{`). */
  body?: string;
  /** JSON body; string leaves are templated when they contain `{{`. */
  json?: unknown;
  /** Name of a file stored in the workspace (admin API `/files`). */
  bodyFile?: string;
  /** Force templating on/off; default: on when the body, a header or the file mentions `{{`. */
  templated?: boolean;
  delay?: DelaySpec;
  fault?: FaultSpec;
}

export interface ScenarioSpec {
  name: string;
  /** The stub matches only in this state (scenarios start in "Started"). */
  requiredState?: string;
  /** State to move to when this stub serves a request. */
  newState?: string;
}

export interface StubDefinition {
  id: string;
  name?: string;
  /** 1 is the highest priority; default 5. Ties: the most recently added stub wins. */
  priority: number;
  request: RequestPattern;
  response: StubResponse;
  scenario?: ScenarioSpec;
  /** Where it came from: admin, import, bootstrap or recording. */
  source?: string;
  /** Milliseconds since epoch; orders ties. */
  createdAt: number;
}

export const SCENARIO_STARTED = "Started";
export const DEFAULT_PRIORITY = 5;
