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
