/**
 * A deployment on a blob state, every command with --verbose, with storage credentials planted in the
 * environment: no bearer token, account key or SAS in the output, the run logs, the state blob, its
 * metadata or any kept version; every storage request carries Entra ID bearer auth (Azurite would take a
 * SharedKey or SAS too: the planted key is its real one); a storage failure printed with --verbose shows
 * no token; a --state or --state-endpoint holding a credential is refused before any request, unshown.
 *
 * The requests are seen by a TLS-terminating recorder between the CLI and Azurite (the HTTP boundary),
 * which keeps only each request's method, path and the scheme of its Authorization header.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointFlags, runMain, type MainResult } from '../helpers/cli-main.js';
import { useTestAzurite } from '../helpers/azurite.js';
import { useTestEmulator } from '../helpers/emulator.js';
import { SPEED } from '../helpers/speeds.js';

const emu = useTestEmulator({ speed: SPEED.instant, resetBeforeEach: false });
const azurite = useTestAzurite();

/** Azurite's published well-known key of devstoreaccount1: the one key Azurite would really accept. */
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const FAKE_SIG = 'cGxhbnRlZHNhc3NpZ25hdHVyZWZvcnRlc3Rz%3D';
const FAKE_SAS = `sv=2025-11-05&ss=b&srt=sco&sp=rwdlacx&se=2030-01-01T00%3A00%3A00Z&spr=https&sig=${FAKE_SIG}`;
/** What a careless environment holds: every SDK-known way to authorize with a key or SAS. */
const PLANTED = {
  AZURE_STORAGE_ACCOUNT: 'devstoreaccount1',
  AZURE_STORAGE_KEY: AZURITE_KEY,
  AZURE_STORAGE_ACCESS_KEY: AZURITE_KEY,
  AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=https://127.0.0.1:1/devstoreaccount1;`,
  AZURE_STORAGE_SAS_TOKEN: `?${FAKE_SAS}`,
};

const SECRET_SHAPES: Array<[string, RegExp]> = [
  ['a JWT (the storage or ARM token)', /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\./],
  ['a bearer header', /Bearer\s/i],
  ["Azurite's account key", new RegExp(AZURITE_KEY.replace(/[+/]/g, '\\$&'))],
  ['the planted SAS signature', new RegExp(FAKE_SIG)],
  ['a SAS signature', /sig=/i],
  ['a SAS', /sv=\d{4}-\d\d-\d\d.*sig/],
  ['a connection string key', /AccountKey=/i],
  ['a SharedKey header', /SharedKey\s/],
];

interface Seen {
  method: string;
  path: string;
  /** The Authorization header's scheme ("Bearer", "SharedKey") or "none"; never its value. */
  scheme: string;
}

