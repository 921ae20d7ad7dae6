/**
 * The emulator's own certificate authority and a leaf certificate for 127.0.0.1/localhost signed by it.
 * With a data directory both persist there and are reused on restart, so a client that trusted
 * `<dataDir>/ca.pem` keeps working. Keys are written with mode 0600 and never leave the directory.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';

export interface TlsMaterial {
  key: string;
  cert: string;
  caPem: string;
  /** `<dataDir>/ca.pem`, when a data directory is used. */
  caFile?: string;
}

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;
let inMemory: Promise<TlsMaterial> | undefined;

async function createMaterial(): Promise<TlsMaterial> {
  // Loaded only to make a new CA: the library costs about as much CPU to load as the rest of the emulator,
  // and a restart on an existing data directory (every command after the first on one store) needs none.
  const { generate } = await import('selfsigned');
  const notBeforeDate = new Date(Date.now() - 24 * 3600 * 1000);
  const notAfterDate = new Date(Date.now() + TEN_YEARS_MS);
  const ca = await generate([{ name: 'commonName', value: 'secure-aks ARM emulator CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { key: leaf.private, cert: leaf.cert, caPem: ca.cert, caKey: ca.private } as TlsMaterial & { caKey: string };
}

function stillValid(certPem: string): boolean {
  try {
    return new Date(new X509Certificate(certPem).validTo).getTime() > Date.now() + 24 * 3600 * 1000;
  } catch {
    return false;
  }
}

/** Loads the CA and leaf from `dataDir` (creating them on first use), or makes one in-memory pair per process. */
export async function ensureTls(dataDir?: string): Promise<TlsMaterial> {
  if (!dataDir) return (inMemory ??= createMaterial());
  mkdirSync(dataDir, { recursive: true });
  const files = {
    caPem: join(dataDir, 'ca.pem'),
    caKey: join(dataDir, 'ca-key.pem'),
    cert: join(dataDir, 'server.pem'),
    key: join(dataDir, 'server-key.pem'),
  };
  if (Object.values(files).every((f) => existsSync(f))) {
    const existing = {
      caPem: readFileSync(files.caPem, 'utf8'),
      cert: readFileSync(files.cert, 'utf8'),
      key: readFileSync(files.key, 'utf8'),
    };
    if (stillValid(existing.cert)) return { ...existing, caFile: files.caPem };
  }
  const m = (await createMaterial()) as TlsMaterial & { caKey: string };
  writeFileSync(files.caKey, m.caKey, { mode: 0o600 });
  writeFileSync(files.key, m.key, { mode: 0o600 });
  chmodSync(files.caKey, 0o600);
  chmodSync(files.key, 0o600);
  writeFileSync(files.cert, m.cert);
  writeFileSync(files.caPem, m.caPem);
  return { key: m.key, cert: m.cert, caPem: m.caPem, caFile: files.caPem };
}
