import { Logger } from '../core/Logger.ts';
import { IngestPipeline, type IngestSummary } from '../ingest/IngestPipeline.ts';
import type { RecordBatchWriter } from '../ingest/RecordBatchWriter.ts';
import type { SourceItem } from '../ingest/SourceItem.ts';
import { PostingReviewStep } from '../review/automaticReview.ts';
import { DEFAULT_REVIEW_CONFIG, type ReviewConfig } from '../review/ReviewConfig.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { PostingFileSource, type PostingFileSourceOptions } from './PostingFileSource.ts';

export interface ImportPostingsResult {
  summary: IngestSummary;
  mapping: string;
  sourceName: string;
  postedDate: string;
  format: 'csv' | 'xlsx';
  /** How a CSV was decoded: encoding and how it was decided (null for XLSX). */
  encoding: { encoding: string; how: string } | null;
  /** The worksheet read (null for CSV). */
  sheet: string | null;
  /** Rows rejected by the mapper (before schema validation), by issue code. */
  mappingRejects: Record<string, number>;
  warnings: string[];
}

/** CSV or XLSX export → mapper → IngestPipeline (validation, upsert, dead letters, ingest_batches). */
export async function importPostings(
  store: DuckDBStore,
  input: PostingFileSource | PostingFileSourceOptions,
  {
    batchSize,
    writer,
    skip,
    source: sourceName,
    review: reviewConfig,
  }: {
    batchSize?: number;
    /** Names the file in ingest_batches and rejected (default: its path). */
    source?: string;
    /** The connection's shared RecordBatchWriter (the service); default: one of its own. */
    writer?: RecordBatchWriter;
    /** Rows not to write again (the service resuming a file after a crash: rows already committed). */
    skip?: (item: SourceItem) => boolean;
    /** The automatic posting review after the import's commits (false: none; the caller reviews). */
    review?: ReviewConfig | false;
  } = {},
): Promise<ImportPostingsResult> {
  const log = Logger.for('import');
  // Callers may open the source first, so a bad path or mapping fails before the store is touched.
  const source = input instanceof PostingFileSource ? input : await PostingFileSource.create(input);
  for (const warning of source.mapper.warnings) log.warn('mapping_warning', { warning });
  const pipeline = await IngestPipeline.create({
    store,
    source: sourceName ?? source.path,
    kind: 'csv',
    batchSize: batchSize ?? 5_000,
    writer,
    onProgress: (p) => log.info('progress', { read: p.read, stored: p.stored, stale: p.stale, rejected: p.rejected, ms: p.elapsedMs }),
  });
  const review = reviewConfig === false ? null : await PostingReviewStep.open(store, reviewConfig ?? DEFAULT_REVIEW_CONFIG);
  const summary = await pipeline.run(skip ? withoutSkipped(source.items(), skip) : source.items());
  await review?.afterCommit();
  return {
    summary,
    mapping: source.mapping.name,
    sourceName: source.context.sourceName,
    postedDate: source.context.postedDate,
    format: source.format,
    encoding: source.encoding,
    sheet: source.sheet,
    mappingRejects: source.mappingRejects,
    warnings: source.mapper.warnings,
  };
}

async function* withoutSkipped(items: AsyncIterable<SourceItem>, skip: (item: SourceItem) => boolean): AsyncGenerator<SourceItem> {
  for await (const item of items) if (!skip(item)) yield item;
}

/** The human summary printed on stdout. */
export function formatImportSummary(r: ImportPostingsResult): string {
  const s = r.summary;
  const accepted = s.read === 0 ? 0 : ((s.stored + s.stale) / s.read) * 100;
  const lines = [
    `import-postings: ${s.source} with mapping ${r.mapping} (source "${r.sourceName}", default posted_date ${r.postedDate})`,
    r.format === 'xlsx' ? `read as: XLSX workbook, sheet "${r.sheet}"` : `read as: CSV in ${r.encoding?.encoding} (${r.encoding?.how})`,
    `read ${s.read} = stored ${s.stored} + stale ${s.stale} + rejected ${s.rejected}   (${s.batches} ` +
      `batch${s.batches === 1 ? '' : 'es'}, ${(s.elapsedMs / 1000).toFixed(1)} s)`,
    `mapped and valid: ${accepted.toFixed(1)}% of rows (stale = already stored: an earlier import, or a duplicate row of the same posting)`,
  ];
  const byCode = Object.entries(r.mappingRejects).sort((a, b) => b[1] - a[1]);
  if (byCode.length > 0) {
    lines.push('rejected while mapping, by cause:');
    for (const [code, n] of byCode) lines.push(`  ${String(n).padStart(6)}  ${code}`);
  }
  const reasons = Object.entries(s.rejectReasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    lines.push('rejected rows by reason (details in the `rejected` table):');
    for (const [reason, n] of reasons.slice(0, 20)) lines.push(`  ${String(n).padStart(6)}  ${reason}`);
    if (reasons.length > 20) lines.push(`  … ${reasons.length - 20} more reasons`);
  }
  return `${lines.join('\n')}\n`;
}
