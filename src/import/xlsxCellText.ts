import type { CellValue } from 'exceljs';

export interface CellText {
  text: string;
  /** Why the cell's value cannot be known (a formula saved without its result). */
  problem?: string;
}

/**
 * A worksheet cell as the text a mapping reads, the way a person sees it in Excel: numbers
 * without float noise (Excel shows 15 significant digits), dates as YYYY-MM-DD (with HH:MM when
 * there is a time of day), rich text as its plain text, a formula as its saved result, an
 * error as its code (#N/A), a boolean as TRUE/FALSE. `numFmt` is the cell's number format:
 * a number formatted as a date is an Excel serial date and becomes one.
 */
export function xlsxCellText(value: CellValue, numFmt: string | undefined, date1904: boolean): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { text: '' };
    return { text: isDateFormat(numFmt) ? formatDate(serialToDate(value, date1904)) : formatNumber(value) };
  }
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: formatDate(value) };
  if ('richText' in value) return { text: value.richText.map((run) => run.text ?? '').join('') };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined || result === null) {
      return { text: '', problem: 'a formula saved without its result (open and save the file in Excel or WPS, or paste values)' };
    }
    return typeof result === 'object' && !(result instanceof Date)
      ? { text: result.error }
      : xlsxCellText(result as CellValue, numFmt, date1904);
  }
  if ('error' in value) return { text: value.error };
  if ('text' in value) return { text: String(value.text) };
  return { text: '' };
}

/**
 * Whether an Excel number format shows a date or a time: it has date/time codes (y m d h s,
 * any case) outside quoted literals, [colour]/[$-locale] brackets and \-escaped characters.
 */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const section = numFmt.split(';')[0]!;
  const codes = section
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*]/g, '')
    .replace(/\\./g, '')
    .replace(/General/gi, '');
  return /[ymdhs]/i.test(codes);
}

/** Excel serial day number (1900 or 1904 system) to a Date whose UTC fields are the wall-clock ones. */
export function serialToDate(serial: number, date1904: boolean): Date {
  // Day 25569 is 1970-01-01 in the 1900 system (which counts the non-existent 1900-02-29); the 1904 system starts 1462 days later.
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

function formatDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${d.getUTCSeconds() ? `:${pad(d.getUTCSeconds())}` : ''}`;
  // A time-only cell is a fraction of day 0, which falls before 1900.
  if (d.getUTCFullYear() < 1900) return time;
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return time === '00:00' ? date : `${date} ${time}`;
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}
