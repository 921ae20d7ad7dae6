/** `--state az://...` and `list --backend az://...` are checked against Azure Storage's naming rules before any request. */
import { describe, expect, it } from 'vitest';
import { blobLocation, isBlobState, localStatePath } from '../../src/state/location.js';
import { blobBackendLocation } from '../../src/state/listing.js';

describe('blob state locations', () => {
  it('parses account, container and a nested path', () => {
    expect(blobLocation('az://stteam01/secure-aks/teams/payments/prod.json')).toEqual({
      account: 'stteam01',
      container: 'secure-aks',
      blob: 'teams/payments/prod.json',
      url: 'az://stteam01/secure-aks/teams/payments/prod.json',
    });
    expect(isBlobState('.secure-aks/state.json')).toBe(false);
    expect(blobLocation('.secure-aks/state.json')).toBeUndefined();
  });

  it.each([
    ['az://st/c1x/p.json', /storage account name "st" must be 3-24/],
    ['az://Stteam/c1x/p.json', /storage account name "Stteam"/],
    ['az://stteam', /container name is missing/],
    ['az://stteam//p.json', /container name is missing/],
    ['az://stteam/a--b/p.json', /container name "a--b"/],
    ['az://stteam/-ab/p.json', /container name "-ab"/],
    ['az://stteam/secure-aks', /path to the state blob inside the container is missing/],
    ['az://stteam/secure-aks/dir/', /path to the state blob inside the container is missing/],
    ['az://stteam/secure-aks/a/../b.json', /"\.\." segment/],
  ])('%s is refused naming what is wrong', (value, why) => {
    expect(() => blobLocation(value)).toThrow(why);
  });

  it('a blob state keeps its local companions under .secure-aks/az/ in the working directory', () => {
    expect(localStatePath('az://stteam/secure-aks/prod.json')).toBe(`${process.cwd()}/.secure-aks/az/stteam/secure-aks/prod.json`);
    expect(localStatePath('my/state.json')).toBe('my/state.json');
  });

  it('a backend is an account and container, with an optional prefix', () => {
    expect(blobBackendLocation('az://stteam/secure-aks/teams/')).toMatchObject({ container: 'secure-aks', prefix: 'teams/' });
    expect(() => blobBackendLocation('az://stteam')).toThrow(/container name is missing/);
  });
});
