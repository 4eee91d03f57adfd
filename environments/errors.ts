/**
 * Errors for people: every problem found in the environment files, each with
 * the file, the path inside it, the bad value and what would be allowed.
 */

/** One problem in one environment file. */
export interface ConfigIssue {
  /** The file, relative to the working directory when it lies inside it (e.g. `environments/dev.yaml`). */
  readonly file: string;
  /** Where in the file, as a property path (e.g. `aws.regions[1].cidr`); `(root)` for the whole document. */
  readonly path: string;
  /** The offending value as parsed; `undefined` when the value is missing. */
  readonly value: unknown;
  /** What is wrong and what is allowed. */
  readonly message: string;
  /** 1-based line of the offending key or value, when the file could be located. */
  readonly line?: number;
  /** 1-based column of the offending key or value, when the file could be located. */
  readonly column?: number;
}

/**
 * Thrown by the environment loader with ALL issues found (in every file it
 * read), so one run shows everything to fix. The message is meant to be
 * printed as-is, without a stack trace.
 */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = "ConfigError";
    this.issues = [...issues];
  }
}

/** `<file>: <path>: <message> (got <value>)`, plus ` [line L, column C]` when known. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line !== undefined ? ` [line ${issue.line}, column ${issue.column ?? 1}]` : "";
  return `${issue.file}: ${issue.path}: ${issue.message} (got ${formatValue(issue.value)})${where}`;
}

function formatIssues(issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? "1 issue" : `${issues.length} issues`;
  return [`Invalid environment configuration (${count}):`, ...issues.map(formatIssue)].join("\n");
}

const MAX_VALUE_CHARS = 80;

/** Renders a value for a message: JSON for data, `nothing` when missing, shortened when long. */
export function formatValue(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}
