import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSession } from '../../src/query/AnalyticsSession.ts';
import { QueryPack } from '../../src/query/QueryPack.ts';
import { runNamedQuery } from '../../src/query/runNamedQuery.ts';
import { SyntheticStore } from '../../src/query/SyntheticStore.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { createFixtureStore } from './syntheticFixture.ts';

describe('the query pack on generated data', () => {
  let fixture: Awaited<ReturnType<typeof createFixtureStore>>;
  beforeAll(async () => {
    fixture = await createFixtureStore({ postings: 4000, seekers: 3000 });
  });
  afterAll(() => fixture?.cleanup());

  it('every query runs with its defaults', async () => {
    const pack = await QueryPack.load();
    await withSession({ db: fixture.db }, async (session) => {
      for (const def of pack.list()) {
        const result = await runNamedQuery(session, def, {});
        expect(result.columns.length, def.name).toBeGreaterThan(2);
        // Sums of integers are HUGEINT in DuckDB, which Parquet stores as DOUBLE: counts are cast to BIGINT.
        expect(
          result.columns.filter((c) => c.type === 'HUGEINT').map((c) => c.name),
          def.name,
        ).toEqual([]);
        const expectRows = !['matching-funnel', 'layoff-risk'].includes(def.name);
        if (expectRows) expect(result.rows.length, def.name).toBeGreaterThan(0);
      }
    });
  });

  it('supply-demand: ratio = demand ÷ seekers, equal to a hand count; no demand side by age band', async () => {
    const pack = await QueryPack.load();
    await withSession({ db: fixture.db }, async (session) => {
      const r = await runNamedQuery(session, pack.get('supply-demand'), {
        quarter: '2025-Q2',
        group_by: 'region',
        region_level: 'province',
      });
      const rows = r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]]))) as Array<
        Record<string, number | string>
      >;
      expect(rows.map((x) => x.group_code)).toEqual(['110000', '130000', '420000', '510000']);
      for (const x of rows) {
        expect(x.quarter).toBe('2025-Q2');
        expect(x.ratio).toBeCloseTo((x.demand as number) / (x.seekers as number), 2);
      }
      // By hand for Hebei: postings' headcount posted in 2025-Q2, not pending or withdrawn; seekers registered then.
      const hand = await session.query(`
        SELECT (SELECT sum(headcount) FROM postings WHERE region_code LIKE '13%' AND posted_date >= DATE '2025-04-01' AND posted_date < DATE '2025-07-01'
                 AND status NOT IN ('pending_review', 'withdrawn')) AS d,
               (SELECT count(*) FROM seekers WHERE residence_region LIKE '13%'
                 AND registration_date >= DATE '2025-04-01' AND registration_date < DATE '2025-07-01') AS s`);
      const hebei = rows.find((x) => x.group_code === '130000')!;
      expect(hebei.demand).toBe(hand.rows[0]![0]);
      expect(hebei.seekers).toBe(hand.rows[0]![1]);
      const ages = await runNamedQuery(session, pack.get('supply-demand'), { group_by: 'age_band' });
      const demandCol = ages.columns.findIndex((c) => c.name === 'demand');
      expect(ages.rows.map((row) => row[1])).toEqual(['16-24', '25-34', '35-44', '45-54', '55+']);
      expect(ages.rows.every((row) => row[demandCol] === null)).toBe(true);
    });
  });

  it('matching-funnel follows recommendations to applications and hires of the same seeker and posting', async () => {
    const db = join(fixture.dir, 'funnel.duckdb');
    const store = await SyntheticStore.create(db, { postings: 50, seekers: 50, followUps: 0, outcomes: 0 });
    await store.run(`INSERT INTO recommendations
      SELECT 'run1', 'S' || lpad(CAST(i AS VARCHAR), 10, '0'), 'P' || lpad(CAST(i AS VARCHAR), 10, '0'), 1, 0.9,
             CASE WHEN i < 6 THEN 'A' ELSE 'B' END, 'T1', 'app', '', '', [], '[]', [], '[]', true, now()
      FROM range(10) t(i)`);
    // Seeker 0 applied and was hired, 1 applied, 2 was hired for a posting never recommended to them, 7 applied.
    await store.run(`INSERT INTO outcomes VALUES
      ('o1', 1, now(), 'S0000000000', 'P0000000000', 'run1', 'applied', DATE '2025-01-02', NULL, NULL, NULL, NULL, now()),
      ('o2', 1, now(), 'S0000000000', 'P0000000000', 'run1', 'hired', DATE '2025-01-20', 12, DATE '2025-02-01', true, NULL, now()),
      ('o3', 1, now(), 'S0000000001', 'P0000000001', 'run1', 'applied', DATE '2025-01-03', NULL, NULL, NULL, NULL, now()),
      ('o4', 1, now(), 'S0000000002', 'P0000000009', NULL, 'hired', DATE '2025-01-05', 12, DATE '2025-01-10', true, NULL, now()),
      ('o5', 1, now(), 'S0000000007', 'P0000000007', 'run1', 'applied', DATE '2025-01-04', NULL, NULL, NULL, NULL, now())`);
    await store.close();
    const pack = await QueryPack.load();
    const rows = await withSession({ db }, async (session) => (await runNamedQuery(session, pack.get('matching-funnel'), {})).rows);
    // tier, grade, recommended, applied, interviewed, hired, apply_rate, hire_per_application
    expect(rows).toEqual([
      ['T1', 'A', 6, 2, 1, 1, 0.333, 0.5],
      ['T1', 'B', 4, 1, 0, 0, 0.25, 0],
    ]);
  });

  it('a table its pipeline has not created yet gives an empty result and says so', async () => {
    // A store as the migrations leave it, but without the table watch-layoffs writes.
    const bare = join(fixture.dir, 'bare.duckdb');
    await withStore({ path: bare }, (store) => store.run('DROP TABLE layoff_alerts'));
    const pack = await QueryPack.load();
    await withSession({ db: bare }, async (session) => {
      const result = await runNamedQuery(session, pack.get('layoff-risk'), {});
      expect(result.missingTables).toEqual(['layoff_alerts']);
      expect(result.rows).toEqual([]);
      expect(result.columns.map((col) => col.name)).toContain('explanation_zh');
    });
  });
});
