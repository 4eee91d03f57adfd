/**
 * The one place the delivery scripts start processes, behind an interface so
 * tests substitute a fake that records calls (no cdktf/terraform/cloud CLIs).
 */
import { spawn } from "node:child_process";

export interface RunOptions {
  readonly cwd?: string;
  /** Collect stdout and return it instead of streaming it to the terminal. */
  readonly captureStdout?: boolean;
  readonly env?: Readonly<Record<string, string>>;
  /** Discard the process's stderr (probes such as `docker info` whose failure is an answer, not an error). */
  readonly quiet?: boolean;
  /** Written to the process's stdin (passwords for `--password-stdin`; never on a command line). */
  readonly input?: string;
}

export interface RunResult {
  /** Process exit code (1 when killed by a signal or not started). */
  readonly code: number;
  /** Present when captureStdout was set. */
  readonly stdout?: string;
}

export interface CommandRunner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

/** One process to start: program, arguments, extra environment. */
export interface Command {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export interface CheckedRunOptions {
  /** Print `$ <command>` to stderr first (long steps whose output the user watches). */
  readonly echo?: boolean;
  /** Collect stdout and return it (trimmed) instead of streaming it. */
  readonly capture?: boolean;
  /** Written to stdin (e.g. a password for `--password-stdin`). */
  readonly input?: string;
}

/**
 * Runs `c` and throws `<what> failed (exit N): <command>` unless it exits 0;
 * returns its trimmed stdout when captured ("" otherwise).
 */
export async function runChecked(runner: CommandRunner, c: Command, what: string, options: CheckedRunOptions = {}): Promise<string> {
  if (options.echo) process.stderr.write(`$ ${formatCommand(c.command, c.args)}\n`);
  const r = await runner.run(c.command, c.args, { env: c.env, captureStdout: options.capture, input: options.input });
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${formatCommand(c.command, c.args)}`);
  return (r.stdout ?? "").trim();
}

/** Quotes one argument for display (dry runs, logs) so it can be pasted into a POSIX shell. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function formatCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map(shellQuote).join(" ");
}

/** Runs real processes: stdin/stderr inherited, stdout streamed or captured. */
export const processRunner: CommandRunner = {
  run(command, args, options = {}) {
    return new Promise((resolvePromise) => {
      const child = spawn(command, [...args], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: [options.input === undefined ? "inherit" : "pipe", options.captureStdout ? "pipe" : "inherit", options.quiet ? "ignore" : "inherit"],
      });
      if (options.input !== undefined) {
        child.stdin?.on("error", () => undefined);
        child.stdin?.end(options.input);
      }
      const chunks: Buffer[] = [];
      child.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk));
      child.on("error", (error) => {
        if (!options.quiet) process.stderr.write(`${command}: ${error.message}\n`);
        resolvePromise({ code: 1 });
      });
      child.on("close", (code) => {
        resolvePromise({ code: code ?? 1, stdout: options.captureStdout ? Buffer.concat(chunks).toString("utf8") : undefined });
      });
    });
  },
};

/** Progress lines for long runs: `[2/7 1m 05s] <stack>: <what>`. */
export interface Progress {
  step(index: number, total: number, stack: string, what: string): void;
}

export function consoleProgress(write: (line: string) => void = (l) => process.stderr.write(`${l}\n`), now: () => number = Date.now): Progress {
  const started = now();
  return {
    step(index, total, stack, what) {
      const seconds = Math.round((now() - started) / 1000);
      const elapsed = seconds >= 60 ? `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
      write(`[${index}/${total} ${elapsed}] ${stack}: ${what}`);
    },
  };
}
