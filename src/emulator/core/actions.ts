/**
 * Azure RBAC action matching: `*` matches any run of characters (slashes included), comparison is
 * case-insensitive, and an action is permitted when some `actions` entry matches and no `notActions` does.
 */

export interface PermissionSet {
  actions: string[];
  notActions: string[];
}

const cache = new Map<string, RegExp>();

export function actionMatches(pattern: string, action: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 'i');
    cache.set(pattern, re);
  }
  return re.test(action);
}

export function isPermitted(perms: PermissionSet, action: string): boolean {
  return perms.actions.some((a) => actionMatches(a, action)) && !perms.notActions.some((a) => actionMatches(a, action));
}
