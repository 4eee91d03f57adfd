/** Reading synthesized Terraform JSON: what every cloud's rules share. */

/** A nested block as cdktf writes it (an object or a list of objects) as a list. */
export function blocksOf(value: unknown): Record<string, any>[] {
  if (Array.isArray(value)) return value.filter((v) => v !== null && typeof v === "object");
  return value !== null && typeof value === "object" ? [value as Record<string, any>] : [];
}

/** A string or list of strings as a list. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** A value for a message: `not set` when missing. */
export function shown(value: unknown): string {
  return value === undefined || value === null ? "not set" : JSON.stringify(value);
}

/** Tiers that must protect stateful resources from deletion (and keep backups). */
export const PROTECTED_TIERS: ReadonlySet<string> = new Set(["staging", "production"]);

/** A Terraform boolean as cdktf may write it: true, or the string "true". */
export const isTrue = (value: unknown): boolean => value === true || value === "true";
/** A Terraform boolean false: false, or the string "false". */
export const isFalse = (value: unknown): boolean => value === false || value === "false";

/** The only ports the internet may reach, and only on a public load balancer (HTTP is redirected to HTTPS). */
export const EDGE_PORTS: readonly number[] = [80, 443];

/** CIDRs that mean "any address" (IPv4 and IPv6). */
export const ANYWHERE: ReadonlySet<string> = new Set(["0.0.0.0/0", "::/0"]);
