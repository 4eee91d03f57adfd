/**
 * A minimal RESP2 client over `net` for live tests against real Redis and Sentinel
 * processes: no dependency, strict timeouts, and connection failures kept apart
 * from error replies (a failover test must tell "refused write" from "node gone").
 */
import * as net from "node:net";

/** An error reply from the server (e.g. READONLY, NOREPLICAS, NOAUTH). */
export class RespError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RespError";
  }
}

export type RespReply = string | number | null | RespError | RespReply[];

export interface RespConnectOptions {
  readonly host: string;
  readonly port: number;
  /** Sent with AUTH right after connecting. */
  readonly password?: string;
  /** @default 1000 */
  readonly connectTimeoutMs?: number;
  /** A reply slower than this closes the connection. @default 5000 */
  readonly commandTimeoutMs?: number;
}

interface Pending {
  readonly resolve: (value: RespReply) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const INCOMPLETE = Symbol("incomplete");
type Parsed = { value: RespReply; next: number } | typeof INCOMPLETE;

function parse(buf: Buffer, start: number): Parsed {
  const lineEnd = buf.indexOf("\r\n", start);
  if (lineEnd < 0) return INCOMPLETE;
  const type = String.fromCharCode(buf[start]);
  const line = buf.toString("utf8", start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case "+":
      return { value: line, next };
    case "-":
      return { value: new RespError(line), next };
    case ":":
      return { value: Number(line), next };
    case "$": {
      const length = Number(line);
      if (length < 0) return { value: null, next };
      if (buf.length < next + length + 2) return INCOMPLETE;
      return { value: buf.toString("utf8", next, next + length), next: next + length + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count < 0) return { value: null, next };
      const items: RespReply[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, at);
        if (item === INCOMPLETE) return INCOMPLETE;
        items.push(item.value);
        at = item.next;
      }
      return { value: items, next: at };
    }
    default:
      throw new Error(`RESP protocol error: unexpected type byte ${JSON.stringify(type)}`);
  }
}

function encode(args: readonly (string | number)[]): Buffer {
  const parts: string[] = [`*${args.length}\r\n`];
  for (const arg of args) {
    const s = String(arg);
    parts.push(`$${Buffer.byteLength(s)}\r\n${s}\r\n`);
  }
  return Buffer.from(parts.join(""));
}

export class RespClient {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private closedWith?: Error;

  private constructor(
    private readonly socket: net.Socket,
    private readonly commandTimeoutMs: number,
    readonly label: string,
  ) {
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("error", (e) => this.fail(e));
    socket.on("close", () => this.fail(new Error(`connection to ${label} closed`)));
  }

  /** Connects (and authenticates); rejects on refusal, timeout or a bad password. */
  static connect(o: RespConnectOptions): Promise<RespClient> {
    const label = `${o.host}:${o.port}`;
    return new Promise<RespClient>((resolve, reject) => {
      const socket = net.connect({ host: o.host, port: o.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${label} timed out after ${o.connectTimeoutMs ?? 1000} ms`));
      }, o.connectTimeoutMs ?? 1000);
      socket.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        const client = new RespClient(socket, o.commandTimeoutMs ?? 5000, label);
        if (o.password === undefined) return resolve(client);
        client.call("AUTH", o.password).then(
          () => resolve(client),
          (e: Error) => {
            client.close();
            reject(e);
          },
        );
      });
    });
  }

  /** Sends one command; resolves with the reply, rejects with RespError on an error reply or Error on connection loss. */
  call(...args: (string | number)[]): Promise<RespReply> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise<RespReply>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`${args[0]} to ${this.label} timed out after ${this.commandTimeoutMs} ms`)), this.commandTimeoutMs);
      this.pending.push({ resolve, reject, timer });
      this.socket.write(encode(args));
    });
  }

  get isClosed(): boolean {
    return this.closedWith !== undefined;
  }

  close(): void {
    this.fail(new Error(`connection to ${this.label} closed by the client`));
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let at = 0;
    try {
      for (;;) {
        if (at >= this.buffer.length) break;
        const parsed = parse(this.buffer, at);
        if (parsed === INCOMPLETE) break;
        at = parsed.next;
        const waiter = this.pending.shift();
        if (!waiter) continue; // pushed data we never asked for: ignore
        clearTimeout(waiter.timer);
        if (parsed.value instanceof RespError) waiter.reject(parsed.value);
        else waiter.resolve(parsed.value);
      }
    } catch (e) {
      this.fail(e as Error);
      return;
    }
    this.buffer = this.buffer.subarray(at);
  }

  private fail(error: Error): void {
    if (!this.closedWith) this.closedWith = error;
    for (const waiter of this.pending.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.socket.destroy();
  }
}

/** `INFO <section>` parsed into field → value. */
export function parseInfo(reply: RespReply): Record<string, string> {
  if (typeof reply !== "string") throw new Error(`INFO returned ${JSON.stringify(reply)}`);
  const fields: Record<string, string> = {};
  for (const line of reply.split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0 && !line.startsWith("#")) fields[line.slice(0, i)] = line.slice(i + 1);
  }
  return fields;
}

/** A flat [field, value, ...] reply (e.g. SENTINEL MASTER) as a record. */
export function pairsToRecord(reply: RespReply): Record<string, string> {
  if (!Array.isArray(reply)) throw new Error(`expected an array reply, got ${JSON.stringify(reply)}`);
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < reply.length; i += 2) record[String(reply[i])] = String(reply[i + 1]);
  return record;
}
