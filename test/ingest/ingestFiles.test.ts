import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { ndjson, posting, seeker } from '../helpers/envelopes.ts';
import { withDuckDB } from '../helpers/withDuckDB.ts';

const lines = [
  posting('p1'),
  seeker('s1'),
  '',
  '{"type":"posting","id":"p2"',
  'not json',
  posting('p3', { salary_min: 100 }),
  { ...posting('p4'), type: 'vacancy' },
  posting('p1', { title: '新标题' }, { version: 2 }),
];

describe('ingestFiles', () => {
  for (const parallel of [true, false]) {
    it(`stores good lines, dead-letters bad ones and reconciles (${parallel ? 'worker thread' : 'single thread'})`, async () => {
      await withDuckDB(async (store, dir) => {
        const file = join(dir, 'feed.ndjson');
        writeFileSync(file, ndjson(lines));
        const first = await ingestFiles({ store, from: [file], parallel, progress: false, batchSize: 3 });
        const s = first.summaries[0]!;
        expect(s).toMatchObject({ read: 7, stored: 3, stale: 0, rejected: 4 });
        expect(first.blankLines).toBe(1);
        expect(await store.all('SELECT id, version, title FROM postings ORDER BY id')).toEqual([{ id: 'p1', version: 2, title: '新标题' }]);
        const reasons = await store.all<{ position: string; reason: string }>('SELECT position, reason FROM rejected ORDER BY rejected_id');
        expect(reasons.map((r) => r.position)).toEqual(['line 4', 'line 5', 'line 6', 'line 7']);
        expect(reasons[0]!.reason).toMatch(/truncated JSON/);
        expect(reasons[2]!.reason).toMatch(/salary_min.*300/);
        expect(reasons[3]!.reason).toMatch(/^type:/);

        const again = await ingestFiles({ store, from: [file], parallel, progress: false });
        expect(again.summaries[0]).toMatchObject({ read: 7, stored: 0, stale: 3, rejected: 4 });
        expect(await store.all('SELECT count(*)::INTEGER AS n FROM rejected')).toEqual([{ n: 4 }]);
      });
    });
  }

  it('keeps every line exactly once when several decode workers split the file', async () => {
    await withDuckDB(async (store, dir) => {
      const file = join(dir, 'many.ndjson');
      const records: unknown[] = [];
      for (let i = 0; i < 60; i++) records.push(i % 7 === 3 ? `broken ${i}` : posting(`p${i}`));
      records.splice(20, 0, '', '', '', ''); // one whole batch of blank lines
      writeFileSync(file, ndjson(records));
      const result = await ingestFiles({ store, from: [file], parallel: true, decodeWorkers: 3, batchSize: 4, progress: false });
      const broken = records.filter((r) => typeof r === 'string' && r.startsWith('broken')).length;
      expect(result.summaries[0]).toMatchObject({ read: 60, stored: 60 - broken, rejected: broken });
      expect(result.blankLines).toBe(4);
      const positions = await store.all<{ position: string }>('SELECT position FROM rejected ORDER BY rejected_id');
      const expected = records.flatMap((r, i) => (typeof r === 'string' && r.startsWith('broken') ? [`line ${i + 1}`] : []));
      expect(positions.map((p) => p.position)).toEqual(expected);
    });
  });

  it('expands directories and globs and fails clearly when nothing matches', async () => {
    await withDuckDB(async (store, dir) => {
      writeFileSync(join(dir, 'a.ndjson'), ndjson([posting('a')]));
      writeFileSync(join(dir, 'b.ndjson'), ndjson([posting('b')]));
      writeFileSync(join(dir, 'notes.txt'), 'ignored');
      const byDir = await ingestFiles({ store, from: [dir], progress: false });
      expect(byDir.summaries.map((s) => s.stored)).toEqual([1, 1]);
      const byGlob = await ingestFiles({ store, from: [join(dir, 'a*.ndjson')], progress: false });
      expect(byGlob.summaries).toHaveLength(1);
      await expect(ingestFiles({ store, from: [join(dir, 'z*.ndjson')], progress: false })).rejects.toMatchObject({
        code: 'SOURCE_NOT_FOUND',
      });
    });
  });
});
