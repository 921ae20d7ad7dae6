/** What `secure-aks state <sub>` was asked (the command file imports only this, so --help stays light). */
import type { CloudName } from '../../config/regions.js';
import type { CommonOptions } from '../flags.js';

export interface StateCommandOptions {
  sub: 'history' | 'restore' | 'push' | 'pull';
  common: CommonOptions;
  /** The cloud whose storage endpoint an az:// state is on. */
  cloud?: CloudName;
  /** restore: the version id (a snapshot time from `state history`). */
  version?: string;
  /** push/pull: the blob, az://<account>/<container>/<path>. */
  url?: string;
  /** restore: accept another deployment's version; push/pull: overwrite another deployment or a newer version. */
  force: boolean;
}
