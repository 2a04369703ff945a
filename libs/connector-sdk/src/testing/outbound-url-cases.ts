import type { LookupAddress } from 'node:dns';
import type { ResolveHost } from '../outbound';

/** The names the URL cases use and what a test resolver answers for them (no real DNS: the tests run offline). */
export const CASE_DNS: Readonly<Record<string, LookupAddress[]>> = {
  'hooks.example.com': [{ address: '93.184.216.34', family: 4 }],
  'public6.example.com': [{ address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 }],
  'internal.example.com': [{ address: '10.0.0.7', family: 4 }],
  'mixed.example.com': [{ address: '93.184.216.34', family: 4 }, { address: '127.0.0.1', family: 4 }],
  'v6private.example.com': [{ address: 'fd00::5', family: 6 }],
  'mapped.example.com': [{ address: '::ffff:127.0.0.1', family: 6 }],
  'metadata-alias.example.com': [{ address: '169.254.169.254', family: 4 }],
};

/** Resolves CASE_DNS names; any other name fails as unknown (ENOTFOUND). */
export const caseResolver: ResolveHost = async (hostname) => {
  const answer = CASE_DNS[hostname.toLowerCase().replace(/\.$/, '')];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return answer;
};

/** A subscriber URL and whether the hub refuses it (the pattern the reason must match) or accepts it (`false`). */
export interface OutboundUrlCase {
  url: string;
  refused: RegExp | false;
}

const LOOPBACK = /is a loopback address/;
const MAPPED_LOOPBACK = /IPv4-mapped form of a loopback address/;
const UNSPECIFIED = /the unspecified address/;
const PRIVATE = /is a private address/;
const NOT_PUBLIC_NAME = /does not resolve to public addresses only/;
const CREDENTIALS = /may not carry a user name or password/;
const SCHEME = /only http and https URLs are allowed/;

