import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/PipelineError.ts';
import { DEFAULT_MINIMUM_WAGES_PATH, highestTier, lowestTier, type MinimumWageTable, MinimumWages } from '../../src/review/MinimumWages.ts';
import { tempDir } from '../helpers/withDuckDB.ts';

const shipped = () => JSON.parse(readFileSync(DEFAULT_MINIMUM_WAGES_PATH, 'utf8')) as MinimumWageTable;
const invalid = (edit: (t: MinimumWageTable) => void): string => {
  const table = shipped();
  edit(table);
  try {
    MinimumWages.fromJson(table);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the edited table was accepted');
};

describe('MinimumWages', () => {
  it('ships a table of all 31 mainland provinces, each with its document, date, source and tiers', async () => {
    const wages = await MinimumWages.load();
    const { table } = wages;
    expect(table.provinces).toHaveLength(31);
    expect(table.status).toBe('to_be_verified');
    expect(table.notice_en).toMatch(/verif/i);
    expect(table.compiled).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const p of table.provinces) {
      expect(p.document.length, p.name).toBeGreaterThan(4);
      expect(p.issuer.length, p.name).toBeGreaterThan(2);
      expect(p.effective_date >= '2021-01-01', p.name).toBe(true);
      expect(lowestTier(p).monthly, p.name).toBeLessThanOrEqual(highestTier(p).monthly);
    }
    expect(wages.forRegion('420106')?.name).toBe('湖北省'); // a Wuhan district maps to its province
    expect(wages.forRegion('810000')).toBeUndefined(); // Hong Kong: not in the mainland table
  });

  it('rejects a table with a province missing, one twice, a non-province code, tiers out of order or a bad date', () => {
    expect(invalid((t) => t.provinces.pop())).toContain('provinces missing');
    expect(invalid((t) => t.provinces.push({ ...t.provinces[0]! }))).toContain('appears twice');
    expect(invalid((t) => (t.provinces[0]!.code = '990000'))).toContain('not a mainland province');
    expect(
      invalid((t) => {
        const p = t.provinces.find((x) => x.tiers.length > 1)!;
        p.tiers[1]!.monthly = p.tiers[0]!.monthly + 100;
      }),
    ).toContain('tiers go from highest to lowest');
    expect(invalid((t) => (t.provinces[3]!.effective_date = '2025-02-30'))).toContain('minimum-wages.provinces.3.effective_date');
    expect(invalid((t) => (t.provinces[3]!.tiers[0]!.monthly = 50))).toContain('provinces.3.tiers.0.monthly');
  });

  it('fails with a hint when the file is missing or not JSON', async () => {
    await expect(MinimumWages.load('/nonexistent/minimum-wages.json')).rejects.toThrow(ConfigError);
    const { dir, cleanup } = tempDir();
    try {
      const bad = join(dir, 'mw.json');
      writeFileSync(bad, '{ not json');
      await expect(MinimumWages.load(bad)).rejects.toMatchObject({ code: 'MINIMUM_WAGES_UNREADABLE' });
    } finally {
      cleanup();
    }
  });
});
