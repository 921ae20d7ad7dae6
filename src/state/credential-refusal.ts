/**
 * A blob state is reached with Microsoft Entra ID only, so a `--state` or `--state-endpoint` that carries a
 * credential (a SAS, an account key, a connection string, user:password@) is refused before any request,
 * and the refusal never repeats the secret part: messages, logs and the state itself all repeat `--state`.
 * An https:// blob URL is refused too: it is not a state location, and taken as a file path it would
 * create a local file named after it. Only node built-ins here (location.ts loads it).
 */
import { UsageError } from '../core/errors.js';

/** Keys of an Azure Storage connection string (https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string). */
const CONNECTION_STRING =
  /(^|;)\s*(DefaultEndpointsProtocol|AccountName|AccountKey|SharedAccessSignature|BlobEndpoint|UseDevelopmentStorage)\s*=/i;
/** A storage account key: 64 bytes in base64, alone. */
const ACCOUNT_KEY = /^[A-Za-z0-9+/]{86}==$/;
/** The signature of a SAS, wherever it sits (https://learn.microsoft.com/rest/api/storageservices/create-service-sas). */
const SAS_SIGNATURE = /[?&;]sig=/i;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
/** The blob endpoints of the public, China and US Government clouds: `<account>.blob.<suffix>`. */
const BLOB_HOST = /^([a-z0-9]{3,24})\.blob\.core\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)$/i;

const ENTRA_ONLY = 'secure-aks reaches Azure Storage with Microsoft Entra ID only (az login, a managed or workload identity)';

function refuse(code: string, message: string, remediation: string): never {
  throw new UsageError(code, message, remediation);
}

/** A URL without what may carry a credential: no user, password, query or fragment. */
function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

/** Throws when `state` carries or is a credential, or is a URL that is not az://. */
export function refuseCredentialsInState(state: string): void {
  if (CONNECTION_STRING.test(state))
    refuse(
      'StateIsConnectionString',
      'The --state value is a storage connection string; it was not used and is not shown.',
      `${ENTRA_ONLY}: pass --state az://<account>/<container>/<path>. Rotate the account key or SAS if it was shared.`,
    );
  if (ACCOUNT_KEY.test(state))
    refuse(
      'StateIsAccountKey',
      'The --state value looks like a storage account key; it was not used and is not shown.',
      `${ENTRA_ONLY}: pass --state az://<account>/<container>/<path>. Rotate the key if it was shared.`,
    );
  const scheme = SCHEME.exec(state)?.[1]?.toLowerCase();
  if (scheme === 'az') {
    const [authority = '', ...rest] = state.slice('az://'.length).split('/');
    const account = authority.split('@').pop()!.split(':')[0];
    const path = rest.join('/').split(/[?#]/)[0];
    const plain = `az://${account}/${path}`;
    if (authority.includes('@') || authority.includes(':'))
      refuse(
        'StateUrlHasCredentials',
        `--state ${plain} carries a user or key before the account name; it was not used and is not shown.`,
        `${ENTRA_ONLY}: pass --state ${plain}.`,
      );
    if (/[?#]/.test(state))
      refuse(
        'StateUrlHasQuery',
        `--state ${plain} has a query string (a SAS?); it was not used and is not shown.`,
        `${ENTRA_ONLY}: pass --state ${plain}, without "?...".`,
      );
  } else if (scheme) {
    let url: URL | undefined;
    try {
      url = new URL(state);
    } catch {
      url = undefined;
    }
    const blobHost = url && BLOB_HOST.exec(url.hostname);
    const suggestion = blobHost ? `az://${blobHost[1]!.toLowerCase()}${url!.pathname}` : 'az://<account>/<container>/<path>';
    refuse(
      'StateUrlNotAz',
      `--state ${url ? shown(url) : `${scheme}://...`} is a URL, not a state location: a shared state is written az://<account>/<container>/<path>, and anything else is taken as a local file path.${url && (url.search || url.username || url.password) ? ' Its query string or credentials were not used and are not shown.' : ''}`,
      `Pass --state ${suggestion}; ${ENTRA_ONLY}, never a SAS or key.`,
    );
  }
  if (SAS_SIGNATURE.test(state))
    refuse(
      'StateHasSas',
      'The --state value holds a shared access signature; it was not used and is not shown.',
      `${ENTRA_ONLY}: pass a file path or --state az://<account>/<container>/<path>.`,
    );
}

/** Throws when `endpoint` (--state-endpoint) is not a URL, or carries a credential, query or fragment. */
export function refuseCredentialsInEndpoint(endpoint: string | undefined): void {
  if (endpoint === undefined) return;
  if (CONNECTION_STRING.test(endpoint) || SAS_SIGNATURE.test(endpoint) || ACCOUNT_KEY.test(endpoint))
    refuse(
      'StateEndpointHasCredentials',
      'The --state-endpoint value holds a connection string, key or SAS; it was not used and is not shown.',
      `${ENTRA_ONLY}: pass the blob service URL alone, e.g. https://127.0.0.1:10000.`,
    );
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return refuse(
      'InvalidStateEndpoint',
      'The --state-endpoint value is not a URL (not shown, in case it holds a secret).',
      'Pass the blob service URL, e.g. https://127.0.0.1:10000 (secure-aks emulator --blob prints it).',
    );
  }
  if (url.username || url.password || url.search || url.hash)
    refuse(
      'StateEndpointHasCredentials',
      `--state-endpoint ${shown(url)} carries ${url.username || url.password ? 'a user or password' : 'a query string or fragment (a SAS?)'}; it was not used and is not shown.`,
      `${ENTRA_ONLY}: pass --state-endpoint ${shown(url)}.`,
    );
}
