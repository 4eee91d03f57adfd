/** IPv4 CIDR arithmetic for subnet planning and config validation. */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns an explanation instead of throwing when invalid. */
export function parseCidr(text: string): Ipv4Cidr | { error: string } {
  const m = CIDR_PATTERN.exec(text);
  if (!m) return { error: "expected an IPv4 CIDR such as 10.0.0.0/16" };
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return { error: "each octet must be 0-255" };
  const prefix = Number(m[5]);
  if (prefix > 32) return { error: "prefix length must be 0-32" };
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((address & mask) >>> 0 !== address) {
    return { error: `host bits are set; the network address is ${formatAddress((address & mask) >>> 0)}/${prefix}` };
  }
  return { network: address, prefix };
}

export function mustParseCidr(text: string): Ipv4Cidr {
  const parsed = parseCidr(text);
  if ("error" in parsed) throw new Error(`Invalid CIDR "${text}": ${parsed.error}`);
  return parsed;
}

export function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join(".");
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatAddress(cidr.network)}/${cidr.prefix}`;
}

function size(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** True when the two ranges share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.network + size(a) - 1;
  const bEnd = b.network + size(b) - 1;
  return a.network <= bEnd && b.network <= aEnd;
}

/** Like Terraform's cidrsubnet(prefix, newbits, netnum). */
export function cidrSubnet(parent: string, newBits: number, netNum: number): string {
  const p = mustParseCidr(parent);
  const prefix = p.prefix + newBits;
  if (prefix > 32) throw new Error(`Cannot add ${newBits} bits to ${parent}: prefix would be /${prefix}`);
  if (netNum < 0 || netNum >= 2 ** newBits) {
    throw new Error(`Subnet number ${netNum} does not fit in ${newBits} new bits of ${parent}`);
  }
  return formatCidr({ network: (p.network + netNum * 2 ** (32 - prefix)) >>> 0, prefix });
}

/** Host address number `hostNum` inside a CIDR, like Terraform's cidrhost(). */
export function cidrHost(cidr: string, hostNum: number): string {
  const p = mustParseCidr(cidr);
  if (hostNum < 0 || hostNum >= size(p)) throw new Error(`Host ${hostNum} is outside ${cidr}`);
  return formatAddress((p.network + hostNum) >>> 0);
}

/** The subnet tiers every network has. */
export type SubnetTier = "public" | "private" | "data";
export const SUBNET_TIERS: readonly SubnetTier[] = ["public", "private", "data"];
/** Zones a network plan reserves room for (so adding a zone never renumbers subnets). */
export const MAX_ZONES = 4;
/** Bits added to the network prefix for each subnet: 3 tiers x 4 zones fit in 16 slots. */
export const SUBNET_NEW_BITS = 4;

/**
 * The subnet CIDR for a tier and zone. Numbering is stable: tier t, zone z is
 * slot t*4+z, so a /16 yields /20 subnets.
 */
export function subnetCidr(networkCidr: string, tier: SubnetTier, zoneIndex: number): string {
  if (zoneIndex < 0 || zoneIndex >= MAX_ZONES) throw new Error(`Zone index ${zoneIndex} is outside 0-${MAX_ZONES - 1}`);
  return cidrSubnet(networkCidr, SUBNET_NEW_BITS, SUBNET_TIERS.indexOf(tier) * MAX_ZONES + zoneIndex);
}
