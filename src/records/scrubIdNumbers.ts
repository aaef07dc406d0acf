import { findPersonalData, hasDigits, replacePersonalData } from '../core/personalData.ts';
import { hashIdNumber } from '../validation/idNumber.ts';

/**
 * The mask an ID number found in text is replaced by: a tag with the first 12 hex digits of its
 * keyed hash, the same however the number was written (spaced, dashed, full-width), so two
 * mentions of one person still compare equal, and nobody without the key can reverse it.
 */
export function idNumberTag(canonical: string): string {
  return `[id:${hashIdNumber(canonical).slice(0, 12)}]`;
}

/** True when an identifier (an envelope id) holds an ID number in any of the shapes people write. */
export function holdsIdNumber(text: string): boolean {
  return hasDigits(text, 15) && findPersonalData(text, false).length > 0;
}

/**
 * The payload with every ID number in any string (free text, ids, list items, at any depth)
 * replaced by its tag before validation, so nothing after the validation step (store, WAL,
 * outbox, dead letters) can hold one. Returns the same object when there is none, which is the
 * common case: a string with fewer than 15 digits is passed over after one scan. `codeFields`
 * (top-level keys) are left alone: fields a pattern holds to a code (id_hash's 64 hex digits, a
 * credit code), which are neither free text nor ids, and where a run of digits that happens to
 * fit an ID number's shape is not one.
 */
export function scrubIdNumbers(value: unknown, codeFields?: ReadonlySet<string>): unknown {
  if (codeFields && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    let out: Record<string, unknown> | null = null;
    for (const key in value) {
      if (codeFields.has(key)) continue;
      const inner = (value as Record<string, unknown>)[key];
      const v = scrubIdNumbers(inner);
      if (v !== inner) (out ??= { ...(value as Record<string, unknown>) })[key] = v;
    }
    return out ?? value;
  }
  return scrubAll(value);
}

function scrubAll(value: unknown): unknown {
  if (typeof value === 'string') {
    return hasDigits(value, 15) ? replacePersonalData(value, (s) => idNumberTag(s.canonical), false) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = scrubAll(value[i]);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  let out: Record<string, unknown> | null = null;
  for (const key in value) {
    const inner = (value as Record<string, unknown>)[key];
    const v = scrubAll(inner);
    if (v !== inner) (out ??= { ...(value as Record<string, unknown>) })[key] = v;
  }
  return out ?? value;
}
