import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../pipelines/cli/main.ts';
import { withSession } from '../../src/query/AnalyticsSession.ts';
import { SqlSandbox, withSandbox } from '../../src/query/SqlSandbox.ts';
import { QueryPack } from '../../src/query/QueryPack.ts';
import { runNamedQuery } from '../../src/query/runNamedQuery.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { Regions } from '../../src/validation/Regions.ts';
import { captureOutput, createFixtureStore } from './syntheticFixture.ts';

const SCOPE = '130500'; // 邢台市
const inScope = (code: unknown) => typeof code === 'string' && Regions.get().within(code, SCOPE);

describe('region scoping', () => {
  let fixture: Awaited<ReturnType<typeof createFixtureStore>>;
  let sandbox: SqlSandbox;
  beforeAll(async () => {
    fixture = await createFixtureStore();
    sandbox = await SqlSandbox.fromFile(fixture.db, { scope: SCOPE });
  });
  afterAll(async () => {
    await sandbox?.close();
    fixture?.cleanup();
  });

  it('the fixture has rows on both sides of the scope boundary', async () => {
    await withSandbox(fixture.db, {}, undefined, async (s) => {
      const r = await s.queryReadOnly(`SELECT count(*) FILTER (WHERE region_code LIKE '1305%') AS inside, count(*) AS total FROM postings`);
      const [inside, total] = r.rows[0] as number[];
      expect(inside).toBeGreaterThan(10);
      expect(total).toBeGreaterThan(inside! * 5);
    });
  });

  it('every named query returns only rows of the scope', async () => {
    const pack = await QueryPack.load();
    await withSession({ db: fixture.db, scope: SCOPE }, async (s) => {
      for (const name of [
        'wage-guide',
        'supply-demand',
        'follow-up-compliance',
        'posting-review-backlog',
        'benefit-integrity',
        'reemployment-stability',
      ]) {
        const result = await runNamedQuery(s, pack.get(name), name === 'wage-guide' ? { min_n: '1', region_level: 'county' } : {});
        const col = result.columns.findIndex((c) => ['region_code', 'group_code', 'office_code'].includes(c.name));
        expect(result.rows.length, name).toBeGreaterThan(0);
        for (const row of result.rows) expect(inScope(row[col]), `${name}: ${String(row[col])}`).toBe(true);
      }
      // Aggregates without a region column are computed over the scope only.
      const unscopedCount = await withSession(
        { db: fixture.db },
        async (all) => (await runNamedQuery(all, pack.get('unemployment'), {})).rows[0]![3],
      );
      const scopedCount = (await runNamedQuery(s, pack.get('unemployment'), {})).rows[0]![3];
      expect(scopedCount as number).toBeLessThan(unscopedCount as number);
    });
  });

  it('ad-hoc SQL sees only in-scope rows, in every table', async () => {
    const postings = await sandbox.queryReadOnly('SELECT DISTINCT region_code FROM postings');
    expect(postings.rows.length).toBeGreaterThan(0);
    expect(postings.rows.every((r) => inScope(r[0]))).toBe(true);
    const seekers = await sandbox.queryReadOnly('SELECT DISTINCT residence_region FROM seekers');
    expect(seekers.rows.every((r) => inScope(r[0]))).toBe(true);
    const leaked = await sandbox.queryReadOnly(
      `SELECT (SELECT count(*) FROM follow_ups f WHERE f.seeker_id NOT IN (SELECT id FROM seekers))
            + (SELECT count(*) FROM outcomes o WHERE o.seeker_id NOT IN (SELECT id FROM seekers))
            + (SELECT count(*) FROM rejected) + (SELECT count(*) FROM ingest_batches)`,
    );
    expect(leaked.rows[0]![0]).toBe(0);
  });

  const escapes: Array<[string, string]> = [
    ['fully qualified store table', 'SELECT count(*) FROM store.main.postings'],
    [
      'catalogue listing of other databases',
      "SELECT count(*) FROM duckdb_tables() WHERE database_name NOT IN ('temp', 'memory', 'system')",
    ],
    ['attach the file again', `ATTACH '__DB__' AS again (READ_ONLY)`],
    ['attach inside a select', `SELECT * FROM (ATTACH '__DB__' AS again)`],
    ['read the file as CSV', `SELECT * FROM read_csv('__DB__')`],
    ['read the file as blob', `SELECT content FROM read_blob('__DB__')`],
    ['read the file by path', `SELECT * FROM '__DB__'`],
    ['parquet scan of the file', `SELECT * FROM read_parquet('__DB__')`],
    ['glob the directory', `SELECT * FROM glob('__DIR__/*')`],
    ['copy out', `COPY postings TO '__DIR__/leak.csv'`],
    ['copy in a select', `SELECT 1; COPY postings TO '__DIR__/leak.csv'`],
    ['two statements', 'SELECT 1; SELECT 2'],
    ['turn file access back on', 'SET enable_external_access = true'],
    ['unlock configuration', 'RESET lock_configuration'],
    ['pragma', 'PRAGMA enable_external_access'],
    ['install an extension', 'INSTALL httpfs'],
    ['load an extension', 'LOAD httpfs'],
    ['write a table', 'CREATE TABLE x AS SELECT * FROM postings'],
    ['export the database', `EXPORT DATABASE '__DIR__/export'`],
    ['detach', 'DETACH store'],
    ['call a table function that reads files', `CALL read_csv('__DB__')`],
    ['sniff the file', `SELECT * FROM sniff_csv('__DB__')`],
    ['query_table with a catalogue name', "SELECT count(*) FROM query_table('store.main.postings')"],
    ['getenv', "SELECT getenv('HOME')"],
  ];

  for (const [what, template] of escapes) {
    it(`cannot escape the scope: ${what}`, async () => {
      const sql = template.replaceAll('__DB__', fixture.db).replaceAll('__DIR__', fixture.dir);
      let outcome: string;
      try {
        const result = await sandbox.queryReadOnly(sql);
        // A statement that runs must not reveal anything outside the scope.
        outcome = JSON.stringify(result.rows);
        expect(result.rows).toEqual([[0]]);
      } catch (error) {
        outcome = (error as Error).message;
        if (process.env.SHOW_ESCAPES) console.log(`${what}: ${outcome.split('\n')[0]}`);
        expect(outcome).toMatch(
          /read-only|one statement|disabled|does not exist|not found|Permission|locked|Catalog Error|Binder Error|Parser Error|parse|failed/i,
        );
      }
      // Whatever happened, the in-scope view is unchanged and the scope still holds.
      const check = await sandbox.queryReadOnly("SELECT count(*) FROM postings WHERE region_code NOT LIKE '1305%'");
      expect(check.rows[0]![0], outcome).toBe(0);
    });
  }

  it('the sql command enforces LABOURFLOW_SCOPE and rejects writes, through the CLI', async () => {
    process.env.LABOURFLOW_SCOPE = SCOPE;
    try {
      const ok = await captureOutput(() =>
        runCli(['sql', 'SELECT DISTINCT left(region_code, 4) AS p FROM postings', '--db', fixture.db, '--format', 'json']),
      );
      expect(ok.value).toBe(0);
      expect(JSON.parse(ok.stdout)).toEqual([{ p: '1305' }]);
      const bad = await captureOutput(() => runCli(['sql', `SELECT * FROM read_csv('${fixture.db}')`, '--db', fixture.db]));
      expect(bad.value).not.toBe(0);
      expect(bad.stdout).toBe('');
      const write = await captureOutput(() => runCli(['sql', 'DELETE FROM postings', '--db', fixture.db]));
      expect(write.value).toBe(2);
      expect(write.stderr).toMatch(/read-only/);
    } finally {
      delete process.env.LABOURFLOW_SCOPE;
    }
  });

  it('the query command applies --scope and refuses a scope that is not a region', async () => {
    const ok = await captureOutput(() =>
      runCli([
        'query',
        'wage-guide',
        '--param',
        'group_by=region',
        '--param',
        'region_level=county',
        '--param',
        'min_n=1',
        '--scope',
        '130502',
        '--db',
        fixture.db,
        '--format',
        'json',
      ]),
    );
    expect(ok.value).toBe(0);
    const rows = JSON.parse(ok.stdout) as Array<{ region_code: string }>;
    expect(rows.map((r) => r.region_code)).toEqual(['130502']);
    const bad = await captureOutput(() => runCli(['query', 'wage-guide', '--scope', '139999', '--db', fixture.db]));
    expect(bad.value).toBe(2);
    expect(bad.stderr).toMatch(/not a GB\/T 2260 region code/);
  });

  it('a scoped session exposes no table it has no rule for (default deny)', async () => {
    await withStore({ path: fixture.db }, (store) =>
      store.run("CREATE TABLE case_notes AS SELECT 'S1' AS seeker_id, '110101' AS region_code"),
    );
    const unscoped = await withSandbox(fixture.db, {}, undefined, (s) => s.tables());
    expect(unscoped).toContain('case_notes');
    const scoped = await SqlSandbox.fromFile(fixture.db, { scope: SCOPE });
    try {
      const tables = await scoped.tables();
      expect(tables).toEqual(expect.arrayContaining(['postings', 'seekers', 'follow_ups', 'outcomes', 'regions']));
      expect(tables).not.toContain('case_notes');
      await expect(scoped.queryReadOnly('SELECT * FROM case_notes')).rejects.toThrow(/does not exist/);
    } finally {
      await scoped.close();
    }
    const dbs = await sandbox.queryReadOnly('SELECT database_name FROM duckdb_databases() ORDER BY 1');
    expect(dbs.rows.map((r) => r[0])).toEqual(['memory', 'system', 'temp']);
  });
});
