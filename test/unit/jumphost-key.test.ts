import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StepStatus } from '../../src/core/step.js';
import { jumphostKeyFile, jumphostKeyPath } from '../../src/state/jumphost-key.js';

const work = realpathSync(mkdtempSync(join(tmpdir(), 'secure-aks-key-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const bastion = (status: StepStatus) => ({ steps: { bastion: { status } } });

describe("a deployment's jumphost key file", () => {
  it('is named after the state file, so two state files in one directory never share one', () => {
    expect(jumphostKeyFile(join(work, 'a.json'), undefined, 'aks')).toBe('a.json.aks-jumphost.key');
    expect(jumphostKeyFile(join(work, 'b.json'), undefined, 'aks')).toBe('b.json.aks-jumphost.key');
    expect(jumphostKeyPath(join(work, 'a.json'), undefined, 'aks')).toBe(join(work, 'a.json.aks-jumphost.key'));
  });

  it('is what the state recorded, whatever the state file is called now', () => {
    expect(jumphostKeyFile(join(work, 'renamed.json'), { jumphostKeyFile: 'a.json.aks-jumphost.key', steps: {} }, 'aks')).toBe(
      'a.json.aks-jumphost.key',
    );
  });

  it('a state written before, whose jumphost step ran, keeps <cluster>-jumphost.key', () => {
    for (const status of ['done', 'failed', 'running'] as const)
      expect(jumphostKeyFile(join(work, 's.json'), bastion(status), 'aks')).toBe('aks-jumphost.key');
    for (const status of ['pending', 'skipped'] as const)
      expect(jumphostKeyFile(join(work, 's.json'), bastion(status), 'aks')).toBe('s.json.aks-jumphost.key');
  });

  it('sits beside the real state file when --state is a symlink', () => {
    mkdirSync(join(work, 'real'));
    symlinkSync(join(work, 'real', 'state.json'), join(work, 'link.json'));
    expect(jumphostKeyPath(join(work, 'link.json'), undefined, 'aks')).toBe(join(work, 'real', 'state.json.aks-jumphost.key'));
  });
});
