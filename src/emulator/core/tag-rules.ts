/**
 * ARM's tag limits, checked on every PUT and PATCH that carries `tags`, whatever the type
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations): at most
 * 50 tags per resource, names of at most 512 characters without < > % & \ ? / or control characters, values
 * of at most 256. The characters' answer is recorded on Learn (tag-resources-cli: "(InvalidTagNameCharacters)
 * The tag names '...' have reserved characters '<,>,%,&,\,?,/'"); the length and count codes are inferred
 * (ARM names its codes after the check that failed).
 */
import { ArmError } from './contract.js';

export const MAX_TAGS = 50;
const FORBIDDEN_CHARS = /[<>%&\\?/]/;
/** Control characters (below space, and DEL): refused like the reserved ones. */
const hasControl = (name: string) => [...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const forbidden = (name: string) => FORBIDDEN_CHARS.test(name) || hasControl(name);

export function checkTags(body: unknown): void {
  const tags = (body as { tags?: unknown } | undefined)?.tags;
  if (tags === undefined || tags === null || typeof tags !== 'object' || Array.isArray(tags)) return;
  const entries = Object.entries(tags as Record<string, unknown>);
  const badNames = entries.map(([k]) => k).filter(forbidden);
  if (badNames.length > 0) {
    throw new ArmError(
      400,
      'InvalidTagNameCharacters',
      `The tag names '${badNames.join(',')}' have reserved characters '<,>,%,&,\\,?,/' or control characters.`,
    );
  }
  const longName = entries.find(([k]) => k.length > 512);
  if (longName) {
    throw new ArmError(400, 'InvalidTagNameLength', `The tag name '${longName[0]}' exceeds the maximum length of '512' characters.`);
  }
  const longValue = entries.find(([, v]) => String(v ?? '').length > 256);
  if (longValue) {
    throw new ArmError(400, 'InvalidTagValueLength', `The tag value of '${longValue[0]}' exceeds the maximum length of '256' characters.`);
  }
  if (entries.length > MAX_TAGS) {
    throw new ArmError(400, 'TooManyTags', `The resource has ${entries.length} tags; at most ${MAX_TAGS} are allowed per resource.`);
  }
}
