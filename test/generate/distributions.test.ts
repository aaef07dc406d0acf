import { describe, expect, it } from 'vitest';
import { INDUSTRIES, OCCUPATIONS } from '../../src/generate/catalogue.ts';
import {
  fitScore,
  GenerationContext,
  OutcomeGenerator,
  PostingGenerator,
  SeekerGenerator,
  FollowUpGenerator,
} from '../../src/generate/index.ts';
import { Random, WeightedTable } from '../../src/generate/Random.ts';
import { EMPLOYMENT_STATUSES } from '../../src/records/fields.ts';

const N = 12_000;
const ctx = new GenerationContext({ seed: 2024 });
const seekers = [...new SeekerGenerator(ctx, N)].map((e) => e.payload);
const postings = [...new PostingGenerator(ctx, { count: N })].map((e) => e.payload);
const share = <T>(items: T[], test: (x: T) => boolean) => items.filter(test).length / items.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe('Random', () => {
  it('is uniform enough and reproducible', () => {
    const a = new Random(1);
    const b = new Random(1);
    const buckets = new Array(10).fill(0);
    let same = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = a.next();
      if (x === b.next()) same++;
      buckets[Math.floor(x * 10)]++;
    }
    expect(same).toBe(100_000);
    for (const n of buckets) expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });

  it('WeightedTable follows its weights and refuses bad ones', () => {
    const t = WeightedTable.of([
      ['a', 1],
      ['b', 3],
    ] as const);
    const r = new Random(5);
    let b = 0;
    for (let i = 0; i < 20_000; i++) if (t.pick(r) === 'b') b++;
    expect(b / 20_000).toBeGreaterThan(0.72);
    expect(b / 20_000).toBeLessThan(0.78);
    expect(() => WeightedTable.of([['a', 0]])).toThrow(RangeError);
    expect(() => WeightedTable.of([['a', -1]])).toThrow(RangeError);
  });
});

