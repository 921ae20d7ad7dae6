/**
 * A config file may write `tags` as a mapping (`tags: {cost-center: "1234"}`), the way Azure shows tags,
 * beside the list of "key=value" the flag takes. The mapping becomes that list before validation, so both
 * forms meet the same rules. Scalar values only (YAML reads `1234` as a number: it is the tag value "1234");
 * anything else is left for the schema to refuse with its usual message.
 */
export function tagsMappingToList(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const file = raw as Record<string, unknown>;
  const tags = file.tags;
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) return raw;
  const entries = Object.entries(tags as Record<string, unknown>);
  const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  if (!entries.every(([, v]) => scalar(v))) return raw;
  return { ...file, tags: entries.map(([k, v]) => `${k}=${v === null ? '' : String(v)}`) };
}
