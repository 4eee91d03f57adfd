/**
 * Region-list rules every cloud shares (exactly one primary, no region twice,
 * CIDRs that are networks of an allowed size and do not overlap), written
 * once and parameterized by the cloud's list, path prefix and limits so the
 * four clouds report the same issue in the same words.
 */
import { cidrsOverlap, formatCidr, parseCidr, type Ipv4Cidr } from "../constructs/core/cidr";
import type { ValidationIssue } from "./validate";

const issue = (path: string, value: unknown, message: string): ValidationIssue => ({ path, value, message });

/** The fields of a region entry these rules read (every cloud's region config has them). */
export interface RegionEntry {
  readonly name: string;
  readonly primary: boolean;
  readonly cidr: string;
}

/** A CIDR to check, with the path it came from and the words that name it in a message. */
export interface NamedCidr {
  /** Property path, e.g. `gcp.regions[1].cidr`. */
  readonly path: string;
  /** What the range is, e.g. `us-east-1` or `europe-west1 subnet`. */
  readonly label: string;
  /** The CIDR as written. */
  readonly text: string;
}

/** Exactly one region holds the writable database; zero or two would leave no writer or two writers. `prefix` is e.g. `aws.regions`. */
export function exactlyOnePrimary(prefix: string, regions: readonly RegionEntry[] | undefined): ValidationIssue[] {
  if (!regions) return [];
  const primaries = regions.flatMap((r, i) => (r.primary ? [{ name: r.name, i }] : []));
  if (primaries.length === 0) {
    const names = regions.map((r) => r.name);
    return [issue(prefix, names, `no region is primary; set primary: true on exactly one of ${names.join(", ")}`)];
  }
  const [first, ...extra] = primaries;
  return extra.map(({ name, i }) =>
    issue(`${prefix}[${i}].primary`, true, `${name} is a second primary region (${first.name} at ${prefix}[${first.i}] is primary); exactly one region may be primary`),
  );
}

/** One stack per region: a region listed twice would collide on names and state. */
export function regionsListedOnce(prefix: string, regions: readonly RegionEntry[] | undefined): ValidationIssue[] {
  const seen = new Map<string, number>();
  const found: ValidationIssue[] = [];
  (regions ?? []).forEach((region, i) => {
    const first = seen.get(region.name);
    if (first === undefined) seen.set(region.name, i);
    else found.push(issue(`${prefix}[${i}].name`, region.name, `region ${region.name} is listed twice (also ${prefix}[${first}]); list each region once`));
  });
  return found;
}

/** Each region's CIDR as a NamedCidr labelled with the region's name (plus `labelSuffix`, e.g. ` subnet`). */
export function regionCidrs(prefix: string, regions: readonly RegionEntry[] | undefined, labelSuffix = ""): NamedCidr[] {
  return (regions ?? []).map((r, i) => ({ path: `${prefix}[${i}].cidr`, label: `${r.name}${labelSuffix}`, text: r.cidr }));
}

/** Allowed prefix lengths of a cloud's ranges, and what to say when a prefix is outside them. */
export interface PrefixRange {
  readonly min: number;
  readonly max: number;
  /**
   * Appended to `prefix /N is outside /min to /max` (with its leading
   * separator), e.g. ` (AWS VPCs are /16-/28 ...)`.
   */
  readonly outsideReason: string;
}

/** Every range must be a network address (not a host inside it) with a prefix in the cloud's range. */
export function cidrsAreNetworks(cidrs: readonly NamedCidr[], range: PrefixRange): ValidationIssue[] {
  const found: ValidationIssue[] = [];
  for (const { path, text } of cidrs) {
    const parsed = parseCidr(text);
    if ("error" in parsed) {
      found.push(issue(path, text, `${parsed.error}; allowed: an IPv4 network CIDR with prefix /${range.min} to /${range.max}`));
    } else if (parsed.prefix < range.min || parsed.prefix > range.max) {
      found.push(issue(path, text, `prefix /${parsed.prefix} is outside /${range.min} to /${range.max}${range.outsideReason}`));
    }
  }
  return found;
}

/**
 * Ranges that must be routable to each other may not overlap; each later
 * range is reported against every earlier one it overlaps. `why` ends the
 * message (e.g. `regions of one environment need disjoint CIDRs`).
 */
export function cidrsDoNotOverlap(cidrs: readonly NamedCidr[], why: string): ValidationIssue[] {
  const parsed = cidrs.flatMap((r) => {
    const cidr = parseCidr(r.text);
    return "error" in cidr ? [] : [{ ...r, cidr: cidr as Ipv4Cidr }];
  });
  const found: ValidationIssue[] = [];
  parsed.forEach((b, j) => {
    for (const a of parsed.slice(0, j)) {
      if (!cidrsOverlap(a.cidr, b.cidr)) continue;
      found.push(issue(b.path, formatCidr(b.cidr), `${b.label} (${formatCidr(b.cidr)}) overlaps ${a.label} (${formatCidr(a.cidr)}, ${a.path}); ${why}`));
    }
  });
  return found;
}
