import { describe, expect, it } from 'vitest';
import { compareVersions, newestStablePatch, versionsByMinor } from '../../src/config/kubernetes-version.js';
import { compareVersions as fromCatalog } from '../../src/preflight/catalog.js';

const listing = {
  values: [
    { version: '1.32', patchVersions: { '1.32.5': {}, '1.32.10': {}, '1.32.9': {} } },
    { version: '1.34', isPreview: true, patchVersions: { '1.34.0': {} } },
    { version: '1.33', isDefault: true, patchVersions: { '1.33.2': {}, '1.33.3': {} } },
  ],
};

describe('kubernetes versions (one module for preflight, pickers and step 5)', () => {
  it('compares part by part, numerically', () => {
    expect(['1.33.10', '1.33.9', '1.4.0'].sort(compareVersions)).toEqual(['1.4.0', '1.33.9', '1.33.10']);
    expect(fromCatalog).toBe(compareVersions);
  });

  it('lists minors newest first with their newest patch', () => {
    expect(versionsByMinor(listing).map((v) => [v.minor, v.version])).toEqual([
      ['1.34', '1.34.0'],
      ['1.33', '1.33.3'],
      ['1.32', '1.32.10'],
    ]);
  });

  it('newest stable patch skips previews', () => {
    expect(newestStablePatch(listing)).toBe('1.33.3');
    expect(newestStablePatch({})).toBeUndefined();
  });
});
