import { isCalendarDate } from '../records/fields.ts';
import { fail, ok, type FieldResult } from './FieldResult.ts';
import { normalizeCell } from './normalizeCell.ts';

/** "2019-05-01", "2019/5/1", "2019.5.1", "2019年5月1日", "20190501" → ISO date; anything else is rejected. */
export function parseDate(cell: string, stripLabel: boolean): FieldResult<string> {
  const original = cell.trim();
  const s = normalizeCell(original, { stripLabel }).replace(/\s.*$/, '');
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return fail('date_unparsed', `date "${original}" is not a full date (YYYY-MM-DD)`);
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  if (!isCalendarDate(iso)) return fail('date_unparsed', `date "${original}" does not exist`);
  return ok(iso);
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
