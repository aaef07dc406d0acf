import { describe, expect, it } from 'vitest';
import { compilePosting, compileSeeker, dayNumber, Vocabulary } from '../../src/matching/features.ts';
import { defaultMatchingConfig } from '../../src/matching/MatchingConfig.ts';
import type { MatchPosting, MatchSeeker, Tier } from '../../src/matching/matchTypes.ts';
import {
  educationFit,
  experienceFit,
  filterReason,
  freshness,
  industryFit,
  occupationProximity,
  salaryFit,
  scorePair,
  scoringContext,
} from '../../src/matching/scorer.ts';
import { encodeOccupation } from '../../src/matching/features.ts';
import { config, NOW, posting, seeker } from './fixtures.ts';

const today = dayNumber(NOW.toISOString());
function score(s: MatchSeeker, p: MatchPosting, tier: Tier = 'T1', cfg = config) {
  const vocab = new Vocabulary();
  const sf = compileSeeker(s, 0, vocab, tier, cfg);
  const pf = compilePosting(p, 0, vocab, today, false);
  const ctx = scoringContext(cfg, today, [pf]);
  const out = new Float64Array(9);
  return { score: scorePair(sf, pf, ctx, out), factors: out, reason: filterReason(sf, pf, ctx) };
}

describe('factor functions', () => {
  it('ranks occupation proximity by shared code prefix', () => {
    const wanted = encodeOccupation('6-18-01-01');
    const w = Int32Array.of(wanted.value);
    const l = Int8Array.of(4);
    const prox = (code: string) => occupationProximity(encodeOccupation(code).value, 4, w, l, 0.5);
    expect(prox('6-18-01-01')).toBe(1);
    expect(prox('6-18-01-02')).toBe(0.75);
    expect(prox('6-18-02-01')).toBe(0.5);
    expect(prox('6-20-01-01')).toBe(0.25);
    expect(prox('2-02-01-01')).toBe(0);
    // A seeker naming a group is fully served by any occupation inside it.
    const group = encodeOccupation('6-18');
    expect(occupationProximity(encodeOccupation('6-18-03-04').value, 4, Int32Array.of(group.value), Int8Array.of(2), 0.5)).toBe(1);
    expect(occupationProximity(-1, 0, w, l, 0.5)).toBe(0.5);
  });

  it('scores salary against the seeker minimum and falls to 0 at half of it', () => {
    expect(salaryFit(7000, 6000, 0.5)).toBe(1);
    expect(salaryFit(4500, 6000, 0.5)).toBeCloseTo(0.5);
    expect(salaryFit(3000, 6000, 0.5)).toBe(0);
    expect(salaryFit(Number.POSITIVE_INFINITY, 20000, 0.5)).toBe(1);
    expect(salaryFit(3000, Number.NaN, 0.5)).toBe(0.5);
  });

  it('scores education, experience, industry and freshness', () => {
    expect(educationFit(-1, 0)).toBe(1);
    expect(educationFit(5, 5)).toBe(1);
    expect(educationFit(5, 4)).toBe(0.5);
    expect(educationFit(5, 2)).toBe(0);
    expect(experienceFit(3, 5, 3)).toBe(1);
    expect(experienceFit(3, 1, 3)).toBeCloseTo(0.5);
    expect(industryFit('C34', ['C'], 0.5)).toBe(1);
    expect(industryFit('C34', ['C13'], 0.5)).toBe(0.6);
    expect(industryFit('F51', ['C'], 0.5)).toBe(0);
    expect(industryFit('F51', [], 0.5)).toBe(0.5);
    expect(freshness(100, 100, 60)).toBe(1);
    expect(freshness(70, 100, 60)).toBeCloseTo(0.5);
    expect(freshness(0, 100, 60)).toBe(0);
  });
});

