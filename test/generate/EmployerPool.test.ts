import { describe, expect, it } from 'vitest';
import { EmployerPool } from '../../src/generate/EmployerPool.ts';
import { GenerationContext } from '../../src/generate/GenerationContext.ts';
import { isValidCreditCode } from '../../src/validation/creditCode.ts';
import { Regions } from '../../src/validation/Regions.ts';

/** GB 11714 organisation code check: positions 9–17 of the credit code. */
function orgCodeValid(org: string): boolean {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let k = 0; k < 8; k++) {
    const c = org.charCodeAt(k);
    sum += (c <= 57 ? c - 48 : c - 55) * weights[k]!;
  }
  const check = 11 - (sum % 11);
  return org[8] === (check === 10 ? 'X' : check === 11 ? '0' : String(check));
}

describe('EmployerPool', () => {
  const ctx = new GenerationContext({ seed: 4, profile: 'sample' });
  const pool = new EmployerPool(ctx, 2000);
  const employers = Array.from({ length: pool.size }, (_, i) => pool.at(i));

  it('makes valid, unique unified social credit codes that embed the employer county', () => {
    expect(employers.every((e) => isValidCreditCode(e.creditCode))).toBe(true);
    expect(employers.every((e) => orgCodeValid(e.creditCode.slice(8, 17)))).toBe(true);
    expect(employers.every((e) => e.creditCode.slice(2, 8) === e.county.code)).toBe(true);
    expect(new Set(employers.map((e) => e.creditCode)).size).toBe(employers.length);
  });

  it('names employers in Chinese after their place and places them in the profile counties', () => {
    const regions = Regions.get();
    for (const e of employers.slice(0, 300)) {
      expect(e.name).toMatch(/^[\u4e00-\u9fff（）]+$/);
      expect(e.name.startsWith(e.county.cityShortName) || e.name.startsWith(e.county.shortName)).toBe(true);
      expect(regions.lookup(e.county.code)?.level).toBe('county');
      expect(['1305', '4205', '5101', '5107', '5113', '5115', '5105']).toContain(e.county.code.slice(0, 4));
    }
  });

  it('placeAt agrees with at, and bad sizes are refused', () => {
    for (const i of [0, 1, 999, 1999]) {
      const { industry, county } = pool.placeAt(i);
      expect(industry.code).toBe(pool.at(i).industry.code);
      expect(county.code).toBe(pool.at(i).county.code);
    }
    expect(() => new EmployerPool(ctx, 0)).toThrow(RangeError);
    expect(() => new EmployerPool(ctx, 1.5)).toThrow(RangeError);
  });
});
