import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults.js';
import { egressBlockingRule, sshExposingRule } from '../../src/steps/desired/nsg-audit.js';
import { jumphostNsgRules, nodeNsgRules, toSecurityRule } from '../../src/steps/desired/nsg-rules.js';

const base = { sourcePortRange: '*', destinationAddressPrefix: '*', protocol: '*' as const };

describe('audit of rules the wizard does not own', () => {
  it('accepts our own node rules and finds an outbound deny of the Internet', () => {
    const ours = nodeNsgRules(DEFAULTS).map(toSecurityRule);
    expect(egressBlockingRule({ securityRules: ours })).toBeUndefined();
    const deny = {
      ...base,
      name: 'no-internet',
      priority: 300,
      direction: 'Outbound' as const,
      access: 'Deny' as const,
      sourceAddressPrefix: '*',
      destinationAddressPrefix: 'Internet',
      destinationPortRange: '*',
    };
    expect(egressBlockingRule({ securityRules: [...ours, deny] })).toBe('no-internet');
    const narrow = { ...deny, name: 'no-range', destinationAddressPrefix: '203.0.113.0/24' };
    expect(egressBlockingRule({ securityRules: [...ours, narrow] })).toBeUndefined();
  });

  it('finds a rule opening SSH from anywhere ahead of our deny, but not one from the Bastion subnet or behind it', () => {
    const ours = jumphostNsgRules(DEFAULTS).map(toSecurityRule);
    expect(sshExposingRule({ securityRules: ours }, 4000)).toBeUndefined();
    const open = {
      ...base,
      name: 'ssh-any',
      priority: 200,
      direction: 'Inbound' as const,
      access: 'Allow' as const,
      sourceAddressPrefix: '*',
      destinationPortRange: '22',
    };
    expect(sshExposingRule({ securityRules: [...ours, open] }, 4000)).toBe('ssh-any');
    expect(sshExposingRule({ securityRules: [...ours, { ...open, destinationPortRange: '1-1024' }] }, 4000)).toBe('ssh-any');
    expect(sshExposingRule({ securityRules: [...ours, { ...open, destinationPortRange: '443' }] }, 4000)).toBeUndefined();
    expect(sshExposingRule({ securityRules: [...ours, { ...open, priority: 4050 }] }, 4000)).toBeUndefined();
  });
});
