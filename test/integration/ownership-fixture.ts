/**
 * init run in-process (the real run function, real SDK clients, non-interactive host, `-o json`) against a
 * test emulator, and what a user builds by hand before it: a VNet, a route table and an NSG of their own.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { InitOptions } from '../../src/cli/actions/init.js';
import { runInit } from '../../src/cli/actions/init.js';
import { runPlan } from '../../src/cli/actions/plan.js';
import { BufferedOutput } from '../../src/cli/render/output.js';
import type { TestEmulator } from '../helpers/emulator.js';

export interface InitRun {
  exit: number;
  out: BufferedOutput;
  json: any;
}

export const newStateFile = () => join(mkdtempSync(join(tmpdir(), 'secure-aks-own-')), 'state.json');

/** `secure-aks init --yes --non-interactive -o json --arm-endpoint <emu>` with these config flags (or plan). */
export async function runInitCli(
  emu: TestEmulator,
  stateFile: string,
  values: Record<string, unknown>,
  command: 'init' | 'plan' = 'init',
): Promise<InitRun> {
  const out = new BufferedOutput();
  const options: InitOptions = {
    common: { state: stateFile, output: 'json', yes: true, nonInteractive: true, verbose: false, color: false },
    target: { emulator: false, armEndpoint: emu.url, armCa: emu.caFile },
    values: { location: 'eastus', jumphost: false, bastion: false, testDeployment: false, ...values },
  };
  const ctx = { output: out, env: {}, signal: new AbortController().signal, setExit: () => undefined };
  const exit = command === 'init' ? await runInit(ctx, options) : await runPlan(ctx, options);
  return { exit, out, json: out.stdout.trim() ? JSON.parse(out.stdout) : undefined };
}

export const LRO = { updateIntervalInMs: 20 };

/** Requests that change something (the emulator's request log). */
export async function writes(emu: TestEmulator): Promise<string[]> {
  return (await emu.control.requests())
    .filter((r) => !['GET', 'HEAD'].includes(r.method) && !r.path.startsWith('/_emulator'))
    .map((r) => `${r.method} ${r.path}`);
}

/** The properties of a route table, NSG and VNet that adoption may change and destroy must restore. */
export async function snapshot(net: NetworkManagementClient, rg: string, names: { vnet: string; routeTable: string; nsg: string }) {
  const [rt, nsg, vnet] = await Promise.all([
    net.routeTables.get(rg, names.routeTable),
    net.networkSecurityGroups.get(rg, names.nsg),
    net.virtualNetworks.get(rg, names.vnet),
  ]);
  const ids = (list: Array<{ id?: string }> | undefined) => (list ?? []).map((s) => s.id!.toLowerCase()).sort();
  return {
    routeTable: {
      tags: rt.tags,
      routes: (rt.routes ?? []).map((r) => ({
        name: r.name,
        addressPrefix: r.addressPrefix,
        nextHopType: r.nextHopType,
        nextHopIpAddress: r.nextHopIpAddress,
      })),
      subnets: ids(rt.subnets),
    },
    nsg: {
      tags: nsg.tags,
      rules: (nsg.securityRules ?? []).map((r) => ({
        name: r.name,
        priority: r.priority,
        direction: r.direction,
        access: r.access,
        source: r.sourceAddressPrefix,
        ports: r.destinationPortRange,
      })),
      subnets: ids(nsg.subnets),
    },
    vnet: {
      tags: vnet.tags,
      addressPrefixes: vnet.addressSpace?.addressPrefixes,
      subnets: (vnet.subnets ?? []).map((s) => ({
        name: s.name,
        prefix: s.addressPrefix,
        routeTable: s.routeTable?.id?.toLowerCase(),
        nsg: s.networkSecurityGroup?.id?.toLowerCase(),
      })),
    },
  };
}
