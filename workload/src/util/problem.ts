/** RFC 9457 problem details: every error this server sends is one of these. */
import type { ServerResponse } from "node:http";

export interface ProblemDetails {
  /** A URN naming the kind of problem (stable, documented in the README). */
  type: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

export interface FieldError {
  /** Where: `body`, `query`, `path`, `header`, or an admin payload location. */
  in?: string;
  /** The failing field, e.g. `name`, `items[2].price`, `request.path`. */
  field: string;
  message: string;
}

export function problem(status: number, slug: string, title: string, detail?: string, extra?: Record<string, unknown>): ProblemDetails {
  const p: ProblemDetails = { type: `urn:mockforge:problem:${slug}`, title, status };
  if (detail !== undefined) p.detail = detail;
  if (extra) Object.assign(p, extra);
  return p;
}

/** An error that becomes a problem+json response. */
export class HttpProblem extends Error {
  readonly problem: ProblemDetails;
  /** Extra response headers (e.g. WWW-Authenticate). */
  headers: Record<string, string> | undefined;
  constructor(status: number, slug: string, title: string, detail?: string, extra?: Record<string, unknown>) {
    super(detail ?? title);
    this.name = "HttpProblem";
    this.problem = problem(status, slug, title, detail, extra);
  }
  withHeaders(headers: Record<string, string>): this {
    this.headers = headers;
    return this;
  }
}

export function sendProblem(res: ServerResponse, p: ProblemDetails, headers?: Record<string, string>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = Buffer.from(JSON.stringify(p));
  res.statusCode = p.status;
  res.setHeader("content-type", "application/problem+json");
  res.setHeader("content-length", body.length);
  if (headers) for (const k of Object.keys(headers)) res.setHeader(k, headers[k]);
  res.end(body);
}
