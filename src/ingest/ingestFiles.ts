import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Logger } from '../core/Logger.ts';
import type { AutomaticReviewResult } from '../review/automaticReview.ts';
import { BackgroundReview } from '../review/BackgroundReview.ts';
import { DEFAULT_REVIEW_CONFIG, type ReviewConfig } from '../review/ReviewConfig.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { expandSources } from './expandSources.ts';
import { IngestPipeline, type IngestSummary } from './IngestPipeline.ts';
import { readNdjsonFile } from './readNdjsonFile.ts';
import { decodeFileInWorker } from './decodeFileInWorker.ts';
import { ProgressReporter } from './ProgressReporter.ts';
import { RecordBatchWriter } from './RecordBatchWriter.ts';

export interface IngestFilesOptions {
  store: DuckDBStore;
  from: readonly string[];
  batchSize?: number;
  maxLineBytes?: number;
  /** Show progress on stderr (default true). */
  progress?: boolean;
  /** Decode on a worker thread while this thread writes (default: for files of 16 MiB and more). */
  parallel?: boolean;
  /** Decode threads when parallel (default: DEFAULT_DECODE_WORKERS). */
  decodeWorkers?: number;
  /** The automatic posting review beside the ingest (trusted sources: the config's "review" section); false: none (the sweep catches up). */
  review?: ReviewConfig | false;
  /** Stored records between two review steps (default BACKGROUND_REVIEW_EVERY). */
  reviewEvery?: number;
}

/**
 * One decode thread beside the writer on a machine of two cores or fewer, two above. On two cores
 * the writer (DuckDB) already keeps the second core busy: a second decode thread only added its
 * own start-up, its own pass over the file and a third V8 heap. Measured on the 1M-record
 * benchmark file (issue #16), at a load average of 11 to 14: 48.7 CPU-seconds and 618 MiB
 * with one worker against 60+ and 750+ MiB with two, and no slower in wall time.
 */
export const DEFAULT_DECODE_WORKERS = availableParallelism() > 2 ? 2 : 1;

/** Below this size a worker's start-up (loading the schemas and region tables again) costs more than it saves. */
const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

export interface IngestFilesResult {
  summaries: IngestSummary[];
  blankLines: number;
  /** The automatic posting review of what was stored (null: none ran, or it failed and the sweep will catch up). */
  review: AutomaticReviewResult | null;
  /** How long the review kept the command waiting after the last commit (the rest of its time overlapped the ingest). */
  reviewWaitMs: number;
}

/** Ingests every file that the --from patterns name, one after another, through one writer. */
export async function ingestFiles(options: IngestFilesOptions): Promise<IngestFilesResult> {
  const log = Logger.for('ingest');
  const files = await expandSources(options.from);
  log.info('files_found', { count: files.length });
  const writer = await RecordBatchWriter.create(options.store);
  const review =
    options.review === false
      ? null
      : await BackgroundReview.create(options.store, options.review ?? DEFAULT_REVIEW_CONFIG, { every: options.reviewEvery });
  const summaries: IngestSummary[] = [];
  let blankLines = 0;
  try {
    for (const file of files) {
      const reporter = options.progress === false ? null : new ProgressReporter(`ingest ${file}`);
      let bytes = 0;
      let totalBytes = 0;
      let stored = 0;
      const pipeline = await IngestPipeline.create({
        store: options.store,
        source: file,
        kind: 'file',
        writer,
        batchSize: options.batchSize,
        onProgress: (p) => {
          review?.committed(p.stored - stored);
          stored = p.stored;
          reporter?.update({
            done: p.read,
            extra: totalBytes ? `${((100 * bytes) / totalBytes).toFixed(0)}% of file, ${p.rejected} rejected` : undefined,
          });
        },
      });
      if (options.parallel ?? (await stat(file)).size >= PARALLEL_MIN_BYTES) {
        const decoded = decodeFileInWorker({
          file,
          source: file,
          layout: writer.columnLayout(),
          batchSize: pipeline.batchSize,
          maxLineBytes: options.maxLineBytes,
          workers: options.decodeWorkers ?? DEFAULT_DECODE_WORKERS,
          onBlankLines: (n) => {
            blankLines += n;
          },
        });
        summaries.push(
          await pipeline.runDecoded(
            (async function* () {
              for await (const batch of decoded) {
                bytes = batch.bytesRead;
                totalBytes = batch.totalBytes;
                yield batch;
              }
            })(),
          ),
        );
      } else {
        const items = readNdjsonFile(file, {
          maxLineBytes: options.maxLineBytes,
          onBytes: (read, total) => {
            bytes = read;
            totalBytes = total;
          },
          onBlankLine: () => {
            blankLines++;
          },
        });
        summaries.push(await pipeline.run(items));
      }
      reporter?.done();
    }
  } catch (error) {
    await review?.finish();
    throw error;
  } finally {
    await writer.close();
  }
  const waitStarted = performance.now();
  const reviewed = (await review?.finish()) ?? null;
  return { summaries, blankLines, review: reviewed, reviewWaitMs: Math.round(performance.now() - waitStarted) };
}
