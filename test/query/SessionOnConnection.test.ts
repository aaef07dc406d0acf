import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsSession } from '../../src/query/AnalyticsSession.ts';
import { QueryPack } from '../../src/query/QueryPack.ts';
import { runNamedQuery } from '../../src/query/runNamedQuery.ts';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';
import { Regions } from '../../src/validation/Regions.ts';
import { createFixtureStore } from './syntheticFixture.ts';

const SCOPE = '130500';

/** The service's case: the store is open for writing in this process, and analysts query beside the writer. */
describe('AnalyticsSession on a connection of the instance that owns the store', () => {
  let fixture: Awaited<ReturnType<typeof createFixtureStore>>;
  let store: DuckDBStore;
  beforeAll(async () => {
    fixture = await createFixtureStore({ postings: 3000, seekers: 1500 });
    store = await DuckDBStore.create({ path: fixture.db });
  });
  afterAll(async () => {
    await store?.close();
    fixture?.cleanup();
  });

  it('scopes the query pack to the region and sees what the writer has committed', async () => {
    const pack = await QueryPack.load();
    const connection = await store.instance.connect();
    try {
      const session = await AnalyticsSession.onConnection(connection, { scope: SCOPE });
      const count = async () => Number((await session.query('SELECT count(*) FROM postings')).rows[0]![0]);
      const before = await count();
      const all = Number((await store.all<{ n: number }>('SELECT count(*) AS n FROM postings'))[0]!.n);
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(all);
      const wage = await runNamedQuery(session, pack.get('wage-guide'), { group_by: 'region', min_n: '1' });
      const regionColumn = wage.columns.findIndex((c) => c.name === 'region_code');
      expect(wage.rows.length).toBeGreaterThan(0);
      for (const row of wage.rows) expect(Regions.get().within(String(row[regionColumn]), SCOPE)).toBe(true);
      // A write committed on the store's own connection is visible to the next statement.
      await store.run("INSERT INTO postings SELECT * REPLACE ('NEW-' || id AS id) FROM postings WHERE region_code LIKE '1305%' LIMIT 3");
      expect(await count()).toBe(before + 3);
      await session.close();
      // The lent connection stays usable for its owner, and the session's views stay on it alone.
      expect(Number((await connection.runAndReadAll('SELECT 1')).getRows()[0]![0])).toBe(1);
      const other = await store.instance.connect();
      expect(Number((await other.runAndReadAll('SELECT count(*) FROM postings')).getRows()[0]![0])).toBe(all + 3);
      other.closeSync();
    } finally {
      connection.closeSync();
    }
  });
});
