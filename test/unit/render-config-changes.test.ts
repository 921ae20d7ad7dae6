import { describe, expect, it } from 'vitest';
import { renderConfigChanges } from '../../src/cli/render/config-changes.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import { makeChalk } from '../../src/io/color.js';

const c = makeChalk(false);
const changes = [
  { key: 'testDeployment', recorded: true, requested: false },
  { key: 'adopt', recorded: ['vnet-shared-platform-network'], requested: ['vnet-shared-platform-network', 'rt-shared-platform-egress'] },
];

describe('recorded configuration changes', () => {
  it('one line each, key: old -> new, when the terminal is wide enough', () => {
    const out = new BufferedOutput();
    renderConfigChanges(out, c, changes);
    expect(out.stderr).toContain('  ~ testDeployment: true -> false\n');
    expect(out.stderr).toContain(
      '  ~ adopt: [vnet-shared-platform-network] -> [vnet-shared-platform-network, rt-shared-platform-egress]\n',
    );
  });

  it('at 60 columns the old -> new values wrap after the key, under each other, no line longer, no word cut', () => {
    const out = new BufferedOutput(60);
    renderConfigChanges(out, c, changes);
    const lines = out.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(lines).toContain('  ~ testDeployment: true -> false');
    expect(out.stderr).toMatch(
      /^ {2}~ adopt: \[vnet-shared-platform-network\] ->\n {11}\[vnet-shared-platform-network,\n {11}rt-shared-platform-egress\]$/m,
    );
  });
});
