import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSession } from '../../src/query/AnalyticsSession.ts';
import { QueryPack } from '../../src/query/QueryPack.ts';
import { runNamedQuery } from '../../src/query/runNamedQuery.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { createFixtureStore } from './syntheticFixture.ts';

/** 求人倍率 changes (issue #13): on units present in both periods, and never from a zero base. */
describe('supply-demand changes', () => {
  let fixture: Awaited<ReturnType<typeof createFixtureStore>>;
  beforeAll(async () => {
    fixture = await createFixtureStore({ postings: 6000, seekers: 4000 });
    // Hebei posted nothing a year before 2025-Q4 and Hubei nothing the quarter before; seekers stay.
    await withStore({ path: fixture.db }, async (store) => {
      await store.run("DELETE FROM postings WHERE region_code LIKE '13%' AND posted_date BETWEEN DATE '2024-10-01' AND DATE '2024-12-31'");
      await store.run("DELETE FROM postings WHERE region_code LIKE '42%' AND posted_date BETWEEN DATE '2025-07-01' AND DATE '2025-09-30'");
    });
  }, 600_000);
  afterAll(() => fixture?.cleanup());

  it('a zero base gives no change; other units keep theirs', async () => {
    const rows = await withSession({ db: fixture.db }, async (session) => {
      const pack = await QueryPack.load();
      const r = await runNamedQuery(session, pack.get('supply-demand'), { quarter: '2025-Q4', region_level: 'province' });
      return Object.fromEntries(
        r.rows.map((row) => {
          const o = Object.fromEntries(r.columns.map((c, i) => [c.name, row[i]]));
          return [String(o.group_code), o];
        }),
      );
    });
    expect(Number(rows['130000']!.ratio_prev_y)).toBe(0);
    expect(rows['130000']!.ratio_change_y).toBeNull();
    expect(rows['130000']!.ratio_change_q).not.toBeNull();
    expect(Number(rows['420000']!.ratio_prev_q)).toBe(0);
    expect(rows['420000']!.ratio_change_q).toBeNull();
    expect(rows['420000']!.ratio_change_y).not.toBeNull();
    expect(rows['110000']!.ratio_change_y).not.toBeNull();
    expect(rows['110000']!.ratio_change_q).not.toBeNull();
  });
});
