/** Stable generated names: the same input always gives the same fqdn hash, scale set number or pod suffix. */

/** A short lowercase hex digest of a string: stable names such as the 8-digit VMSS number or fqdn hash. */
export function shortHash(text: string, length = 8): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return (h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0')).slice(0, length);
}

/** A stable numeric string (AKS names its scale sets aks-<pool>-<8 digits>-vmss). */
export function shortNumber(text: string, length = 8): string {
  return (parseInt(shortHash(text, 8), 16) % 10 ** length).toString().padStart(length, '0');
}
