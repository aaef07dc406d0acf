import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../pipelines/cli/main.ts';
import { withSession } from '../../src/query/AnalyticsSession.ts';
import { QueryPack } from '../../src/query/QueryPack.ts';
import { runNamedQuery } from '../../src/query/runNamedQuery.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { Regions } from '../../src/validation/Regions.ts';
import { captureOutput, createFixtureStore } from './syntheticFixture.ts';

const BOSS_CSV = join(import.meta.dirname, '../../../shared/datasets/postings-boss-2019/boss.csv');
const SAMPLES = join(import.meta.dirname, '../../data-samples');
const HAS_IMPORTER = existsSync(join(import.meta.dirname, '../../pipelines/import-postings.ts'));

/** Linear interpolation between closest ranks, as DuckDB's quantile_cont (and R type 7, numpy's default). */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

interface Row {
  region_code: string;
  salary_min: number;
  salary_max: number | null;
  status: string;
}

/** The wage guide by city computed in TypeScript from the raw stored rows, independently of the SQL. */
async function handWageGuideByCity(db: string, minN: number): Promise<Map<string, { n: number; p10: number; p50: number; p90: number }>> {
  const rows = await withStore({ path: db, readOnly: true }, (store) =>
    store.all<Row>('SELECT region_code, salary_min, salary_max, status FROM postings'),
  );
  const byCity = new Map<string, number[]>();
  for (const r of rows) {
    if (r.status === 'pending_review' || r.status === 'withdrawn') continue;
    const city = Regions.get().rollUp(r.region_code, 'city') ?? r.region_code;
    const monthly = r.salary_max === null ? Number(r.salary_min) : (Number(r.salary_min) + Number(r.salary_max)) / 2;
    byCity.set(city, [...(byCity.get(city) ?? []), monthly]);
  }
  const out = new Map<string, { n: number; p10: number; p50: number; p90: number }>();
  for (const [city, values] of byCity) {
    if (values.length < minN) continue;
    values.sort((a, b) => a - b);
    out.set(city, { n: values.length, p10: quantile(values, 0.1), p50: quantile(values, 0.5), p90: quantile(values, 0.9) });
  }
  return out;
}

async function sqlWageGuide(db: string, params: Record<string, string>) {
  const pack = await QueryPack.load();
  return withSession({ db }, async (session) => {
    const result = await runNamedQuery(session, pack.get('wage-guide'), params);
    return result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, row[i]]))) as Array<Record<string, unknown>>;
  });
}

async function expectMatchesHand(db: string): Promise<number> {
  const hand = await handWageGuideByCity(db, 30);
  const sql = await sqlWageGuide(db, { group_by: 'region', region_level: 'city' });
  expect(sql.map((r) => r.region_code).sort()).toEqual([...hand.keys()].sort());
  for (const row of sql) {
    const expected = hand.get(String(row.region_code))!;
    expect(row.n, String(row.region_code)).toBe(expected.n);
    expect(row.p10 as number).toBeCloseTo(expected.p10, 6);
    expect(row.p50 as number).toBeCloseTo(expected.p50, 6);
    expect(row.p90 as number).toBeCloseTo(expected.p90, 6);
    expect(row.region_name).toBe(Regions.get().name(String(row.region_code)));
  }
  return sql.length;
}