/** Subscriber URLs for the registration check, with the resolver above; the hub's allow-list empty. */
export const OUTBOUND_URL_CASES: readonly OutboundUrlCase[] = [
  // loopback, however written (WHATWG URL parsing normalizes hex, decimal, octal and short forms)
  { url: 'http://127.0.0.1/hook', refused: LOOPBACK },
  { url: 'http://127.0.0.1:8080/hook', refused: LOOPBACK },
  { url: 'http://127.255.255.254/hook', refused: LOOPBACK },
  { url: 'http://0x7f000001/hook', refused: LOOPBACK },
  { url: 'http://2130706433/hook', refused: LOOPBACK },
  { url: 'http://017700000001/hook', refused: LOOPBACK },
  { url: 'http://0177.0.0.1/hook', refused: LOOPBACK },
  { url: 'http://127.1/hook', refused: LOOPBACK },
  { url: 'http://[::1]/hook', refused: LOOPBACK },
  { url: 'http://[::ffff:127.0.0.1]/hook', refused: MAPPED_LOOPBACK },
  { url: 'http://[::ffff:7f00:1]/hook', refused: MAPPED_LOOPBACK },
  { url: 'http://[0:0:0:0:0:ffff:7f00:1]/hook', refused: MAPPED_LOOPBACK },
  { url: 'http://localhost/hook', refused: /localhost is a private name/ },
  { url: 'http://LOCALHOST./hook', refused: /localhost is a private name/ },
  { url: 'http://api.localhost/hook', refused: /private name \(\.localhost\)/ },
  // unspecified
  { url: 'http://0.0.0.0/hook', refused: UNSPECIFIED },
  { url: 'http://0/hook', refused: UNSPECIFIED },
  { url: 'http://[::]/hook', refused: UNSPECIFIED },
  // private, CGNAT, link-local and metadata
  { url: 'http://10.0.0.1/hook', refused: PRIVATE },
  { url: 'http://10.255.255.254/hook', refused: PRIVATE },
  { url: 'http://172.16.0.1/hook', refused: PRIVATE },
  { url: 'http://172.31.255.255/hook', refused: PRIVATE },
  { url: 'http://192.168.1.1/hook', refused: PRIVATE },
  { url: 'http://100.64.0.1/hook', refused: /carrier-grade NAT/ },
  { url: 'http://100.100.100.200/latest/meta-data', refused: /carrier-grade NAT/ },
  { url: 'http://169.254.169.254/latest/meta-data/', refused: /link-local/ },
  { url: 'http://[fe80::1]/hook', refused: /link-local/ },
  { url: 'http://[fc00::1]/hook', refused: /unique-local/ },
  { url: 'http://[fd00:ec2::254]/latest/meta-data/', refused: /unique-local/ },
  { url: 'http://metadata.google.internal/computeMetadata/v1/', refused: /cloud metadata service name/ },
  { url: 'http://metadata.goog/computeMetadata/v1/', refused: /cloud metadata service name/ },
  { url: 'http://metadata/computeMetadata/v1/', refused: /cloud metadata service name/ },
  { url: 'http://instance-data/latest/meta-data/', refused: /cloud metadata service name/ },
  { url: 'http://vault.corp.internal/hook', refused: /private name \(\.internal\)/ },
  { url: 'http://printer.local/hook', refused: /private name \(\.local\)/ },
  { url: 'http://intranet/hook', refused: /not a fully qualified domain name/ },
  // multicast, broadcast, reserved, IPv6 transition ranges that embed IPv4
  { url: 'http://224.0.0.1/hook', refused: /multicast/ },
  { url: 'http://239.255.255.250/hook', refused: /multicast/ },
  { url: 'http://[ff02::1]/hook', refused: /multicast/ },
  { url: 'http://255.255.255.255/hook', refused: /broadcast/ },
  { url: 'http://192.0.2.1/hook', refused: /reserved/ },
  { url: 'http://[64:ff9b::7f00:1]/hook', refused: /special-purpose address \(rfc6052\)/ },
  { url: 'http://[2002:7f00:1::]/hook', refused: /special-purpose address \(6to4\)/ },
  // credentials in the URL
  { url: 'http://user:pass@hooks.example.com/x', refused: CREDENTIALS },
  { url: 'https://user@hooks.example.com/x', refused: CREDENTIALS },
  { url: 'http://:secret@hooks.example.com/x', refused: CREDENTIALS },
  { url: 'http://127.0.0.1:80@hooks.example.com/x', refused: CREDENTIALS },
  // other schemes, and no URL at all
  { url: 'ftp://hooks.example.com/x', refused: SCHEME },
  { url: 'file:///etc/passwd', refused: SCHEME },
  { url: 'gopher://127.0.0.1:6379/_INFO', refused: SCHEME },
  { url: 'javascript:alert(1)', refused: SCHEME },
  { url: 'not a url', refused: /not a valid absolute URL/ },
  // names that resolve to refused addresses, or not at all
  { url: 'http://internal.example.com/x', refused: NOT_PUBLIC_NAME },
  { url: 'http://mixed.example.com/x', refused: NOT_PUBLIC_NAME },
  { url: 'http://v6private.example.com/x', refused: NOT_PUBLIC_NAME },
  { url: 'http://mapped.example.com/x', refused: NOT_PUBLIC_NAME },
  { url: 'http://metadata-alias.example.com/x', refused: NOT_PUBLIC_NAME },
  { url: 'http://nxdomain.example.com/x', refused: NOT_PUBLIC_NAME },
  // public: accepted
  { url: 'https://93.184.216.34/hook', refused: false },
  { url: 'http://8.8.8.8:8080/hook', refused: false },
  { url: 'https://[2606:4700:4700::1111]/hook', refused: false },
  { url: 'http://[::ffff:93.184.216.34]/hook', refused: false },
  { url: 'https://hooks.example.com/x', refused: false },
  { url: 'https://HOOKS.example.com./x?token=abc', refused: false },
  { url: 'http://hooks.example.com:8443/x', refused: false },
  { url: 'https://public6.example.com/hook', refused: false },
];
