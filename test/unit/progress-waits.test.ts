/** What a step's line says around its waits (src/azure/waits.ts): the open wait owns it, an ended wait says so. */
import { describe, expect, it } from 'vitest';
import { resumeOpenWait, waitingFor, waitOver } from '../../src/azure/waits.js';

const host = () => {
  const lines: string[] = [];
  return { lines, progress: (m: string) => void lines.push(m) };
};

describe('waits', () => {
  it('announces a wait, adds what a poll reads, and says what it came to', async () => {
    const h = host();
    await waitingFor(
      h,
      'firewall afw-x to provision',
      async (say) => {
        say('Updating');
        say('Succeeded');
      },
      { done: 'firewall afw-x: provisioned' },
    );
    expect(h.lines).toEqual([
      'waiting for firewall afw-x to provision',
      'waiting for firewall afw-x to provision (Updating)',
      'waiting for firewall afw-x to provision (Succeeded)',
      'firewall afw-x: provisioned',
    ]);
  });

  it('a short write beside an open wait hands the line back to it; the wait ending last says done', async () => {
    const h = host();
    let release = () => {};
    const firewall = waitingFor(h, 'firewall afw-x to be created', () => new Promise<void>((r) => (release = r)), {
      done: 'firewall afw-x: Succeeded',
    });
    h.progress('route rt-x/default: creating');
    resumeOpenWait(h);
    await waitingFor(h, 'step nsg to finish', async () => undefined, { done: 'step nsg finished' });
    waitOver(h, 'subnet x: done after 2 tries');
    release();
    await firewall;
    expect(h.lines).toEqual([
      'waiting for firewall afw-x to be created',
      'route rt-x/default: creating',
      'waiting for firewall afw-x to be created',
      'waiting for step nsg to finish',
      // The inner wait ended while the firewall's is open: the line is the firewall's again, not "finished".
      'waiting for firewall afw-x to be created',
      'waiting for firewall afw-x to be created',
      'firewall afw-x: Succeeded',
    ]);
  });

  it('a failed wait leaves the line to the failure, and each step (progress callback) has its own waits', async () => {
    const a = host();
    const b = host();
    const held = waitingFor(a, 'cluster c to be created', () => new Promise<void>(() => undefined));
    await expect(waitingFor(b, 'VM v to be created', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(b.lines).toEqual(['waiting for VM v to be created']);
    resumeOpenWait(b);
    expect(b.lines).toHaveLength(1);
    expect(a.lines).toEqual(['waiting for cluster c to be created']);
    void held;
  });
});
