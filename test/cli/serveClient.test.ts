import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openOutbox } from '../../src/push/openOutbox.ts';
import { loadRiskConfig } from '../../src/risk/RiskConfig.ts';
import { watchLayoffs } from '../../src/risk/watchLayoffs.ts';
import type { WatchRequest } from '../../src/serve/ServiceContext.ts';
import { parquetRowCount } from '../../src/client/writeBytes.ts';
import { runCliAsync } from '../helpers/runCliAsync.ts';
import { SAMPLES, prepareTemplate, type RunningApi, startApi, tokenFor } from '../serve/apiFixture.ts';

vi.hoisted(() => {
  process.env.LABOURFLOW_SCRYPT_LOG2N = '14';
});

/**
 * The CLI through `--server` prints what it prints embedded: the same store contents on both
 * sides (copies of one template), national (root) and scoped (an analyst of 130500 against
 * --scope 130500 embedded).
 */
describe('the CLI as a client of serve', () => {
  let dir: string;
  let embedded: string;
  let api: RunningApi;
  let root: string;
  let analyst: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lf-cli-serve-'));
    const template = await prepareTemplate(dir);
    embedded = join(dir, 'embedded.duckdb');
    copyFileSync(template, embedded);
    api = await startApi(template);
    // What the service runtime does for watch-layoffs: the same job on the shared writer.
    api.context.runWatchLayoffs = async (request: WatchRequest) => {
      const core = api.context.core;
      const outbox = await openOutbox(core, 'layoff-alerts');
      try {
        return await api.host.write(async (store) => [
          await watchLayoffs(store, request.period!, loadRiskConfig(core), outbox, `risk-server-${request.period}`),
        ]);
      } finally {
        await outbox.close();
      }
    };
    root = await tokenFor(api.base, 'root');
    analyst = await tokenFor(api.base, 'analyst-xt');
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const outbox = () => join(dir, 'outbox-embedded');
  const local = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCliAsync([...args, '--db', embedded], { LABOURFLOW_OUTBOX_DIR: outbox(), ...env });
  const remote = (args: string[], token = root) => runCliAsync([...args, '--server', api.base], { LABOURFLOW_TOKEN: token });

  const same = async (args: string[], options: { scope?: boolean; normalise?: (s: string) => string } = {}) => {
    // Structured log lines (stderr, JSON) are diagnostics, not what the command prints.
    const n = (s: string) =>
      (options.normalise ?? ((t: string) => t))(
        s
          .split('\n')
          .filter((line) => !line.startsWith('{"time"'))
          .join('\n'),
      );
    const [a, b] = await Promise.all([
      local(options.scope ? [...args, '--scope', '130500'] : args),
      remote(args, options.scope ? analyst : root),
    ]);
    expect(b.stderr ? n(b.stderr) : '', args.join(' ')).toBe(a.stderr ? n(a.stderr) : '');
    expect(n(b.stdout), args.join(' ')).toBe(n(a.stdout));
    expect(b.code, args.join(' ')).toBe(a.code);
    return a;
  };

  it('query: the listing, a table, CSV and JSON are the same', async () => {
    expect((await same(['query', '--list'])).stdout).toContain('wage-guide');
    expect((await same(['query', 'wage-guide', '--param', 'group_by=region', '--param', 'min_n=1'])).stdout).toMatch(/rows?\)\n$/);
    expect((await same(['query', 'supply-demand', '--format', 'csv'])).stdout).toMatch(/^quarter,/);
    await same(['query', 'unemployment', '--format', 'json']);
    // (benefit-integrity is left out: its evidence column breaks ties between same-day evidence arbitrarily, embedded too.)
    await same(['query', 'key-group-coverage']);
  });

  it('query: scoped to the user’s region exactly as --scope embedded', async () => {
    await same(['query', 'wage-guide', '--param', 'group_by=region', '--param', 'region_level=county', '--param', 'min_n=1'], {
      scope: true,
    });
    await same(['query', 'follow-up-compliance', '--format', 'csv'], { scope: true });
  });

  it('query: bad parameters and unknown names fail alike (exit 2, same message)', async () => {
    expect((await same(['query', 'wage-guide', '--param', 'nope=1'])).code).toBe(2);
    expect((await same(['query', 'wage-guide', '--param', 'min_n=many'])).code).toBe(2);
    expect((await same(['query', 'no-such-query'])).code).toBe(2);
  });

  it('query: Parquet to a file holds the same rows', async () => {
    const a = join(dir, 'a.parquet');
    const b = join(dir, 'b.parquet');
    const [x, y] = await Promise.all([
      local(['query', 'wage-guide', '--format', 'parquet', '--out', a]),
      remote(['query', 'wage-guide', '--format', 'parquet', '--out', b]),
    ]);
    expect(y.code).toBe(0);
    expect(y.stderr.replace(b, 'OUT')).toBe(x.stderr.replace(a, 'OUT'));
    expect(await parquetRowCount(b)).toBe(await parquetRowCount(a));
    expect(await parquetRowCount(a)).toBeGreaterThan(0);
  });

  it('sql: tables, CSV, and refusals are the same', async () => {
    await same(['sql', 'SELECT residence_region, count(*) AS n FROM seekers GROUP BY 1 ORDER BY 1']);
    await same([
      'sql',
      "SELECT id, title, salary_min FROM postings WHERE region_code LIKE '1305%' ORDER BY id LIMIT 25",
      '--format',
      'csv',
    ]);
    await same(['sql', 'SELECT count(*) FROM seekers'], { scope: true });
    expect((await same(['sql', 'DELETE FROM seekers'])).code).toBe(2);
    expect((await same(['sql', 'SELEC nonsense'])).code).toBe(2);
  });

  it('report: the same summary line and the same page', async () => {
    const a = join(dir, 'ra', 'report.html');
    const b = join(dir, 'rb', 'report.html');
    for (const scope of [false, true]) {
      const [x, y] = await Promise.all([
        local(['report', '--out', a, ...(scope ? ['--scope', '130500'] : [])]),
        remote(['report', '--out', b], scope ? analyst : root),
      ]);
      expect(y.code).toBe(0);
      expect(y.stdout.replace(b, 'OUT')).toBe(x.stdout.replace(a, 'OUT'));
      const page = (f: string) => readFileSync(f, 'utf8').replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(\.\d+)?Z?/g, 'TIME');
      expect(page(b)).toBe(page(a));
    }
  });

  it('ingest --from FILE: the same counts, reconciliation and reject reasons', async () => {
    const file = join(SAMPLES, 'bad-records.ndjson');
    const a = await same(['ingest', '--from', file, '--quiet']);
    expect(a.stdout).toContain('reconciled');
    expect(a.stdout).toContain('rejected, by reason');
  });

  it('watch-layoffs: the same summary', async () => {
    await same(['watch-layoffs', '--period', '2026-06'], { normalise: (s) => s.replace(/outbox:\S+/g, 'outbox:X') });
  });

  it('refuses flags that would widen or bypass the server', async () => {
    const r = await remote(['query', 'wage-guide', '--scope', '420000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--scope cannot be used with --server');
    const s = await remote(['sql', 'SELECT 1', '--db', embedded]);
    expect(s.code).toBe(2);
    const t = await runCliAsync(['query', 'wage-guide', '--server', api.base]);
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('LABOURFLOW_TOKEN');
  });

  it('match: the same summary', async () => {
    const normalise = (s: string) =>
      s
        .replace(/run-\w+-\w+/g, 'RUN')
        .replace(/[\d.]+ s$/m, 'S')
        .replace(/outbox:\S+/g, 'outbox:X');
    await same(['match', '--as-of', '2026-06-30', '--dry-run'], { normalise });
  });
});
