import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toRecordBatch } from '../../src/ingest/toRecordBatch.ts';
import { ArrowCsvEncoder } from '../../src/ingest/ArrowCsvEncoder.ts';
import { loadTableSpecs } from '../../src/ingest/columnSpec.ts';
import { decodeItems } from '../../src/ingest/decodeItems.ts';
import { EnvelopeCsvEncoder } from '../../src/ingest/EnvelopeCsvEncoder.ts';
import { groupByType } from '../../src/ingest/RecordBatchWriter.ts';
import type { AnyEnvelope } from '../../src/records/envelope.ts';
import { withDuckDB } from '../helpers/withDuckDB.ts';

const SAMPLE_FILES = ['postings', 'seekers', 'enterprise_reports', 'follow_ups', 'outcomes'];

/** Every valid sample record, plus copies whose strings and lists hold what CSV and JSON must escape. */
function records(): AnyEnvelope[] {
  const lines = SAMPLE_FILES.flatMap((f) =>
    readFileSync(new URL(`../../data-samples/${f}.ndjson`, import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.trim()),
  );
  const valid = decodeItems(
    lines.map((raw, i) => ({ position: `line ${i + 1}`, raw })),
    'samples',
  ).valid;
  const odd = ['say "hi"', 'back\\slash', 'tab\tnew\nline\r', '\u0001\u001f', '表情😀', 'lone \ud800 high', 'lone \udc00 low', '', ',;"'];
  const edited = valid.slice(0, 400).map((r, i) => {
    const copy = structuredClone(r) as AnyEnvelope;
    const payload = copy.payload as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(payload)) {
      if (typeof value === 'string' && !/date|region|code/.test(key)) payload[key] = `${value}${odd[i % odd.length]}`;
      if (Array.isArray(value)) payload[key] = [...value, odd[i % odd.length], odd[(i + 3) % odd.length]];
    }
    return copy;
  });
  return [...valid, ...edited];
}

describe('EnvelopeCsvEncoder', () => {
  it('writes exactly the bytes the Arrow path writes, for every record table', async () => {
    await withDuckDB(async (store) => {
      const specs = await loadTableSpecs(store);
      const all = records();
      const byType = groupByType(all);
      expect(byType.size).toBe(specs.size);
      const arrow = new ArrowCsvEncoder();
      const direct = new EnvelopeCsvEncoder(64); // small, so growing the buffer is exercised too
      for (const [type, list] of byType) {
        const spec = specs.get(type)!;
        const expected = Buffer.from(arrow.encode([toRecordBatch(spec, list)], spec.columns));
        const got = direct.encode(spec.columns, list);
        expect(got.rows).toBe(list.length);
        expect(got.longestLine).toBe(arrow.longestLine);
        expect(Buffer.from(got.csv).equals(expected), `${type}: CSV differs`).toBe(true);
      }
    });
  });

  it('groups by table in table order and copies when asked, so the bytes can be transferred', async () => {
    await withDuckDB(async (store) => {
      const specs = await loadTableSpecs(store);
      const all = records().reverse();
      const encoder = new EnvelopeCsvEncoder();
      const staged = encoder.encodeByType(specs, all, true);
      expect([...staged.keys()]).toEqual([...specs.keys()].filter((t) => all.some((r) => r.type === t)));
      for (const s of staged.values()) expect(s.csv.byteOffset === 0 && s.csv.buffer.byteLength === s.csv.length).toBe(true);
      const firstType = [...staged.keys()][0]!;
      const before = Buffer.from(staged.get(firstType)!.csv);
      encoder.encode(specs.get(firstType)!.columns, []); // reuses the encoder's own buffer
      expect(Buffer.from(staged.get(firstType)!.csv).equals(before)).toBe(true);
    });
  });
});
