import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, configJsonSchema, OPTIONS } from '../../src/config/schema.js';
import { DEFAULTS } from '../../src/config/defaults.js';
import { STATE_CONFIG_KEYS } from '../../src/config/state-keys.js';

const SCHEMA_FILE = new URL('../../schema/config.schema.json', import.meta.url);

describe('config schema', () => {
  it('schema/config.schema.json is in sync with the zod schema (UPDATE_SCHEMA=1 rewrites it)', () => {
    const generated = JSON.stringify(configJsonSchema(), null, 2) + '\n';
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });

  it('the JSON Schema refuses unknown keys and lists every key, the state keys last', () => {
    const schema = configJsonSchema() as { additionalProperties: boolean; properties: Record<string, { default?: unknown }> };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual([...CONFIG_KEYS, ...STATE_CONFIG_KEYS]);
    expect(schema.properties.vnetCidr.default).toBe(DEFAULTS.vnetCidr);
  });
});

describe('OPTIONS table', () => {
  it('has one row per key with flag and env following the naming rule', () => {
    expect(OPTIONS.map((o) => o.key)).toEqual([...CONFIG_KEYS]);
    for (const o of OPTIONS) {
      expect(o.env).toBe('SECURE_AKS_' + o.flag.slice(2).replace(/-/g, '_').toUpperCase());
      expect(o.description).toBeTruthy();
    }
  });

  it.each([
    ['vnetCidr', '--vnet-cidr', 'SECURE_AKS_VNET_CIDR', false],
    ['resourceGroup', '--resource-group', 'SECURE_AKS_RESOURCE_GROUP', true],
    ['bastion', '--no-bastion', 'SECURE_AKS_NO_BASTION', false],
    ['testDeployment', '--no-test-deployment', 'SECURE_AKS_NO_TEST_DEPLOYMENT', false],
    ['subscription', '--subscription', 'SECURE_AKS_SUBSCRIPTION', false],
  ])('%s: %s / %s, required %s', (key, flag, env, required) => {
    const o = OPTIONS.find((x) => x.key === key)!;
    expect([o.flag, o.env, o.required]).toEqual([flag, env, required]);
  });

  it('only resourceGroup, location and name are required', () => {
    expect(
      OPTIONS.filter((o) => o.required)
        .map((o) => o.key)
        .sort(),
    ).toEqual(['location', 'name', 'resourceGroup']);
  });

  it('short flags follow the design', () => {
    expect(Object.fromEntries(OPTIONS.filter((o) => o.short).map((o) => [o.key, o.short]))).toEqual({
      resourceGroup: '-g',
      location: '-l',
      name: '-n',
    });
  });

  it.each<[string, string, string | true]>([
    ['vnetCidr', '10.0.0.0/16', true],
    ['vnetCidr', '10.0.0.1/16', 'not a network address'],
    ['nodeCount', '3', true],
    ['nodeCount', 'three', 'not a whole number'],
    ['nodeCount', '0', 'from 1 to 1000'],
    ['location', 'West Europe', true],
    ['location', 'westeu', 'did you mean'],
    ['name', '', 'a value is required'],
    ['bastion', 'maybe', 'yes/no'],
  ])('validator(%s, %j)', (key, text, expected) => {
    const verdict = OPTIONS.find((o) => o.key === key)!.validator(text);
    if (expected === true) expect(verdict).toBe(true);
    else expect(verdict).toContain(expected);
  });

  it('negated booleans parse their env text into the positive key', () => {
    const bastion = OPTIONS.find((o) => o.key === 'bastion')!;
    expect(bastion.parse('true')).toEqual({ ok: true, value: false });
    expect(bastion.parse('1')).toEqual({ ok: true, value: false });
    expect(bastion.parse('0')).toEqual({ ok: true, value: true });
  });
});
