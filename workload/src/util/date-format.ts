/** Date formatting with Java/moment-like tokens (yyyy MM dd HH mm ss SSS) plus epoch/unix/iso. */

const TOKEN_RE = /yyyy|yy|MM|dd|HH|mm|ss|SSS|'[^']*'/g;

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Formats in UTC. Returns undefined for an unknown named format. */
export function formatDate(date: Date, format: string | undefined): string {
  if (format === undefined || format === "iso" || format === "") return date.toISOString();
  if (format === "epoch") return String(date.getTime());
  if (format === "unix") return String(Math.floor(date.getTime() / 1000));
  return format.replace(TOKEN_RE, (tok) => {
    switch (tok) {
      case "yyyy": return pad(date.getUTCFullYear(), 4);
      case "yy": return pad(date.getUTCFullYear() % 100, 2);
      case "MM": return pad(date.getUTCMonth() + 1, 2);
      case "dd": return pad(date.getUTCDate(), 2);
      case "HH": return pad(date.getUTCHours(), 2);
      case "mm": return pad(date.getUTCMinutes(), 2);
      case "ss": return pad(date.getUTCSeconds(), 2);
      case "SSS": return pad(date.getUTCMilliseconds(), 3);
      default: return tok.slice(1, -1);
    }
  });
}

const UNIT_MS: Record<string, number> = {
  ms: 1, millisecond: 1, milliseconds: 1,
  s: 1000, second: 1000, seconds: 1000,
  m: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};

/** Parses offsets like "+3 days", "-1 hours", "30 minutes"; undefined when malformed. */
export function parseOffset(text: string): number | undefined {
  const m = /^\s*([+-]?\d+)\s*([a-z]+)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNIT_MS[m[2].toLowerCase()];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}
