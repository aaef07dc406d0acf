import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSession } from '../../src/query/AnalyticsSession.ts';
import { SqlSandbox, withSandbox } from '../../src/query/SqlSandbox.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { runCliProcess } from '../helpers/runCliProcess.ts';
import { createFixtureStore } from '../query/syntheticFixture.ts';

const SCOPE = '130500';
const PASSWD = readFileSync('/etc/passwd', 'utf8').split('\n')[0]!.split(':')[0]!; // e.g. "root"

type Fixture = Awaited<ReturnType<typeof createFixtureStore>>;

/** A store whose `table` is replaced by a view running `body` (the attacker's crafted file). */
async function craftedStore(table: string, body: (fixture: Fixture) => string): Promise<Fixture> {
  const fixture = await createFixtureStore({ postings: 300, seekers: 200 });
  const real = await createFixtureStore({ postings: 300, seekers: 200 });
  await withStore({ path: fixture.db }, async (store) => {
    await store.run(`DROP TABLE ${table}`);
    await store.run(`CREATE VIEW ${table} AS ${body(real)}`);
  });
  const cleanup = () => {
    fixture.cleanup();
    real.cleanup();
  };
  return { ...fixture, cleanup };
}

describe('a crafted database is refused before anything reads it (issue 14, case 2)', () => {
  const crafted: Array<[string, string, (f: Fixture) => string]> = [
    [
      'postings as read_csv(/etc/passwd)',
      'postings',
      () => "SELECT column0 AS region_code, column0 AS id, * FROM read_csv('/etc/passwd', header = false, sep = ':')",
    ],
    [
      'seekers as read_blob of a real store',
      'seekers',
      (real) => `SELECT '130502' AS residence_region, 'S1' AS id, content::VARCHAR AS text FROM read_blob('${real.db}')`,
    ],
  ];
  for (const [what, table, body] of crafted) {
    it(`${what}: sql (scoped and not), query and the library refuse the file`, async () => {
      const fixture = await craftedStore(table, body);
      try {
        for (const env of [{ LABOURFLOW_SCOPE: SCOPE }, {}]) {
          const run = runCliProcess(['sql', `SELECT * FROM ${table}`, '--db', fixture.db, '--format', 'json'], env);
          expect(run.code, run.stderr).toBe(2);
          expect(run.stdout).toBe('');
          expect(run.stderr).toMatch(/not a labourflow store: it defines a view main\.(postings|seekers)/);
          expect(run.stderr).not.toContain(`${PASSWD}:x:`);
        }
        const query = runCliProcess(['query', 'supply-demand', '--db', fixture.db, '--scope', SCOPE]);
        expect(query.code, query.stderr).toBe(2);
        expect(query.stderr).toMatch(/STORE_SCHEMA_FOREIGN|not a labourflow store/);
        await expect(SqlSandbox.fromFile(fixture.db, { scope: SCOPE })).rejects.toMatchObject({ code: 'STORE_SCHEMA_FOREIGN' });
        await expect(withSession({ db: fixture.db }, async () => 0)).rejects.toMatchObject({ code: 'STORE_SCHEMA_FOREIGN' });
      } finally {
        fixture.cleanup();
      }
    });
  }

  it('a macro or a changed column is refused; an extra or a missing base table is not', async () => {
    const fixture = await createFixtureStore({ postings: 200, seekers: 100 });
    try {
      const open = () => withSandbox(fixture.db, { scope: SCOPE }, undefined, (s) => s.tables());
      await expect(open()).resolves.toContain('postings');
      await withStore({ path: fixture.db }, (s) => s.run("CREATE MACRO region_of(x) AS 'anywhere'"));
      await expect(open()).rejects.toThrow(/defines a macro region_of/);
      await withStore({ path: fixture.db }, (s) => s.run('DROP MACRO region_of'));
      await withStore({ path: fixture.db }, (s) => s.run('ALTER TABLE outcomes ADD COLUMN secret VARCHAR'));
      await expect(open()).rejects.toThrow(/table outcomes has columns/);
      await withStore({ path: fixture.db }, (s) => s.run('ALTER TABLE outcomes DROP COLUMN secret'));
      await expect(open()).resolves.toContain('outcomes');
      await withStore({ path: fixture.db }, (s) => s.run('CREATE TABLE notes (id VARCHAR)'));
      await expect(open()).resolves.not.toContain('notes');
      await withStore({ path: fixture.db }, (s) => s.run('DROP TABLE match_runs'));
      await expect(open()).resolves.not.toContain('match_runs');
    } finally {
      fixture.cleanup();
    }
  });
});

