import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { runCliProcess } from '../helpers/runCliProcess.ts';

/** Every table's row count and a digest of its rows, so any changed, added or removed row shows. */
async function snapshot(db: string): Promise<Record<string, string>> {
  return withStore({ path: db }, async (s) => {
    const tables = await s.all<{ name: string }>("SELECT table_name AS name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1");
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const [row] = await s.all<{ n: bigint; h: string }>(
        `SELECT count(*)::BIGINT AS n, md5(coalesce(string_agg(md5(CAST(x AS VARCHAR)), ',' ORDER BY md5(CAST(x AS VARCHAR))), '')) AS h FROM "${name}" x`,
      );
      out[name] = `${row!.n} ${row!.h}`;
    }
    return out;
  });
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('npm start (labourflow demo) run twice', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lf-demo-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the second run changes no row and pushes nothing', async () => {
    const args = ['demo', '--db', join(dir, 'lf.duckdb'), '--out', join(dir, 'out', 'report.html')];
    const first = runCliProcess(args, {}, dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/match --full .*--as-of \d{4}-\d{2}-\d{2}/);
    // The demo's 求人倍率 is a stock and says so; the report's is the quarterly flow.
    expect(first.stdout).toMatch(/stock_ratio \(求人倍率, stock\)/);
    const before = await snapshot(join(dir, 'lf.duckdb'));
    const pushedBefore = files(join(dir, 'outbox'));
    expect(pushedBefore.some((f) => f.startsWith('recommendations'))).toBe(true);

    const second = runCliProcess(args, {}, dir);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/already matched these rows as of/);
    const after = await snapshot(join(dir, 'lf.duckdb'));
    // ingest_batches is the ingest ledger: it logs the second read, whose records were all stale.
    const { ingest_batches: _b, ...rowsBefore } = before;
    const { ingest_batches: _a, ...rowsAfter } = after;
    expect(rowsAfter).toEqual(rowsBefore);
    expect(Number(rowsAfter.match_runs!.split(' ')[0])).toBe(1);
    expect(files(join(dir, 'outbox'))).toEqual(pushedBefore);
    // The audit reads the run that is in force, not an empty re-run.
    const audited = /fairness audit (\S+): \d+ seekers, (\d+) recommendations/.exec(second.stdout);
    expect(Number(audited![2])).toBeGreaterThan(0);
  }, 240_000);
});
