import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../helpers/cli-main.js';
import { assertBuilt } from './run-cli.js';
import { KEY, spawnInPty, stripAnsi, type PtySession } from './pty.js';
import { INSTANT_EMBEDDED_EMULATOR } from '../helpers/speeds.js';

let work: string;
beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'secure-aks-e2e-pty-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EMU = INSTANT_EMBEDDED_EMULATOR;

/** The production option questions, each answered with Enter: the offered tier, no user pool, no add-on. */
async function takeOptionDefaults(t: PtySession, zones = true): Promise<void> {
  await t.expect(/AKS pricing tier:[\s\S]*Premium/);
  t.send(KEY.enter);
  // Offered only where the region and the size have zones (eastus and the default size do); the first
  // choice spreads the system pool over all of them.
  if (zones) {
    await t.expect(/Availability zones of the system pool \(Standard_D4ds_v5 in eastus\)[\s\S]*zones 1,2,3[\s\S]*none/);
    t.send(KEY.enter);
  }
  await t.expect(/Add a user node pool for your workloads\?/);
  t.send(KEY.enter);
  await t.expect(/Add-ons \(space ticks one[\s\S]*Key Vault secrets provider/);
  t.send(KEY.enter);
}

describe('interactive init in a pseudo-terminal (built CLI, embedded emulator)', () => {
  it('asks with pickers filled from Azure, goes back from the summary to edit a value, then builds', async () => {
    const t = spawnInPty(['init', '--emulator', '--save-config', 'answers.yaml'], { cwd: work, env: { ...EMU } });
    await t.expect(/Subscription: Emulator subscription/);
    await t.expect(/AKS cluster name.*\(aks-secure\)/);
    // Validated as typed, with the same rule as --name: a bad name is refused in place.
    t.send(`-bad${KEY.enter}`);
    await t.expect(/not a valid AKS cluster name/);
    t.send(`${KEY.backspace.repeat(4)}aks-pty${KEY.enter}`);
    await t.expect(/Resource group to create or reuse.*\(rg-aks-pty\)/);
    t.send(KEY.enter);
    const regions = await t.expect(/Region \(offering AKS and Azure Firewall\)[\s\S]*West US 2\s+westus2\s+zones 1,2,3/);
    expect(regions).toMatch(/East US\s+eastus\s+zones 1,2,3/);
    t.send(KEY.enter);
    await t.expect(/Number of nodes.*\(2\)/);
    t.send(KEY.enter);
    const sizes = await t.expect(/Node VM size \(offered in eastus\)[\s\S]*Standard_D8ds_v5/);
    expect(sizes).toMatch(/❯ Standard_D4ds_v5\s+4 vCPU\s+16 GB/);
    t.send(KEY.enter);
    await t.expect(/Kubernetes version \(offered in eastus\)[\s\S]*1\.33\.3\s+newest non-preview/);
    t.send(KEY.enter);
    await takeOptionDefaults(t);

    const summary = await t.expect(/Create these resources\?[\s\S]*Cancel/);
    expect(summary).toMatch(/virtual network\s+vnet-aks-pty 10\.42\.0\.0\/16/);
    expect(summary).toMatch(/Estimated monthly cost \(an ESTIMATE/);
    // 2 x 4 vCPU nodes, their upgrade surge node (maxSurge 10%) and the 2 vCPU jumphost.
    expect(summary).toMatch(/Preflight[\s\S]*vCPU quota in eastus: 14 needed/);
    // Back from the summary: Edit a value (the cursor starts on Cancel) -> the VNet range; the subnets follow it.
    t.send(KEY.up + KEY.enter);
    await t.expect(/Which value\?[\s\S]*Cluster DNS address/);
    t.send(KEY.down.repeat(4) + KEY.enter);
    await t.expect(/Address space of the virtual network.*\(10\.42\.0\.0\/16\)/);
    t.send(`10.50.0.0/33${KEY.enter}`);
    await t.expect(/prefix|\/33|not a valid/i);
    t.send(`${KEY.backspace.repeat(2)}16${KEY.enter}`);
    const edited = await t.expect(/Create these resources\?[\s\S]*Cancel/);
    expect(edited).toMatch(/vnet-aks-pty 10\.50\.0\.0\/16/);
    expect(edited).toMatch(/snet-aks-nodes\s+10\.50\.1\.0\/24/);
    expect(edited).toMatch(/AzureFirewallSubnet\s+10\.50\.0\.0\/26/);
    // Create is two up from Cancel, where the cursor starts.
    t.send(KEY.up + KEY.up + KEY.enter);

    await t.expect(/How to reach cluster aks-pty/, 60_000);
    expect(await t.exited).toBe(0);
    // Commands too long for the terminal break between arguments with \ continuations: read them joined.
    const shown = stripAnsi(t.raw()).replace(/ \\\r?\n\s+/g, ' ');
    expect(shown).toMatch(
      /az network bastion ssh --name bas-aks-pty --resource-group rg-aks-pty --target-resource-id \/subscriptions\/.*\/virtualMachines\/vm-aks-pty-jump --auth-type ssh-key --username azureuser --ssh-key \.secure-aks\/state\.json\.aks-pty-jumphost\.key/,
    );
    expect(shown).toMatch(/az aks command invoke --resource-group rg-aks-pty --name aks-pty/);
    expect(shown).toMatch(/kubelogin convert-kubeconfig -l azurecli/);

    // The answers, saved as YAML, drive the same deployment in CI: no prompt, no writes.
    const saved = readFileSync(join(work, 'answers.yaml'), 'utf8');
    expect(saved).toMatch(/^vnetCidr: 10\.50\.0\.0\/16$/m);
    expect(saved).toMatch(/^kubernetesVersion: 1\.33\.3$/m);
    expect(saved).toMatch(/^zones:\n {2}- "?1"?\n {2}- "?2"?\n {2}- "?3"?$/m);
    expect(saved).not.toMatch(/subscription/);
    // The saved answers replayed in-process: the terminal was the point above, not here.
    const again = await runMain(['init', '--emulator', '--non-interactive', '--yes', '-o', 'json', '--config', 'answers.yaml'], EMU, {
      cwd: work,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).status).toBe('done');
  }, 120_000);

  it('asks the tier, a user pool with its size and count, and the add-ons in one list; the summary says each', async () => {
    const cwd = mkdtempSync(join(work, 'options-'));
    const t = spawnInPty(
      ['init', '--emulator', '-n', 'aks-o', '-g', 'rg-o', '-l', 'eastus', '--node-count', '1', '--node-vm-size', 'Standard_D2s_v5'],
      { cwd, env: EMU },
    );
    await t.expect(/Kubernetes version \(offered in eastus\)/);
    t.send(KEY.enter);
    const tiers = await t.expect(/AKS pricing tier:[\s\S]*Premium\s+uptime SLA \+ long-term support; ~0\.60 USD/);
    expect(tiers).toMatch(/Standard\s+uptime SLA; ~0\.10 USD per cluster-hour/);
    // The highlighted tier is explained in full under the list.
    expect(tiers).toMatch(/Free: no SLA, best effort/);
    // The embedded emulator is a demo: the cursor starts on Free; Premium is two below.
    expect(tiers).toMatch(/❯ Free/);
    t.send(KEY.down.repeat(2) + KEY.enter);
    await t.expect(/Availability zones of the system pool \(Standard_D2s_v5 in eastus\)[\s\S]*none/);
    t.send(KEY.enter);
    await t.expect(/Add a user node pool for your workloads\?/);
    t.send(`y${KEY.enter}`);
    await t.expect(/User pool VM size \(offered in eastus\)[\s\S]*❯ Standard_D2s_v5/);
    t.send(KEY.enter);
    await t.expect(/Number of user pool nodes.*\(2\)/);
    t.send(`${KEY.backspace}3${KEY.enter}`);
    // One line per add-on; the highlighted one's words and firewall names under the list.
    const list = await t.expect(
      /Add-ons \(space ticks one[\s\S]*Key Vault secrets provider[\s\S]*firewall: \*\.ods\.opinsights\.azure\.com/,
    );
    expect(list).toMatch(/node and container logs and metrics to Log Analytics/);
    // Tick Container Insights (the first) and the Key Vault secrets provider (the fourth).
    t.send(` ${KEY.down.repeat(3)} ${KEY.enter}`);

    const shown = await t.expect(/Create these resources\?[\s\S]*Cancel/);
    const summary = shown.slice(shown.indexOf('secure-aks will build'));
    expect(summary).toMatch(/pricing tier\s+Premium: the Standard SLA plus long-term support/);
    expect(summary).toMatch(/user pool\s+user, 3 x Standard_D2s_v5, for workloads/);
    expect(summary).toMatch(/Container Insights\s+Azure Monitor: logs and metrics to Log Analytics workspace log-aks-o \(new\)/);
    expect(summary).toMatch(/Key Vault CSI\s+Key Vault secrets provider \(CSI driver\)/);
    expect(summary).not.toMatch(/Defender|Azure Policy/);
    expect(summary).toMatch(/AKS Premium tier \(SLA \+ long-term support\)\s+~440 USD/);
    expect(summary).toMatch(/\$\?\s+Container Insights logs \(Log Analytics\)\s+~2\.30 USD per GB ingested, depends on volume/);
    t.send(KEY.enter);
    expect(await t.exited).toBe(130);
    expect(existsSync(join(cwd, '.secure-aks', 'state.json'))).toBe(false);
  }, 60_000);

  it('Cancel at the summary creates nothing', async () => {
    const cwd = mkdtempSync(join(work, 'cancel-'));
    const t = spawnInPty(
      [
        'init',
        '--emulator',
        '-n',
        'aks-c',
        '-g',
        'rg-c',
        '-l',
        'westeurope',
        '--node-vm-size',
        'Standard_D2s_v5',
        '--node-count',
        '1',
        '--kubernetes-version',
        '1.32',
        '--zones',
        '1,2,3',
      ],
      { cwd, env: EMU },
    );
    await takeOptionDefaults(t, false);
    await t.expect(/Create these resources\?[\s\S]*❯ Cancel/);
    // Enter alone cancels: a creating confirmation defaults to No.
    t.send(KEY.enter);
    expect(await t.exited).toBe(130);
    expect(stripAnsi(t.raw())).toMatch(/Nothing was changed/);
    expect(existsSync(join(cwd, '.secure-aks', 'state.json'))).toBe(false);
  }, 60_000);

  it('a preflight problem disables Create; editing the value clears it', async () => {
    const cwd = mkdtempSync(join(work, 'restricted-'));
    const t = spawnInPty(
      [
        'init',
        '--emulator',
        '-n',
        'aks-r',
        '-g',
        'rg-r',
        '-l',
        'uksouth',
        '--node-vm-size',
        'Standard_E4s_v5',
        '--node-count',
        '1',
        '--kubernetes-version',
        '1.33',
        '--zones',
        '1',
        '--no-test-deployment',
      ],
      { cwd, env: EMU },
    );
    await takeOptionDefaults(t, false);
    const blocked = await t.expect(/Preflight found problems\. What now\?[\s\S]*Cancel/);
    expect(blocked).toMatch(/VmSizeRestricted: --node-vm-size Standard_E4s_v5 is restricted in uksouth/);
    expect(blocked).toMatch(/Create.*fix the problems above first/);
    // The cursor starts on "Edit a value"; nodeVmSize is the 14th value.
    t.send(KEY.enter);
    await t.expect(/Which value\?/);
    t.send(KEY.down.repeat(13) + KEY.enter);
    const sizes = await t.expect(/Node VM size \(offered in uksouth\)[\s\S]*Standard_D8ds_v5/);
    expect(sizes).toMatch(/Standard_E4s_v5.*restricted in uksouth \(NotAvailableForSubscription\)/);
    t.send(KEY.up + KEY.enter);
    const ok = await t.expect(/Create these resources\?[\s\S]*Cancel/);
    expect(ok).toMatch(/1 x Standard_D8ds_v5|1 x Standard_D4s_v5|1 x Standard_D4ds_v5/);
    t.send(KEY.enter);
    expect(await t.exited).toBe(130);
  }, 60_000);
});
