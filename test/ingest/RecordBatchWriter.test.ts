import { existsSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeItems } from '../../src/ingest/decodeItems.ts';
import { RecordBatchWriter } from '../../src/ingest/RecordBatchWriter.ts';
import type { SourceItem } from '../../src/ingest/SourceItem.ts';
import { posting, seeker } from '../helpers/envelopes.ts';
import { withDuckDB } from '../helpers/withDuckDB.ts';

const items = (records: unknown[]): SourceItem[] => records.map((r, i) => ({ position: `line ${i + 1}`, raw: JSON.stringify(r) }));

async function writeAll(writer: RecordBatchWriter, records: unknown[]) {
  const { valid, rejects } = decodeItems(items(records), 'test');
  return writer.write({ source: 'test', kind: 'file', firstPosition: null, lastPosition: null, valid, rejects });
}

describe('RecordBatchWriter', () => {
  it('stores rows of every type and reconciles counts', async () => {
    await withDuckDB(async (store) => {
      const writer = await RecordBatchWriter.create(store);
      const counts = await writeAll(writer, [posting('p1'), posting('p2'), seeker('s1'), { type: 'posting' }]);
      expect(counts).toMatchObject({ read: 4, stored: 3, stale: 0, rejected: 1 });
      const rows = await store.all<{ id: string; skills: string[]; posted_date: string; salary_max: number }>(
        'SELECT id, skills, posted_date, salary_max FROM postings ORDER BY id',
      );
      expect(rows).toEqual([
        { id: 'p1', skills: ['数控车床', '机械制图'], posted_date: '2026-02-28', salary_max: 6500 },
        { id: 'p2', skills: ['数控车床', '机械制图'], posted_date: '2026-02-28', salary_max: 6500 },
      ]);
      const batches = await store.all<{ read: number; stored: number; rejected: number }>(
        'SELECT read, stored, rejected FROM ingest_batches',
      );
      expect(batches).toEqual([{ read: 4, stored: 3, rejected: 1 }]);
    });
  });

  it('keeps the newest version; an older or equal event never overwrites', async () => {
    await withDuckDB(async (store) => {
      const writer = await RecordBatchWriter.create(store);
      await writeAll(writer, [posting('p1', { title: 'v2 title' }, { version: 2 })]);
      const older = await writeAll(writer, [posting('p1', { title: 'v1 title' }, { version: 1 })]);
      expect(older).toMatchObject({ stored: 0, stale: 1 });
      const sameVersionEarlier = await writeAll(writer, [
        posting('p1', { title: 'earlier' }, { version: 2, event_time: '2020-01-01T00:00:00Z' }),
      ]);
      expect(sameVersionEarlier.stale).toBe(1);
      const newer = await writeAll(writer, [posting('p1', { title: 'v3 title' }, { version: 3 })]);
      expect(newer).toMatchObject({ stored: 1, stale: 0 });
      expect(await store.all('SELECT id, version, title FROM postings')).toEqual([{ id: 'p1', version: 3, title: 'v3 title' }]);
    });
  });

  it('resolves several events of one id inside a batch to the newest', async () => {
    await withDuckDB(async (store) => {
      const writer = await RecordBatchWriter.create(store);
      const counts = await writeAll(writer, [
        posting('p1', { title: 'b' }, { version: 2 }),
        posting('p1', { title: 'c' }, { version: 3 }),
        posting('p1', { title: 'a' }, { version: 1 }),
      ]);
      expect(counts).toMatchObject({ read: 3, stored: 1, stale: 2 });
      expect(await store.all('SELECT title FROM postings')).toEqual([{ title: 'c' }]);
    });
  });

  it('stages through a scratch directory it recreates if removed mid-run and deletes on close', async () => {
    await withDuckDB(async (store) => {
      const writer = await RecordBatchWriter.create(store);
      const scratch = (writer as unknown as { scratchDir: string }).scratchDir;
      await writeAll(writer, [posting('p1')]);
      rmSync(scratch, { recursive: true, force: true }); // e.g. a temp cleaner during a long run
      expect(await writeAll(writer, [posting('p2')])).toMatchObject({ stored: 1 });
      expect(existsSync(scratch)).toBe(true);
      await writer.close();
      expect(existsSync(scratch)).toBe(false);
      expect(await store.all('SELECT id FROM postings ORDER BY id')).toEqual([{ id: 'p1' }, { id: 'p2' }]);
    });
  });

  it('breaks an exact tie inside a batch (same version and event_time) in favour of the record read last', async () => {
    await withDuckDB(async (store) => {
      const writer = await RecordBatchWriter.create(store);
      const tie = { version: 4, event_time: '2026-03-01T08:00:00+08:00' };
      const counts = await writeAll(writer, [
        posting('p1', { title: 'first' }, tie),
        posting('p2', { title: 'other' }),
        posting('p1', { title: 'second' }, tie),
        posting('p1', { title: 'third' }, tie),
        posting('p1', { title: 'older' }, { ...tie, version: 3 }),
      ]);
      expect(counts).toMatchObject({ read: 5, stored: 2, stale: 3 });
      expect(await store.all("SELECT title FROM postings WHERE id = 'p1'")).toEqual([{ title: 'third' }]);
    });
  });

  it('changes no row when the same records are written again, dead letters included', async () => {
    await withDuckDB(async (store) => {
      const writer = await RecordBatchWriter.create(store);
      const records = [posting('p1'), seeker('s1'), 'not json'];
      await writeAll(writer, records);
      const snapshot = async () =>
        store.all(
          'SELECT (SELECT count(*) FROM postings) p, (SELECT count(*) FROM seekers) s, (SELECT count(*) FROM ' +
            'rejected) r, (SELECT max(ingested_at)::VARCHAR FROM postings) t',
        );
      const before = await snapshot();
      const again = await writeAll(writer, records);
      expect(again).toMatchObject({ read: 3, stored: 0, stale: 2, rejected: 1 });
      expect(await snapshot()).toEqual(before);
    });
  });

  it('records dead letters with every issue and the raw text', async () => {
    await withDuckDB(async (store) => {
      const writer = await RecordBatchWriter.create(store);
      await writeAll(writer, [posting('bad', { salary_min: 9000, salary_max: 5000, region_code: '999999' })]);
      const [row] = await store.all<{ record_id: string; reason: string; issues: string; raw: string; position: string }>(
        'SELECT record_id, reason, issues, raw, position FROM rejected',
      );
      expect(row!.record_id).toBe('bad');
      expect(row!.position).toBe('line 1');
      expect((JSON.parse(row!.issues) as { path: string }[]).map((i) => i.path).sort()).toEqual([
        'payload.region_code',
        'payload.salary_max',
      ]);
      expect(row!.reason).toMatch(/\(\+1 more\)$/);
      expect(JSON.parse(row!.raw).id).toBe('bad');
    });
  });

  it('rolls back the whole batch when the caller transaction fails', async () => {
    await withDuckDB(async (store) => {
      const writer = await RecordBatchWriter.create(store);
      const { valid, rejects } = decodeItems(items([posting('p1')]), 'test');
      await expect(
        store.transaction(async () => {
          await writer.write({ source: 'test', kind: 'kafka', firstPosition: null, lastPosition: null, valid, rejects });
          throw new Error('offset commit failed');
        }),
      ).rejects.toThrow('offset commit failed');
      expect(await store.all('SELECT count(*)::INTEGER AS n FROM postings')).toEqual([{ n: 0 }]);
      expect(await store.all('SELECT count(*)::INTEGER AS n FROM ingest_batches')).toEqual([{ n: 0 }]);
    });
  });
});
