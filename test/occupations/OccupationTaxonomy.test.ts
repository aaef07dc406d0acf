import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/PipelineError.ts';
import { groupOf, isOccupationCode, splitMarkers } from '../../src/occupations/Occupation.ts';
import { OccupationTaxonomy } from '../../src/occupations/OccupationTaxonomy.ts';
import { csvField, parseCsv } from '../../src/occupations/parseCsv.ts';
import { TAXONOMY_CSV } from './fixture.ts';

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, commas, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x,y","say ""hi"""\n1,\n')).toEqual([
      ['a', 'b'],
      ['x,y', 'say "hi"'],
      ['1', ''],
    ]);
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('plain')).toBe('plain');
  });
});

describe('Occupation codes', () => {
  it('walks the hierarchy and strips edition markers', () => {
    expect(groupOf('2-02-10-03', 3)).toBe('2-02-10-00');
    expect(groupOf('2-02-10-03', 1)).toBe('2-00-00-00');
    expect(isOccupationCode('2-02-10-03')).toBe(true);
    expect(isOccupationCode('2021003')).toBe(false);
    expect(splitMarkers('人工智能工程技术人员S')).toEqual({ name: '人工智能工程技术人员', markers: 'S' });
    expect(splitMarkers('增材制造工程技术人员L/S')).toEqual({ name: '增材制造工程技术人员', markers: 'L/S' });
    expect(splitMarkers('养老护理员')).toEqual({ name: '养老护理员', markers: '' });
  });
});

describe('OccupationTaxonomy', () => {
  it('loads DIR/occupation_csco2022/*.csv and keeps aliases other than the name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-tax-'));
    await mkdir(join(dir, 'occupation_csco2022'));
    await writeFile(join(dir, 'occupation_csco2022', 'csco22_test.csv'), TAXONOMY_CSV);
    const tax = await OccupationTaxonomy.load(dir);
    expect(tax.occupations).toHaveLength(10);
    const ai = tax.get('2-02-38-01')!;
    expect(ai.name).toBe('人工智能工程技术人员');
    expect(ai.aliases).toEqual(['算法工程师', '机器学习工程师', '深度学习']);
    expect(tax.get('2-00-00-00')!.level).toBe(1);
  });
  it('fails with a clear, actionable message when the directory is absent or wrong', async () => {
    await expect(OccupationTaxonomy.load(undefined)).rejects.toThrow(/occupation coding is unavailable: no taxonomy directory/);
    await expect(OccupationTaxonomy.load('/nonexistent/taxonomy')).rejects.toBeInstanceOf(ConfigError);
    const dir = await mkdtemp(join(tmpdir(), 'lf-tax-'));
    await expect(OccupationTaxonomy.load(dir)).rejects.toThrow(/no occupation_csco2022/);
    await writeFile(join(dir, 'bad.csv'), 'a,b\n1,2\n');
    await expect(OccupationTaxonomy.load(dir)).rejects.toThrow(/missing column/);
  });
});

describe('loadOccupationCoder', () => {
  it('returns null without a taxonomy and a working coder with one', async () => {
    const { loadOccupationCoder } = await import('../../src/occupations/loadOccupationCoder.ts');
    expect(await loadOccupationCoder(undefined)).toBeNull();
    expect(await loadOccupationCoder('/nonexistent/taxonomy')).toBeNull();
    const dir = await mkdtemp(join(tmpdir(), 'lf-tax-'));
    await writeFile(join(dir, 'csco.csv'), TAXONOMY_CSV);
    const coder = await loadOccupationCoder(dir);
    expect(coder!.code('公交司机')[0]!.code).toBe('4-02-02-01');
  });
});
