import { describe, expect, it } from 'vitest';
import { checkDuplicatePosting, indexLivePostings, normalizeTitle, postingFingerprint } from '../../src/review/checkDuplicatePosting.ts';
import { completeCreditCode } from '../../src/validation/creditCode.ts';

const CODE = completeCreditCode('91510100MA6C7AAA1');
const OTHER = completeCreditCode('91510100MA6C7BBB1');
const fp = (id: string, o: Partial<Parameters<typeof postingFingerprint>[0]> = {}) =>
  postingFingerprint({
    id,
    employer_credit_code: CODE,
    title: '数控车工',
    region_code: '510104',
    posted_date: '2025-03-01',
    expiry_date: '2025-04-30',
    ...o,
  });
const live = indexLivePostings([
  fp('P-1'),
  fp('P-2', { title: '电工', expiry_date: null }),
  fp('P-3', { employer_credit_code: OTHER, title: '数控车工' }),
]);

describe('checkDuplicatePosting', () => {
  it('blocks the same employer, title and region with an overlapping live window', () => {
    const [f] = checkDuplicatePosting(fp('P-9', { posted_date: '2025-04-15', expiry_date: '2025-05-31' }), live);
    expect(f).toMatchObject({ check: 'duplicate', severity: 'block', evidence: 'P-1' });
    expect(f!.zh).toContain('P-1');
  });

  it('sees through brackets, recruiting words and full-width text in titles', () => {
    expect(normalizeTitle('【急招】数控车工（包吃住）')).toBe('数控车工');
    expect(normalizeTitle('招聘 数控车工')).toBe('数控车工');
    expect(normalizeTitle('招商专员')).toBe('招商专员');
    expect(checkDuplicatePosting(fp('P-9', { title: '急招数控车工（长白班）' }), live)).toHaveLength(1);
  });

  it('treats an open-ended posting as live from its first day on', () => {
    expect(checkDuplicatePosting(fp('P-9', { title: '电工', posted_date: '2026-01-10', expiry_date: null }), live)).toHaveLength(1);
    expect(checkDuplicatePosting(fp('P-9', { title: '电工', posted_date: '2024-01-01', expiry_date: '2025-02-28' }), live)).toEqual([]);
  });

  it('passes other windows, other regions, other employers, and the posting’s own earlier version', () => {
    expect(checkDuplicatePosting(fp('P-9', { posted_date: '2025-05-01', expiry_date: '2025-06-30' }), live)).toEqual([]);
    expect(checkDuplicatePosting(fp('P-9', { region_code: '510105' }), live)).toEqual([]);
    expect(checkDuplicatePosting(fp('P-9', { employer_credit_code: completeCreditCode('91510100MA6C7CCC1') }), live)).toEqual([]);
    expect(checkDuplicatePosting(fp('P-1', { posted_date: '2025-03-02' }), live)).toEqual([]);
  });
});
