import { describe, expect, it } from 'vitest';
import { completeCreditCode, creditCodeProblem, isValidCreditCode } from '../../src/validation/creditCode.ts';

describe('GB 32100 unified social credit code', () => {
  it('accepts published codes', () => {
    // The worked example from the standard's own appendix.
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
  });
  it('rejects a wrong check character, wrong length and forbidden letters', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check_digit');
    expect(creditCodeProblem('9111000010000194')).toBe('length');
    expect(creditCodeProblem('91110000I0000194OL')).toBe('characters');
  });
  it('completes a body with the right check character', () => {
    const code = completeCreditCode('91130500MA0ABCDE1');
    expect(code).toHaveLength(18);
    expect(isValidCreditCode(code)).toBe(true);
  });
});