describe('the sandbox has no directory and runs reads only (issue 14, case 3)', () => {
  let fixture: Fixture;
  let sandbox: SqlSandbox;
  beforeAll(async () => {
    fixture = await createFixtureStore({ postings: 500, seekers: 200 });
    sandbox = await SqlSandbox.fromFile(fixture.db, { scope: SCOPE });
  });
  afterAll(async () => {
    await sandbox?.close();
    fixture?.cleanup();
  });

  it('no directory or path is allowed, and the configuration is locked', async () => {
    const r = await sandbox.queryReadOnly(
      "SELECT current_setting('allowed_directories')::VARCHAR, current_setting('enable_external_access'), " +
        "current_setting('lock_configuration'), current_setting('temp_directory')",
    );
    expect(r.rows[0]).toEqual(['[]', false, true, '']);
  });

  it('with <cwd>/.tmp present, the sql command cannot write to it or read from it', () => {
    const tmp = join(fixture.dir, '.tmp');
    mkdirSync(tmp);
    writeFileSync(join(tmp, 'planted.csv'), 'a,b\n1,2\n');
    for (const statement of [
      "EXPLAIN ANALYZE COPY (SELECT * FROM postings) TO '.tmp/leak.csv'",
      "COPY (SELECT * FROM postings) TO '.tmp/leak.csv'",
      "SELECT * FROM read_csv('.tmp/planted.csv')",
      "SELECT * FROM glob('.tmp/*')",
      `SELECT * FROM read_csv('${tmp}/planted.csv')`,
    ]) {
      const run = runCliProcess(['sql', statement, '--db', fixture.db, '--format', 'json'], { LABOURFLOW_SCOPE: SCOPE }, fixture.dir);
      expect(run.code, `${statement}: ${run.stdout}`).toBe(2);
      expect(run.stdout).toBe('');
    }
    expect(existsSync(join(tmp, 'leak.csv'))).toBe(false);
  });

  for (const statement of [
    "EXPLAIN ANALYZE COPY (SELECT * FROM postings) TO '/tmp/labourflow-leak.csv'",
    'EXPLAIN ANALYZE INSERT INTO postings SELECT * FROM postings',
    'EXPLAIN ANALYZE DELETE FROM postings',
    'EXPLAIN ANALYZE CREATE TABLE copy_of AS SELECT * FROM postings',
    'EXPLAIN ANALYSE UPDATE postings SET title = NULL',
    'explain /* c */ analyze -- c\n DELETE FROM seekers',
    'EXPLAIN (FORMAT json) DELETE FROM postings',
    'EXPLAIN DROP TABLE postings',
    'EXPLAIN ANALYZE PRAGMA show_tables',
    'EXPLAIN EXPLAIN ANALYZE DELETE FROM postings',
    'PRAGMA show_tables',
    "PRAGMA table_info('postings')",
    'PRAGMA database_size',
    ' /* x */ pragma version',
    "CALL pragma_table_info('postings')",
  ]) {
    it(`refuses ${statement.replace(/\s+/g, ' ')}`, async () => {
      const before = (await sandbox.queryReadOnly('SELECT count(*) FROM postings')).rows[0]![0];
      await expect(sandbox.queryReadOnly(statement)).rejects.toMatchObject({ code: 'SQL_NOT_READ_ONLY' });
      expect((await sandbox.queryReadOnly('SELECT count(*) FROM postings')).rows[0]![0]).toBe(before);
      expect((await sandbox.tables()).includes('copy_of')).toBe(false);
    });
  }

  it('EXPLAIN and EXPLAIN ANALYZE of a read still work', async () => {
    for (const statement of [
      'EXPLAIN SELECT count(*) FROM postings',
      'EXPLAIN ANALYZE SELECT count(*) FROM postings',
      'EXPLAIN ANALYZE WITH p AS (SELECT * FROM postings) SELECT count(*) FROM p',
      'EXPLAIN (FORMAT json) SELECT 1',
      'EXPLAIN ANALYZE (SELECT 1)',
    ]) {
      const r = await sandbox.queryReadOnly(statement);
      expect(r.rows.length, statement).toBeGreaterThan(0);
    }
  });
});
