import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../pipelines/cli/main.ts';
import { loadCoreConfig, resolveScope } from '../../src/config/config.ts';
import { ConfigError } from '../../src/core/PipelineError.ts';
import { AnalyticsSession, withSession } from '../../src/query/AnalyticsSession.ts';
import { withSandbox } from '../../src/query/SqlSandbox.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { captureOutput, createFixtureStore } from '../query/syntheticFixture.ts';

const SCOPE = '130500'; // 邢台市

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('a scope is never dropped or widened (issue 14, case 1)', () => {
  it('an empty --scope is an error, with or without LABOURFLOW_SCOPE', () => {
    for (const env of [{ LABOURFLOW_SCOPE: SCOPE }, {}]) {
      const error = configError(() => loadCoreConfig({ scope: '' }, env));
      expect(error.code).toBe('SCOPE_EMPTY');
      expect(error.hint).toMatch(/region code/);
    }
  });

  it('an empty or malformed LABOURFLOW_SCOPE is an error, not "no scope"', () => {
    expect(configError(() => loadCoreConfig({}, { LABOURFLOW_SCOPE: '' })).code).toBe('SCOPE_EMPTY');
    expect(configError(() => loadCoreConfig({}, { LABOURFLOW_SCOPE: '  ' })).code).toBe('SCOPE_EMPTY');
    for (const bad of ['13050', ' 130500', '130500 ', '139999', '13O500', '1305001']) {
      expect(configError(() => loadCoreConfig({}, { LABOURFLOW_SCOPE: bad })).code, bad).toBe('SCOPE_INVALID');
      expect(configError(() => loadCoreConfig({ scope: bad }, {})).code, bad).toBe('SCOPE_INVALID');
    }
  });

  it('a flag may narrow the environment scope but never widen it', () => {
    expect(resolveScope('130502', SCOPE)).toBe('130502');
    expect(resolveScope(undefined, SCOPE)).toBe(SCOPE);
    expect(resolveScope(SCOPE, SCOPE)).toBe(SCOPE);
    expect(resolveScope(undefined, undefined)).toBeNull();
    for (const wider of ['130000', '110000', '110101', '130600']) {
      const error = configError(() => resolveScope(wider, SCOPE));
      expect(error.code, wider).toBe('SCOPE_WIDENS');
    }
  });

  it('a session or sandbox given an empty or malformed scope refuses to open', async () => {
    await expect(AnalyticsSession.create({ db: ':memory:', scope: '' })).rejects.toMatchObject({ code: 'SCOPE_EMPTY' });
    await expect(AnalyticsSession.create({ db: ':memory:', scope: '1305' })).rejects.toMatchObject({ code: 'SCOPE_INVALID' });
    await withStore({ path: ':memory:' }, async (store) => {
      await expect(AnalyticsSession.onConnection(store.connection, { scope: '' })).rejects.toMatchObject({ code: 'SCOPE_EMPTY' });
    });
  });

  describe('through the commands', () => {
    let fixture: Awaited<ReturnType<typeof createFixtureStore>>;
    let inside: number;
    beforeAll(async () => {
      fixture = await createFixtureStore({ postings: 3000, seekers: 1000 });
      inside = await withSandbox(fixture.db, { scope: SCOPE }, undefined, async (s) =>
        Number((await s.queryReadOnly('SELECT count(*) FROM postings')).rows[0]![0]),
      );
      const all = await withSession({ db: fixture.db }, async (s) => Number((await s.query('SELECT count(*) FROM postings')).rows[0]![0]));
      expect(inside).toBeGreaterThan(0);
      expect(all).toBeGreaterThan(inside);
    });
    afterAll(() => fixture?.cleanup());

    async function withEnvScope<T>(fn: () => Promise<T>): Promise<T> {
      process.env.LABOURFLOW_SCOPE = SCOPE;
      try {
        return await fn();
      } finally {
        delete process.env.LABOURFLOW_SCOPE;
      }
    }

    for (const [what, args] of [
      ['sql --scope ""', ['sql', 'SELECT count(*) AS n FROM postings', '--format', 'json', '--scope', '']],
      ['sql --scope=', ['sql', 'SELECT count(*) AS n FROM postings', '--format', 'json', '--scope=']],
      ['query supply-demand --scope ""', ['query', 'supply-demand', '--format', 'json', '--scope', '']],
      ['report --scope=', ['report', '--out', `${tmpdir()}/labourflow-never-written.html`, '--scope=']],
    ] as const) {
      it(`${what} is refused under LABOURFLOW_SCOPE and prints no row`, async () => {
        const run = await withEnvScope(() => captureOutput(() => runCli([...args, '--db', fixture.db])));
        expect(run.value).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/--scope is empty/);
      });
    }

    it('a wider --scope than LABOURFLOW_SCOPE is refused; a narrower one applies', async () => {
      const wider = await withEnvScope(() =>
        captureOutput(() => runCli(['sql', 'SELECT count(*) AS n FROM postings', '--scope', '130000', '--db', fixture.db])),
      );
      expect(wider.value).toBe(2);
      expect(wider.stdout).toBe('');
      expect(wider.stderr).toMatch(/outside LABOURFLOW_SCOPE/);
      const scoped = await withEnvScope(() =>
        captureOutput(() => runCli(['sql', 'SELECT count(*) AS n FROM postings', '--db', fixture.db, '--format', 'json'])),
      );
      expect(JSON.parse(scoped.stdout)).toEqual([{ n: inside }]);
      const narrower = await withEnvScope(() =>
        captureOutput(() =>
          runCli([
            'sql',
            "SELECT count(*) FILTER (WHERE region_code <> '130502') AS n FROM postings",
            '--scope',
            '130502',
            '--db',
            fixture.db,
            '--format',
            'json',
          ]),
        ),
      );
      expect(narrower.value).toBe(0);
      expect(JSON.parse(narrower.stdout)).toEqual([{ n: 0 }]);
    });
  });
});
