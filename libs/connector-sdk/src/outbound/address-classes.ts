import ipaddr from 'ipaddr.js';

/** Words for ipaddr.js ranges, as a refusal names them. Every range other than `unicast` is refused. */
const RANGE_WORDS: Readonly<Record<string, string>> = {
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address (where cloud metadata services live)',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address (100.64.0.0/10)',
  private: 'a private address',
  uniqueLocal: 'a unique-local (private) IPv6 address',
  reserved: 'a reserved address',
  benchmarking: 'a benchmarking address',
};

/** Parses an IP literal (IPv6 possibly in URL brackets); undefined when `host` is not one. */
export function parseIpLiteral(host: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare);
  if (ipaddr.IPv6.isValid(bare)) return ipaddr.IPv6.parse(bare);
  return undefined;
}

/** An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) stands for its IPv4 address; everything else for itself. */
export function unwrapMapped(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

/**
 * Why the hub must not call `address` (loopback, private, link-local, CGNAT, multicast, unspecified, reserved,
 * the IPv6 transition ranges that embed IPv4, …), or undefined for a public unicast address. IPv4-mapped IPv6
 * is judged by the IPv4 address it carries. Classification is ipaddr.js's `range()`, not hand-written ranges.
 */
export function nonPublicAddressClass(address: ipaddr.IPv4 | ipaddr.IPv6): string | undefined {
  const actual = unwrapMapped(address);
  const range = actual.range();
  if (range === 'unicast') return undefined;
  const words = RANGE_WORDS[range] ?? `a special-purpose address (${range})`;
  return actual === address ? words : `an IPv4-mapped form of ${words}`;
}
