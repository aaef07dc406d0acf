import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { Logger } from '../core/Logger.ts';
import { SinkError } from '../core/PipelineError.ts';
import { RecordBatchWriter } from '../ingest/RecordBatchWriter.ts';
import { positionOf, type BatchSink, type PartitionChunk, type SinkCounts } from '../kafka/BatchSink.ts';
import type { DeadLetterPublisher } from '../kafka/DeadLetterPublisher.ts';
import { faultPoint } from '../kafka/faultPoint.ts';
import { RECORD_KINDS } from '../records/recordKinds.ts';
import { DuckDBStore } from '../store/DuckDBStore.ts';
import { sqlFile } from '../store/sqlFile.ts';

export interface LakeSinkOptions {
  dir: string;
  workerId: string;
  deadLetters: DeadLetterPublisher | null;
}

interface OffsetMarker {
  topic: string;
  partition: number;
  first: string;
  next: string;
  worker: string;
  counts: SinkCounts;
  files: string[];
  written_at: string;
}

const OFFSET_WIDTH = 20;
const pad = (n: bigint) => n.toString().padStart(OFFSET_WIDTH, '0');
/** Data file names: <topic>.p<partition>.<first>-<next>_<i>.parquet (offsets zero-padded). */
const DATA_FILE = /^(.+)\.p(\d+)\.(\d{20})-(\d{20})_\d+\.parquet$/;

/** Quotes a value as a SQL string literal (COPY TO takes no bound parameters for its target). */
function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Scale-out sink: each ingest worker of a consumer group writes the ranges of its own partitions
 * as Parquet under `<lake>/type=<record type>/event_date=<YYYY-MM-DD>/`, named after the topic,
 * partition and offset range, and then an offset marker `<lake>/_offsets/<topic>/p<N>/<first>-<next>.json`.
 * The marker is the commit: a range counts as stored only when its marker exists, the next offset
 * of a partition is the highest marker's end, and data files of a range without a marker (a crash
 * between the renames and the marker) are deleted by the partition's next owner before it reads.
 * Rows are validated and shaped by the same RecordBatchWriter as the DuckDB mode, in a private
 * in-memory DuckDB, so both modes store identical columns.
 */
export class LakeBatchSink implements BatchSink {
  private readonly log = Logger.for('lake');

  private constructor(
    readonly dir: string,
    private readonly workerId: string,
    private readonly scratch: DuckDBStore,
    private readonly writer: RecordBatchWriter,
    private readonly deadLetters: DeadLetterPublisher | null,
    private readonly sql: { copyTable: string; copyRejected: string },
  ) {}

  static async create(options: LakeSinkOptions): Promise<LakeBatchSink> {
    const dir = resolve(options.dir);
    try {
      await mkdir(join(dir, '_offsets'), { recursive: true });
      await rm(join(dir, '_staging', options.workerId), { recursive: true, force: true });
    } catch (error) {
      throw new SinkError(`cannot prepare the lake folder ${dir}: ${(error as Error).message}`, {
        code: 'LAKE_UNWRITABLE',
        cause: error,
        hint: 'pass a writable --lake DIR (shared storage when workers run on several machines)',
      });
    }
    const scratch = await DuckDBStore.create({ path: ':memory:', settings: { threads: '1' } });
    const writer = await RecordBatchWriter.create(scratch);
    return new LakeBatchSink(dir, options.workerId, scratch, writer, options.deadLetters, {
      copyTable: await sqlFile('lake/copy_table'),
      copyRejected: await sqlFile('lake/copy_rejected'),
    });
  }

  columnLayout() {
    return this.writer.columnLayout();
  }

  get describe(): string {
    return `lake:${this.dir}`;
  }

  private markerDir(topic: string, partition: number): string {
    return join(this.dir, '_offsets', topic, `p${partition}`);
  }

  private async markers(topic: string, partition: number): Promise<Set<string>> {
    const dir = this.markerDir(topic, partition);
    if (!existsSync(dir)) return new Set();
    return new Set((await readdir(dir)).filter((f) => /^\d{20}-\d{20}\.json$/.test(f)).map((f) => f.slice(0, -5)));
  }

  async loadOffsets(topic: string, partitions?: readonly number[]): Promise<Map<number, bigint>> {
    const out = new Map<number, bigint>();
    const topicDir = join(this.dir, '_offsets', topic);
    const all = existsSync(topicDir) ? (await readdir(topicDir)).filter((d) => /^p\d+$/.test(d)).map((d) => Number(d.slice(1))) : [];
    for (const partition of partitions ?? all) {
      const ranges = await this.markers(topic, partition);
      let next: bigint | undefined;
      for (const r of ranges) {
        const end = BigInt(r.split('-')[1]!);
        if (next === undefined || end > next) next = end;
      }
      if (next !== undefined) out.set(partition, next);
      // Only the partition's owner may clean up after a crash: it is the only writer of those names.
      if (partitions) await this.removeUncommitted(topic, partition, ranges);
    }
    return out;
  }

