import { creditCodeProblem } from '../validation/creditCode.ts';
import type { ReviewFinding } from './ReviewFinding.ts';

const PROBLEM: Record<'length' | 'characters' | 'check_digit', { zh: string; en: string }> = {
  length: { zh: '长度不是18位', en: 'is not 18 characters long' },
  characters: {
    zh: '含有GB 32100字符集以外的字符（不用I、O、Z、S、V）',
    en: 'has characters outside the GB 32100 alphabet (no I, O, Z, S, V)',
  },
  check_digit: { zh: '第18位校验码与前17位计算结果不符', en: 'has a check character that does not match its first 17 characters' },
};

/**
 * The employer's unified social credit code (统一社会信用代码, GB 32100-2015) must be well formed
 * with a matching mod-31 check character: a wrong one is a typing error or an invented employer,
 * and the posting's authenticity is what review establishes (policy: posting-review).
 */
export function checkCreditCode(code: string): ReviewFinding[] {
  const problem = creditCodeProblem(code.trim().toUpperCase());
  if (problem === null) return [];
  return [
    {
      check: 'credit_code',
      category: 'credit_code',
      severity: 'block',
      label_zh: '统一社会信用代码有误',
      label_en: 'invalid credit code',
      zh: `用人单位统一社会信用代码“${code}”${PROBLEM[problem].zh}（GB 32100-2015）。请核实用人单位身份后再发布。`,
      en: `The employer's unified social credit code "${code}" ${PROBLEM[problem].en} (GB 32100-2015). Confirm who the employer is before publishing.`,
      evidence: `${code}: ${problem}`,
    },
  ];
}
