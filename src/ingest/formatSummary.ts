import type { IngestSummary } from './IngestPipeline.ts';

/** The end-of-run report: per source counts, the reconciliation, and the commonest reject reasons. */
export function formatSummary(summaries: readonly IngestSummary[], extra: { blankLines?: number } = {}): string {
  const total = summaries.reduce(
    (t, s) => ({
      read: t.read + s.read,
      stored: t.stored + s.stored,
      stale: t.stale + s.stale,
      rejected: t.rejected + s.rejected,
      ms: t.ms + s.elapsedMs,
    }),
    { read: 0, stored: 0, stale: 0, rejected: 0, ms: 0 },
  );
  const n = (v: number) => v.toLocaleString('en-US');
  const rows = summaries.map((s) => [s.source, n(s.read), n(s.stored), n(s.stale), n(s.rejected)]);
  if (summaries.length > 1) rows.push(['total', n(total.read), n(total.stored), n(total.stale), n(total.rejected)]);
  const header = ['source', 'read', 'stored', 'stale/dup', 'rejected'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const lines = [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)];
  const balanced = total.read === total.stored + total.stale + total.rejected;
  lines.push(
    '',
    `reconciled: read ${n(total.read)} = stored ${n(total.stored)} + stale/duplicate ${n(total.stale)} + ` +
      `rejected ${n(total.rejected)}  ${balanced ? 'OK' : 'MISMATCH'}`,
  );
  if (extra.blankLines) lines.push(`blank lines skipped: ${n(extra.blankLines)}`);
  const reasons = new Map<string, number>();
  for (const s of summaries) for (const [r, c] of Object.entries(s.rejectReasons)) reasons.set(r, (reasons.get(r) ?? 0) + c);
  if (reasons.size > 0) {
    lines.push('', 'rejected, by reason (full records in the `rejected` table):');
    const sorted = [...reasons].sort((a, b) => b[1] - a[1]);
    for (const [reason, count] of sorted.slice(0, 15)) lines.push(`  ${String(count).padStart(7)}  ${reason}`);
    if (sorted.length > 15) lines.push(`  … and ${sorted.length - 15} more reasons`);
  }
  if (total.ms > 0 && total.read >= 10_000)
    lines.push('', `${n(Math.round(total.read / (total.ms / 1000)))} records/s over ${(total.ms / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}
