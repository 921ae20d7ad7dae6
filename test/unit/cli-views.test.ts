import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { BufferedOutput } from '../../src/cli/render/output.js';
import { destroyView } from '../../src/cli/views/destroy.js';
import type { ViewBase } from '../../src/cli/views/failure.js';
import { verifyView } from '../../src/cli/views/verify.js';
import type { TeardownResult } from '../../src/destroy/execute.js';
import type { VerifyReport } from '../../src/verify/index.js';

const plain = new Chalk({ level: 0 });

function base(command: string): { out: BufferedOutput; v: ViewBase } {
  const out = new BufferedOutput();
  return { out, v: { output: out, colors: () => ({ chalk: plain, errChalk: plain }), verbose: false, command } };
}

const teardown: TeardownResult = {
  status: 'done',
  deleted: [{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-a', type: 'virtualNetworks' }],
  kept: [{ id: '/subscriptions/s/resourceGroups/rg', type: 'resourceGroups', reason: 'it existed before this deployment' }],
  completed: [],
  failed: {},
  durationMs: 1500,
};

describe('views are picked once from -o', () => {
  it('destroy in JSON: one document with deleted, kept and the steps, nothing on stderr', () => {
    const { out, v } = base('destroy');
    destroyView('json', v).result({ result: teardown, steps: [], deploymentId: 'abc12345', stateFile: 's.json' });
    expect(JSON.parse(out.stdout)).toEqual({
      command: 'destroy',
      status: 'done',
      deploymentId: 'abc12345',
      stateFile: 's.json',
      deleted: teardown.deleted,
      kept: teardown.kept,
      steps: [],
    });
    expect(out.stderr).toBe('');
  });

  it('destroy in text: what was deleted and kept, then the duration', () => {
    const { out, v } = base('destroy');
    destroyView('text', v).result({ result: teardown, steps: [], deploymentId: 'abc12345', stateFile: 's.json' });
    expect(out.stdout).toBe(
      [
        '',
        'Deleted 1 resource(s) of deployment abc12345:',
        '  - virtualNetworks vnet-a',
        'Kept 1 resource(s):',
        '  = resourceGroups rg: it existed before this deployment',
        '',
        'Done in 1.5s.',
        '',
      ].join('\n'),
    );
  });

  it('verify in text never asks for the JSON-only steps (no state lock read); JSON includes them', async () => {
    const report: VerifyReport = { status: 'pass', checks: [], readErrors: [] };
    const cluster = { subscriptionId: 's', resourceGroup: 'rg', name: 'aks', armEndpoint: 'https://127.0.0.1:1' };
    const text = base('verify');
    let asked = 0;
    const steps = async () => (asked++, [{ number: 1, id: 'identity', title: 'Identity', status: 'done' as const }]);
    await verifyView('text', text.v).report(report, cluster, steps);
    expect(asked).toBe(0);
    const json = base('verify');
    await verifyView('json', json.v).report(report, cluster, steps);
    expect(asked).toBe(1);
    expect(JSON.parse(json.out.stdout).steps).toEqual([{ number: 1, id: 'identity', title: 'Identity', status: 'done' }]);
  });
});
