import { describe, expect, it } from 'vitest';
import { IsoDate, isCalendarDate, latestPlausibleDate } from '../../src/records/fields.ts';

/** The slow, obviously right definition: Date round-trips exactly the days that exist. */
function existsByDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const ms = Date.parse(d);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === d;
}

describe('isCalendarDate', () => {
  it('agrees with Date on every day-of-month 00–32 of every month, over 430 years with all leap rules', () => {
    let checked = 0;
    const disagreements: string[] = [];
    for (let year = 1700; year <= 2130; year++) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const d = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          if (isCalendarDate(d) !== existsByDate(d)) disagreements.push(d);
          checked++;
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(checked).toBe(431 * 14 * 33);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    // Year 0000 exists for Date (1 BC, a leap year); the plausibility window rejects it later.
    for (const d of ['0000-01-01', '0000-02-29', '0000-02-30', '0100-02-29']) expect(isCalendarDate(d), d).toBe(existsByDate(d));
  });

  it('rejects anything that is not exactly YYYY-MM-DD', () => {
    for (const d of [
      '',
      '2026-1-05',
      '2026/01/05',
      '20260105',
      '2026-01-05T00:00:00Z',
      ' 2026-01-05',
      '2026-01-0x',
      '２０２６-01-05',
      '-026-01-05',
    ]) {
      expect(isCalendarDate(d), d).toBe(false);
    }
  });
});

describe('IsoDate', () => {
  it('accepts a plausible date and words the two failures differently', () => {
    expect(IsoDate.safeParse('2026-02-28').success).toBe(true);
    const impossible = IsoDate.safeParse('2026-02-30');
    expect(impossible.success ? [] : impossible.error.issues.map((i) => i.message)).toEqual(['date must be YYYY-MM-DD']);
    const ancient = IsoDate.safeParse('1989-12-31');
    expect(ancient.success ? [] : ancient.error.issues.map((i) => i.message)).toEqual([
      expect.stringContaining('outside the plausible range 1990-01-01..'),
    ]);
    expect(IsoDate.safeParse(latestPlausibleDate()).success).toBe(true);
  });

  it('moves the plausible window with the clock, across a year boundary', () => {
    expect(latestPlausibleDate(Date.UTC(2026, 11, 31, 23, 59))).toBe('2028-12-31');
    expect(latestPlausibleDate(Date.UTC(2027, 0, 1, 0, 1))).toBe('2029-12-31');
    expect(latestPlausibleDate(Date.UTC(2026, 5, 1))).toBe('2028-12-31');
  });
});
