import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shippedOccupationNames } from '../../src/occupations/occupationNames.ts';
import { PROJECT_ROOT } from '../helpers/runCliProcess.ts';
import { TAXONOMY_CSV } from './fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'lf-occ-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shipped occupation names (reference/occupations.json)', () => {
  it('hold codes and names of the whole classification, groups in short form', () => {
    const names = shippedOccupationNames();
    expect(names.length).toBeGreaterThan(1500);
    const byCode = new Map(names.map((n) => [n.code, n]));
    expect(byCode.get('4-01-02-01')).toEqual({ code: '4-01-02-01', name: '营销员', level: 4 });
    expect(byCode.get('2-02')?.level).toBe(2);
    expect(new Set(names.map((n) => n.code)).size).toBe(names.length);
  });

  it('are built by the project script from a classification CSV: codes and names, never aliases', () => {
    const csv = join(dir, 'in.csv');
    const lines = TAXONOMY_CSV.split('\n');
    writeFileSync(csv, [...lines, lines.at(-1)].join('\n')); // a repeated row, as the real source has
    const out = join(dir, 'out.json');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-occupation-names.ts', csv, out], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const names = shippedOccupationNames(out);
    expect(names.map((n) => n.code)).toEqual([
      '2',
      '2-02-10',
      '2-02-10-03',
      '2-02-10-04',
      '2-02-38-01',
      '2-08-03-00',
      '4-01-02-01',
      '4-02-02-01',
      '4-02-02-02',
      '4-10-01-05',
    ]);
    expect(readFileSync(out, 'utf8')).not.toContain('Java开发工程师');
  });
});
