/**
 * Forwards unmatched requests to the workspace's upstream. Upstreams on
 * loopback/private/link-local addresses are refused unless the operator
 * allows them (SSRF guard, checked on the resolved address so DNS tricks do
 * not bypass it). In record mode the response is also turned into a stub.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import type { StoredFile } from "../store/store";
import type { StubDefinition } from "../stubs/stub-types";
import type { MatchInput } from "./match-input";

const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return BLOCKED.check(mapped[1], "ipv4");
    return BLOCKED.check(address, "ipv6");
  }
  return true;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function guardedLookup(hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses) => {
    if (err) return callback(err, options.all ? [] : "", 0);
    const allowed = addresses.filter((a) => !isPrivateAddress(a.address));
    if (allowed.length === 0) {
      const e: NodeJS.ErrnoException = new Error(`upstream host ${hostname} resolves to a private or loopback address`);
      e.code = "EPRIVATE";
      return callback(e, options.all ? [] : "", 0);
    }
    if (options.all) callback(null, allowed);
    else callback(null, allowed[0].address, allowed[0].family);
  });
}

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

export interface ProxyOptions {
  upstream: URL;
  allowPrivate: boolean;
  timeoutMs: number;
  /** Buffer the response (up to this many bytes) for recording; 0 to not record. */
  recordLimitBytes: number;
}

export interface ProxyResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Present when recording and the body fit in the limit. */
  body: Buffer | undefined;
}

export class ProxyError extends Error {
  constructor(message: string, readonly status: 502 | 504) {
    super(message);
    this.name = "ProxyError";
  }
}

/** Sends the request upstream and streams the answer to `res`. Rejects before anything was written. */
export function forward(input: MatchInput, res: http.ServerResponse, requestId: string, opts: ProxyOptions): Promise<ProxyResult> {
  const { upstream } = opts;
  const basePath = upstream.pathname.replace(/\/+$/, "");
  const path = basePath + input.path + (input.rawQuery ? `?${input.rawQuery}` : "");
  const headers: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(input.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
  headers.host = upstream.host;
  headers["x-request-id"] = requestId;
  if (input.body.length > 0) headers["content-length"] = String(input.body.length);
  if (opts.recordLimitBytes > 0) delete headers["accept-encoding"];
  const hostname = upstream.hostname.replace(/^\[|\]$/g, "");
  if (!opts.allowPrivate && isIP(hostname) !== 0 && isPrivateAddress(hostname)) {
    return Promise.reject(new ProxyError(`upstream ${upstream.host} is a private or loopback address (set MOCKFORGE_PROXY_ALLOW_PRIVATE=true to allow)`, 502));
  }
  const client = upstream.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        protocol: upstream.protocol,
        hostname,
        port: upstream.port || undefined,
        method: input.method,
        path,
        headers,
        timeout: opts.timeoutMs,
        lookup: opts.allowPrivate ? undefined : (guardedLookup as unknown as typeof dnsLookup),
      },
      (up) => {
        const status = up.statusCode ?? 502;
        const outHeaders: string[] = [];
        for (let i = 0; i < up.rawHeaders.length; i += 2) {
          const k = up.rawHeaders[i];
          const lower = k.toLowerCase();
          if (lower === "connection" || lower === "keep-alive" || lower === "transfer-encoding" || lower === "x-request-id") continue;
          outHeaders.push(k, up.rawHeaders[i + 1]);
        }
        outHeaders.push("x-request-id", requestId);
        res.writeHead(status, outHeaders);
        const chunks: Buffer[] = [];
        let size = 0;
        let keep = opts.recordLimitBytes > 0;
        up.on("data", (chunk: Buffer) => {
          if (keep) {
            size += chunk.length;
            if (size > opts.recordLimitBytes) {
              keep = false;
              chunks.length = 0;
            } else chunks.push(chunk);
          }
          res.write(chunk);
        });
        up.on("end", () => {
          res.end();
          resolve({ status, headers: up.headers, body: keep ? Buffer.concat(chunks) : undefined });
        });
        up.on("error", () => {
          res.destroy();
          resolve({ status, headers: up.headers, body: undefined });
        });
      },
    );
    req.on("timeout", () => req.destroy(new ProxyError(`upstream ${upstream.host} did not answer within ${opts.timeoutMs} ms`, 504)));
    req.on("error", (err) => {
      if (err instanceof ProxyError) reject(err);
      else reject(new ProxyError(`upstream ${upstream.host} failed: ${(err as NodeJS.ErrnoException).code ?? ""} ${err.message}`.trim(), 502));
    });
    req.end(input.body.length > 0 ? input.body : undefined);
  });
}

const RECORD_SKIP_HEADERS = new Set(["date", "content-length", "transfer-encoding", "connection", "keep-alive", "x-request-id", "set-cookie"]);

/** A stub that replays a recorded exchange (templating off: recorded bytes are served as-is). */
export function recordedStub(
  input: MatchInput,
  result: ProxyResult,
  id: string,
): { stub: StubDefinition; file?: StoredFile } | undefined {
  if (result.body === undefined) return undefined;
  const query: Record<string, { equals: string }> = {};
  for (const [k, values] of input.queryMap()) if (values.length === 1) query[k] = { equals: values[0] };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers)) {
    if (RECORD_SKIP_HEADERS.has(k) || v === undefined) continue;
    headers[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  const contentType = String(result.headers["content-type"] ?? "");
  let file: StoredFile | undefined;
  const response: StubDefinition["response"] = { status: result.status, headers, templated: false };
  const text = result.body.toString("utf8");
  const textual = result.body.length === 0 || /^(text\/|application\/(json|xml|javascript)|[^;]*\+(json|xml))/i.test(contentType);
  if (result.body.length > 0) {
    if (textual && /json/i.test(contentType)) {
      try {
        response.json = JSON.parse(text);
      } catch {
        response.body = text;
      }
    } else if (textual) response.body = text;
    else {
      const name = `recordings/${id}`;
      file = { name, contentType: contentType || "application/octet-stream", data: result.body, createdAt: Date.now() };
      response.bodyFile = name;
    }
  }
  const literal = !/[{}]/.test(input.path);
  const stub: StubDefinition = {
    id,
    name: `recorded ${input.method} ${input.path}`,
    priority: 5,
    request: {
      method: input.method,
      ...(literal ? { path: input.path } : { pathPattern: input.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") }),
      ...(Object.keys(query).length > 0 ? { query } : {}),
    },
    response,
    source: "recording",
    createdAt: Date.now(),
  };
  return { stub, file };
}
