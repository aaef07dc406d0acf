import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMappingSync } from '../../src/import/loadMapping.ts';
import { IngestPipeline } from '../../src/ingest/IngestPipeline.ts';
import { readNdjsonFile } from '../../src/ingest/readNdjsonFile.ts';
import { RecordBatchWriter } from '../../src/ingest/RecordBatchWriter.ts';
import { InboxWatcher, type InboxFileResult } from '../../src/serve/InboxWatcher.ts';
import { StoreHost } from '../../src/store/StoreHost.ts';
import { posting } from '../helpers/envelopes.ts';

const FIXTURES = fileURLToPath(new URL('../import/fixtures/', import.meta.url));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** N valid postings, every `badEvery`-th line replaced by a line that is not JSON. */
function ndjson(n: number, badEvery = 0, prefix = 'P'): string {
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) {
    lines.push(badEvery && i % badEvery === 0 ? `{"type":"posting","id":"broken-${i}"` : JSON.stringify(posting(`${prefix}-${i}`)));
  }
  return `${lines.join('\n')}\n`;
}

describe('InboxWatcher (real DuckDB, real folder)', () => {
  let dir: string;
  let inbox: string;
  let host: StoreHost;
  let writer: RecordBatchWriter;
  let files: InboxFileResult[];
  let watcher: InboxWatcher;
  const count = async (sql: string) => Number((await host.read((db) => db.all<{ n: number }>(sql)))[0]!.n);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lf-inbox-'));
    inbox = join(dir, 'inbox');
    mkdirSync(inbox);
    host = await StoreHost.open({ path: join(dir, 'store.duckdb') });
    writer = await RecordBatchWriter.create(host.writer);
    files = [];
    watcher = new InboxWatcher({
      dir: inbox,
      host,
      writer,
      mapping: loadMappingSync('jobboard'),
      settleMs: 300,
      pollMs: 50,
      batchSize: 7,
      onFile: (f) => files.push(f),
    });
  });
  afterEach(async () => {
    await watcher.stop();
    await writer.close();
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ingests a settled NDJSON file in batches, dead-letters its bad lines and moves it to done/', async () => {
    writeFileSync(join(inbox, 'postings.ndjson'), ndjson(30, 10));
    expect(await watcher.scanOnce()).toBe(0); // first sight: not settled yet
    await pause(350);
    expect(await watcher.scanOnce()).toBe(1);
    expect(readdirSync(inbox).sort()).toEqual(['done', 'failed', 'processing']);
    const done = readdirSync(join(inbox, 'done'));
    expect(done).toHaveLength(1);
    expect(done[0]).toMatch(/^\d{8}T\d{9}Z_b0_postings\.ndjson$/);
    expect(await count('SELECT count(*) AS n FROM postings')).toBe(27);
    expect(await count('SELECT count(*) AS n FROM rejected')).toBe(3);
    const source = join(inbox, 'postings.ndjson');
    const batches = await host.read((db) =>
      db.all<{ source: string; read: number; stored: number; rejected: number }>(
        'SELECT source, sum(read)::INTEGER AS read, sum(stored)::INTEGER AS stored, sum(rejected)::INTEGER AS rejected FROM ingest_batches GROUP BY 1',
      ),
    );
    expect(batches).toEqual([{ source, read: 30, stored: 27, rejected: 3 }]);
    expect(files.map((f) => [f.outcome, f.format, f.summary?.read])).toEqual([['done', 'ndjson', 30]]);
    expect(watcher.status().totals).toMatchObject({ read: 30, stored: 27, stale: 0, rejected: 3, files_done: 1, files_failed: 0 });
  });

  it('stores nothing twice when the same file is dropped in again: records are stale, dead letters not repeated', async () => {
    writeFileSync(join(inbox, 'postings.ndjson'), ndjson(20, 5));
    await watcher.scanOnce();
    await pause(350);
    expect(await watcher.scanOnce()).toBe(1);
    writeFileSync(join(inbox, 'postings.ndjson'), ndjson(20, 5));
    await watcher.scanOnce();
    await pause(350);
    expect(await watcher.scanOnce()).toBe(1);
    expect(readdirSync(join(inbox, 'done'))).toHaveLength(2);
    expect(await count('SELECT count(*) AS n FROM postings')).toBe(16);
    expect(await count('SELECT count(*) AS n FROM rejected')).toBe(4);
    expect(files[1]!.summary).toMatchObject({ read: 20, stored: 0, stale: 16, rejected: 4 });
  });

  it('imports a CSV job-board export with the configured mapping', async () => {
    copyFileSync(join(FIXTURES, 'jobboard-sample.csv'), join(inbox, 'board.csv'));
    await watcher.scanOnce();
    await pause(350);
    expect(await watcher.scanOnce()).toBe(1);
    expect(files[0]).toMatchObject({ outcome: 'done', format: 'csv' });
    const summary = files[0]!.summary!;
    expect(summary.read).toBe(15);
    expect(summary.stored + summary.stale + summary.rejected).toBe(15);
    expect(await count('SELECT count(*) AS n FROM postings')).toBe(summary.stored);
    expect(summary.stored).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM ingest_batches WHERE kind = 'csv' AND source = '${join(inbox, 'board.csv')}'`)).toBe(1);
  });

  it('moves a file it cannot read as NDJSON, CSV or XLSX to failed/ with the reason beside it, and keeps going', async () => {
    writeFileSync(join(inbox, 'scan.pdf'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x00, 0xff]));
    writeFileSync(join(inbox, 'contacts.csv'), 'name,phone\n张三,13800000000\n李四,13900000000\n');
    writeFileSync(join(inbox, 'ok.ndjson'), ndjson(3));
    await watcher.scanOnce();
    await pause(350);
    expect(await watcher.scanOnce()).toBe(3);
    const failed = readdirSync(join(inbox, 'failed')).sort();
    expect(failed).toHaveLength(4);
    const pdf = failed.find((f) => f.endsWith('scan.pdf'))!;
    const pdfReason = readFileSync(join(inbox, 'failed', `${pdf}.error.txt`), 'utf8');
    expect(pdfReason).toContain('scan.pdf is not NDJSON, CSV or XLSX');
    expect(pdfReason).toContain('nothing of this file was stored');
    const csv = failed.find((f) => f.endsWith('contacts.csv'))!;
    const csvReason = readFileSync(join(inbox, 'failed', `${csv}.error.txt`), 'utf8');
    expect(csvReason).toMatch(/reason: .*(column|header|mapping)/i);
    expect(readdirSync(join(inbox, 'done'))).toHaveLength(1);
    expect(await count('SELECT count(*) AS n FROM postings')).toBe(3);
    expect(watcher.status().totals).toMatchObject({ files_done: 1, files_failed: 2 });
  });

  it('does not take a file before it is complete: .partial names wait, and a growing file waits until it holds still', async () => {
    const growing = join(inbox, 'growing.ndjson');
    writeFileSync(growing, ndjson(5, 0, 'G'));
    writeFileSync(join(inbox, 'upload.ndjson.partial'), ndjson(4, 0, 'U'));
    await watcher.scanOnce();
    for (let i = 6; i <= 10; i++) {
      await pause(150);
      appendFileSync(growing, `${JSON.stringify(posting(`G-${i}`))}\n`);
      expect(await watcher.scanOnce()).toBe(0);
    }
    expect(await count('SELECT count(*) AS n FROM postings')).toBe(0);
    await pause(400);
    expect(await watcher.scanOnce()).toBe(1);
    expect(await count("SELECT count(*) AS n FROM postings WHERE id LIKE 'G-%'")).toBe(10);
    // The writer renames its file when complete; from then on it settles like any other.
    expect(existsSync(join(inbox, 'upload.ndjson.partial'))).toBe(true);
    renameSync(join(inbox, 'upload.ndjson.partial'), join(inbox, 'upload.ndjson'));
    await watcher.scanOnce();
    await pause(350);
    expect(await watcher.scanOnce()).toBe(1);
    expect(await count("SELECT count(*) AS n FROM postings WHERE id LIKE 'U-%'")).toBe(4);
  });

  it('resumes a file left in processing/ after its last committed line, without storing or counting anything twice', async () => {
    // The state a kill -9 leaves: the file in processing/, its first two batches (14 lines) committed.
    const name = '20260301T080000000Z_b0_crashed.ndjson';
    mkdirSync(join(inbox, 'processing'), { recursive: true });
    const path = join(inbox, 'processing', name);
    writeFileSync(path, ndjson(40, 6));
    const pipeline = await IngestPipeline.create({
      store: host.writer,
      source: join(inbox, 'crashed.ndjson'),
      kind: 'file',
      writer,
      batchSize: 7,
    });
    const firstTwoBatches = async function* () {
      let n = 0;
      for await (const item of readNdjsonFile(path)) {
        if (++n > 14) return;
        yield item;
      }
    };
    await pipeline.run(firstTwoBatches());
    expect(await count('SELECT count(*) AS n FROM ingest_batches')).toBe(2);

    expect(await watcher.scanOnce()).toBe(1);
    expect(readdirSync(join(inbox, 'done'))).toEqual([name]);
    expect(await count('SELECT count(*) AS n FROM postings')).toBe(34);
    expect(await count('SELECT count(*) AS n FROM rejected')).toBe(6);
    expect(await count('SELECT count(DISTINCT position) AS n FROM rejected')).toBe(6);
    const totals = await host.read((db) =>
      db.all<{ read: number; stored: number; stale: number; rejected: number }>(
        'SELECT sum(read)::INTEGER AS read, sum(stored)::INTEGER AS stored, sum(stale)::INTEGER AS ' +
          'stale, sum(rejected)::INTEGER AS rejected FROM ingest_batches',
      ),
    );
    expect(totals).toEqual([{ read: 40, stored: 34, stale: 0, rejected: 6 }]);
    expect(files[0]!.summary).toMatchObject({ read: 26 });
  });

  it('stops between batches when asked: the batch in flight commits and the rest of the file waits in processing/', async () => {
    writeFileSync(join(inbox, 'big.ndjson'), ndjson(3000, 0, 'B'));
    const options = { dir: inbox, host, writer, mapping: loadMappingSync('jobboard'), settleMs: 0, pollMs: 20 };
    const w: InboxWatcher = new InboxWatcher({ ...options, batchSize: 100, onBatch: () => void w.stop() });
    await w.start();
    await pause(200);
    await w.stop();
    const stored = await count('SELECT count(*) AS n FROM postings');
    expect(stored).toBeGreaterThanOrEqual(100);
    expect(stored).toBeLessThan(3000);
    expect(await count('SELECT sum(read) AS n FROM ingest_batches')).toBe(stored);
    expect(readdirSync(join(inbox, 'processing'))).toHaveLength(1);
    // The next start finishes it.
    expect(await new InboxWatcher({ ...options, batchSize: 1000 }).scanOnce()).toBe(1);
    expect(await count('SELECT count(*) AS n FROM postings')).toBe(3000);
    expect(await count('SELECT sum(read) AS n FROM ingest_batches')).toBe(3000);
  });
});
