import { displayWidth, padDisplay, truncateDisplay } from './displayWidth.ts';
import type { QueryResult } from './AnalyticsSession.ts';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
const MAX_CELL = 48;

/** One cell as text: floats rounded for reading (exports keep full precision), nested values as JSON. */
export function cellText(value: unknown, type: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && /^(FLOAT|DOUBLE)/.test(type) && !Number.isInteger(value)) {
    return String(Math.round(value * 10_000) / 10_000);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * An aligned text table. Widths are display columns, so Chinese names (two columns per
 * character) line up with ASCII; numbers are right-aligned.
 */
export function formatTable(result: QueryResult, { maxRows = Infinity }: { maxRows?: number } = {}): string {
  const header = result.columns.map((c) => c.name);
  const right = result.columns.map((c) => NUMERIC.test(c.type));
  const shown = result.rows.slice(0, maxRows);
  const cells = shown.map((row) => row.map((v, i) => truncateDisplay(cellText(v, result.columns[i]!.type).replace(/\s+/g, ' '), MAX_CELL)));
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i]!))));
  const line = (values: string[]) =>
    values
      .map((v, i) => padDisplay(v, widths[i]!, right[i] ? 'right' : 'left'))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '─'.repeat(w)).join('  ')];
  for (const row of cells) out.push(line(row));
  const more = result.rows.length - shown.length;
  out.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${more > 0 ? `, ${more} not shown` : ''})`);
  return `${out.join('\n')}\n`;
}
