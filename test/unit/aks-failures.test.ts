import { describe, expect, it } from 'vitest';
import { AKS_FAILURE_SOURCES, cseExitStatus, recognizeAksFailure } from '../../src/azure/aks-failures.js';
import { azureErrorCode, toAzureError, translateAzureError } from '../../src/azure/errors.js';

const cse = (status: number) =>
  "VM has reported a failure when processing extension 'vmssCSE'. Error message: \"Enable failed: failed to execute command: " +
  `command terminated with exit status=${status}\\n[stdout]\\n{ "ExitCode": "${status}" }"`;

describe('the catalogue of well-known AKS failures', () => {
  it.each([
    // [code, message, expected entry]
    ['VMExtensionProvisioningError', cse(50), 'outbound-connection'],
    ['CreateVMSSAgentPoolFailed', 'VM has reported a failure when processing extension vmssCSE (exit status 50).', 'outbound-connection'],
    ['OutboundConnFailVMExtensionError', 'Unable to establish outbound connection from agents.', 'outbound-connection'],
    ['VMExtensionError_OutboundConnFail', 'anything', 'outbound-connection'],
    ['VMExtensionProvisioningError', cse(41), 'cni-download'],
    ['CniDownloadTimeoutVMExtensionError', 'Timeout waiting for CNI downloads.', 'cni-download'],
    ['VMExtensionProvisioningError', cse(51), 'api-server-connection'],
    [
      'K8SAPIServerConnFailVMExtensionError',
      'Unable to establish connection from agents to Kubernetes API server.',
      'api-server-connection',
    ],
    ['VMExtensionProvisioningError', cse(52), 'api-server-dns'],
    ['K8SAPIServerDNSLookupFailVMExtensionError', 'Unable to resolve Kubernetes API server name.', 'api-server-dns'],
    [
      'SubnetIsFull',
      "Subnet snet-aks-nodes with address prefix 10.42.1.0/28 doesn't have enough capacity for IP addresses.",
      'subnet-full',
    ],
    ['RequestDisallowedByPolicy', "Resource 'aks-x' was disallowed by policy.", 'policy'],
  ])('%s (%#) is %s', (code, message, id) => {
    const known = recognizeAksFailure(code, message);
    expect(known?.id).toBe(id);
    expect(known?.docs).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    expect(known?.explanation).toMatch(/\.$/);
  });

  it.each([
    ['VMExtensionProvisioningError', 'extension CustomScript failed with exit status=50'],
    ['VMExtensionProvisioningError', cse(99)],
    ['InternalServerError', cse(50)],
    ['QuotaExceeded', 'Operation could not be completed as it results in exceeding approved quota.'],
  ])('%s with %s is none of them', (code, message) => {
    expect(recognizeAksFailure(code, message)).toBeUndefined();
  });

  it('reads the exit status only from a vmssCSE message', () => {
    expect(cseExitStatus(cse(50))).toBe(50);
    expect(cseExitStatus('vmssCSE exit status 51')).toBe(51);
    expect(cseExitStatus('exit status=50')).toBeUndefined();
  });

  it('names the egress probe (`secure-aks verify`) and the steps to check for exit status 50', () => {
    const known = recognizeAksFailure('VMExtensionProvisioningError', cse(50))!;
    expect(known.remediation).toContain('`secure-aks verify`');
    expect(known.probe).toEqual(['egress-route', 'firewall-rules']);
  });

  it('every entry cites a Learn page', () => {
    for (const e of AKS_FAILURE_SOURCES) expect(e.docs, e.id).toMatch(/^https:\/\/learn\.microsoft\.com\/\S+$/);
  });
});

describe('a failed operation as the user reads it', () => {
  const lro = (code: string, text: string) => new Error(`The long-running operation has failed. ${code}. ${text}`);

  it('says the code once: beside the message, not again inside it', () => {
    const typed = translateAzureError(toAzureError(lro('VMExtensionProvisioningError', cse(50)), 'Creating cluster aks-x'));
    expect(typed.code).toBe('VMExtensionProvisioningError');
    expect(typed.message).toMatch(/^Creating cluster aks-x failed: VM has reported a failure/);
    expect(typed.options.explanation).toMatch(/vmssCSE exit status 50/);
    // An Azure message that starts with its own code loses that prefix too.
    const repeated = toAzureError(Object.assign(new Error('Conflict: busy'), { code: 'Conflict', statusCode: 409 }), 'Writing x');
    expect(repeated.message).toBe('Writing x failed: busy');
  });

  it('keeps a code that contains a dot whole', () => {
    expect(azureErrorCode(lro('Microsoft.ContainerService.NodeBootstrapFailed', 'It failed.'))).toBe(
      'Microsoft.ContainerService.NodeBootstrapFailed',
    );
    const typed = translateAzureError(lro('Microsoft.ContainerService.NodeBootstrapFailed', 'It failed.'));
    expect(typed.code).toBe('Microsoft.ContainerService.NodeBootstrapFailed');
    expect(typed.message).toBe('It failed.');
  });

  it("carries the correlation id: the failed response's, else the run's", () => {
    const headers = new Map([['x-ms-correlation-request-id', 'corr-from-response']]);
    const rest = Object.assign(new Error('Nope'), { name: 'RestError', code: 'Conflict', statusCode: 409, response: { headers } });
    expect(translateAzureError(rest, 'corr-of-run').correlationId).toBe('corr-from-response');
    expect(translateAzureError(toAzureError(rest, 'Writing x'), 'corr-of-run').correlationId).toBe('corr-from-response');
    expect(translateAzureError(lro('InternalServerError', 'Boom.'), 'corr-of-run').correlationId).toBe('corr-of-run');
  });
});
