import { describe, expect, it } from 'vitest';
import { servedRegion } from '../../src/emulator/providers/region.js';

const ctx = { regions: ['eastus', 'westeurope'] };
const TYPE = 'Microsoft.Compute/virtualMachines';

describe('the region of a VM or cluster body', () => {
  it('accepts a served region in any spelling and returns its short name', () => {
    expect(servedRegion(ctx, 'East US', TYPE)).toBe('eastus');
  });

  it.each([
    ['mars', "The provided location 'mars' is not available"],
    [undefined, "The provided location '' is not available"],
  ])('refuses %s with LocationNotAvailableForResourceType, listing the served regions', (location, says) => {
    expect(() => servedRegion(ctx, location, TYPE)).toThrow(
      expect.objectContaining({
        status: 400,
        code: 'LocationNotAvailableForResourceType',
        message: `${says} for resource type '${TYPE}'. List of available regions for the resource type is 'eastus,westeurope'.`,
      }),
    );
  });
});
