import { mkdtempSync, realpathSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CloudTarget } from '../../src/azure/types.js';
import { LockError, UsageError } from '../../src/core/errors.js';
import { defaultEmulatorData, resolveTarget } from '../../src/cli/target.js';
import { assertSameTarget } from '../../src/cli/target-match.js';

const work = realpathSync(mkdtempSync(join(tmpdir(), 'secure-aks-target-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const none = { emulator: false };
const endpoint: CloudTarget = { kind: 'endpoint', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:8443' };
const azure: CloudTarget = { kind: 'azure', cloud: 'AzureCloud', armEndpoint: 'https://management.azure.com' };

function refusal(f: () => void): UsageError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('not refused');
}

describe('the recorded target and the flags', () => {
  it('agree: no flags, the same kind, or a restarted local emulator on another port', () => {
    assertSameTarget(none, endpoint, 's.json');
    assertSameTarget({ emulator: false, armEndpoint: 'https://127.0.0.1:8443/' }, endpoint, 's.json');
    assertSameTarget({ emulator: false, armEndpoint: 'https://127.0.0.1:9555' }, endpoint, 's.json');
    assertSameTarget({ emulator: true }, { kind: 'emulator', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:1' }, 's.json');
    assertSameTarget({ emulator: false, cloud: 'AzureCloud' }, azure, 's.json');
    assertSameTarget({ emulator: true }, undefined, 's.json');
  });

  it('disagree: another host, another cloud, another kind (exit 2 naming both and the way out)', () => {
    const host = refusal(() =>
      assertSameTarget(
        { emulator: false, armEndpoint: 'https://arm.example.com' },
        { ...endpoint, armEndpoint: 'https://arm.contoso.com' },
        's.json',
      ),
    );
    expect(host.code).toBe('StateTargetMismatch');
    expect(host.exitCode).toBe(2);
    expect(host.message).toBe(
      'State file s.json records a deployment on the ARM endpoint https://arm.contoso.com, but this run asks for the ARM endpoint https://arm.example.com (--arm-endpoint).',
    );
    expect(host.remediation).toContain('--arm-endpoint https://arm.contoso.com');
    const cloud = refusal(() => assertSameTarget({ emulator: false, cloud: 'AzureUSGovernment' }, azure, 's.json'));
    expect(cloud.message).toContain('asks for Azure AzureUSGovernment (--cloud)');
    expect(cloud.remediation).toContain('--cloud AzureCloud');
    expect(refusal(() => assertSameTarget({ emulator: true }, azure, 's.json')).message).toContain(
      'records a deployment on Azure AzureCloud',
    );
  });
});

describe('the embedded emulator data of a state file', () => {
  it('is .<state file name>.emulator beside the real file (symlinks followed)', () => {
    mkdirSync(join(work, 'real'));
    symlinkSync(join(work, 'real', 'a.json'), join(work, 'link.json'));
    expect(defaultEmulatorData(join(work, 'b.json'))).toBe(join(work, '.b.json.emulator'));
    expect(defaultEmulatorData(join(work, 'link.json'))).toBe(join(work, 'real', '.a.json.emulator'));
  });

  it('two states that recorded one shared directory (written before) never run two emulators on it at once', async () => {
    const shared = join(work, 'shared-emulator');
    const recorded: CloudTarget = { kind: 'emulator', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:1', emulatorData: shared };
    const env = { SECURE_AKS_EMULATOR_SPEED: '1000' };
    const first = await resolveTarget(none, recorded, join(work, 'one.json'), env);
    try {
      const err = await resolveTarget(none, recorded, join(work, 'two.json'), env).then(
        (t) => t.close().then(() => undefined),
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LockError);
      expect((err as LockError).message).toContain("holds the embedded emulator's data lock");
    } finally {
      await first.close();
    }
    await (await resolveTarget(none, recorded, join(work, 'two.json'), env)).close();
  });

  it('a state written before keeps the directory it recorded', async () => {
    const legacy = join(work, 'emulator');
    const recorded: CloudTarget = { kind: 'emulator', cloud: 'AzureCloud', armEndpoint: 'https://127.0.0.1:1', emulatorData: legacy };
    const t = await resolveTarget(none, recorded, join(work, 'old.json'), { SECURE_AKS_EMULATOR_SPEED: '1000' });
    try {
      expect(t.target.emulatorData).toBe(legacy);
      expect(t.target.caFile).toBe(join(legacy, 'ca.pem'));
    } finally {
      await t.close();
    }
  });
});
