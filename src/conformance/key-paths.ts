/**
 * Key paths of a JSON body: `properties.subnets[].properties.addressPrefix`. Arrays contribute the union of
 * their elements' key paths, so two answers compare by shape whatever the number or order of elements.
 */
export function keyPaths(value: unknown, prefix = '', out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    const here = `${prefix}[]`;
    out.add(here);
    for (const element of value) keyPaths(element, here, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.add(path);
      keyPaths(child, path, out);
    }
  }
  return out;
}

/** The recorded key paths the emulator's answer lacks, and the share it has (1 when nothing was recorded). */
export function coverage(recorded: unknown, actual: unknown): { ratio: number; missing: string[]; total: number } {
  const want = keyPaths(recorded);
  if (want.size === 0) return { ratio: 1, missing: [], total: 0 };
  const have = keyPaths(actual);
  const missing = [...want].filter((p) => !have.has(p));
  return { ratio: (want.size - missing.length) / want.size, missing, total: want.size };
}
