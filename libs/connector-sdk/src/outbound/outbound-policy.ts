import { promises as dns, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { AllowList } from './allow-list';
import { nonPublicAddressClass, parseIpLiteral } from './address-classes';
import { normalizeHostName, refusedHostName } from './host-names';
import { OutboundRefusedError } from './outbound-refused.error';

/** Resolves a host name to all its addresses, like `dns.lookup(name, { all: true })`. Tests inject their own. */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

/** The operating system's resolver (what Node's HTTP agents use by default). */
export const systemResolver: ResolveHost = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export interface OutboundPolicyOptions {
  /** hub.yaml `outbound.allow`: addresses, CIDRs and host names reachable although not public (see AllowList). */
  allow?: readonly string[];
  /** Name resolution, used at registration and by the agents at connect time; the system resolver by default. */
  resolve?: ResolveHost;
}

/**
 * Which URLs the hub may call when a tenant or a subscriber chose them: http and https only, no credentials in
 * the URL, no private or metadata names, and every address public (not loopback, private, link-local, CGNAT,
 * multicast, unspecified, IPv4-mapped forms of those…) unless the hub's allow-list says otherwise.
 *
 * `checkUrl` is the registration check (it resolves the host). At connect time the HTTP client must use
 * `httpAgent`/`httpsAgent` (their `lookup` checks every address the resolver returns, so a name that turned
 * private after registration — DNS rebinding — is refused before any socket opens) and call
 * `checkUrlWithoutDns` first (IP literals never reach `lookup`). Redirects must not be followed.
 */
export class OutboundPolicy {
  readonly allowList: AllowList;
  private readonly resolveHost: ResolveHost;
  private agents?: { http: HttpAgent; https: HttpsAgent };

  constructor(options: OutboundPolicyOptions = {}) {
    this.allowList = new AllowList(options.allow);
    if (this.allowList.problems.length) throw new Error(`invalid outbound allow-list: ${this.allowList.problems.join('; ')}`);
    this.resolveHost = options.resolve ?? systemResolver;
  }

  /** Scheme, credentials, host name and IP-literal checks, no DNS; the parsed (WHATWG-normalized) URL. */
  checkUrlWithoutDns(url: string | URL): URL {
    let parsed: URL;
    try {
      parsed = typeof url === 'string' ? new URL(url) : url;
    } catch {
      throw new OutboundRefusedError('it is not a valid absolute URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new OutboundRefusedError(`only http and https URLs are allowed, not ${parsed.protocol}`);
    if (parsed.username || parsed.password) throw new OutboundRefusedError('URLs may not carry a user name or password');
    const literal = parseIpLiteral(parsed.hostname);
    if (literal) {
      const refusal = this.allowList.allowsAddress(literal) ? undefined : nonPublicAddressClass(literal);
      if (refusal) throw new OutboundRefusedError(`${parsed.hostname} is ${refusal}`);
    } else if (!this.allowList.allowsHostName(parsed.hostname)) {
      const refusal = refusedHostName(parsed.hostname);
      if (refusal) throw new OutboundRefusedError(refusal);
    }
    return parsed;
  }

  /** The registration check: `checkUrlWithoutDns`, then the host resolved and every address checked. */
  async checkUrl(url: string | URL): Promise<URL> {
    const parsed = this.checkUrlWithoutDns(url);
    if (parseIpLiteral(parsed.hostname) || this.allowList.allowsHostName(parsed.hostname)) return parsed;
    try {
      await this.permittedAddresses(parsed.hostname);
    } catch {
      // One answer whether the name is unknown or private: the hub's resolver must not become an oracle of internal names.
      throw new OutboundRefusedError(`${normalizeHostName(parsed.hostname)} does not resolve to public addresses only`);
    }
    return parsed;
  }

  /** Every address of `hostname` if all are permitted; OutboundRefusedError if any is not; the resolver's error if it fails. */
  async permittedAddresses(hostname: string): Promise<LookupAddress[]> {
    if (isIP(hostname)) {
      this.checkUrlWithoutDns(`http://${isIP(hostname) === 6 ? `[${hostname}]` : hostname}/`);
      return [{ address: hostname, family: isIP(hostname) }];
    }
    const addresses = await this.resolveHost(hostname);
    if (this.allowList.allowsHostName(hostname)) return addresses;
    if (!addresses.length) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
    for (const { address } of addresses) {
      const ip = parseIpLiteral(address);
      const refusal = !ip ? 'not an IP address' : this.allowList.allowsAddress(ip) ? undefined : nonPublicAddressClass(ip);
      if (refusal) throw new OutboundRefusedError(`${normalizeHostName(hostname)} resolves to ${refusal}`);
    }
    return addresses;
  }

  /** A `lookup` for `net`/`http(s).Agent`: resolves through the policy, refusing a non-permitted answer before any socket connects. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const family = typeof options === 'object' ? options.family : options;
    this.permittedAddresses(hostname).then(
      (all) => {
        const wanted = family === 4 || family === 6 ? all.filter((a) => a.family === family) : all;
        if (!wanted.length) return callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }), '', 0);
        if (typeof options === 'object' && options.all) return callback(null, wanted);
        return callback(null, wanted[0].address, wanted[0].family);
      },
      (e: NodeJS.ErrnoException) => callback(e, '', 0),
    );
  };

  /** HTTP agent whose connections go only to permitted addresses (keep-alive as Node's global agent). */
  get httpAgent(): HttpAgent {
    return this.agentPair().http;
  }

  /** HTTPS agent whose connections go only to permitted addresses. */
  get httpsAgent(): HttpsAgent {
    return this.agentPair().https;
  }

  private agentPair(): { http: HttpAgent; https: HttpsAgent } {
    this.agents ??= {
      http: new HttpAgent({ keepAlive: true, timeout: 5000, scheduling: 'lifo', lookup: this.lookup }),
      https: new HttpsAgent({ keepAlive: true, timeout: 5000, scheduling: 'lifo', lookup: this.lookup }),
    };
    return this.agents;
  }
}
