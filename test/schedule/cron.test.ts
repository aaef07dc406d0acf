import { describe, expect, it } from 'vitest';
import { nextRun, parseCron } from '../../src/schedule/cron.ts';

const at = (s: string) => new Date(s);
const next = (expr: string, after: string) => nextRun(parseCron(expr), at(after));
const local = (d: Date | null) =>
  d &&
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${d.toTimeString().slice(0, 8)}`;

describe('parseCron / nextRun', () => {
  it('fires every second with six fields', () => {
    expect(local(next('* * * * * *', '2026-06-30T10:00:00'))).toBe('2026-06-30 10:00:01');
    expect(local(next('*/15 * * * * *', '2026-06-30T10:00:01'))).toBe('2026-06-30 10:00:15');
  });

  it('handles minutes, hours, ranges, lists and steps', () => {
    expect(local(next('5 * * * *', '2026-06-30T10:05:00'))).toBe('2026-06-30 11:05:00');
    expect(local(next('0 2 * * *', '2026-06-30T10:00:00'))).toBe('2026-07-01 02:00:00');
    expect(local(next('0 9-17/4 * * *', '2026-06-30T13:30:00'))).toBe('2026-06-30 17:00:00');
    expect(local(next('30 6 * * mon', '2026-06-30T10:00:00'))).toBe('2026-07-06 06:30:00'); // 2026-06-30 is a Tuesday
    expect(local(next('0 0 1,15 * *', '2026-06-30T10:00:00'))).toBe('2026-07-01 00:00:00');
    expect(local(next('0 0 29 feb *', '2026-06-30T10:00:00'))).toBe('2028-02-29 00:00:00');
    expect(local(next('0 0 * * 7', '2026-06-30T10:00:00'))).toBe('2026-07-05 00:00:00');
  });

  it('ORs day-of-month and weekday when both are restricted (Vixie cron)', () => {
    expect(local(next('0 0 13 * fri', '2026-06-30T10:00:00'))).toBe('2026-07-03 00:00:00');
  });

  it('rejects malformed expressions with a hint', () => {
    expect(() => parseCron('* * * *')).toThrow(/4 fields/);
    expect(() => parseCron('61 * * * *')).toThrow(/outside 0-59/);
    expect(() => parseCron('*/0 * * * *')).toThrow(/step/);
    expect(() => parseCron('5-1 * * * *')).toThrow(/backwards/);
    expect(() => parseCron('0 0 * * funday')).toThrow(/weekday/);
    for (const bad of ['* * * *', '61 * * * *', '*/0 * * * *', '5-1 * * * *', '0 0 * * funday']) {
      expect(() => parseCron(bad)).toThrow(expect.objectContaining({ code: 'SCHEDULE_CRON_INVALID', retriable: false }));
    }
    expect(next('0 0 31 2 *', '2026-06-30T10:00:00')).toBeNull();
  });
});
