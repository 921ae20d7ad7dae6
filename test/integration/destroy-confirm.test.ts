import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/cli/session.js';
import { makeChalk } from '../../src/io/color.js';
import { RecordingIoHost } from '../../src/io/recording.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { deploy, readState, runDestroyCli, tagged, type Deployed } from './destroy-fixture.js';
import { SPEED } from '../helpers/speeds.js';

/** A person at a terminal, played by the recording host: it answers `destroy.confirm` as told. */
function person(answer: boolean): { io: RecordingIoHost; session: Session } {
  const io = new RecordingIoHost({ 'destroy.confirm': answer }, true);
  return { io, session: { io, chalk: makeChalk(false), errChalk: makeChalk(false) } };
}

const infoLines = (io: RecordingIoHost) => io.ofCode('info').map((e) => e.message);

describe('destroy asks before deleting (interactive, without --yes)', () => {
  const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
  let d: Deployed;
  const id = 'destroy-confirm-01';

  beforeAll(async () => {
    d = await deploy(emu, { resourceGroup: 'rg-confirm', name: 'aks-confirm', deploymentId: id });
  }, 180_000);

  it('lists every resource it will delete, then "no" deletes nothing: exit 130, zero writes', async () => {
    const owned = await tagged(emu, id);
    await emu.control.clearRequests();
    const { io, session } = person(false);
    const run = await runDestroyCli(d.stateFile, { yes: false, session });

    expect(run.exit).toBe(130);
    expect(run.json.error.code).toBe('Interrupted');
    expect(run.json.error.message).toMatch(/Nothing was deleted/);
    expect(io.requests.map((r) => `${r.kind}:${r.code}`)).toEqual(['confirm:destroy.confirm']);
    // Default No: pressing Enter keeps everything (a host that cannot ask is refused before the question).
    expect(io.requests[0]!.default).toBe(false);
    expect(run.json.error.message).toBe('Nothing was deleted.');

    const lines = infoLines(io);
    expect(lines[0]).toMatch(new RegExp(`^Deployment ${id}: \\d+ resource\\(s\\) will be deleted:$`));
    const count = Number(/: (\d+) resource/.exec(lines[0]!)![1]);
    expect(io.requests[0]!.message).toBe(`Delete these ${count} resource(s)?`);
    const listed = lines.filter((l) => l.startsWith('  - '));
    expect(listed).toHaveLength(count);
    // Everything tagged by this deployment is in the list, by type and name.
    // The node resource group (and what AKS put in it) is named on the cluster's line: AKS deletes it with the cluster.
    for (const rid of owned.filter((r) => !/\/resourcegroups\/mc_/i.test(r))) {
      const name = rid.split('/').pop()!;
      expect(
        listed.some((l) => l.includes(` ${name}`)),
        name,
      ).toBe(true);
    }
    expect(listed.find((l) => l.includes('/managedClusters aks-confirm'))).toMatch(/node resource group MC_rg-confirm_aks-confirm_eastus/);
    for (const kind of ['managedClusters', 'azureFirewalls', 'routeTables', 'bastionHosts', 'virtualMachines', 'resourceGroups']) {
      expect(
        listed.some((l) => l.includes(`/${kind} `)),
        kind,
      ).toBe(true);
    }

    expect((await emu.control.requests()).filter((r) => r.method === 'DELETE')).toEqual([]);
    expect((await emu.control.requests()).filter((r) => r.method !== 'GET')).toEqual([]);
    expect((await tagged(emu, id)).sort()).toEqual([...owned].sort());
    // The journal is untouched: the run never got past the question.
    expect((await readState(d.stateFile)).command).toBe('init');
  });

  it('"yes" deletes what was listed; afterwards there is nothing to ask about', async () => {
    const yes = person(true);
    const run = await runDestroyCli(d.stateFile, { yes: false, session: yes.session });
    expect(run.exit).toBe(0);
    expect(yes.io.requests.map((r) => r.code)).toEqual(['destroy.confirm']);
    expect(await tagged(emu, id)).toEqual([]);

    const again = person(false);
    const second = await runDestroyCli(d.stateFile, { yes: false, session: again.session });
    expect(second.exit).toBe(0);
    expect(again.io.requests).toEqual([]);
    expect(second.json.deleted).toEqual([]);
  });
});
