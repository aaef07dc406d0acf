import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Logger } from '../core/Logger.ts';
import { ConfigError, PipelineError } from '../core/PipelineError.ts';
import { importPostings } from '../import/importPostings.ts';
import type { MappingSpec } from '../import/MappingSpec.ts';
import { detectFileKind } from '../ingest/detectFileKind.ts';
import { IngestPipeline, type IngestProgress, type IngestSummary } from '../ingest/IngestPipeline.ts';
import { readNdjsonFile } from '../ingest/readNdjsonFile.ts';
import type { RecordBatchWriter } from '../ingest/RecordBatchWriter.ts';
import type { SourceItem } from '../ingest/SourceItem.ts';
import type { StoreHost } from '../store/StoreHost.ts';

export interface InboxWatcherOptions {
  dir: string;
  host: StoreHost;
  /** The writer connection's one RecordBatchWriter (shared with every other writer of the service). */
  writer: RecordBatchWriter;
  /** Mapping for CSV and XLSX files (import-postings). */
  mapping: MappingSpec;
  settleMs: number;
  pollMs: number;
  batchSize: number;
  /** After each committed batch: the counts it added and how long it took since the previous one. */
  onBatch?: (delta: { read: number; stored: number; stale: number; rejected: number }, seconds: number) => void;
  onFile?: (file: InboxFileResult) => void;
}

export interface InboxFileResult {
  file: string;
  outcome: 'done' | 'failed';
  /** Where the file is now (done/ or failed/). */
  movedTo: string;
  format: 'ndjson' | 'csv' | 'xlsx' | null;
  summary: IngestSummary | null;
  error: string | null;
}

export interface InboxStatus {
  dir: string;
  /** The file being ingested (its name in processing/), if any. */
  current: string | null;
  /** Files in the inbox or processing/ not yet finished. */
  waiting: number;
  totals: { read: number; stored: number; stale: number; rejected: number; files_done: number; files_failed: number };
  lastCommitAt: number | null;
}

/** Names never taken: hidden files, and files still being written by a tool that renames when done. */
const IN_PROGRESS = /^\.|\.(partial|part|tmp|crdownload)$|~$/i;

/**
 * The service's embedded ingest when there is no Kafka: each NDJSON, CSV or XLSX file that lands
 * in the inbox folder is ingested through the shared writer and moved to `done/`, or to
 * `failed/` with `<name>.error.txt` beside it saying why.
 *
 * A file is taken only once complete: its size and modification time have not changed for
 * `settleMs` (or the writer uses a `.partial` name and renames it at the end). Taking a file
 * renames it into `processing/<stamp>_b<N>_<name>`, where N is the last ingest batch committed
 * before it. Its source in `ingest_batches` and `rejected` is `<inbox>/<name>`, where it landed.
 * Each batch commits with its last line in `ingest_batches`, so after a crash the file resumes
 * after the last line committed by a batch above N: nothing is stored twice or lost. Dropping
 * the same file in again stores nothing new: its records are stale (newest wins) and its dead
 * letters are already recorded under the same source and line.
 */
export class InboxWatcher {
  private readonly log = Logger.for('ingest');
  readonly dir: string;
  private readonly processing: string;
  private readonly done: string;
  private readonly failed: string;
  /** Size and mtime of each candidate when first seen unchanged, and when. */
  private readonly seen = new Map<string, { size: number; mtimeMs: number; since: number }>();
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private current: string | null = null;
  private waiting = 0;
  private lastCommitAt: number | null = null;
  private readonly totals = { read: 0, stored: 0, stale: 0, rejected: 0, files_done: 0, files_failed: 0 };

  constructor(private readonly options: InboxWatcherOptions) {
    this.dir = resolve(options.dir);
    this.processing = join(this.dir, 'processing');
    this.done = join(this.dir, 'done');
    this.failed = join(this.dir, 'failed');
  }

  async start(): Promise<void> {
    for (const d of [this.dir, this.processing, this.done, this.failed]) await mkdir(d, { recursive: true });
    this.log.info('inbox_watching', { dir: this.dir, settle_ms: this.options.settleMs });
    this.loop = this.run();
  }

