import { AllowList } from '@hub/connector-sdk';
import type { ConfigProblem } from './config-error';
import type { HubConfig } from './config.types';

/** hub.yaml `outbound.allow`: every entry an address, a CIDR or a host name. */
export function checkOutboundAllowList(hub: HubConfig, file: string): ConfigProblem[] {
  const entries = hub.outbound?.allow;
  return new AllowList(Array.isArray(entries) ? entries : []).problems.map((message) => ({
    file,
    path: '/outbound/allow',
    message,
    fix: 'write addresses (10.0.0.5), CIDRs (10.0.0.0/8, fd00::/8) or host names (erp.corp.example, *.corp.example)',
  }));
}
