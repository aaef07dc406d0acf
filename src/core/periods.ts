/** Month arithmetic on `YYYY-MM` periods; integers count months since year 0 so differences are exact. */
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function periodIndex(period: string): number {
  const m = PERIOD.exec(period);
  if (!m) throw new RangeError(`period must be YYYY-MM, got "${period}"`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function periodFromIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(period: string, months: number): string {
  return periodFromIndex(periodIndex(period) + months);
}

export function monthsBetween(from: string, to: string): number {
  return periodIndex(to) - periodIndex(from);
}

/** Calendar month 1–12 of a period. */
export function monthOf(period: string): number {
  return (periodIndex(period) % 12) + 1;
}

/** First day of the period as an ISO date. */
export function periodStart(period: string): string {
  periodIndex(period);
  return `${period}-01`;
}

export function isoDateAddDays(isoDate: string, days: number): string {
  const t = Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a), both ISO dates. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
