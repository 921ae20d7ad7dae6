/**
 * `--create-state-account`: the storage account, its blob service's soft delete, the private container
 * and the signed-in principal's data role, made through the real @azure/arm-storage client against the
 * emulator's Microsoft.Storage provider, before the run takes its lease on the state in Azurite (linked
 * to the emulator, so a container the management plane creates exists in the data plane too). The
 * account is Azurite's devstoreaccount1: the only account whose data plane the emulator world has.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageManagementClient } from '@azure/arm-storage';
import { emulatorCredential } from '../../src/azure/clients.js';
import { emulatorControl, emulatorRequest, type EmulatorControl } from '../../src/emulator/control-client.js';
import { EMULATOR_SUBSCRIPTION_ID, startEmulator } from '../../src/emulator/index.js';
import { startTestAzurite, type TestAzurite } from '../helpers/azurite.js';
import { ExitCode } from '../../src/core/errors.js';
import { containerClient } from '../../src/state/blob/access.js';
import { runMain, type MainResult } from '../helpers/cli-main.js';
import { deployArgs as unattendedArgs } from '../reliability/harness.js';
import { SPEED } from '../helpers/speeds.js';

const SUB = EMULATOR_SUBSCRIPTION_ID;
const DATA_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';
const ACCOUNT = 'devstoreaccount1';

let dataDir: string;
let cwd: string;
let emu: Awaited<ReturnType<typeof startEmulator>>;
let caFile: string;
let control: EmulatorControl;
let azurite: TestAzurite;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'secure-aks-acct-emu-'));
  cwd = mkdtempSync(join(tmpdir(), 'secure-aks-acct-cwd-'));
  emu = await startEmulator({ dataDir, speed: SPEED.instant });
  caFile = emu.caFile ?? join(dataDir, 'ca.pem');
  control = emulatorControl(emu.url, emu.caPem);
  azurite = await startTestAzurite();
  emu.linkBlobService({ endpoint: azurite.endpoint, caPem: azurite.caPem });
});

afterAll(async () => {
  await azurite?.close();
  await emu?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});

const arm = (method: string, path: string, body?: unknown) =>
  emulatorRequest(emu.url, emu.caPem, method, path, body, { authorization: 'Bearer test-token' });
const storageClient = () =>
  new StorageManagementClient(emulatorCredential, SUB, { endpoint: emu.url, tlsOptions: { ca: emu.caPem } } as never);

function deployArgs(command: 'init' | 'plan', name: string, container: string, ...extra: string[]): string[] {
  // A plan accepts --yes too (nothing to confirm), so both commands take the unattended flags.
  return [
    ...unattendedArgs({ url: emu.url, caFile }, `az://${ACCOUNT}/${container}/${name}.json`, [command], name),
    ...azurite.stateFlags,
    ...extra,
  ];
}

/** `-o json`: stdout is one JSON document. */
function oneJsonDocument(r: MainResult): any {
  expect(r.stdout.trimStart().startsWith('{'), r.stdout).toBe(true);
  return JSON.parse(r.stdout);
}

