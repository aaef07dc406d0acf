import { describe, expect, it } from 'vitest';
import { indexLivePostings, postingFingerprint } from '../../src/review/checkDuplicatePosting.ts';
import { knownEmployerCodes } from '../../src/review/checkEmployerIdentity.ts';
import { MinimumWages, lowestTier } from '../../src/review/MinimumWages.ts';
import { hasBlockingFinding, ReviewFinding } from '../../src/review/ReviewFinding.ts';
import { type ReviewPosting, reviewPosting } from '../../src/review/reviewPosting.ts';
import { completeCreditCode } from '../../src/validation/creditCode.ts';

const CODE = completeCreditCode('91510100MA6C7AAA1');
const OTHER = completeCreditCode('91510100MA6C7BBB1');
const wages = await MinimumWages.load();
const sichuanLowest = lowestTier(wages.forRegion('510104')!).monthly;

const posting = (o: Partial<ReviewPosting> = {}): ReviewPosting => ({
  id: 'P-new',
  employer_credit_code: CODE,
  employer_name: '成都蓉城精密机械有限公司',
  title: '数控车工',
  region_code: '510104',
  salary_min: 6000,
  employment_type: 'full_time',
  posted_date: '2025-03-01',
  expiry_date: '2025-04-30',
  description: '岗位职责：按图纸加工零件。任职要求：中专以上学历，男女不限，年满18周岁，有数控操作经验。',
  ...o,
});
const context = {
  minimumWages: wages,
  knownEmployerCodes: knownEmployerCodes([{ name: '成都蓉城精密机械有限公司', code: OTHER }]),
  livePostings: indexLivePostings([postingFingerprint(posting({ id: 'P-live', employer_credit_code: OTHER, title: '数控车工（急招）' }))]),
};

describe('reviewPosting', () => {
  it('finds nothing in a lawful posting from a known employer with no live duplicate', () => {
    const ok = reviewPosting(posting({ employer_credit_code: OTHER, title: '数控铣工' }), context);
    expect(ok).toEqual([]);
    expect(hasBlockingFinding(ok)).toBe(false);
  });

  it('reports every problem once, in order, each with a category, a severity and both languages', () => {
    const findings = reviewPosting(
      posting({
        employer_credit_code: `${CODE.slice(0, 17)}${CODE[17] === '0' ? '1' : '0'}`,
        description: '限男性，35岁以下，本地户口。',
        salary_min: sichuanLowest - 100,
      }),
      context,
    );
    expect(findings.map((f) => `${f.check}:${f.category}:${f.severity}`)).toEqual([
      'credit_code:credit_code:block',
      'employer_identity:employer_identity:block',
      'discrimination:gender:block',
      'discrimination:age:block',
      'discrimination:origin:block',
      'minimum_wage:minimum_wage:block',
    ]);
    for (const f of findings) {
      expect(ReviewFinding.parse(f)).toEqual(f);
      expect(f.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(f.en).toMatch(/[a-z]/);
    }
    expect(findings[2]!.evidence).toBe('限男性');
    expect(hasBlockingFinding(findings)).toBe(true);
  });

  it('flags a duplicate of a live posting, and a salary between tiers as a note only', () => {
    const wagesBetween = lowestTier(wages.forRegion('510104')!).monthly + 10;
    const findings = reviewPosting(posting({ employer_credit_code: OTHER, salary_min: wagesBetween }), context);
    expect(findings.map((f) => `${f.check}:${f.severity}`)).toEqual(['minimum_wage:note', 'duplicate:block']);
  });

  it('runs only the checks whose data is given', () => {
    const findings = reviewPosting(posting({ employer_credit_code: OTHER, salary_min: 500, description: '女士勿扰' }));
    expect(findings.map((f) => f.check)).toEqual(['discrimination']);
  });
});
