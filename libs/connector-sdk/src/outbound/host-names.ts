/** Lower case, no trailing dot: how host names are compared. */
export function normalizeHostName(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

/** Names of cloud instance-metadata services (GCP, AWS); their addresses (169.254.169.254, 100.100.100.200, fd00:ec2::254) are refused by class anyway. */
export const METADATA_HOST_NAMES: readonly string[] = ['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal'];

/** Special-use names that only ever mean this machine or a private network (RFC 6761, RFC 6762, RFC 8375, ICANN's .internal). */
const PRIVATE_NAME_SUFFIXES: readonly string[] = ['localhost', 'local', 'localdomain', 'internal', 'home.arpa'];

/**
 * Why a host name (not an IP literal) must not be called whatever it resolves to, or undefined. Dotless names
 * are refused as well: the resolver completes them with the hub's own search domains.
 */
export function refusedHostName(host: string): string | undefined {
  const name = normalizeHostName(host);
  if (METADATA_HOST_NAMES.includes(name)) return `${name} is a cloud metadata service name`;
  const suffix = PRIVATE_NAME_SUFFIXES.find((s) => name === s || name.endsWith(`.${s}`));
  if (suffix) return `${name} is a private name (.${suffix})`;
  if (!name.includes('.')) return `${name} is not a fully qualified domain name`;
  return undefined;
}
