/** A run nobody attends: no prompt, no confirmation, one JSON document on stdout. */
export const UNATTENDED_JSON = ['--non-interactive', '--yes', '-o', 'json'];
