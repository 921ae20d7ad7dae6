/**
 * The bearer token Azurite's OAuth check accepts (issuer, audience, lifetime; it never checks a signature),
 * shared by the CLI (a blob state on a loopback endpoint) and the ARM emulator (which creates containers in
 * the Azurite linked beside it). It is only ever sent to a loopback endpoint, and like any token never
 * written to state, output or logs.
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';

/** The tenant Azurite's token check accepts our emulator tokens from (any GUID under sts.windows.net). */
const EMULATOR_TENANT = '00000000-0000-0000-0000-0000000000e1';

export const emulatorStorageCredential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    const now = Math.floor(Date.now() / 1000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = {
      aud: 'https://storage.azure.com',
      iss: `https://sts.windows.net/${EMULATOR_TENANT}/`,
      iat: now,
      nbf: now - 60,
      exp: now + 3600,
      oid: '00000000-0000-0000-0000-0000000000a1',
      tid: EMULATOR_TENANT,
    };
    return { token: `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.emulator`, expiresOnTimestamp: (now + 3600) * 1000 };
  },
};