describe('catalogue', () => {
  it('uses well-formed, unique occupation codes and only catalogued industries', () => {
    const codes = OCCUPATIONS.map((o) => o.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(OCCUPATIONS.length).toBeGreaterThanOrEqual(40);
    for (const code of codes) expect(code).toMatch(/^\d-\d{2}-\d{2}-\d{2}$/);
    const industries = new Set(INDUSTRIES.map((i) => i.code));
    for (const o of OCCUPATIONS) for (const i of o.industries) expect(industries, `${o.code} → ${i}`).toContain(i);
  });
});

describe('seeker distributions', () => {
  it('key-group shares are near their design values', () => {
    const has = (g: string) => share(seekers, (s) => s.key_groups.includes(g as never));
    expect(has('college_graduate')).toBeGreaterThan(0.13);
    expect(has('college_graduate')).toBeLessThan(0.21);
    expect(has('rural_migrant')).toBeGreaterThan(0.2);
    expect(has('rural_migrant')).toBeLessThan(0.3);
    expect(has('older_4050')).toBeGreaterThan(0.1);
    expect(has('disabled')).toBeGreaterThan(0.007);
    expect(has('disabled')).toBeLessThan(0.025);
    expect(has('zero_employment_household')).toBeGreaterThan(0.004);
    expect(has('zero_employment_household')).toBeLessThan(0.02);
  });

  it('4050 means women 40+ and men 50+', () => {
    for (const s of seekers.filter((x) => x.key_groups.includes('older_4050'))) {
      const age = ctx.endYear - s.birth_year;
      expect(s.gender === 'female' ? age >= 40 : s.gender === 'male' ? age >= 50 : true).toBe(true);
    }
  });

  it('zero-employment households share a household id, all members registered unemployed', () => {
    const households = new Map<string, typeof seekers>();
    for (const s of seekers) if (s.household_id) households.set(s.household_id, [...(households.get(s.household_id) ?? []), s]);
    expect(households.size).toBeGreaterThan(10);
    for (const members of households.values()) {
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(new Set(members.map((m) => m.residence_region)).size).toBe(1);
      for (const m of members) {
        expect(m.employment_status).toBe('unemployed_registered');
        expect(m.key_groups).toContain('zero_employment_household');
      }
    }
  });

  it('registered unemployed have registration dates; about a third are long-term', () => {
    const registered = seekers.filter((s) => s.employment_status === 'unemployed_registered');
    expect(registered.length / N).toBeGreaterThan(0.25);
    expect(registered.every((s) => s.registration_date != null)).toBe(true);
    const longTerm = share(registered, (s) => s.key_groups.includes('long_term_unemployed'));
    expect(longTerm).toBeGreaterThan(0.2);
    expect(longTerm).toBeLessThan(0.45);
    for (const s of registered.filter((x) => x.key_groups.includes('long_term_unemployed'))) {
      expect(ctx.endDay - Date.parse(s.registration_date!) / 86_400_000).toBeGreaterThanOrEqual(183);
    }
    const statuses = new Set(seekers.map((s) => s.employment_status));
    for (const status of EMPLOYMENT_STATUSES) expect(statuses).toContain(status);
  });

  it('older seekers prefer phone and SMS, younger ones the app', () => {
    const older = seekers.filter((s) => ctx.endYear - s.birth_year >= 45);
    const younger = seekers.filter((s) => ctx.endYear - s.birth_year < 30);
    expect(share(older, (s) => s.contact_channel !== 'app')).toBeGreaterThan(0.7);
    expect(share(younger, (s) => s.contact_channel === 'app')).toBeGreaterThan(0.6);
  });

  it('a small share carries a raw ID number for hashing on ingest', () => {
    expect(share(seekers, (s) => s.id_number != null)).toBeGreaterThan(0.01);
    expect(share(seekers, (s) => s.id_number != null)).toBeLessThan(0.03);
  });
});

describe('posting distributions', () => {
  const tierOf = new Map(ctx.postingCounties.items.map((c) => [c.code, c.tier]));
  const fullTime = postings.filter((p) => p.employment_type === 'full_time');

  it('salaries rise with city tier', () => {
    const byTier = (t: number) => median(fullTime.filter((p) => tierOf.get(p.region_code) === t).map((p) => p.salary_min));
    expect(byTier(1)).toBeGreaterThan(byTier(2));
    expect(byTier(2)).toBeGreaterThan(byTier(4));
    expect(byTier(4)).toBeGreaterThan(byTier(5) * 0.95);
  });

  it('salaries differ by occupation: software engineers earn more than cleaners', () => {
    const by = (code: string) => median(fullTime.filter((p) => p.occupation_code === code).map((p) => p.salary_min));
    expect(by('2-02-10-03')).toBeGreaterThan(2 * by('4-09-08-01'));
  });

  it('hiring peaks in March after the Spring Festival and dips in February', () => {
    const month = (m: string) => postings.filter((p) => p.posted_date.slice(0, 7) === m).length;
    expect(month('2026-03')).toBeGreaterThan(1.4 * month('2026-02'));
    expect(month('2026-03')).toBeGreaterThan(month('2025-12'));
  });

  it('uses every posting status and employment type, with filled/expired on older postings', () => {
    expect(new Set(postings.map((p) => p.status)).size).toBe(5);
    expect(new Set(postings.map((p) => p.employment_type)).size).toBe(5);
    for (const p of postings.filter((x) => x.status === 'expired')) expect(p.expiry_date! <= ctx.date(ctx.endDay)).toBe(true);
    const pending = postings.filter((p) => p.status === 'pending_review');
    for (const p of pending) expect(ctx.endDay - Date.parse(p.posted_date) / 86_400_000).toBeLessThan(4);
  });
});

describe('follow-ups and outcomes', () => {
  const small = new SeekerGenerator(ctx, 3000);
  it('registered unemployed are followed up about monthly', () => {
    const fu = [...new FollowUpGenerator(ctx, small)];
    const perSeeker = new Map<string, string[]>();
    for (const f of fu) perSeeker.set(f.payload.seeker_id, [...(perSeeker.get(f.payload.seeker_id) ?? []), f.payload.date]);
    const gaps: number[] = [];
    for (const dates of perSeeker.values()) {
      for (let k = 1; k < dates.length; k++) gaps.push((Date.parse(dates[k]!) - Date.parse(dates[k - 1]!)) / 86_400_000);
    }
    expect(median(gaps)).toBeGreaterThanOrEqual(24);
    expect(median(gaps)).toBeLessThanOrEqual(36);
    expect(gaps.every((g) => g >= 0)).toBe(true);
  });

  it('the funnel narrows and better fits convert more', () => {
    const ps = new PostingGenerator(ctx, { count: 3000 });
    const outcomes = [...new OutcomeGenerator(ctx, small, ps, { count: 8000 })];
    const count = (e: string) => outcomes.filter((o) => o.payload.event === e).length;
    expect(count('viewed')).toBeGreaterThan(count('applied'));
    expect(count('applied')).toBeGreaterThan(count('interviewed'));
    expect(count('interviewed')).toBeGreaterThan(count('hired'));
    expect(count('hired')).toBeGreaterThan(count('left_job'));
    // Hires fit better than views on average.
    const meanFit = (e: string) => {
      const xs = outcomes
        .filter((o) => o.payload.event === e)
        .map((o) => fitScore(small.at(Number(o.payload.seeker_id.slice(1))).payload, ps.at(Number(o.payload.posting_id.slice(1))).payload));
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(meanFit('hired')).toBeGreaterThan(meanFit('viewed'));
  });
});
