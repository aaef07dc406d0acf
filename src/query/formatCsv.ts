import type { QueryResult } from './AnalyticsSession.ts';

/** RFC 4180 CSV with a header row; UTF-8 (spreadsheets may need the BOM option for Chinese). */
export function formatCsv(result: QueryResult, { bom = false }: { bom?: boolean } = {}): string {
  const esc = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [result.columns.map((c) => esc(c.name)).join(',')];
  for (const row of result.rows) lines.push(row.map(esc).join(','));
  return `${(bom ? '\ufeff' : '') + lines.join('\r\n')}\r\n`;
}
