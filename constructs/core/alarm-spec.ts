import type { AlarmSpec } from "./specs";

/** What the alarm constructs accept as an e-mail address: something@domain.tld, no spaces. */
export const EMAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The AlarmSpec fields validateAlarmSpec can check. */
export type AlarmSpecField = keyof AlarmSpec;

const ALL_FIELDS: readonly AlarmSpecField[] = [
  "http5xxPercent",
  "cpuPercent",
  "memoryPercent",
  "databaseConnectionsPercent",
  "latencyP95Milliseconds",
  "replicaLagSeconds",
  "periodMinutes",
  "emails",
];

export interface AlarmSpecValidationOptions {
  /**
   * Longest evaluation window the cloud accepts, in minutes.
   * @default 1440 (one day)
   */
  readonly maxPeriodMinutes?: number;
  /**
   * The fields to check: a construct that does not use a field (or checks
   * it itself, in the cloud's terms) leaves it out, so it never rejects a
   * value it ignores.
   * @default every field of AlarmSpec
   */
  readonly fields?: readonly AlarmSpecField[];
}

/**
 * Throws an Error (`<where>: <prop> <value> is invalid; ...`) on the first
 * AlarmSpec value no cloud can alarm on: percentages outside (0, 100],
 * non-positive latency or lag, a period that is not a whole number of minutes
 * from 1 to `maxPeriodMinutes`, an entry of `emails` that is not an address.
 * Cloud-specific limits stay in each construct.
 */
export function validateAlarmSpec(spec: AlarmSpec, where: string, options: AlarmSpecValidationOptions = {}): void {
  const fields = new Set(options.fields ?? ALL_FIELDS);
  const maxPeriodMinutes = options.maxPeriodMinutes ?? 24 * 60;
  const fail = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };
  const percent = (prop: "http5xxPercent" | "cpuPercent" | "memoryPercent" | "databaseConnectionsPercent") => {
    const value = spec[prop];
    if (fields.has(prop) && !(value > 0 && value <= 100)) fail(`${prop} ${value} is invalid; use a percentage above 0 and at most 100.`);
  };
  const positive = (prop: "latencyP95Milliseconds" | "replicaLagSeconds") => {
    const value = spec[prop];
    if (fields.has(prop) && !(value > 0)) fail(`${prop} ${value} is invalid; use a positive number.`);
  };
  percent("http5xxPercent");
  percent("cpuPercent");
  percent("memoryPercent");
  percent("databaseConnectionsPercent");
  positive("latencyP95Milliseconds");
  positive("replicaLagSeconds");
  const { periodMinutes } = spec;
  if (fields.has("periodMinutes") && (!Number.isInteger(periodMinutes) || periodMinutes < 1 || periodMinutes > maxPeriodMinutes)) {
    fail(`periodMinutes ${periodMinutes} is invalid; use a whole number from 1 to ${maxPeriodMinutes}.`);
  }
  if (fields.has("emails")) {
    for (const email of spec.emails) {
      if (!EMAIL_ADDRESS.test(email)) fail(`emails entry "${email}" is not an e-mail address.`);
    }
  }
}