  private async removeUncommitted(topic: string, partition: number, committed: Set<string>): Promise<void> {
    const entries = await readdir(this.dir, { recursive: true }).catch(() => [] as string[]);
    for (const entry of entries) {
      if (entry.startsWith('_')) continue;
      const name = entry.split('/').pop()!;
      const m = DATA_FILE.exec(name);
      if (!m || m[1] !== topic || Number(m[2]) !== partition) continue;
      if (committed.has(`${m[3]}-${m[4]}`)) continue;
      await unlink(join(this.dir, entry)).catch(() => undefined);
      this.log.warn('lake_uncommitted_file_removed', { file: entry });
    }
  }

  async write(chunks: readonly PartitionChunk[]): Promise<SinkCounts> {
    await this.deadLetters?.publish(chunks);
    // One range per partition: contiguous chunks of a partition become one set of files.
    const ranges = new Map<string, PartitionChunk[]>();
    for (const c of chunks) {
      const k = `${c.topic}:${c.partition}`;
      ranges.set(k, [...(ranges.get(k) ?? []), c]);
    }
    const total: SinkCounts = { read: 0, stored: 0, stale: 0, rejected: 0 };
    for (const list of ranges.values()) {
      const counts = await this.writeRange(list);
      total.read += counts.read;
      total.stored += counts.stored;
      total.stale += counts.stale;
      total.rejected += counts.rejected;
    }
    return total;
  }

  private async writeRange(list: readonly PartitionChunk[]): Promise<SinkCounts> {
    const { topic, partition } = list[0]!;
    const first = list[0]!.firstOffset;
    const next = list[list.length - 1]!.nextOffset;
    const range = `${pad(first)}-${pad(next)}`;
    const markerPath = join(this.markerDir(topic, partition), `${range}.json`);
    if (existsSync(markerPath)) return { read: 0, stored: 0, stale: 0, rejected: 0 };
    const name = `${topic}.p${partition}.${range}`;
    const staging = join(this.dir, '_staging', this.workerId, name);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    for (const table of [...RECORD_KINDS.map((k) => k.table), 'rejected', 'ingest_batches'])
      await this.scratch.run(`DELETE FROM main.${table}`);
    const written: SinkCounts = { read: 0, stored: 0, stale: 0, rejected: 0 };
    const groups = list.every((c) => c.valid) ? [list] : list.map((c) => [c]);
    for (const group of groups) {
      const counts = await this.writer.write({
        source: `kafka:${topic}`,
        kind: 'kafka',
        firstPosition: positionOf(partition, group[0]!.firstOffset),
        lastPosition: positionOf(partition, group[group.length - 1]!.nextOffset - 1n),
        ...(group[0]!.batches ? { batches: group[0]!.batches } : { valid: group.flatMap((c) => c.valid ?? []) }),
        rejects: group.flatMap((c) => c.rejects),
        read: group.reduce((n, c) => n + c.read, 0),
      });
      written.read += counts.read;
      written.stored += counts.stored;
      written.stale += counts.stale;
      written.rejected += counts.rejected;
    }
    const pattern = sqlString(`${name}_{i}`);
    for (const { type, table } of RECORD_KINDS) {
      const rows = await this.scratch.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM main.${table}`);
      if (Number(rows[0]!.n) === 0) continue;
      await this.scratch.run(
        this.sql.copyTable
          .replaceAll('{{table}}', table)
          .replaceAll('{{target}}', sqlString(join(staging, `type=${type}`)))
          .replaceAll('{{pattern}}', pattern),
      );
    }
    if (written.rejected > 0) {
      await this.scratch.run(
        this.sql.copyRejected.replaceAll('{{target}}', sqlString(join(staging, 'type=rejected'))).replaceAll('{{pattern}}', pattern),
      );
    }
    const files = (await readdir(staging, { recursive: true })).filter((f) => f.endsWith('.parquet'));
    for (const file of files) {
      const target = join(this.dir, file);
      await mkdir(dirname(target), { recursive: true });
      await rename(join(staging, file), target);
    }
    const marker: OffsetMarker = {
      topic,
      partition,
      first: first.toString(),
      next: next.toString(),
      worker: this.workerId,
      counts: { read: written.read, stored: written.stored, stale: written.stale, rejected: written.rejected },
      files: files.map((f) => relative(this.dir, join(this.dir, f))),
      written_at: new Date().toISOString(),
    };
    faultPoint('lake.before-marker');
    await mkdir(dirname(markerPath), { recursive: true });
    await writeFile(`${markerPath}.tmp-${this.workerId}`, `${JSON.stringify(marker)}\n`);
    await rename(`${markerPath}.tmp-${this.workerId}`, markerPath);
    await rm(staging, { recursive: true, force: true });
    return marker.counts;
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.scratch.close();
    await rm(join(this.dir, '_staging', this.workerId), { recursive: true, force: true });
  }
}
