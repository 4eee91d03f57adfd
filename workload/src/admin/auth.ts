/**
 * Admin authentication: `Authorization: Bearer <key>`. The operator key comes
 * from the environment; workspace keys are random, shown once, and stored
 * only as HMAC-SHA256(admin secret, key).
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { ApiKeyRecord, MockStore } from "../store/store";
import { HttpProblem } from "../util/problem";

export type Principal = { kind: "operator" } | { kind: "workspace"; workspace: string; keyId: string };

export function hashApiKey(secret: string, key: string): string {
  return createHmac("sha256", secret).update(key).digest("hex");
}

export function newApiKey(): string {
  return "mfk_" + randomBytes(24).toString("base64url");
}

export function newKeyRecord(secret: string, workspace: string, key: string, label?: string): ApiKeyRecord {
  return { id: "key_" + randomUUID().slice(0, 8), workspace, hash: hashApiKey(secret, key), label, createdAt: Date.now() };
}

const BEARER_CHALLENGE = { "www-authenticate": 'Bearer realm="mockforge-admin"' };

export class Authenticator {
  private readonly operatorDigest: Buffer | undefined;

  constructor(
    private readonly store: MockStore,
    private readonly secret: string,
    operatorKey: string | undefined,
  ) {
    this.operatorDigest = operatorKey ? createHash("sha256").update(operatorKey).digest() : undefined;
  }

  /** Resolves the caller or throws a 401 problem. */
  async authenticate(req: IncomingMessage): Promise<Principal> {
    const header = req.headers.authorization;
    if (header === undefined || header === "") {
      throw new HttpProblem(401, "unauthenticated", "Unauthorized", "send Authorization: Bearer <API key>").withHeaders(BEARER_CHALLENGE);
    }
    const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
    if (!m) throw new HttpProblem(401, "unauthenticated", "Unauthorized", 'the Authorization header must be "Bearer <API key>"').withHeaders(BEARER_CHALLENGE);
    const key = m[1];
    if (this.operatorDigest) {
      const digest = createHash("sha256").update(key).digest();
      if (timingSafeEqual(digest, this.operatorDigest)) return { kind: "operator" };
    }
    const record = await this.store.findApiKeyByHash(hashApiKey(this.secret, key));
    if (!record) throw new HttpProblem(401, "unauthenticated", "Unauthorized", "the API key is not valid (unknown or revoked)").withHeaders(BEARER_CHALLENGE);
    return { kind: "workspace", workspace: record.workspace, keyId: record.id };
  }
}

export function requireOperator(p: Principal): void {
  if (p.kind !== "operator") throw new HttpProblem(403, "forbidden", "Forbidden", "this endpoint needs the operator key; workspace keys manage only their own workspace");
}

export function requireWorkspace(p: Principal, workspace: string): void {
  if (p.kind === "operator") return;
  if (p.workspace !== workspace) throw new HttpProblem(403, "forbidden", "Forbidden", `this API key belongs to workspace ${p.workspace}, not ${workspace}`);
}
