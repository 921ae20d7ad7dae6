import type { NetworkSecurityGroup } from '@azure/arm-network';
import { fromSecurityRule } from './nsg-rules.js';

/**
 * Checks of rules the wizard does not own: a user may add rules to our NSGs (we keep them), but some
 * would silently undo what the NSGs are for. verify names them.
 */

/** An outbound deny of the Internet on the node subnet, from any rule (ours never does; a user's might). */
export function egressBlockingRule(nsg: NetworkSecurityGroup | undefined): string | undefined {
  const blocking = (nsg?.securityRules ?? []).find((r) => {
    const rule = fromSecurityRule(r);
    const dest = rule.destination.toLowerCase().split(',');
    return rule.direction === 'Outbound' && rule.access === 'Deny' && dest.some((d) => ['internet', '*', '0.0.0.0/0'].includes(d));
  });
  return blocking?.name;
}

/** A rule that lets the Internet reach the jumphost's SSH port before our deny rule can stop it. */
export function sshExposingRule(nsg: NetworkSecurityGroup | undefined, denyPriority: number): string | undefined {
  const open = (nsg?.securityRules ?? []).find((r) => {
    const rule = fromSecurityRule(r);
    const fromAnywhere = rule.source
      .toLowerCase()
      .split(',')
      .some((x) => ['internet', '*', '0.0.0.0/0', 'any'].includes(x));
    const coversSsh = rule.ports.some((p) => {
      if (p === '*') return true;
      const [lo, hi = lo] = p.split('-').map(Number);
      return 22 >= lo! && 22 <= hi!;
    });
    return rule.direction === 'Inbound' && rule.access === 'Allow' && rule.priority < denyPriority && fromAnywhere && coversSsh;
  });
  return open?.name;
}
