import { describe, expect, it } from 'vitest';
import { redactIdNumbers, validateEnvelope } from '../../src/records/envelope.ts';
import { hashIdNumber, idNumberCheckChar, isValidIdNumber } from '../../src/validation/idNumber.ts';
import { posting, seeker } from '../helpers/envelopes.ts';

const issuesOf = (value: unknown) => {
  const r = validateEnvelope(value);
  return r.ok ? [] : r.issues;
};

// A syntactically valid test number: region 130506, born 1985-03-12, sequence 123.
const ID_BODY = '13050619850312123';
const ID_NUMBER = ID_BODY + idNumberCheckChar(ID_BODY);

describe('validateEnvelope', () => {
  it('accepts the sample records', () => {
    expect(validateEnvelope(posting('p1')).ok).toBe(true);
    expect(validateEnvelope(seeker('s1')).ok).toBe(true);
  });

  it.each([
    ['unknown type', { ...posting('p'), type: 'job' }, 'type'],
    ['missing id', { ...posting('p'), id: undefined }, 'id'],
    ['unknown region code', posting('p', { region_code: '130599' }), 'payload.region_code'],
    ['region code with letters', posting('p', { region_code: '13O506' }), 'payload.region_code'],
    [
      'credit code with a wrong check character',
      posting('p', { employer_credit_code: '91350100M000100Y44' }),
      'payload.employer_credit_code',
    ],
    ['salary min above max', posting('p', { salary_min: 9000, salary_max: 5000 }), 'payload.salary_max'],
    ['salary in yuan per year', posting('p', { salary_min: 60000, salary_max: 900000 }), 'payload.salary_max'],
    ['salary as text', posting('p', { salary_min: '5000' }), 'payload.salary_min'],
    ['absurd posted date', posting('p', { posted_date: '1900-01-01' }), 'payload.posted_date'],
    ['impossible calendar date', posting('p', { posted_date: '2026-02-30' }), 'payload.posted_date'],
    ['expiry before posting', posting('p', { expiry_date: '2026-01-01' }), 'payload.expiry_date'],
    ['closed enum', posting('p', { employment_type: 'gig' }), 'payload.employment_type'],
    ['unexpected field', posting('p', { gender_required: 'male' }), 'payload'],
    ['event time in the future', posting('p', {}, { event_time: '2099-01-01T00:00:00Z' }), 'event_time'],
    ['event time without zone', posting('p', {}, { event_time: '2026-01-01 08:00' }), 'event_time'],
    ['seeker younger than 14', seeker('s', { birth_year: new Date().getUTCFullYear() - 5, experience_years: 0 }), 'payload.birth_year'],
    ['registered unemployed without a date', seeker('s', { registration_date: null }), 'payload.registration_date'],
    ['unknown key group', seeker('s', { key_groups: ['vip'] }), 'payload.key_groups.0'],
  ])('rejects %s', (_name, value, path) => {
    const issues = issuesOf(value);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.map((i) => i.path)).toContain(path);
    for (const issue of issues) expect(issue).toEqual({ code: expect.any(String), path: expect.any(String), message: expect.any(String) });
  });

  it('says "required field is missing" rather than a type error for absent fields', () => {
    const { title: _t, ...payload } = posting('p').payload;
    expect(issuesOf({ ...posting('p'), payload })).toEqual([
      { code: 'invalid_type', path: 'payload.title', message: 'required field is missing' },
    ]);
  });

  it('accepts Hong Kong, Macau and Taiwan province-level codes, which GB/T 2260 assigns', () => {
    for (const code of ['810000', '820000', '710000']) expect(validateEnvelope(posting('p', { region_code: code })).ok).toBe(true);
  });

  it('replaces a valid ID number by its keyed hash and rejects a bad one without echoing it', () => {
    expect(isValidIdNumber(ID_NUMBER)).toBe(true);
    const ok = validateEnvelope(seeker('s', { id_number: ID_NUMBER }));
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    const payload = ok.record.payload as Record<string, unknown>;
    expect(payload.id_number).toBeUndefined();
    expect(payload.id_hash).toBe(hashIdNumber(ID_NUMBER));
    expect(JSON.stringify(ok.record)).not.toContain(ID_NUMBER);

    const badNumber = ID_BODY + (idNumberCheckChar(ID_BODY) === '0' ? '1' : '0');
    const bad = issuesOf(seeker('s', { id_number: badNumber }));
    expect(bad).toEqual([{ code: 'custom', path: 'payload.id_number', message: expect.stringContaining('GB 11643') }]);
    expect(JSON.stringify(bad)).not.toContain(badNumber);
  });

  it("keeps an all-digit credit code that has an ID number's shape, and still masks one in free text", () => {
    // A public institution's code (authority 1, type 2) found in the benchmark's data: it passes
    // GB 32100 and also reads as a number from region 12.
    const code = '125001205104069406';
    const ok = validateEnvelope(posting('p', { employer_credit_code: code, description: `联系人身份证 ${ID_NUMBER}` }));
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    const payload = ok.record.payload as Record<string, unknown>;
    expect(payload.employer_credit_code).toBe(code);
    expect(payload.description).not.toContain(ID_NUMBER);
    expect(payload.description).toContain('[id:');
  });

  it('hashes with the key from LABOURFLOW_ID_HASH_KEY', () => {
    expect(hashIdNumber(ID_NUMBER, 'key-a')).not.toBe(hashIdNumber(ID_NUMBER, 'key-b'));
    expect(hashIdNumber(ID_NUMBER.toLowerCase(), 'k')).toBe(hashIdNumber(ID_NUMBER, 'k'));
  });

  it('masks ID numbers and mobile numbers for dead letters', () => {
    const masked = redactIdNumbers(`{"id_number":"${ID_NUMBER}","phone":"13800138000"}`);
    expect(masked).not.toContain(ID_NUMBER);
    // Phone numbers too (issue 14): kept recognisable for a person, not dialable.
    expect(masked).not.toContain('13800138000');
    expect(masked).toContain('138****8000');
  });
});
