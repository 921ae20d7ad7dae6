/** Plain HTTPS calls to the emulator, trusting its CA: the replayer speaks HTTP, not SDK. */
import { request } from 'node:https';
import type { Answer } from './compare.js';
import { flattenHeaders, parseJson } from './exchange.js';

export function send(baseUrl: string, caPem: string, method: string, pathAndQuery: string, body?: string): Promise<Answer> {
  const url = new URL(pathAndQuery, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: caPem,
        agent: false,
        headers: {
          // Any bearer token: the emulator checks presence, not signature.
          authorization: 'Bearer conformance-replay',
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers = flattenHeaders(res.headers as Record<string, string | string[]>);
          resolve({ status: res.statusCode ?? 0, headers, body: parseJson(Buffer.concat(chunks).toString('utf8')) });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
