/**
 * The last guard before the state file: refuse to write anything that looks like a secret. Steps are
 * written not to put secrets in outputs; this catches the mistake instead of persisting it. The error
 * names where the value sits, never the value.
 */
import { SecureAksError } from './errors.js';

const SECRET_KEY = /(password|passwd|secret|token|private_?key|api_?key|credential|connection_?string)/i;
const SECRET_VALUE: ReadonlyArray<[RegExp, string]> = [
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, 'a PEM private key'],
  // An Authorization header's value, whatever the token's shape.
  [/\bBearer\s+[A-Za-z0-9._~+/-]{8,}=*/, 'a bearer token'],
  [/\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+/, 'a JSON Web Token'],
  [/\bsig=[A-Za-z0-9%+/=]{10,}/, 'a shared access signature'],
  // A storage account key: in a connection string, or alone (64 bytes of base64, not part of a longer run such as an SSH public key).
  [/AccountKey=[A-Za-z0-9+/=]{20,}/i, 'a storage account key'],
  [/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/, 'a storage account key'],
];

/** A private key's body follows its header: the whole block goes, up to its END line (or the text's end). */
const REDACT_SPAN: Record<string, string> = {
  'a PEM private key': '-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$(?![\\s\\S]))',
};

/**
 * The text with every secret-looking part replaced by a marker naming what it looked like. Azure error
 * messages can quote a token or a signed URL; the failure is still worth journaling and showing, the
 * secret is not.
 */
export function redactSecrets(text: string): string {
  return SECRET_VALUE.reduce((out, [re, why]) => out.replace(new RegExp(REDACT_SPAN[why] ?? re.source, 'g'), `[redacted: ${why}]`), text);
}

/** Paths (like `steps.bastion.outputs.adminPassword`) of values that look like secrets. */
export function findSecrets(value: unknown, path = ''): Array<{ path: string; why: string }> {
  if (typeof value === 'string') {
    const hit = SECRET_VALUE.find(([re]) => re.test(value));
    return hit ? [{ path: path || '(root)', why: hit[1] }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => findSecrets(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const here = path ? `${path}.${k}` : k;
      if (SECRET_KEY.test(k) && typeof v === 'string' && v !== '') return [{ path: here, why: `a value under a "${k}" key` }];
      return findSecrets(v, here);
    });
  }
  return [];
}

export function assertNoSecrets(value: unknown): void {
  const found = findSecrets(value);
  if (found.length === 0) return;
  throw new SecureAksError(
    'SecretInState',
    `Refusing to write the state file: ${found.map((f) => `${f.path} looks like ${f.why}`).join('; ')}.`,
    { source: 'tool', remediation: 'This is a bug in secure-aks: secrets must never reach the state file. Please report it.' },
  );
}
