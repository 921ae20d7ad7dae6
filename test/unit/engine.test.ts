import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/core/errors.js';
import { MemoryJournal } from '../../src/engine/journal.js';
import { planSteps } from '../../src/engine/plan.js';
import { runSteps } from '../../src/engine/runner.js';
import { fakeStep, runOptions, Timeline } from './engine-fakes.js';

describe('runner scheduling', () => {
  it('runs independent steps concurrently and makes dependents wait', async () => {
    const t = new Timeline();
    const steps = [
      fakeStep({ number: 1, id: 'identity', delayMs: 20 }, t),
      fakeStep({ number: 2, id: 'network', delayMs: 60 }, t),
      fakeStep({ number: 3, id: 'egress-route', dependsOn: ['network'], delayMs: 10 }, t),
      fakeStep({ number: 5, id: 'cluster', dependsOn: ['identity', 'egress-route'], delayMs: 10 }, t),
    ];
    const opts = runOptions(steps);
    const result = await runSteps(opts);
    expect(result.status).toBe('done');
    expect(t.maxActive).toBeGreaterThanOrEqual(2);
    const at = (e: string) => t.entries.indexOf(e);
    expect(at('start identity')).toBeLessThan(at('end network'));
    expect(at('start egress-route')).toBeGreaterThan(at('end network'));
    expect(at('start cluster')).toBeGreaterThan(at('end egress-route'));
    expect(at('start cluster')).toBeGreaterThan(at('end identity'));
    expect(result.steps.map((s) => s.number)).toEqual([1, 2, 3, 5]);
    expect(opts.journal.get('cluster')).toMatchObject({ status: 'done', outputs: { clusterId: '/fake/cluster' } });
  });

  it('treats a skipped step as satisfying its dependents', async () => {
    const t = new Timeline();
    const steps = [
      fakeStep({ number: 8, id: 'bastion', skip: 'bastion disabled' }, t),
      fakeStep({ number: 9, id: 'health', dependsOn: ['bastion'] }, t),
    ];
    const opts = runOptions(steps);
    const result = await runSteps(opts);
    expect(result.steps.map((s) => s.status)).toEqual(['skipped', 'done']);
    expect(opts.journal.get('bastion')).toMatchObject({ status: 'skipped' });
  });

  it('gives outputs of declared dependencies and throws for undeclared ones', async () => {
    const t = new Timeline();
    const seen: unknown[] = [];
    const steps = [
      fakeStep({ number: 1, id: 'identity', outputs: { principalId: 'p-1' } }, t),
      fakeStep({ number: 2, id: 'network' }, t),
      fakeStep({ number: 5, id: 'cluster', dependsOn: ['identity'], onApply: (ctx) => seen.push(ctx.outputs('identity').principalId) }, t),
      fakeStep({ number: 7, id: 'nsg', dependsOn: ['cluster'], onApply: (ctx) => ctx.outputs('network') }, t),
    ];
    const opts = runOptions(steps);
    const result = await runSteps(opts);
    expect(seen).toEqual(['p-1']);
    const nsg = result.steps.find((s) => s.id === 'nsg');
    expect(nsg?.status).toBe('failed');
    expect(nsg?.error?.code).toBe('UndeclaredDependency');
  });

  it('after a failure lets running steps finish, starts nothing new and journals the error', async () => {
    const t = new Timeline();
    const lro = new Error('The long-running operation has failed. CreateVMSSAgentPoolFailed. VM has reported a failure (exit status 50).');
    const steps = [
      fakeStep({ number: 1, id: 'identity', delayMs: 10, fail: lro }, t),
      fakeStep({ number: 2, id: 'network', delayMs: 60 }, t),
      fakeStep({ number: 3, id: 'egress-route', dependsOn: ['network'] }, t),
    ];
    const opts = runOptions(steps);
    const result = await runSteps(opts);
    expect(result.status).toBe('failed');
    expect(result.steps.map((s) => s.status)).toEqual(['failed', 'done', 'pending']);
    expect(t.entries).not.toContain('start egress-route');
    expect(result.error?.exitCode).toBe(1);
    const recorded = opts.journal.get('identity')?.error;
    expect(recorded?.code).toBe('CreateVMSSAgentPoolFailed');
    expect(recorded?.message).toMatch(/exit status 50/);
    expect(recorded?.remediation).toMatch(/firewall/);
    expect(opts.io.codes()).toContain('step.end');
  });

  it('maps AuthorizationFailed to an auth error naming the missing action', async () => {
    const t = new Timeline();
    const rest = Object.assign(
      new Error(
        "The client 'x' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '/subscriptions/s'.",
      ),
      {
        name: 'RestError',
        code: 'AuthorizationFailed',
        statusCode: 403,
      },
    );
    const result = await runSteps(runOptions([fakeStep({ number: 1, id: 'identity', fail: rest }, t)]));
    expect(result.error).toBeInstanceOf(AuthError);
    expect(result.error?.exitCode).toBe(4);
    expect(result.steps[0].error?.remediation).toMatch(/roleAssignments\/write/);
  });

  it('stops starting steps once aborted and reports interrupted', async () => {
    const t = new Timeline();
    const abort = new AbortController();
    const steps = [
      fakeStep({ number: 1, id: 'identity', delayMs: 30, onApply: () => abort.abort() }, t),
      fakeStep({ number: 2, id: 'network', dependsOn: ['identity'] }, t),
    ];
    const result = await runSteps(runOptions(steps, { signal: abort.signal }));
    expect(result.status).toBe('interrupted');
    expect(result.error?.exitCode).toBe(130);
    expect(t.entries).not.toContain('start network');
  });

  it('re-checks every step on a re-run and writes nothing when Azure already matches', async () => {
    const t = new Timeline();
    const none = [{ action: 'none' as const, resourceType: 'Fake/things', name: 'x', id: '/x' }];
    const journal = new MemoryJournal({ identity: { status: 'done' }, network: { status: 'done' } });
    const steps = [fakeStep({ number: 1, id: 'identity', changes: none }, t), fakeStep({ number: 2, id: 'network', changes: none }, t)];
    const result = await runSteps(runOptions(steps, { journal }));
    expect(result.status).toBe('done');
    expect(t.checks).toBe(2);
    expect(t.writes).toBe(0);
    expect(result.steps.every((s) => s.status === 'done')).toBe(true);
  });

  it('refuses a dependency on a step that is not part of the run', async () => {
    const t = new Timeline();
    await expect(runSteps(runOptions([fakeStep({ number: 5, id: 'cluster', dependsOn: ['identity'] }, t)]))).rejects.toMatchObject({
      code: 'StepGraphInvalid',
    });
  });
});

