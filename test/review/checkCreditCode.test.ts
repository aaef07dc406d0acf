import { describe, expect, it } from 'vitest';
import { checkCreditCode } from '../../src/review/checkCreditCode.ts';
import { completeCreditCode } from '../../src/validation/creditCode.ts';

const VALID = completeCreditCode('91510100MA6C7XY21');

describe('checkCreditCode', () => {
  it('passes a code whose check character matches (GB 32100)', () => {
    expect(checkCreditCode(VALID)).toEqual([]);
    expect(checkCreditCode(VALID.toLowerCase())).toEqual([]); // typed in lower case: same code
  });

  it('blocks a wrong check character, a wrong length and letters outside the alphabet', () => {
    const wrongCheck = VALID.slice(0, 17) + (VALID[17] === '0' ? '1' : '0');
    const [f] = checkCreditCode(wrongCheck);
    expect(f).toMatchObject({ check: 'credit_code', severity: 'block', evidence: `${wrongCheck}: check_digit` });
    expect(f!.zh).toContain('校验码');
    expect(f!.en).toContain('GB 32100');
    expect(checkCreditCode(VALID.slice(0, 17))[0]!.evidence).toContain('length');
    expect(checkCreditCode(`${VALID.slice(0, 10)}I${VALID.slice(11)}`)[0]!.evidence).toContain('characters');
  });
});
