import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JUMPHOST_FQDN_RULES } from '../../src/azure/egress-fqdns.js';
import { jumphostCloudInit, jumphostVm } from '../../src/steps/desired/vm-jumphost.js';

const vm = jumphostVm({
  location: 'eastus',
  tags: { 'managed-by': 'secure-aks' },
  computerName: 'vm-demo-jump',
  nicId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-demo-jump',
  sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample secure-aks-demo',
});

describe('jumphost VM definition', () => {
  it('allows SSH public-key login only', () => {
    expect(vm.osProfile?.linuxConfiguration?.disablePasswordAuthentication).toBe(true);
    expect(vm.osProfile?.adminPassword).toBeUndefined();
    expect(vm.osProfile?.linuxConfiguration?.ssh?.publicKeys?.[0]?.keyData).toMatch(/^ssh-ed25519 /);
  });

  it('uses an Ubuntu LTS image, a small size and the NIC given (no public IP of its own)', () => {
    expect(vm.storageProfile?.imageReference).toMatchObject({
      publisher: 'Canonical',
      offer: expect.stringMatching(/ubuntu-2[24]_04-lts/),
    });
    expect(vm.hardwareProfile?.vmSize).toBe('Standard_B2s');
    expect(vm.networkProfile?.networkInterfaces).toEqual([expect.objectContaining({ id: expect.stringContaining('nic-demo-jump') })]);
    expect(JSON.stringify(vm)).not.toMatch(/publicIPAddress/i);
  });

  it('carries cloud-init (base64) that installs az, kubectl and kubelogin', () => {
    const text = Buffer.from(vm.osProfile!.customData!, 'base64').toString('utf8');
    expect(text).toBe(jumphostCloudInit());
    expect(text.startsWith('#cloud-config\n')).toBe(true);
    const doc = parse(text) as { runcmd: string[]; packages: string[] };
    const script = doc.runcmd.join('\n');
    expect(script).toContain('apt-get install -y azure-cli');
    expect(script).toContain('/usr/local/bin/kubectl');
    expect(script).toContain('/usr/local/bin/kubelogin');
  });

  it('downloads only from hosts the jumphost firewall rules allow', () => {
    const allowed = JUMPHOST_FQDN_RULES.flatMap((r) => r.fqdns);
    const hosts = [...jumphostCloudInit().matchAll(/https?:\/\/([^/\s"']+)/g)].map((m) => m[1]!);
    expect(hosts.length).toBeGreaterThan(0);
    for (const host of hosts) expect(allowed).toContain(host);
  });

  it('allows where GitHub release downloads (kubelogin) redirect to, old and new', () => {
    const github = JUMPHOST_FQDN_RULES.find((r) => r.fqdns.includes('github.com'))!;
    expect(github.fqdns).toEqual(expect.arrayContaining(['release-assets.githubusercontent.com', 'objects.githubusercontent.com']));
  });
});
