import { describe, expect, it } from 'vitest';
import { checkEmployerIdentity, knownEmployerCodes, normalizeEmployerName } from '../../src/review/checkEmployerIdentity.ts';
import { completeCreditCode } from '../../src/validation/creditCode.ts';

const A = completeCreditCode('91510100MA6C7AAA1');
const B = completeCreditCode('91510100MA6C7BBB1');
const C = completeCreditCode('91510100MA6C7CCC1');
const known = knownEmployerCodes([
  { name: '成都蓉城精密机械有限公司', code: A },
  { name: '成都蓉城精密机械有限公司', code: A },
  { name: '四川天府物流(集团)有限公司', code: B },
  { name: '四川天府物流(集团)有限公司', code: C },
]);

describe('checkEmployerIdentity', () => {
  it('passes a known name with its own code, and a name it has never seen', () => {
    expect(checkEmployerIdentity({ employer_name: '成都蓉城精密机械有限公司', employer_credit_code: A }, known)).toEqual([]);
    expect(checkEmployerIdentity({ employer_name: '绵阳新开餐饮管理有限公司', employer_credit_code: B }, known)).toEqual([]);
    expect(checkEmployerIdentity({ employer_credit_code: B }, known)).toEqual([]);
  });

  it('blocks a known name under another code, naming both codes', () => {
    const [f] = checkEmployerIdentity({ employer_name: '成都蓉城精密机械有限公司', employer_credit_code: B }, known);
    expect(f).toMatchObject({ check: 'employer_identity', severity: 'block' });
    expect(f!.zh).toContain(A);
    expect(f!.zh).toContain(B);
    expect(f!.en).toContain('001 §2');
  });

  it('matches names written with full-width brackets or spaces, and accepts any of a name’s several codes', () => {
    expect(normalizeEmployerName('四川天府物流（集团） 有限公司')).toBe(normalizeEmployerName('四川天府物流(集团)有限公司'));
    expect(checkEmployerIdentity({ employer_name: '四川天府物流（集团）有限公司', employer_credit_code: C }, known)).toEqual([]);
    expect(checkEmployerIdentity({ employer_name: '四川天府物流（集团）有限公司', employer_credit_code: A }, known)).toHaveLength(1);
    expect(known.get(normalizeEmployerName('成都蓉城精密机械有限公司'))).toEqual([A]);
  });
});
