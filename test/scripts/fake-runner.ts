import type { CommandRunner, Progress, RunOptions, RunResult } from "../../scripts/runner";

export interface RecordedCall {
  readonly command: string;
  readonly args: readonly string[];
  readonly options?: RunOptions;
}

/** Records every call; `respond` decides each result (default exit 0). */
export class FakeRunner implements CommandRunner {
  readonly calls: RecordedCall[] = [];
  constructor(private readonly respond: (call: RecordedCall) => RunResult = () => ({ code: 0 })) {}
  async run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult> {
    const call = { command, args, options };
    this.calls.push(call);
    return this.respond(call);
  }
}

export function recordingProgress(): Progress & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, step: (i, n, stack, what) => lines.push(`${i}/${n} ${stack}: ${what}`) };
}
