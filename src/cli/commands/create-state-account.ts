import type { Command } from 'commander';

/** --create-state-account on init and plan: make the storage account and container of an az:// --state. */
export function addCreateStateAccountOption(cmd: Command): Command {
  return cmd.option(
    '--create-state-account',
    "with --state az://<account>/<container>/<path>: create the storage account (Entra ID only, soft delete) and private container in the deployment's resource group when missing, and grant you Storage Blob Data Contributor on the container (env SECURE_AKS_CREATE_STATE_ACCOUNT=1)",
  );
}

/** The flag, or SECURE_AKS_CREATE_STATE_ACCOUNT set to 1 or true. */
export function createStateAccountOf(self: Command, env: NodeJS.ProcessEnv): { createStateAccount?: true } {
  const fromEnv = /^(1|true|yes)$/i.test(env.SECURE_AKS_CREATE_STATE_ACCOUNT ?? '');
  return self.getOptionValue('createStateAccount') === true || fromEnv ? { createStateAccount: true } : {};
}
