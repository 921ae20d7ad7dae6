import { describe, expect, it } from 'vitest';
import { changeFor, diffProperties, findChange, needsWrite, noWrites, sameValue } from '../../../src/steps/desired/diff.js';
import { azureErrorCode, isNotFound, toAzureError } from '../../../src/azure/errors.js';
import { createdByDeployment, resourceTags, retiredTagNames, tagsDiff, tagsForPut, userTagsOutput } from '../../../src/core/tags.js';
import { isSameOrAncestorScope, nameOf, resourceGroupOf } from '../../../src/azure/ids.js';
import { mergedAddressPrefixes } from '../../../src/steps/desired/desired-network.js';

describe('diffProperties', () => {
  it('compares only the owned paths, case-insensitively, arrays as multisets', () => {
    const current = { networkProfile: { outboundType: 'userDefinedRouting', networkPlugin: 'Azure' }, extra: 1, list: ['b', 'a'] };
    expect(
      diffProperties(current, {
        'networkProfile.outboundType': 'UserDefinedRouting',
        'networkProfile.networkPlugin': 'azure',
        list: ['a', 'b'],
      }),
    ).toEqual([]);
    expect(diffProperties(current, { 'networkProfile.outboundType': 'loadBalancer' })).toEqual([
      { property: 'networkProfile.outboundType', current: 'userDefinedRouting', desired: 'loadBalancer' },
    ]);
  });
  it('treats undefined desired as "do not care" and missing current as a difference', () => {
    expect(diffProperties({}, { a: undefined })).toEqual([]);
    expect(diffProperties({}, { 'a.b': true })).toEqual([{ property: 'a.b', current: undefined, desired: true }]);
  });
  it('objects compare the desired keys only', () => {
    expect(sameValue({ id: '/X/y', etag: 'e' }, { id: '/x/Y' })).toBe(true);
    expect(sameValue([{ name: 'r1', p: 1 }], [{ name: 'R1' }])).toBe(true);
    expect(sameValue([1, 1], [1, 2])).toBe(false);
  });
});

describe('changes', () => {
  it('create / update / none', () => {
    expect(changeFor('T', 'n', undefined).action).toBe('create');
    expect(changeFor('T', 'n', { id: 'i' }, [{ property: 'p', current: 1, desired: 2 }]).action).toBe('update');
    const none = changeFor('T', 'n', { id: 'i' });
    expect(none).toEqual({ action: 'none', resourceType: 'T', name: 'n', id: 'i' });
    expect(findChange([none], 't', 'N')).toBe(none);
    expect(needsWrite([none], 'T', 'n')).toBe(false);
    expect(noWrites([none, changeFor('T', 'm', undefined)])).toBe(false);
  });
});

describe('azure errors', () => {
  it('reads codes from RestErrors and from failed LRO messages', () => {
    expect(azureErrorCode({ code: 'RoleAssignmentExists', statusCode: 409 })).toBe('RoleAssignmentExists');
    const lro = new Error('The long-running operation has failed. InUseSubnetCannotBeDeleted. Subnet x is in use.');
    expect(azureErrorCode(lro)).toBe('InUseSubnetCannotBeDeleted');
    const wrapped = toAzureError(lro, 'Deleting subnet x') as Error & { code: string };
    expect(wrapped.code).toBe('InUseSubnetCannotBeDeleted');
    expect(wrapped.message).toContain('Subnet x is in use.');
    expect(isNotFound({ statusCode: 404 })).toBe(true);
    expect(isNotFound({ code: 'ResourceGroupNotFound' })).toBe(true);
  });
});

describe('tags and ids', () => {
  const ctx = { deploymentId: 'd1', tags: resourceTags('d1', ['cost-center=1234', 'team=a=b']) };
  it('tags what we create, keeps what exists untouched', () => {
    expect(ctx.tags).toEqual({ 'cost-center': '1234', team: 'a=b', 'managed-by': 'secure-aks', 'secure-aks-deployment': 'd1' });
    expect(tagsForPut(ctx, undefined)).toEqual(ctx.tags);
    expect(tagsForPut(ctx, { tags: { owner: 'me' } })).toEqual({ owner: 'me' });
    expect(tagsDiff(ctx, { tags: { owner: 'me' } })).toEqual([]);
  });
  it("puts the configured tags on this deployment's resources, keeps tags others added, drops retired ones", () => {
    const ours = { tags: { 'managed-by': 'secure-aks', 'secure-aks-deployment': 'd1', 'cost-center': '99', team: 'x', owner: 'me' } };
    const retired = { deploymentId: 'd1', tags: resourceTags('d1', ['cost-center=1234']), retiredTags: ['TEAM'] };
    const want = { owner: 'me', ...retired.tags };
    expect(tagsForPut(retired, ours)).toEqual(want);
    expect(tagsDiff(retired, ours)).toEqual([
      { property: 'tags.cost-center', current: '99', desired: '1234' },
      { property: 'tags.team', current: 'x', desired: undefined },
    ]);
    expect(tagsDiff(retired, { tags: want })).toEqual([]);
    expect(userTagsOutput(ctx)).toEqual({ userTags: ['cost-center', 'team'] });
    expect(userTagsOutput({ tags: resourceTags('d1') })).toEqual({});
    expect(retiredTagNames(['cost-center', 'gone'], ctx.tags)).toEqual(['gone']);
    // Our names win over a user tag of the same name (the config rules refuse one anyway).
    expect(resourceTags('d1', ['managed-by=me'])['managed-by']).toBe('secure-aks');
    expect(createdByDeployment(ctx.tags, 'd1')).toBe(true);
    expect(createdByDeployment({ owner: 'me' }, 'd1')).toBe(false);
  });
  it('parses ids', () => {
    const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a';
    expect(nameOf(id)).toBe('a');
    expect(resourceGroupOf(id)).toBe('rg');
    expect(isSameOrAncestorScope('/subscriptions/s/resourcegroups/RG', id)).toBe(true);
    expect(isSameOrAncestorScope('/subscriptions/s/resourceGroups/rg2', id)).toBe(false);
  });
  it('merges VNet address space without dropping user ranges', () => {
    expect(mergedAddressPrefixes(['10.1.0.0/16'], '10.42.0.0/16')).toEqual(['10.1.0.0/16', '10.42.0.0/16']);
    expect(mergedAddressPrefixes(['10.42.0.0/16'], '10.42.0.0/16')).toEqual(['10.42.0.0/16']);
  });
});
