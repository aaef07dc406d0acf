import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSession } from '../../src/query/AnalyticsSession.ts';
import { SqlSandbox } from '../../src/query/SqlSandbox.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { createFixtureStore } from '../query/syntheticFixture.ts';

const SCOPE = '130500';

describe('a scoped view names no out-of-scope record through a related table (issue 14, case 9)', () => {
  let fixture: Awaited<ReturnType<typeof createFixtureStore>>;
  let sandbox: SqlSandbox;
  let outOfScopePostings: number;
  beforeAll(async () => {
    fixture = await createFixtureStore({ postings: 4000, seekers: 2000 });
    // A recommendation and a plan step of an in-scope seeker, each for a posting of another province.
    await withStore({ path: fixture.db }, async (store) => {
      const [seeker] = await store.all<{ id: string }>("SELECT id FROM seekers WHERE residence_region LIKE '1305%' LIMIT 1");
      const [posting] = await store.all<{ id: string }>("SELECT id FROM postings WHERE region_code LIKE '42%' LIMIT 1");
      await store.run(
        `INSERT INTO recommendations BY NAME SELECT 'r1' AS run_id, $s AS seeker_id, $p AS posting_id, 1 AS rank, 0.9 AS score,
          'A' AS grade, 'T1' AS tier, 'app' AS channel, '' AS explanation, '' AS explanation_en, []::VARCHAR[] AS top_factors,
          '[]'::JSON AS factors, []::VARCHAR[] AS skills_gap, '[]'::JSON AS policy_hints, true AS pushed, now() AS created_at`,
        { s: seeker!.id, p: posting!.id },
      );
    });
    outOfScopePostings = await withSession({ db: fixture.db }, async (s) => {
      const r = await s.query(
        `SELECT count(*) FROM outcomes o JOIN seekers s ON s.id = o.seeker_id JOIN postings p ON p.id = o.posting_id
          WHERE s.residence_region LIKE '1305%' AND p.region_code NOT LIKE '1305%'`,
      );
      return Number(r.rows[0]![0]);
    });
    sandbox = await SqlSandbox.fromFile(fixture.db, { scope: SCOPE });
  });
  afterAll(async () => {
    await sandbox?.close();
    fixture?.cleanup();
  });

  it('the fixture has outcomes of in-scope seekers at out-of-scope postings', () => {
    expect(outOfScopePostings).toBeGreaterThan(0);
  });

  for (const table of ['outcomes', 'recommendations', 'case_plan_steps']) {
    it(`${table}: every posting id shown is of an in-scope posting; the rows stay`, async () => {
      const leaked = await sandbox.queryReadOnly(
        `SELECT count(*) FROM ${table} WHERE posting_id IS NOT NULL AND posting_id NOT IN (SELECT id FROM postings)`,
      );
      expect(leaked.rows[0]![0]).toBe(0);
    });
  }

  it('outcomes keep their rows (counts by seeker are unchanged); only the foreign posting id is hidden', async () => {
    const scoped = await sandbox.queryReadOnly('SELECT count(*), count(posting_id) FROM outcomes');
    const [rows, withPosting] = scoped.rows[0] as [number, number];
    expect(rows - withPosting).toBe(outOfScopePostings);
    const recs = await sandbox.queryReadOnly("SELECT count(*), count(posting_id) FROM recommendations WHERE run_id = 'r1'");
    expect(recs.rows[0]).toEqual([1, 0]);
  });

  it('the query pack session applies the same rule', async () => {
    await withSession({ db: fixture.db, scope: SCOPE }, async (s) => {
      const r = await s.query('SELECT count(*) FROM outcomes WHERE posting_id NOT IN (SELECT id FROM postings)');
      expect(r.rows[0]![0]).toBe(0);
    });
  });
});
