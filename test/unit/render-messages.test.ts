import { describe, expect, it } from 'vitest';
import { DEFAULTS, EMULATOR_SUBSCRIPTION_ID } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { AbortError, InputRequiredError } from '../../src/core/errors.js';
import type { StepResult } from '../../src/engine/result.js';
import { makeChalk } from '../../src/io/color.js';
import { configWarnings } from '../../src/cli/render/config-warnings.js';
import { renderError } from '../../src/cli/render/human.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import { renderPlan } from '../../src/cli/render/plan.js';
import { renderStatus } from '../../src/cli/render/status.js';
import { createState } from '../../src/state/schema.js';
import { STEPS } from '../../src/steps/index.js';

const c = makeChalk(false);
const config: ResolvedConfig = {
  ...DEFAULTS,
  subscriptionId: EMULATOR_SUBSCRIPTION_ID,
  resourceGroup: 'rg-m',
  location: 'eastus',
  name: 'aks-m',
};
const rows = (status: StepResult['status']): StepResult[] =>
  [...STEPS].sort((a, b) => a.number - b.number).map((s) => ({ number: s.number, id: s.id, title: s.title, status }));

function status(command: string, steps: StepResult[], overall: string, holder?: Parameters<typeof renderStatus>[6]): string {
  const out = new BufferedOutput();
  const state = createState({
    command,
    target: { kind: 'emulator', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:1' },
    config,
    deploymentId: 'dep-1',
    now: new Date('2025-01-02T03:04:05Z'),
  });
  renderStatus(out, c, state, steps, overall, 'st.json', holder);
  return out.stdout;
}

describe('status: the next step follows from the journal and the lock', () => {
  it('after a finished destroy it says so, instead of offering to resume ten pending steps', () => {
    const text = status('destroy', rows('pending'), 'pending');
    expect(text).toMatch(/Deployment dep-1 was destroyed at 2025-01-02T03:04:05\.000Z\./);
    expect(text).not.toMatch(/status --resume/);
  });

  it('a destroy that stopped at a failure points at destroy again', () => {
    const steps = rows('pending');
    steps[4] = { ...steps[4]!, status: 'failed', error: { code: 'Conflict', message: 'x' } };
    expect(status('destroy', steps, 'failed')).toMatch(/run `secure-aks destroy --state st\.json` to finish/);
  });

  it('while another run holds the lock it says to wait for it ("an init run"), not to resume beside it', () => {
    const text = status('init', rows('running'), 'running', { pid: 42, host: 'box', command: 'init', startedAt: '2025-01-02T03:00:00Z' });
    expect(text).toMatch(/an init run \(pid 42 on box, started 2025-01-02T03:00:00Z\) is working on this deployment now/);
    expect(text).not.toMatch(/status --resume|a init/);
    expect(status('init', rows('running'), 'running', { pid: 7, host: 'box', command: 'destroy', startedAt: 't' })).toMatch(
      /a destroy run/,
    );
  });

  it('an unfinished init still offers to resume', () => {
    expect(status('init', rows('pending'), 'pending')).toMatch(/Continue with `secure-aks status --resume --state st\.json`\./);
  });
});

describe('error block', () => {
  it('InputRequired lists each missing value once, with what supplies it', () => {
    const out = new BufferedOutput();
    renderError(
      out,
      new InputRequiredError([
        { key: 'name', flag: '--name', env: 'SECURE_AKS_NAME', configKey: 'name' },
        { key: 'location', flag: '--location', env: 'SECURE_AKS_LOCATION', configKey: 'location' },
      ]),
      c,
    );
    expect(out.stderr.match(/--name/g)).toHaveLength(1);
    expect(out.stderr.match(/SECURE_AKS_LOCATION/g)).toHaveLength(1);
    expect(out.stderr).toMatch(/^Error InputRequired: missing required values:\n {2}- name: flag --name/);
  });

  it('a user\'s "no" is said plainly, without the error heading', () => {
    const out = new BufferedOutput();
    renderError(out, new AbortError('Nothing was deleted.'), c);
    expect(out.stderr).toBe('Nothing was deleted.\n');
  });
});

describe('plan table', () => {
  const planned = (): StepResult[] =>
    rows('done').map((s) =>
      s.number === 4
        ? {
            ...s,
            status: 'pending',
            durationMs: 36,
            changes: [
              { action: 'create', resourceType: 'T', name: 'a' },
              { action: 'update', resourceType: 'T', name: 'b' },
            ],
          }
        : { ...s, durationMs: 450, changes: [{ action: 'none', resourceType: 'T', name: 'x' }] },
    );

  it('says what each read-only check found, not a run status with a duration', () => {
    const out = new BufferedOutput();
    renderPlan(out, { steps: planned() }, { chalk: c, config, apply: { state: 's', target: { emulator: true }, values: {} } });
    expect(out.stdout).toMatch(/^= {2}1\. .* no changes$/m);
    expect(out.stdout).toMatch(/^~ {2}4\. .* 1 to create, 1 to update$/m);
    expect(out.stdout).not.toMatch(/\bdone\b|\bpending\b|\d+ms/);
  });

  it('a jumphost without Bastion is warned about in the plan (and nowhere when Bastion is on)', () => {
    const lonely = { ...config, bastion: false };
    expect(configWarnings(config)).toEqual([]);
    expect(configWarnings(lonely)[0]).toMatch(/jumphost vm-aks-m-jump without Bastion: reachable only from a peered network or VPN/);
    const out = new BufferedOutput();
    renderPlan(out, { steps: planned() }, { chalk: c, config: lonely, apply: { state: 's', target: { emulator: true }, values: {} } });
    expect(out.stdout).toMatch(/Warning: jumphost .* without Bastion/);
  });
});
