import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SecureAksError } from '../core/errors.js';

/**
 * The jumphost's SSH key pair: ed25519, generated locally, the private key written once in OpenSSH's own
 * format (`ssh -i` and `az network bastion ssh --ssh-key` read it on every OpenSSH version) with mode 0600.
 * Only the public key ever leaves this module; the private key never reaches state, outputs or logs.
 */
export interface SshPublicKey {
  /** `ssh-ed25519 AAAA... comment`, the line that goes into authorized_keys. */
  openSsh: string;
}

const KEY_TYPE = 'ssh-ed25519';
const PEM_LABEL = 'OPENSSH PRIVATE KEY';
const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

function sshString(data: Buffer | string): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return Buffer.concat([len, body]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function publicBlob(pub: Buffer): Buffer {
  return Buffer.concat([sshString(KEY_TYPE), sshString(pub)]);
}

/** The authorized_keys line for a raw 32-byte ed25519 public key. */
export function openSshPublicKey(pub: Buffer, comment: string): string {
  return `${KEY_TYPE} ${publicBlob(pub).toString('base64')} ${comment}`;
}

/** An unencrypted `openssh-key-v1` private key file (the format `ssh-keygen -t ed25519` writes). */
export function encodeOpenSshPrivateKey(seed: Buffer, pub: Buffer, comment: string): string {
  const check = randomBytes(4);
  let secret = Buffer.concat([
    check,
    check,
    sshString(KEY_TYPE),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ]);
  // Pad with 1, 2, 3... to the cipher block size (8 for "none").
  const pad = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);
  const body = Buffer.concat([
    MAGIC,
    sshString('none'),
    sshString('none'),
    sshString(Buffer.alloc(0)),
    uint32(1),
    sshString(publicBlob(pub)),
    sshString(secret),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return `-----BEGIN ${PEM_LABEL}-----\n${lines.join('\n')}\n-----END ${PEM_LABEL}-----\n`;
}

/** Reads the public key (and comment) back from an OpenSSH private key file, without touching the secret part. */
export function publicKeyFromOpenSshPrivateKey(pem: string): { pub: Buffer; comment: string } | undefined {
  const b64 = pem.match(new RegExp(`-----BEGIN ${PEM_LABEL}-----([\\s\\S]*?)-----END ${PEM_LABEL}-----`))?.[1];
  if (!b64) return undefined;
  const buf = Buffer.from(b64.replace(/\s+/g, ''), 'base64');
  if (!buf.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  try {
    const outer = reader(buf, MAGIC.length);
    const cipher = outer.next().toString();
    outer.next(); // kdf name
    outer.next(); // kdf options
    outer.skip(4); // number of keys
    const blob = reader(outer.next(), 0);
    if (blob.next().toString() !== KEY_TYPE) return undefined;
    const pub = blob.next();
    let comment = '';
    if (cipher === 'none') {
      const secret = reader(outer.next(), 8); // after the two check integers
      secret.next(); // key type
      secret.next(); // public key
      secret.next(); // private key
      comment = secret.next().toString('utf8');
    }
    return { pub: Buffer.from(pub), comment };
  } catch {
    return undefined; // truncated or malformed file
  }
}

/** Sequential reader of SSH wire-format strings (uint32 length + bytes). */
function reader(buf: Buffer, start: number): { next(): Buffer; skip(n: number): void } {
  let off = start;
  return {
    next() {
      const len = buf.readUInt32BE(off);
      if (off + 4 + len > buf.length) throw new RangeError('truncated');
      const out = buf.subarray(off + 4, off + 4 + len);
      off += 4 + len;
      return out;
    },
    skip(n: number) {
      off += n;
    },
  };
}

/**
 * Returns the public key of the jumphost key at `path`, creating the pair first when the file does not
 * exist. An existing file is reused (a re-run must not lock the user out of a VM created earlier); a file
 * that is not an ed25519 OpenSSH key is an error the user resolves, never something we overwrite.
 */
export async function ensureSshKey(path: string, comment: string): Promise<SshPublicKey> {
  const existing = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (existing !== undefined) {
    const parsed = publicKeyFromOpenSshPrivateKey(existing);
    if (!parsed) {
      throw new SecureAksError('SshKeyUnreadable', `The jumphost SSH key file ${path} is not an unencrypted ed25519 OpenSSH private key.`, {
        source: 'user',
        remediation: 'Move the file away (a new key pair is then generated) or replace it with the key the jumphost was created with.',
      });
    }
    // Tighten permissions if someone loosened them; ssh refuses world-readable keys anyway.
    await chmod(path, 0o600);
    return { openSsh: openSshPublicKey(parsed.pub, parsed.comment || comment) };
  }

  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url');
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // 'wx': never clobber a key another process wrote in the meantime; mode 0600 from the first byte.
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(encodeOpenSshPrivateKey(seed, pub, comment), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(path, 0o600); // the umask may have narrowed the mode; make it exactly 0600
  return { openSsh: openSshPublicKey(pub, comment) };
}