describe('plan', () => {
  it('runs every check, applies nothing and never writes the journal', async () => {
    const t = new Timeline();
    const steps = [
      fakeStep({ number: 1, id: 'identity' }, t),
      fakeStep({ number: 2, id: 'network', changes: [{ action: 'none', resourceType: 'Fake/things', name: 'n', id: '/n' }] }, t),
      fakeStep({ number: 5, id: 'cluster', dependsOn: ['identity'] }, t),
      fakeStep({ number: 10, id: 'test-deployment', skip: 'disabled' }, t),
    ];
    const opts = runOptions(steps);
    const result = await planSteps(opts);
    expect(result.status).toBe('done');
    expect(t.checks).toBe(3);
    expect(t.entries).toEqual([]);
    expect(opts.journal.writes).toBe(0);
    expect(result.steps.map((s) => s.status)).toEqual(['pending', 'done', 'pending', 'skipped']);
    expect(result.steps[0].changes?.[0].action).toBe('create');
    expect(opts.io.ofCode('step.checked')).toHaveLength(3);
  });
});

describe('azure error translation', () => {
  it('gives a step-wrapped Azure error the hint and exit status its code deserves', async () => {
    const { AzureOperationError } = await import('../../src/core/errors.js');
    const { translateAzureError } = await import('../../src/azure/errors.js');
    const wrapped = new AzureOperationError('CreateVMSSAgentPoolFailed', 'Creating cluster failed', undefined, 'Fix the cause.');
    expect(translateAzureError(wrapped).remediation).toMatch(/route table/);
    const denied = new AzureOperationError(
      'AuthorizationFailed',
      "no authorization to perform action 'Microsoft.Network/virtualNetworks/write'",
      403,
    );
    const typed = translateAzureError(denied);
    expect(typed).toBeInstanceOf(AuthError);
    expect(typed.exitCode).toBe(4);
    expect(typed.remediation).toMatch(/virtualNetworks\/write/);
  });

  it('parses a RestError with details and an unknown error', async () => {
    const { toErrorRecord } = await import('../../src/azure/errors.js');
    const rest = Object.assign(new Error('Deployment failed'), {
      name: 'RestError',
      statusCode: 400,
      code: 'DeploymentFailed',
      details: { error: { details: [{ code: 'SubnetNotFound', message: 'Subnet snet-aks-nodes was not found.' }] } },
    });
    expect(toErrorRecord(rest)).toMatchObject({ code: 'SubnetNotFound', message: 'Subnet snet-aks-nodes was not found.', statusCode: 400 });
    expect(toErrorRecord(new Error('boom'))).toMatchObject({ code: 'InternalError', message: 'boom' });
  });
});