const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runMain(args, env, { cwd });
const resource = async (id: string) => (await control.resources()).find((r) => r.id.toLowerCase() === id.toLowerCase());
const rgId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg-${name}`;
const accountId = (name: string) => `${rgId(name)}/providers/Microsoft.Storage/storageAccounts/${ACCOUNT}`;

describe('the emulator serves Microsoft.Storage as Azure does', () => {
  it('checks names (AccountNameInvalid, AlreadyExists) and creates accounts with 202 + Location, polled to 200', async () => {
    const check = (name: string) =>
      arm('POST', `/subscriptions/${SUB}/providers/Microsoft.Storage/checkNameAvailability?api-version=2025-08-01`, {
        name,
        type: 'Microsoft.Storage/storageAccounts',
      });
    expect((await check('Bad_Name')).body).toMatchObject({ nameAvailable: false, reason: 'AccountNameInvalid' });
    expect((await check('stprobe1')).body).toEqual({ nameAvailable: true });

    // Like a fresh subscription, the emulator's starts without Microsoft.Storage registered (the product registers it).
    const unregistered = await arm('PUT', `/subscriptions/${SUB}/resourceGroups/rg-probe?api-version=2025-04-01`, {
      location: 'eastus',
    }).then(() =>
      arm(
        'PUT',
        `/subscriptions/${SUB}/resourceGroups/rg-probe/providers/Microsoft.Storage/storageAccounts/stprobe1?api-version=2025-08-01`,
        {
          location: 'eastus',
          kind: 'StorageV2',
          sku: { name: 'Standard_LRS' },
        },
      ),
    );
    expect(unregistered.body).toMatchObject({ error: { code: 'MissingSubscriptionRegistration' } });
    await control.setProviderState('Microsoft.Storage', 'Registered');
    const put = await arm(
      'PUT',
      `/subscriptions/${SUB}/resourceGroups/rg-probe/providers/Microsoft.Storage/storageAccounts/stprobe1?api-version=2025-08-01`,
      {
        location: 'eastus',
        kind: 'StorageV2',
        sku: { name: 'Standard_LRS' },
      },
    );
    expect(put.status).toBe(202);
    expect(put.body === undefined || put.body === '' || put.body === null).toBe(true);
    expect(String(put.headers.location)).toMatch(/\/providers\/Microsoft\.Storage\/locations\/eastus\//);
    // 18 Azure seconds at SPEED.instant: provisioned within milliseconds.
    await new Promise((r) => setTimeout(r, 50));
    const account = await storageClient().storageAccounts.getProperties('rg-probe', 'stprobe1');
    expect(account).toMatchObject({ name: 'stprobe1', kind: 'StorageV2', provisioningState: 'Succeeded' });
    expect((await check('stprobe1')).body).toMatchObject({
      nameAvailable: false,
      reason: 'AlreadyExists',
      message: 'The storage account named stprobe1 is already taken.',
    });

    // A global name: taken in another group is 409 StorageAccountAlreadyTaken.
    await arm('PUT', `/subscriptions/${SUB}/resourceGroups/rg-probe2?api-version=2025-04-01`, { location: 'eastus' });
    const again = await arm(
      'PUT',
      `/subscriptions/${SUB}/resourceGroups/rg-probe2/providers/Microsoft.Storage/storageAccounts/stprobe1?api-version=2025-08-01`,
      {
        location: 'eastus',
        kind: 'StorageV2',
        sku: { name: 'Standard_LRS' },
      },
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'StorageAccountAlreadyTaken' } });
    // An invalid container name, and an unknown api-version, are refused as Azure refuses them.
    const bad = await arm(
      'PUT',
      `/subscriptions/${SUB}/resourceGroups/rg-probe/providers/Microsoft.Storage/storageAccounts/stprobe1/blobServices/default/containers/Bad--Name?api-version=2025-08-01`,
      {},
    );
    expect(bad.status).toBe(400);
    const old = await arm(
      'GET',
      `/subscriptions/${SUB}/resourceGroups/rg-probe/providers/Microsoft.Storage/storageAccounts/stprobe1?api-version=2099-01-01`,
    );
    expect(old.body).toMatchObject({ error: { code: 'NoRegisteredProviderFound' } });
  });
});

describe('init --create-state-account', () => {
  const name = 'aks-team';
  const container = 'team-state';

  it('plan (asked through SECURE_AKS_CREATE_STATE_ACCOUNT) shows the account, container and data role as creates, writing nothing', async () => {
    await control.clearRequests();
    const r = await run(deployArgs('plan', name, container, '--detailed-exitcode'), { SECURE_AKS_CREATE_STATE_ACCOUNT: '1' });
    expect(r.code, r.stderr).toBe(ExitCode.planChanges);
    const doc = oneJsonDocument(r);
    const identity = doc.steps.find((s: any) => s.id === 'identity');
    expect(identity.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'create', resourceType: 'Microsoft.Storage/storageAccounts', name: ACCOUNT }),
        expect.objectContaining({
          action: 'create',
          resourceType: 'Microsoft.Storage/storageAccounts/blobServices/containers',
          name: `${ACCOUNT}/${container}`,
        }),
        expect.objectContaining({ action: 'create', resourceType: 'Microsoft.Authorization/roleAssignments' }),
      ]),
    );
    expect(
      (await control.requests()).filter((q) => q.method !== 'GET' && q.method !== 'HEAD' && !/checkNameAvailability/i.test(q.path)),
    ).toEqual([]);
  });

  it('creates group, account, soft delete, container and role before the lease, then writes the state there', async () => {
    await control.clearRequests();
    const r = await run(deployArgs('init', name, container, '--create-state-account'));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const doc = oneJsonDocument(r);
    const deploymentId = doc.deploymentId as string;

    const account = await resource(accountId(name));
    expect(account).toMatchObject({
      kind: 'StorageV2',
      sku: { name: 'Standard_ZRS' },
      tags: { 'managed-by': 'secure-aks', 'secure-aks-deployment': deploymentId },
      properties: {
        allowSharedKeyAccess: false,
        allowBlobPublicAccess: false,
        minimumTlsVersion: 'TLS1_2',
        supportsHttpsTrafficOnly: true,
        defaultToOAuthAuthentication: true,
      },
    });
    expect(await resource(`${accountId(name)}/blobServices/default`)).toMatchObject({
      properties: {
        deleteRetentionPolicy: { enabled: true, days: 30 },
        containerDeleteRetentionPolicy: { enabled: true, days: 30 },
        isVersioningEnabled: false,
      },
    });
    const containerId = `${accountId(name)}/blobServices/default/containers/${container}`;
    expect(await resource(containerId)).toMatchObject({ properties: { publicAccess: 'None' } });
    const roles = (await control.resources()).filter(
      (x) => x.type === 'Microsoft.Authorization/roleAssignments' && String(x.properties?.roleDefinitionId).endsWith(DATA_CONTRIBUTOR),
    );
    expect(roles).toHaveLength(1);
    expect(roles[0]!.properties?.scope.toLowerCase()).toBe(containerId.toLowerCase());
    // The group is this deployment's, as step 1 would have made it.
    expect(await resource(rgId(name))).toMatchObject({ tags: { 'managed-by': 'secure-aks', 'secure-aks-deployment': deploymentId } });

    // The lease needs the container: the state written there shows the store came first.
    const state = JSON.parse((await (await azurite.container(container)).getBlockBlobClient(`${name}.json`).downloadToBuffer()).toString());
    expect(state).toMatchObject({ deploymentId, config: { name } });
    expect(Object.values(state.steps).every((s: any) => s.status === 'done' || s.status === 'skipped')).toBe(true);
    const account202 = (await control.requests()).find((q) => q.method === 'PUT' && /storageAccounts\/devstoreaccount1$/i.test(q.path));
    expect(account202?.status).toBe(202);
    // No key or SAS anywhere in what the run printed.
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/AccountKey|sig=|SharedAccessSignature|listKeys/i);
  });

  it('a second init makes no write for them', async () => {
    await control.clearRequests();
    const r = await run(deployArgs('init', name, container, '--create-state-account'));
    expect(r.code, r.stderr).toBe(0);
    const writes = (await control.requests()).filter(
      (q) =>
        q.method !== 'GET' &&
        (/Microsoft\.Storage/i.test(q.path) || /roleAssignments/i.test(q.path) || /resourceGroups\/rg-aks-team$/i.test(q.path)),
    );
    expect(writes.filter((q) => !/checkNameAvailability/i.test(q.path))).toEqual([]);
  });

  it('plan on an existing store it cannot reach says so, instead of planning a new deployment', async () => {
    // The account and container exist (ARM says so), but the blob endpoint cannot be reached from here.
    const r = await run(
      deployArgs('plan', name, container, '--create-state-account', '--detailed-exitcode', '--state-endpoint', 'https://127.0.0.1:9'),
    );
    expect(r.code, r.stdout).toBe(ExitCode.usage);
    expect(oneJsonDocument(r).error.code).toBe('StateUnreachable');
  });

  it('refuses a name held outside the deployment group before any write (exit 2, naming it)', async () => {
    await control.clearRequests();
    const r = await run(deployArgs('init', 'aks-other', 'other-state', '--create-state-account'));
    expect(r.code).toBe(2);
    const doc = oneJsonDocument(r);
    expect(doc.error).toMatchObject({ code: 'StateAccountNameTaken' });
    expect(doc.error.message).toContain(ACCOUNT);
    expect(doc.error.message).toContain('rg-aks-other');
    expect((await control.requests()).filter((q) => q.method === 'PUT' || q.method === 'DELETE' || q.method === 'PATCH')).toEqual([]);
    expect(await resource(rgId('aks-other'))).toBeUndefined();
    expect(await (await containerClient(ACCOUNT, 'other-state', { endpoint: azurite.endpoint, caFile: azurite.caFile })).exists()).toBe(
      false,
    );
  });

  it('a local --state is refused with --create-state-account', async () => {
    const r = await run([
      'init',
      '--emulator',
      '--non-interactive',
      '--yes',
      '-g',
      'rg-x',
      '-n',
      'aks-x',
      '-l',
      'eastus',
      '--state',
      join(cwd, 's.json'),
      '--create-state-account',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--create-state-account creates the storage account of a shared state/);
  });

  it('destroy keeps the store that holds the state, says why and how to delete it, and writes its last state there', async () => {
    const r = await run(['destroy', '--state', `az://${ACCOUNT}/${container}/${name}.json`, ...azurite.stateFlags, '--yes', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = oneJsonDocument(r);
    const kept = doc.kept.find((k: any) => k.type === 'Microsoft.Storage/storageAccounts');
    expect(kept.reason).toMatch(/holds this deployment's state/);
    expect(kept.reason).toContain(`az storage account delete --name ${ACCOUNT} --resource-group rg-${name}`);
    expect(await resource(accountId(name))).toBeDefined();
    const state = JSON.parse((await (await azurite.container(container)).getBlockBlobClient(`${name}.json`).downloadToBuffer()).toString());
    expect(state.command).toBe('destroy');

    // The text report says it too, with the command to delete it.
    const text = await run(['destroy', '--state', `az://${ACCOUNT}/${container}/${name}.json`, ...azurite.stateFlags, '--yes']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout + text.stderr).toMatch(/devstoreaccount1[\s\S]*holds this deployment's state/);
    expect(text.stdout + text.stderr).toContain('az storage account delete --name devstoreaccount1');
  });
});