  /** Lets the batch in flight commit, leaves the rest of its file for the next start, and returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  status(): InboxStatus {
    return { dir: this.dir, current: this.current, waiting: this.waiting, totals: { ...this.totals }, lastCommitAt: this.lastCommitAt };
  }

  /** One pass: resumes files left in processing/, then takes every settled file of the inbox. Returns files finished. */
  async scanOnce(): Promise<number> {
    for (const d of [this.dir, this.processing, this.done, this.failed]) await mkdir(d, { recursive: true });
    let finished = 0;
    const left = (await readdir(this.processing, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    const ready = await this.settledFiles();
    this.waiting = left.length + ready.pending;
    for (const name of left.sort()) {
      if (this.stopping) return finished;
      if (await this.ingest(name)) finished++;
      this.waiting = Math.max(0, this.waiting - 1);
    }
    for (const name of ready.files) {
      if (this.stopping) return finished;
      const claimed = await this.claim(name);
      if (claimed && (await this.ingest(claimed))) finished++;
      this.waiting = Math.max(0, this.waiting - 1);
    }
    return finished;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.scanOnce();
      } catch (error) {
        // The inbox itself is unreadable (removed, permissions): keep serving, try again.
        this.log.error('inbox_scan_failed', { dir: this.dir, error });
      }
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Files of the inbox whose size and mtime have held still for settleMs, oldest first. */
  private async settledFiles(): Promise<{ files: string[]; pending: number }> {
    const now = Date.now();
    const entries = await readdir(this.dir, { withFileTypes: true });
    const candidates: { name: string; mtimeMs: number }[] = [];
    const present = new Set<string>();
    let pending = 0;
    for (const e of entries) {
      if (!e.isFile() || IN_PROGRESS.test(e.name) || e.name.endsWith('.error.txt')) continue;
      const info = await stat(join(this.dir, e.name)).catch(() => null);
      if (!info) continue;
      present.add(e.name);
      pending++;
      const prev = this.seen.get(e.name);
      if (!prev || prev.size !== info.size || prev.mtimeMs !== info.mtimeMs) {
        this.seen.set(e.name, { size: info.size, mtimeMs: info.mtimeMs, since: now });
        // Seen for the first time or still changing: wait a settle period.
        if (this.options.settleMs > 0) continue;
      }
      const since = this.seen.get(e.name)!.since;
      if (now - since >= this.options.settleMs && now - info.mtimeMs >= this.options.settleMs) {
        candidates.push({ name: e.name, mtimeMs: info.mtimeMs });
      }
    }
    for (const name of this.seen.keys()) if (!present.has(name)) this.seen.delete(name);
    candidates.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
    return { files: candidates.map((c) => c.name), pending };
  }

  /** Renames the file into processing/ under a name no other file gets; null if it vanished. */
  private async claim(name: string): Promise<string | null> {
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.(\d+)Z$/, '$1Z');
    const rows = await this.options.host.readNow((db) =>
      db.all<{ n: number }>('SELECT coalesce(max(batch_id), 0)::BIGINT AS n FROM ingest_batches'),
    );
    const claimed = `${stamp}_b${Number(rows[0]!.n)}_${name}`;
    try {
      await rename(join(this.dir, name), join(this.processing, claimed));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    this.seen.delete(name);
    this.log.info('inbox_file_taken', { file: name, as: claimed });
    return claimed;
  }

  /** Ingests processing/<name> (resuming after its committed lines); true once it is moved on. */
  private async ingest(name: string): Promise<boolean> {
    const path = join(this.processing, name);
    const { original, after } = parseClaim(name);
    // Named where it landed: a file dropped in again records its dead letters under the same name.
    const source = join(this.dir, original);
    this.current = name;
    let format: InboxFileResult['format'] = null;
    try {
      const committed = await this.committedThrough(source, after);
      const kind = await detectFileKind(path);
      format = kind === 'csv' || kind === 'xlsx' ? kind : kind === 'ndjson' || /\.(ndjson|jsonl)$/i.test(name) ? 'ndjson' : null;
      if (format === null) {
        throw new ConfigError(`${original} is not NDJSON, CSV or XLSX (its content looks like ${kind})`, {
          code: 'INBOX_FORMAT_UNKNOWN',
          hint:
            kind === 'xls'
              ? 'save the workbook as .xlsx (Excel 2007 or later) and drop it in again'
              : 'drop NDJSON envelopes (.ndjson), or a job-board export as CSV or .xlsx',
        });
      }
      let cut = false;
      const skip = (item: SourceItem): boolean => {
        if (this.stopping) cut = true;
        return cut || positionNumber(item.position) <= committed;
      };
      const summary =
        format === 'ndjson' ? await this.ingestNdjson(path, source, skip, () => cut) : await this.importSpreadsheet(path, source, skip);
      if (cut) {
        const through = await this.committedThrough(source, after);
        this.log.info('inbox_file_paused', { file: name, reason: 'stopping', committed_through: through });
        return false;
      }
      const movedTo = join(this.done, name);
      await rename(path, movedTo);
      this.totals.files_done++;
      this.log.info('inbox_file_done', {
        file: name,
        read: summary.read,
        stored: summary.stored,
        stale: summary.stale,
        rejected: summary.rejected,
        resumed_after: committed || undefined,
      });
      this.options.onFile?.({ file: name, outcome: 'done', movedTo, format, summary, error: null });
      return true;
    } catch (error) {
      if (error instanceof PipelineError && error.retriable) {
        // The store, not the file, is at fault (disk full, I/O): keep it in processing/ and retry.
        this.log.error('inbox_file_retry_later', { file: name, error });
        return false;
      }
      await this.fail(name, path, source, after, format, error);
      return true;
    } finally {
      this.current = null;
    }
  }

  private async ingestNdjson(
    path: string,
    source: string,
    skip: (item: SourceItem) => boolean,
    isCut: () => boolean,
  ): Promise<IngestSummary> {
    const pipeline = await IngestPipeline.create({
      store: this.options.host.writer,
      source,
      kind: 'file',
      writer: this.options.writer,
      batchSize: this.options.batchSize,
      onProgress: this.progress(),
    });
    const items = async function* (): AsyncGenerator<SourceItem> {
      for await (const item of readNdjsonFile(path)) {
        if (skip(item)) {
          // Stopping: end the file here; the pipeline commits what it holds.
          if (isCut()) return;
          continue;
        }
        yield item;
      }
    };
    return pipeline.run(items());
  }

  private async importSpreadsheet(path: string, source: string, skip: (item: SourceItem) => boolean): Promise<IngestSummary> {
    const result = await importPostings(
      this.options.host.writer,
      { path, mapping: this.options.mapping },
      // The service reviews after each file (ServiceRuntime), as for NDJSON files and Kafka batches.
      { writer: this.options.writer, skip, source, review: false },
    );
    return result.summary;
  }

  /** Counts each committed batch as it lands (IngestProgress is cumulative per file). */
  private progress(): (p: IngestProgress) => void {
    let last = { read: 0, stored: 0, stale: 0, rejected: 0, at: performance.now() };
    return (p) => {
      const delta = {
        read: p.read - last.read,
        stored: p.stored - last.stored,
        stale: p.stale - last.stale,
        rejected: p.rejected - last.rejected,
      };
      const now = performance.now();
      this.totals.read += delta.read;
      this.totals.stored += delta.stored;
      this.totals.stale += delta.stale;
      this.totals.rejected += delta.rejected;
      this.lastCommitAt = Date.now();
      this.log.debug('inbox_batch_committed', { file: this.current, read: p.read, stored: p.stored, rejected: p.rejected });
      this.options.onBatch?.(delta, (now - last.at) / 1000);
      last = { read: p.read, stored: p.stored, stale: p.stale, rejected: p.rejected, at: now };
    };
  }

  /**
   * The highest line (or row) of this file already committed: each batch's last position commits
   * with its rows, and only batches after `after` (the last batch when the file was taken) are this copy's.
   */
  private async committedThrough(source: string, after: number): Promise<number> {
    const rows = await this.options.host.readNow((db) =>
      db.all<{ last_position: string | null }>('SELECT last_position FROM ingest_batches WHERE source = $source AND batch_id > $after', {
        source,
        after,
      }),
    );
    return rows.reduce((max, r) => Math.max(max, r.last_position ? positionNumber(r.last_position) : 0), 0);
  }

  private async fail(
    name: string,
    path: string,
    source: string,
    after: number,
    format: InboxFileResult['format'],
    error: unknown,
  ): Promise<void> {
    const e = error as Partial<PipelineError> & Error;
    const committed = await this.committedThrough(source, after).catch(() => 0);
    const text = [
      `file: ${basename(source)} (taken as ${name})`,
      `failed at: ${new Date().toISOString()}`,
      `reason: ${e.message ?? String(error)}`,
      ...(e.code ? [`code: ${e.code}`] : []),
      ...(e.hint ? [`what to do: ${e.hint}`] : []),
      committed > 0
        ? `rows committed before the failure stay in the store (through line/row ${committed}); dropping the file in again adds nothing twice`
        : 'nothing of this file was stored',
    ].join('\n');
    const movedTo = join(this.failed, name);
    await writeFile(`${movedTo}.error.txt`, `${text}\n`);
    if (existsSync(path)) await rename(path, movedTo);
    this.totals.files_failed++;
    this.log.warn('inbox_file_failed', { file: name, reason: e.message ?? String(error), code: e.code });
    this.options.onFile?.({ file: name, outcome: 'failed', movedTo, format, summary: null, error: e.message ?? String(error) });
  }
}

/** The number a position ends with: "line 12", "row 5", "sheet 岗位 row 7" (0 when it has none). */
function positionNumber(position: string): number {
  const m = /(\d+)\s*$/.exec(position);
  return m ? Number(m[1]) : 0;
}

/** The name the file landed with, and the last batch committed before it was taken, from its processing/ name. */
function parseClaim(claimed: string): { original: string; after: number } {
  const m = /^\d{8}T\d{9}Z_b(\d+)_(.+)$/.exec(claimed);
  // A file put into processing/ by hand: all of it is this file's.
  return m ? { original: m[2]!, after: Number(m[1]) } : { original: claimed, after: 0 };
}
