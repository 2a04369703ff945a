import ipaddr from 'ipaddr.js';
import { parseIpLiteral, unwrapMapped } from './address-classes';
import { normalizeHostName } from './host-names';

const HOST_NAME = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;

/**
 * The hub's outbound allow-list (hub.yaml `outbound.allow`): addresses and CIDRs the hub may call although
 * they are not public (the demo's loopback subscriber, an on-premises vendor), and host names whose
 * addresses are not checked at all (`*.corp.example` allows every name under `corp.example`). One entry may
 * hold several separated by commas, so a single environment variable can carry a list; empty entries are ignored.
 */
export class AllowList {
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  private readonly hosts = new Set<string>();
  private readonly suffixes: string[] = [];
  /** Entries that are neither an address, a CIDR nor a host name, each with its position. */
  readonly problems: string[] = [];

  constructor(entries: readonly string[] = []) {
    entries.forEach((entry, index) => {
      for (const raw of entry.split(',')) {
        const item = raw.trim();
        if (item && !this.add(item)) this.problems.push(`entry ${index}: "${item}" is neither an IP address, a CIDR (10.0.0.0/8, fd00::/8) nor a host name`);
      }
    });
  }

  get isEmpty(): boolean {
    return !this.ranges.length && !this.hosts.size && !this.suffixes.length;
  }

  allowsAddress(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    const candidates = [address, unwrapMapped(address)];
    return this.ranges.some(([net, bits]) => candidates.some((a) => a.kind() === net.kind() && a.match(net, bits)));
  }

  allowsHostName(host: string): boolean {
    const name = normalizeHostName(host);
    return this.hosts.has(name) || this.suffixes.some((s) => name.endsWith(s));
  }

  private add(item: string): boolean {
    if (item.includes('/')) {
      if (!ipaddr.isValidCIDR(item)) return false;
      this.ranges.push(ipaddr.parseCIDR(item));
      return true;
    }
    const literal = parseIpLiteral(item);
    if (literal) {
      this.ranges.push([literal, literal.kind() === 'ipv4' ? 32 : 128]);
      return true;
    }
    const name = normalizeHostName(item);
    if (!HOST_NAME.test(name)) return false;
    if (name.startsWith('*.')) this.suffixes.push(name.slice(1));
    else this.hosts.add(name);
    return true;
  }
}