describe('wage-guide on generated data', () => {
  let fixture: Awaited<ReturnType<typeof createFixtureStore>>;
  beforeAll(async () => {
    fixture = await createFixtureStore();
  });
  afterAll(() => fixture?.cleanup());

  it('P10/P50/P90 per city with ≥ 30 postings equal a hand computation over the same rows', async () => {
    expect(await expectMatchesHand(fixture.db)).toBeGreaterThan(10);
  });

  it('suppresses cells below min_n and orders the percentiles', async () => {
    const all = await sqlWageGuide(fixture.db, { min_n: '1' });
    const published = await sqlWageGuide(fixture.db, {});
    expect(all.length).toBeGreaterThan(published.length);
    expect(published.every((r) => (r.n as number) >= 30)).toBe(true);
    expect(all.some((r) => (r.n as number) < 30)).toBe(true);
    for (const r of published) {
      expect(r.p10 as number).toBeLessThanOrEqual(r.p25 as number);
      expect(r.p25 as number).toBeLessThanOrEqual(r.p50 as number);
      expect(r.p50 as number).toBeLessThanOrEqual(r.p75 as number);
      expect(r.p75 as number).toBeLessThanOrEqual(r.p90 as number);
    }
    // region_occupation (the default) keys cells by both; occupation leaves the region empty, and
    // postings without an occupation code form one "unspecified" (NULL) cell rather than vanishing.
    expect(published.every((r) => r.region_code !== null)).toBe(true);
    expect(published.some((r) => r.occupation_code !== null)).toBe(true);
    const byOcc = await sqlWageGuide(fixture.db, { group_by: 'occupation' });
    expect(byOcc.every((r) => r.region_code === null)).toBe(true);
    expect(byOcc.filter((r) => r.occupation_code === null)).toHaveLength(1);
    const counted = [...(await handWageGuideByCity(fixture.db, 0)).values()].reduce((sum, c) => sum + c.n, 0);
    expect(byOcc.reduce((sum, r) => sum + (r.n as number), 0)).toBe(counted);
    const byProvince = await sqlWageGuide(fixture.db, { group_by: 'region', region_level: 'province' });
    expect(byProvince.map((r) => r.region_code)).toEqual(['110000', '130000', '420000', '510000']);
    expect(byProvince.map((r) => r.region_name)).toEqual(['北京市', '河北省', '湖北省', '四川省']);
  });

  it('counts an open-ended range at its lower bound and a closed one at its midpoint', async () => {
    const rows = await withStore({ path: fixture.db, readOnly: true }, (store) =>
      store.all<{ open: number }>('SELECT count(*) AS open FROM postings WHERE salary_max IS NULL'),
    );
    expect(rows[0]!.open).toBeGreaterThan(0); // the generator writes "…以上" postings, so the hand check covers them
  });

  it('names occupations, with a taxonomy directory configured or not', async () => {
    const taxonomy = join(import.meta.dirname, '../../../shared/taxonomy');
    const pack = await QueryPack.load();
    const named = await withSession({ db: fixture.db, taxonomyDir: existsSync(taxonomy) ? taxonomy : null }, (s) =>
      runNamedQuery(s, pack.get('wage-guide'), { group_by: 'occupation' }),
    );
    const nameIndex = named.columns.findIndex((c) => c.name === 'occupation_name');
    // With the classification or without it (then from the shipped reference/occupations.json).
    expect(named.rows.find((r) => r[2] === '6-18-02-04')?.[nameIndex]).toBe('焊工');
    expect(named.rows.every((r) => r[2] === null || typeof r[nameIndex] === 'string')).toBe(true);
  });
});

describe('wage-guide on the shipped data-samples, ingested through the CLI', () => {
  it.skipIf(!existsSync(join(SAMPLES, 'postings.ndjson')))('matches the hand computation', async () => {
    const fixture = await createFixtureStore({ postings: 0, seekers: 0 });
    try {
      const { value } = await captureOutput(() => runCli(['ingest', '--from', join(SAMPLES, 'postings.ndjson'), '--db', fixture.db]));
      expect(value).toBe(0);
      expect(await expectMatchesHand(fixture.db)).toBeGreaterThanOrEqual(5); // Xingtai, Yichang and Sichuan cities
    } finally {
      fixture.cleanup();
    }
  });
});

describe('wage-guide on boss.csv imported through import-postings', () => {
  const present = existsSync(BOSS_CSV) && HAS_IMPORTER;
  if (!present)
    console.warn(
      `skipping the boss.csv wage-guide check: ${existsSync(BOSS_CSV) ? 'no import-postings pipeline' : `${BOSS_CSV} is absent`}`,
    );
  it.skipIf(!present)('P10/P50/P90 per city with ≥ 30 postings equal a hand computation', async () => {
    const fixture = await createFixtureStore({ postings: 0, seekers: 0 });
    try {
      const { value } = await captureOutput(() =>
        runCli(['import-postings', '--csv', BOSS_CSV, '--mapping', 'jobboard', '--db', fixture.db]),
      );
      expect(value).toBe(0);
      expect(await expectMatchesHand(fixture.db)).toBeGreaterThanOrEqual(8);
    } finally {
      fixture.cleanup();
    }
  });
});
