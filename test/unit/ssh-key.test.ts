import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureSshKey, publicKeyFromOpenSshPrivateKey } from '../../src/state/ssh-key.js';

function hasSshKeygen(): boolean {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // ssh-keygen -? exits non-zero but exists; ENOENT means it is absent.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

describe('jumphost SSH key', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ssh-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes an OpenSSH ed25519 private key with mode 0600 and returns only the public line', async () => {
    const path = join(dir, 'sub', 'aks-jumphost.key');
    const key = await ensureSshKey(path, 'secure-aks');
    expect(key.openSsh).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/=]+ secure-aks$/);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const pem = await readFile(path, 'utf8');
    expect(pem).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(JSON.stringify(key)).not.toContain('OPENSSH PRIVATE KEY');
  });

  it('reuses an existing key file instead of generating a new pair', async () => {
    const path = join(dir, 'k');
    const first = await ensureSshKey(path, 'secure-aks');
    const before = await readFile(path, 'utf8');
    const second = await ensureSshKey(path, 'other-comment');
    expect(second.openSsh).toBe(first.openSsh);
    expect(await readFile(path, 'utf8')).toBe(before);
  });

  it('refuses a file that is not an OpenSSH ed25519 key and leaves it alone', async () => {
    const path = join(dir, 'k');
    await writeFile(path, 'not a key', { mode: 0o600 });
    await expect(ensureSshKey(path, 'x')).rejects.toMatchObject({ code: 'SshKeyUnreadable' });
    expect(await readFile(path, 'utf8')).toBe('not a key');
    expect(publicKeyFromOpenSshPrivateKey('-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----')).toBeUndefined();
  });

  it.skipIf(!hasSshKeygen())('is readable by ssh-keygen, which derives the same public key', async () => {
    const path = join(dir, 'k');
    const key = await ensureSshKey(path, 'secure-aks');
    const derived = execFileSync('ssh-keygen', ['-y', '-f', path], { encoding: 'utf8' }).trim();
    expect(key.openSsh.startsWith(derived.split(' ').slice(0, 2).join(' '))).toBe(true);
  });
});
