import { describe, expect, it } from 'vitest';
import { derivedCreditCode, isDerivedCreditCode } from '../../src/import/derivedCreditCode.ts';
import { isValidCreditCode } from '../../src/validation/creditCode.ts';

describe('derivedCreditCode', () => {
  it('is a valid GB 32100 code under a prefix no authority issues, stable per name', () => {
    const code = derivedCreditCode('软通动力');
    expect(isValidCreditCode(code)).toBe(true);
    expect(code.startsWith('00000000')).toBe(true);
    expect(isDerivedCreditCode(code)).toBe(true);
    expect(derivedCreditCode(' 软通动力 ')).toBe(code);
    expect(derivedCreditCode('软通动力（北京）')).toBe(derivedCreditCode('软通动力(北京)'));
  });

  it('differs between employers and never flags a real code', () => {
    expect(derivedCreditCode('软通动力')).not.toBe(derivedCreditCode('诚迈科技'));
    expect(isDerivedCreditCode('91350100M000100Y43')).toBe(false);
  });
});
