import { createHash } from 'node:crypto';
import { completeCreditCode } from '../validation/creditCode.ts';

/**
 * Boards that omit the employer's unified social credit code still need one per posting (the
 * schema requires it, and postings are grouped by employer). We derive a placeholder from the
 * employer name rather than invent a plausible real-looking code:
 *
 *   0 0 000000 XXXXXXXXX C
 *   │ │   │        │     └ GB 32100 check character, so the code passes validation
 *   │ │   │        └ 9 characters of SHA-256(normalised name), stable across imports and boards
 *   │ │   └ region digits left 000000
 *   └─┴ registration authority 0 and category 0: assigned to no authority by GB 32100, so
 *       a derived code can never equal a real one and `isDerivedCreditCode` recognises it.
 *
 * The same company name gives the same code on every import, so one employer's postings stay
 * together; different spellings of one employer stay apart (we do not guess). Postings carrying
 * such a code are also marked in `source` (see PostingRowMapper).
 */
export const DERIVED_CREDIT_CODE_PREFIX = '00000000';
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function normalizeEmployerName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

export function derivedCreditCode(employerName: string): string {
  const digest = createHash('sha256')
    .update(`labourflow:employer-name:${normalizeEmployerName(employerName)}`)
    .digest();
  let body = '';
  for (let i = 0; i < 9; i++) body += ALPHABET[digest[i]! % ALPHABET.length];
  return completeCreditCode(DERIVED_CREDIT_CODE_PREFIX + body);
}

export function isDerivedCreditCode(code: string): boolean {
  return code.startsWith(DERIVED_CREDIT_CODE_PREFIX);
}