describe('scorePair', () => {
  it('gives a close match a high score in [0, 1] with every factor in [0, 1]', () => {
    const { score: s, factors } = score(seeker(), posting());
    expect(s).toBeGreaterThan(0.8);
    expect(s).toBeLessThanOrEqual(1);
    for (const f of factors) {
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
    }
  });

  it('scores a worse match lower: other occupation, fewer skills, lower pay', () => {
    const good = score(seeker(), posting()).score;
    const worse = score(seeker(), posting({ occupation_code: '6-18-02-01', skills: ['数控编程', '焊接', '叉车'], salary_max: 4000 })).score;
    expect(worse).toBeLessThan(good);
    expect(worse).toBeGreaterThan(0);
  });

  it('ranks location: same county > same city > same province (relocating) > partner region', () => {
    const s = seeker({ willing_to_relocate: true });
    const at = (region: string) => score(s, posting({ region_code: region })).factors[7];
    expect(at('510104')).toBe(1);
    expect(at('510105')).toBe(0.8);
    expect(at('510703')).toBe(0.5);
    expect(at('330102')).toBe(0.4);
    expect(score(seeker({ desired_regions: ['330100'] }), posting({ region_code: '330102' })).factors[7]).toBe(1);
  });

  it('filters postings out of reach of a seeker who will not relocate', () => {
    const r = score(seeker(), posting({ region_code: '510703' }));
    expect(r.score).toBe(-1);
    expect(r.reason).toBe('unreachable_region');
    expect(score(seeker(), posting({ region_code: '440103' })).score).toBe(-1);
    // Not a partner region: Guangdong is not configured for Sichuan in the fixtures.
    expect(score(seeker({ willing_to_relocate: true }), posting({ region_code: '440103' })).reason).toBe('unreachable_region');
  });

  it('applies the hard filters: inactive, expired, education and experience far above, public-welfare posts', () => {
    expect(score(seeker(), posting({ status: 'filled' })).reason).toBe('posting_inactive');
    expect(score(seeker(), posting({ status: 'pending_review' })).reason).toBe('posting_inactive');
    expect(score(seeker(), posting({ expiry_date: '2026-06-01', posted_date: '2026-05-01' })).reason).toBe('posting_inactive');
    expect(score(seeker({ education: 'junior_high' }), posting({ education_required: 'bachelor' })).reason).toBe('education_gap');
    expect(score(seeker({ education: 'associate' }), posting({ education_required: 'bachelor' })).score).toBeGreaterThan(0);
    expect(score(seeker({ experience_years: 0 }), posting({ experience_min_years: 5 })).reason).toBe('experience_gap');
    expect(score(seeker(), posting({ employment_type: 'public_welfare' }), 'T2').reason).toBe('public_welfare_reserved');
    expect(score(seeker(), posting({ employment_type: 'public_welfare' }), 'T4').score).toBeGreaterThan(0);
  });

  it('does not recommend an unrelated posting just because it is near and pays well', () => {
    const r = score(seeker(), posting({ title: '幼儿园保育员', occupation_code: '4-10-01-03', skills: ['幼儿护理', '保育'] }));
    expect(r.reason).toBe('not_relevant');
  });

  it('matches skills through the skill vocabulary (synonyms), and unknown skills by their text', () => {
    const sql = score(seeker({ skills: ['Oracle', '电焊'] }), posting({ skills: ['MySQL', '叉车驾驶'] }));
    expect(sql.factors[0]).toBe(0.5);
    expect(score(seeker({ skills: ['ＡＢＣ 技能'] }), posting({ skills: ['abc技能'] })).factors[0]).toBe(1);
    expect(score(seeker({ skills: ['车床操作'] }), posting({ skills: ['叉车驾驶'] })).factors[0]).toBe(0);
  });

  it('honours the weights: a zero weight removes a factor from the score', () => {
    const noSalary = defaultMatchingConfig({ weights: { salary: 0 } as never });
    const low = posting({ salary_max: 3000 });
    expect(score(seeker(), low, 'T1', noSalary).score).toBeGreaterThan(score(seeker(), low).score);
  });
});
