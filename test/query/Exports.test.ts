import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../pipelines/cli/main.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { captureOutput, createFixtureStore } from './syntheticFixture.ts';

describe('query exports', () => {
  let fixture: Awaited<ReturnType<typeof createFixtureStore>>;
  beforeAll(async () => {
    fixture = await createFixtureStore({ postings: 3000, seekers: 1500 });
  });
  afterAll(() => fixture?.cleanup());

  const wage = (extra: string[]) => runCli(['query', 'wage-guide', '--param', 'group_by=region', '--db', fixture.db, ...extra]);

  it('writes the same rows as table, CSV, JSON, Arrow IPC and Parquet', async () => {
    const json = JSON.parse((await captureOutput(() => wage(['--format', 'json']))).stdout) as Array<Record<string, unknown>>;
    expect(json.length).toBeGreaterThan(3);
    expect(Object.keys(json[0]!)).toEqual([
      'region_code',
      'region_name',
      'occupation_code',
      'occupation_name',
      'n',
      'p10',
      'p25',
      'p50',
      'p75',
      'p90',
    ]);
    expect(typeof json[0]!.n).toBe('number');

    const table = (await captureOutput(() => wage([]))).stdout;
    expect(table).toContain(String(json[0]!.region_name));
    expect(table).toMatch(new RegExp(`\\(${json.length} rows\\)`));

    const csvPath = join(fixture.dir, 'w.csv');
    expect((await captureOutput(() => wage(['--format', 'csv', '--out', csvPath]))).value).toBe(0);
    const csv = readFileSync(csvPath, 'utf8').trimEnd().split('\r\n');
    expect(csv[0]).toBe('region_code,region_name,occupation_code,occupation_name,n,p10,p25,p50,p75,p90');
    expect(csv).toHaveLength(json.length + 1);
    expect(csv[1]!.split(',')[1]).toBe(json[0]!.region_name);

    const arrowPath = join(fixture.dir, 'w.arrow');
    expect((await captureOutput(() => wage(['--out', arrowPath]))).value).toBe(0); // format from the extension
    const arrow = tableFromIPC(readFileSync(arrowPath));
    expect(arrow.numRows).toBe(json.length);
    expect(String(arrow.schema.fields.find((f) => f.name === 'n')!.type)).toBe('Int64');
    expect(String(arrow.schema.fields.find((f) => f.name === 'p50')!.type)).toBe('Float64');
    expect(arrow.getChild('region_name')!.get(0)).toBe(json[0]!.region_name);
    expect(arrow.getChild('p50')!.get(0)).toBeCloseTo(json[0]!.p50 as number, 9);

    const parquetPath = join(fixture.dir, 'w.parquet');
    expect((await captureOutput(() => wage(['--format', 'parquet', '--out', parquetPath]))).value).toBe(0);
    const back = await withStore({ path: ':memory:', migrate: false }, (s) =>
      s.all<Record<string, unknown>>(`SELECT * FROM read_parquet('${parquetPath}') ORDER BY region_code`),
    );
    expect(back.map((r) => r.region_code)).toEqual(json.map((r) => r.region_code));
    expect(back[0]!.p90).toBeCloseTo(json[0]!.p90 as number, 9);
    const types = await withStore({ path: ':memory:', migrate: false }, (s) =>
      s.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet('${parquetPath}')`),
    );
    expect(types.find((t) => t.column_name === 'n')?.column_type).toBe('BIGINT');
  });

  it('needs --out for binary formats and names unknown formats', async () => {
    const noOut = await captureOutput(() => wage(['--format', 'parquet']));
    expect(noOut.value).toBe(2);
    expect(noOut.stderr).toMatch(/needs --out FILE/);
    const unknown = await captureOutput(() => wage(['--format', 'xlsx']));
    expect(unknown.value).toBe(2);
    expect(unknown.stderr).toMatch(/table, csv, json, parquet, arrow/);
  });

  it('lists the pack and reports a query whose table has not been written yet as empty, not failed', async () => {
    const list = await captureOutput(() => runCli(['query', '--list']));
    expect(list.stdout).toMatch(/wage-guide {2}— {2}市场工资指导价位 \/ Market wage guide prices/);
    expect(list.stdout).toMatch(/--param min_n=<int> {2}\(default 30\)/);
    const funnel = await captureOutput(() => runCli(['query', 'matching-funnel', '--db', fixture.db, '--format', 'json']));
    expect(funnel.value).toBe(0);
    expect(JSON.parse(funnel.stdout)).toEqual([]);
  });
});