/** A TLS-terminating recorder in front of Azurite, on Azurite's own certificate. */
async function startRecorder(target: {
  port: number;
  caPem: string;
  caFile: string;
}): Promise<{ endpoint: string; seen: Seen[]; server: Server }> {
  const dir = dirname(target.caFile);
  const seen: Seen[] = [];
  const server = createServer(
    { cert: readFileSync(join(dir, 'server.pem')), key: readFileSync(join(dir, 'server-key.pem')) },
    (req, res) => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', scheme: req.headers.authorization?.split(' ')[0] ?? 'none' });
      const upstream = request(
        { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers, ca: target.caPem, agent: false },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

let work: string;
let recorder: Awaited<ReturnType<typeof startRecorder>>;
let container: ContainerClient;
const STATE = 'az://devstoreaccount1/secrets/teams/payments/prod.json';
const runs: Record<string, MainResult> = {};

const stateFlags = () => ['--state', STATE, '--state-endpoint', recorder.endpoint, '--state-ca', azurite.caFile];
const cli = (args: string[]) => runMain(args, PLANTED, { cwd: work });
const deployment = () => [
  ...endpointFlags(emu),
  '--non-interactive',
  '--yes',
  '--verbose',
  '-l',
  'eastus',
  '-g',
  'rg-bsec',
  '-n',
  'aks-bsec',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Metadata as stored and decoded (holder and summary are base64url JSON: a secret inside would hide from a raw search). */
function metadataText(metadata: Record<string, string> | undefined): string {
  return Object.entries(metadata ?? {})
    .map(([k, v]) => `${k}=${v} ${Buffer.from(v, 'base64url').toString('utf8')}`)
    .join('\n');
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'secure-aks-blob-secrets-'));
  recorder = await startRecorder(azurite);
  container = await azurite.container('secrets');
  runs.init = await cli(['init', ...deployment(), ...stateFlags()]);
  runs.plan = await cli(['plan', ...deployment(), ...stateFlags()]);
  runs.status = await cli(['status', '--verbose', '-o', 'json', ...stateFlags()]);
  runs.verify = await cli(['verify', '--verbose', '--no-in-cluster', ...stateFlags()]);
  runs.destroy = await cli(['destroy', '--non-interactive', '--yes', '--verbose', ...stateFlags()]);
}, 240_000);
afterAll(async () => {
  await new Promise((resolve) => recorder?.server.close(resolve));
  rmSync(work, { recursive: true, force: true });
});

describe('secrets over the blob backend', () => {
  it('init, plan, status, verify and destroy ran on the blob state with --verbose', () => {
    expect(runs.init!.code, runs.init!.stderr.slice(-2000)).toBe(0);
    expect(runs.init!.stderr).toMatch(/PUT .*managedClusters\/aks-bsec/);
    expect(runs.plan!.code, runs.plan!.stderr.slice(-2000)).toBe(0);
    expect(runs.status!.code, runs.status!.stderr.slice(-2000)).toBe(0);
    expect(runs.verify!.code, runs.verify!.stdout.slice(-2000)).toBe(0);
    expect(runs.destroy!.code, runs.destroy!.stderr.slice(-2000)).toBe(0);
  });

  it('every storage request carried Entra ID bearer auth: never SharedKey, a SAS or no auth, though all were in the environment', () => {
    expect(recorder.seen.length).toBeGreaterThan(10);
    expect(recorder.seen.filter((r) => r.scheme !== 'Bearer')).toEqual([]);
    expect(recorder.seen.filter((r) => /[?&]sig=/i.test(r.path))).toEqual([]);
    // Reads, conditional writes, the lease and a snapshot all went this way.
    expect(recorder.seen.some((r) => r.method === 'PUT' && /comp=lease/.test(r.path))).toBe(true);
    expect(recorder.seen.some((r) => r.method === 'PUT' && /comp=snapshot/.test(r.path))).toBe(true);
  });

  it('no token, key or SAS in the output, the run logs, the state blob, its metadata or any kept version', async () => {
    const blobName = 'teams/payments/prod.json';
    const texts: Array<[string, string]> = Object.entries(runs).flatMap(
      ([name, r]): Array<[string, string]> => [
        [`${name} stdout`, r.stdout],
        [`${name} stderr`, r.stderr],
      ],
    );
    const local = filesUnder(work).filter((f) => !f.endsWith('-jumphost.key'));
    expect(local.some((f) => /\.secure-aks\/az\/devstoreaccount1\/secrets\/teams\/payments\/logs\//.test(f))).toBe(true);
    for (const f of local) texts.push([relative(work, f), readFileSync(f, 'utf8')]);

    const blob = container.getBlockBlobClient(blobName);
    const props = await blob.getProperties();
    texts.push(['the state blob', (await blob.downloadToBuffer()).toString('utf8')], ['its metadata', metadataText(props.metadata)]);
    let versions = 0;
    for await (const item of container.listBlobsFlat({ prefix: blobName, includeSnapshots: true, includeMetadata: true })) {
      if (!item.snapshot) continue;
      versions++;
      const text = (await blob.withSnapshot(item.snapshot).downloadToBuffer()).toString('utf8');
      texts.push([`version ${item.snapshot}`, text], [`version ${item.snapshot} metadata`, metadataText(item.metadata)]);
    }
    expect(versions).toBeGreaterThanOrEqual(2);
    expect(texts.find(([name]) => name === 'the state blob')![1]).toContain('"deploymentId"');

    for (const [name, text] of texts) for (const [what, re] of SECRET_SHAPES) expect(re.test(text), `${name} contains ${what}`).toBe(false);
  });
});

describe('a storage failure printed with --verbose shows no token', () => {
  it.each([
    [
      'a missing container',
      () => [
        '--state',
        'az://devstoreaccount1/no-such-container/x.json',
        '--state-endpoint',
        recorder.endpoint,
        '--state-ca',
        azurite.caFile,
      ],
    ],
    [
      'an account Azurite does not serve',
      () => ['--state', 'az://nosuchaccount/secrets/x.json', '--state-endpoint', recorder.endpoint, '--state-ca', azurite.caFile],
    ],
    [
      'an endpoint nobody listens on',
      () => ['--state', 'az://devstoreaccount1/secrets/x.json', '--state-endpoint', 'https://127.0.0.1:9', '--state-ca', azurite.caFile],
    ],
  ])('%s', async (_what, flags) => {
    for (const output of ['text', 'json']) {
      const r = await cli(['status', '--verbose', '-o', output, ...flags()]);
      expect(r.code).toBe(2);
      // --verbose printed the stack (of the storage client's error where there is one): it holds no token either.
      if (output === 'text') expect(r.stderr).toMatch(/Error: .*\n\s+at /);
      for (const [what, re] of SECRET_SHAPES) expect(re.test(r.stdout + r.stderr), `the ${output} failure shows ${what}`).toBe(false);
      expect(r.stdout + r.stderr).not.toMatch(/authorization/i);
    }
  });
});

describe('a --state or --state-endpoint holding a credential is refused before any request, unshown', () => {
  it.each([
    ['an az:// URL with a SAS', ['--state', `az://devstoreaccount1/secrets/p.json?${FAKE_SAS}`], 'StateUrlHasQuery'],
    ['an https blob URL', ['--state', `https://devstoreaccount1.blob.core.windows.net/secrets/p.json?${FAKE_SAS}`], 'StateUrlNotAz'],
    ['a connection string', ['--state', PLANTED.AZURE_STORAGE_CONNECTION_STRING], 'StateIsConnectionString'],
    [
      'an endpoint with a SAS',
      ['--state', 'az://devstoreaccount1/secrets/p.json', '--state-endpoint', `https://127.0.0.1:10000/?${FAKE_SAS}`],
      'StateEndpointHasCredentials',
    ],
    [
      'an endpoint with a key as password',
      [
        '--state',
        'az://devstoreaccount1/secrets/p.json',
        '--state-endpoint',
        `https://devstoreaccount1:${encodeURIComponent(AZURITE_KEY)}@127.0.0.1:10000`,
      ],
      'StateEndpointHasCredentials',
    ],
  ])('%s', async (_what, flags, code) => {
    const before = recorder.seen.length;
    const files = filesUnder(work).length;
    const r = await cli(['status', '--verbose', '-o', 'json', '--state-ca', azurite.caFile, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(code);
    for (const [what, re] of SECRET_SHAPES) expect(re.test(r.stdout + r.stderr), `the refusal shows ${what}`).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(encodeURIComponent(AZURITE_KEY));
    expect(recorder.seen.length).toBe(before);
    // Nothing was created for it either (an https URL taken as a path would have made directories).
    expect(filesUnder(work).length).toBe(files);
  });
});
