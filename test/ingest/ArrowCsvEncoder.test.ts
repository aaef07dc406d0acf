import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ArrowCsvEncoder, csvReadSizes, csvStageInsertSql } from '../../src/ingest/ArrowCsvEncoder.ts';
import { buildRecordBatches } from '../../src/ingest/RecordBatchWriter.ts';
import { loadTableSpecs, type Column } from '../../src/ingest/columnSpec.ts';
import { decodeItems } from '../../src/ingest/decodeItems.ts';
import { posting } from '../helpers/envelopes.ts';
import { withDuckDB } from '../helpers/withDuckDB.ts';

const scratch = mkdtempSync(join(tmpdir(), 'labourflow-csv-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Text a CSV or JSON layer could mangle: delimiters, quotes, escapes, line breaks, control
// characters, a NUL, astral characters, and a lone surrogate (which UTF-8 turns into U+FFFD).
const AWKWARD = [
  '',
  ',',
  '"',
  '""',
  'a,"b",c',
  'line\nbreak',
  'cr\r\nlf',
  'back\\slash',
  '\\"',
  'tab\tx',
  'nul\u0000byte',
  '\u0001\u001f',
  '招聘，"资深"工程师',
  '𠀀𝄞 emoji 🧑‍🔧',
  'lone \ud800 surrogate',
  'null',
  'NULL',
  '[1, 2]',
  "it's",
];

/** What UTF-8 can hold of a JavaScript string: a lone surrogate becomes U+FFFD on the way in. */
const utf8 = (text: string | null) => (text === null ? null : Buffer.from(text, 'utf8').toString('utf8'));

describe('ArrowCsvEncoder', () => {
  it('round-trips every column kind through DuckDB read_csv exactly', async () => {
    await withDuckDB(async (store) => {
      const spec = (await loadTableSpecs(store)).get('posting')!;
      const records = AWKWARD.map((text, i) =>
        posting(
          `p${i}`,
          {
            title: `t${i}`,
            description: text,
            employer_name: i % 3 === 0 ? undefined : text,
            skills: i % 4 === 0 ? [] : [`s${i}`, text.trim() || 'x', '"quoted"'],
            salary_max: i % 2 ? null : 9000 + i,
            experience_min_years: i / 4,
            expiry_date: i % 2 ? null : '2026-04-30',
            posted_date: i === 1 ? '1990-01-01' : '2026-02-28',
            commitment_accepted: i % 2 === 0,
          },
          { version: 2 ** 40 + i, event_time: i === 2 ? '1969-12-31T23:59:59.999999Z' : '2026-03-01T08:00:00.123456+08:00' },
        ),
      );
      // Handed over as parsed values: read from JSON text, the lone surrogate would now be rejected
      // (test/ingest/decodeItems.test.ts), but the encoder must still carry one safely.
      const { valid, rejects } = decodeItems(
        records.map((r, i) => ({ position: `${i}`, raw: JSON.stringify(r), value: JSON.parse(JSON.stringify(r)) })),
        'test',
      );
      expect(rejects).toEqual([]);
      const batch = buildRecordBatches(new Map([['posting', spec]]), valid).get('posting')!;
      const path = join(scratch, 'postings.csv');
      const encoder = new ArrowCsvEncoder(64);
      await writeFile(path, encoder.encode([batch], spec.columns));

      await store.run('CREATE TEMP TABLE csv_postings AS SELECT * FROM postings LIMIT 0');
      await store.run(csvStageInsertSql('temp.main.csv_postings', spec.columns), {
        path,
        batch_id: 7,
        ingested_at: '2026-03-02T00:00:00Z',
        ...csvReadSizes(encoder.longestLine),
      });
      const got = await store.all<Record<string, unknown>>(
        `SELECT id, version, epoch_us(event_time) AS event_us, employer_name, description, skills, salary_max, experience_min_years,
                posted_date::VARCHAR AS posted_date, expiry_date::VARCHAR AS expiry_date, commitment_accepted, ingest_batch_id,
                ingested_at = TIMESTAMPTZ '2026-03-02 00:00:00+00' AS ingested_at_ok
           FROM csv_postings ORDER BY version`,
      );
      expect(got).toHaveLength(AWKWARD.length);
      got.forEach((row, i) => {
        const record = valid[i]!;
        if (record.type !== 'posting') throw new Error('expected a posting');
        const p = record.payload;
        expect(row).toEqual({
          id: record.id,
          version: record.version,
          event_us: Date.parse(record.event_time) * 1000, // the store keeps milliseconds
          employer_name: utf8(p.employer_name ?? null),
          description: utf8(p.description),
          skills: p.skills.map(utf8),
          salary_max: p.salary_max ?? null,
          experience_min_years: p.experience_min_years,
          posted_date: p.posted_date,
          expiry_date: p.expiry_date ?? null,
          commitment_accepted: p.commitment_accepted,
          ingest_batch_id: 7,
          ingested_at_ok: true,
        });
      });
      // An empty string and a missing value stay different.
      expect(got[0]!.description).toBe('');
      expect(got[0]!.employer_name).toBeNull();
    });
  });

  it("loads lines longer than DuckDB's default 2 MB limit, which it would otherwise refuse", async () => {
    await withDuckDB(async (store) => {
      const spec = (await loadTableSpecs(store)).get('posting')!;
      // Longer than any record the schemas allow today (text fields stop at 20,000 characters),
      // so the batch is built from decoded records and one description is lengthened afterwards.
      const { valid } = decodeItems(
        [posting('p1'), posting('p2')].map((r, i) => ({ position: `${i}`, raw: JSON.stringify(r) })),
        'test',
      );
      const long = '长'.repeat(1_000_000); // 3 MB of UTF-8
      if (valid[0]!.type !== 'posting') throw new Error('expected a posting');
      valid[0]!.payload.description = long;
      const batch = buildRecordBatches(new Map([['posting', spec]]), valid).get('posting')!;
      const encoder = new ArrowCsvEncoder();
      const path = join(scratch, 'long.csv');
      await writeFile(path, encoder.encode([batch], spec.columns));
      expect(encoder.longestLine).toBeGreaterThan(3_000_000);
      await store.run('CREATE TEMP TABLE csv_long AS SELECT * FROM postings LIMIT 0');
      const insert = csvStageInsertSql('temp.main.csv_long', spec.columns);
      const params = { path, batch_id: 1, ingested_at: '2026-03-02T00:00:00Z' };
      await expect(store.run(insert, { ...params, ...csvReadSizes(0) })).rejects.toThrow(/CSV|line/i);
      await store.run(insert, { ...params, ...csvReadSizes(encoder.longestLine) });
      expect(await store.all('SELECT id, length(description) AS n FROM csv_long ORDER BY id')).toEqual([
        { id: 'p1', n: 1_000_000 },
        { id: 'p2', n: (valid[1]!.payload as { description: string }).description.length },
      ]);
    });
  });

  it('reports a batch that lacks one of the table columns', async () => {
    await withDuckDB(async (store) => {
      const spec = (await loadTableSpecs(store)).get('posting')!;
      const { valid } = decodeItems([{ position: '1', raw: JSON.stringify(posting('p1')) }], 'test');
      const batch = buildRecordBatches(new Map([['posting', spec]]), valid).get('posting')!;
      const extra: Column[] = [...spec.columns, { name: 'not_in_batch', kind: 'string', origin: 'payload' }];
      expect(() => new ArrowCsvEncoder().encode([batch], extra)).toThrow(/lacks column not_in_batch/);
    });
  });
});
