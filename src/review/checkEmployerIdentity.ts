import type { ReviewFinding } from './ReviewFinding.ts';

/** Known employers: normalised name (normalizeEmployerName) → the credit codes registered under it. */
export type KnownEmployerCodes = ReadonlyMap<string, readonly string[]>;

/** One spelling per name: NFKC (full-width brackets and letters), no spaces, ASCII upper case. */
export function normalizeEmployerName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** Builds the lookup from (name, code) rows, e.g. the employers table; duplicates collapse. */
export function knownEmployerCodes(rows: Iterable<{ name: string; code: string }>): KnownEmployerCodes {
  const map = new Map<string, string[]>();
  for (const { name, code } of rows) {
    const key = normalizeEmployerName(name);
    if (!key) continue;
    const codes = map.get(key) ?? [];
    if (!codes.includes(code)) codes.push(code);
    map.set(key, codes);
  }
  return map;
}

/**
 * An employer name already known under another credit code: either the code was mistyped or
 * someone posts under an established employer's name. Branches (分公司) have their own names and
 * codes, so an exact name match with a different code is worth a reviewer's look (authenticity,
 * policy: posting-review). A name known under several codes, this one among them, is not flagged.
 */
export function checkEmployerIdentity(
  posting: { employer_name?: string | null; employer_credit_code: string },
  known: KnownEmployerCodes,
): ReviewFinding[] {
  if (!posting.employer_name) return [];
  const codes = known.get(normalizeEmployerName(posting.employer_name));
  if (!codes || codes.length === 0 || codes.includes(posting.employer_credit_code)) return [];
  const others = codes.join('、');
  return [
    {
      check: 'employer_identity',
      category: 'employer_identity',
      severity: 'block',
      label_zh: '单位名称与代码不符',
      label_en: 'employer name under another code',
      zh:
        `用人单位名称“${posting.employer_name}”已以统一社会信用代码${others}登记，` +
        `本岗位使用的代码为${posting.employer_credit_code}。` +
        `请核实是否填错代码或冒用单位名称（岗位信息真实性审核，001 §2）。`,
      en:
        `The employer name "${posting.employer_name}" is already known under credit code ${codes.join(', ')}, but this ` +
        `posting uses ${posting.employer_credit_code}. Check for a mistyped code or a borrowed name (authenticity review, ` +
        `001 §2).`,
      evidence: `${posting.employer_credit_code} vs known ${codes.join(',')}`,
    },
  ];
}
