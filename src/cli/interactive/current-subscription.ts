import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The subscription a person already works in: AZURE_SUBSCRIPTION_ID, else the Azure CLI's default
 * (`az account show`), read from its profile file (which lists subscriptions, never tokens).
 */
export function currentSubscription(env: NodeJS.ProcessEnv): string | undefined {
  if (env.AZURE_SUBSCRIPTION_ID) return env.AZURE_SUBSCRIPTION_ID;
  const dir = env.AZURE_CONFIG_DIR || join(homedir(), '.azure');
  try {
    // The Azure CLI writes this file with a byte-order mark.
    const text = readFileSync(join(dir, 'azureProfile.json'), 'utf8').replace(/^\uFEFF/, '');
    const profile = JSON.parse(text) as { subscriptions?: Array<{ id: string; isDefault?: boolean }> };
    return profile.subscriptions?.find((s) => s.isDefault)?.id;
  } catch {
    return undefined;
  }
}
