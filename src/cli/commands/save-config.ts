import type { Command } from 'commander';

/** --save-config on init and plan: where to write the resolved answers for a later `--config`. */
export function addSaveConfigOption(cmd: Command): Command {
  return cmd.option(
    '--save-config <file>',
    'write the resolved answers (Kubernetes version pinned) as a YAML file that --config accepts (env SECURE_AKS_SAVE_CONFIG)',
  );
}

/** The flag wins over SECURE_AKS_SAVE_CONFIG; an empty env var means none. */
export function saveConfigOf(self: Command, env: NodeJS.ProcessEnv): { saveConfig?: string } {
  const fromCli = self.getOptionValueSource('saveConfig') === 'cli' ? (self.getOptionValue('saveConfig') as string) : undefined;
  const saveConfig = fromCli ?? (env.SECURE_AKS_SAVE_CONFIG || undefined);
  return saveConfig ? { saveConfig } : {};
}
