/**
 * Storage credentials stay out of reach: redaction covers SAS signatures, account keys (alone or in a
 * connection string) and bearer headers; a --state or --state-endpoint carrying one is refused before any
 * request, and the refusal never repeats the secret part.
 */
import { describe, expect, it } from 'vitest';
import { SecureAksError } from '../../src/core/errors.js';
import { findSecrets, redactSecrets } from '../../src/core/secrets.js';
import { refuseCredentialsInEndpoint, refuseCredentialsInState } from '../../src/state/credential-refusal.js';
import { openStateBackend } from '../../src/state/open.js';

/** Azurite's published well-known key of devstoreaccount1 (a public value, the shape of any account key). */
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const SIG = 'k3VzZWNyZXRzaWduYXR1cmVoZXJlMTIzNA%3D';
const SAS = `sv=2025-11-05&ss=b&srt=sco&sp=rwdlac&se=2030-01-01T00:00:00Z&sig=${SIG}`;
const CONNECTION_STRING = `DefaultEndpointsProtocol=https;AccountName=stplatform;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`;
const JWT = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJhdWQiOiJodHRwczovL3N0b3JhZ2UuYXp1cmUuY29tIn0.emulator';

function refusal(fn: () => void): SecureAksError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SecureAksError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

/** Everything the refusal prints: its code, sentence and advice. */
const printed = (e: SecureAksError) => `${e.code} ${e.message} ${e.options.remediation ?? ''}`;

function expectHidden(e: SecureAksError): void {
  for (const secret of [SIG, ACCOUNT_KEY, 'sig=', 'sv=2025', 'AccountKey=', 'hunter2']) expect(printed(e)).not.toContain(secret);
  expect(e.exitCode).toBe(2);
}

describe('redaction of storage secrets', () => {
  it.each([
    ['a SAS in a URL', `https://st.blob.core.windows.net/c/p?${SAS}`, 'a shared access signature'],
    [
      'a SAS in a connection string',
      `BlobEndpoint=https://st.blob.core.windows.net/;SharedAccessSignature=sig=${SIG}`,
      'a shared access signature',
    ],
    ['an account key in a connection string', CONNECTION_STRING, 'a storage account key'],
    ['an account key alone', `the key ${ACCOUNT_KEY} leaked`, 'a storage account key'],
    ['a bearer header', 'authorization: Bearer abc.def-ghi_jkl~mno', 'a bearer token'],
    ['a bearer JWT', `Authorization: Bearer ${JWT}`, 'a bearer token'],
  ])('%s is redacted and found in a state document', (_what, text, why) => {
    const out = redactSecrets(text);
    expect(out).toContain(`[redacted: ${why}]`);
    for (const secret of [SIG, ACCOUNT_KEY, 'abc.def-ghi_jkl~mno', JWT]) expect(out).not.toContain(secret);
    expect(findSecrets({ note: text })).toHaveLength(1);
  });

  it('an SSH public key (a longer run of base64 ending in "=") is not taken for an account key', () => {
    const sshKey = `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${'C'.repeat(300)}${ACCOUNT_KEY} user@host`;
    expect(redactSecrets(sshKey)).toBe(sshKey);
    expect(findSecrets({ sshPublicKey: sshKey })).toEqual([]);
  });
});

describe('a --state carrying a credential is refused without showing it', () => {
  it('an az:// URL with a SAS query names the URL without it', () => {
    const e = refusal(() => refuseCredentialsInState(`az://stplatform/tfstate/prod.json?${SAS}`));
    expect(e.code).toBe('StateUrlHasQuery');
    expect(e.message).toContain('az://stplatform/tfstate/prod.json');
    expectHidden(e);
  });

  it('an az:// URL with a key before the account', () => {
    const e = refusal(() => refuseCredentialsInState('az://stplatform:hunter2@stplatform/tfstate/prod.json'));
    expect(e.code).toBe('StateUrlHasCredentials');
    expect(e.options.remediation).toContain('--state az://stplatform/tfstate/prod.json');
    expectHidden(e);
  });

  it('an https blob URL (with or without a SAS) says which az:// URL to use instead', () => {
    for (const url of [
      'https://stplatform.blob.core.windows.net/tfstate/prod.json',
      `https://stplatform.blob.core.windows.net/tfstate/prod.json?${SAS}`,
    ]) {
      const e = refusal(() => refuseCredentialsInState(url));
      expect(e.code).toBe('StateUrlNotAz');
      expect(e.message).toContain('taken as a local file path');
      expect(e.options.remediation).toContain('--state az://stplatform/tfstate/prod.json');
      expectHidden(e);
    }
  });

  it('any other URL, a connection string, an account key or a SAS-looking file name', () => {
    expect(refusal(() => refuseCredentialsInState('https://user:hunter2@example.com/state.json')).code).toBe('StateUrlNotAz');
    expectHidden(refusal(() => refuseCredentialsInState('https://user:hunter2@example.com/state.json')));
    expectHidden(refusal(() => refuseCredentialsInState(CONNECTION_STRING)));
    expect(refusal(() => refuseCredentialsInState(CONNECTION_STRING)).code).toBe('StateIsConnectionString');
    expect(refusal(() => refuseCredentialsInState(ACCOUNT_KEY)).code).toBe('StateIsAccountKey');
    expectHidden(refusal(() => refuseCredentialsInState(ACCOUNT_KEY)));
    expect(refusal(() => refuseCredentialsInState(`state.json?${SAS}`)).code).toBe('StateHasSas');
    expectHidden(refusal(() => refuseCredentialsInState(`state.json?${SAS}`)));
  });

  it('file paths and plain az:// URLs pass', () => {
    for (const ok of ['.secure-aks/state.json', '/tmp/a b/state.json', 'C:\\states\\prod.json', 'az://stplatform/tfstate/teams/prod.json'])
      expect(() => refuseCredentialsInState(ok)).not.toThrow();
  });

  it('openStateBackend refuses too (a backend opened without the CLI flags)', () => {
    expect(refusal(() => openStateBackend(`az://stplatform/tfstate/prod.json?${SAS}`)).code).toBe('StateUrlHasQuery');
  });
});

describe('a --state-endpoint carrying a credential is refused without showing it', () => {
  it.each([
    ['a SAS query', `https://127.0.0.1:10000/?${SAS}`],
    ['a user and password', 'https://devstoreaccount1:hunter2@127.0.0.1:10000'],
    ['a connection string', CONNECTION_STRING],
    ['a fragment', 'https://127.0.0.1:10000/#hunter2'],
  ])('%s', (_what, endpoint) => {
    const e = refusal(() => refuseCredentialsInEndpoint(endpoint));
    expect(e.code).toBe('StateEndpointHasCredentials');
    expectHidden(e);
  });

  it('a value that is not a URL is not repeated', () => {
    const e = refusal(() => refuseCredentialsInEndpoint('not a url hunter2'));
    expect(e.code).toBe('InvalidStateEndpoint');
    expectHidden(e);
  });

  it('a plain endpoint passes', () => {
    expect(() => refuseCredentialsInEndpoint('https://127.0.0.1:10000')).not.toThrow();
    expect(() => refuseCredentialsInEndpoint(undefined)).not.toThrow();
  });
});
