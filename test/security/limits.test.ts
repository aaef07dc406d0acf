import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { migrationSchema } from '../../src/query/checkStoreSchema.ts';
import { describeField } from '../../src/records/describeField.ts';
import { EnvelopeHeader } from '../../src/records/envelope.ts';
import { RECORD_KINDS } from '../../src/records/recordKinds.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { PROJECT_ROOT } from '../helpers/runCliProcess.ts';

/** The values a DuckDB integer column holds; a schema bound outside them would let a value wrap. */
const COLUMN_RANGE: Record<string, [number, number]> = {
  TINYINT: [-128, 127],
  SMALLINT: [-32768, 32767],
  INTEGER: [-2147483648, 2147483647],
  // BIGINT holds more, but a JSON number is exact only up to 2^53.
  BIGINT: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  let s = schema as unknown as { shape?: Record<string, z.ZodType>; _zod: { def: { in?: z.ZodType; schema?: z.ZodType } } };
  while (!s.shape) s = (s._zod.def.in ?? s._zod.def.schema) as unknown as typeof s;
  return s.shape;
}

describe('every integer field has a range that fits its column (issue 14, case 7)', () => {
  it('each record kind: every int field has a min and a max within its DuckDB column type', async () => {
    const tables = await migrationSchema();
    let checked = 0;
    for (const kind of RECORD_KINDS) {
      const columns = new Map(tables.get(kind.table)!.map((c) => [c.slice(0, c.indexOf(' ')), c.slice(c.indexOf(' ') + 1)]));
      for (const [field, schema] of Object.entries(shapeOf(kind.schema as z.ZodType))) {
        const d = describeField(schema);
        const column = columns.get(field);
        if (d.base !== 'int' && !(d.base === 'number' && column && column in COLUMN_RANGE)) continue;
        expect(column, `${kind.table}.${field}`).toBeDefined();
        const range = COLUMN_RANGE[column!];
        expect(range, `${kind.table}.${field} is ${column}`).toBeDefined();
        expect(d.min, `${kind.table}.${field} min`).not.toBeNull();
        expect(d.max, `${kind.table}.${field} max`).not.toBeNull();
        expect(d.min!, `${kind.table}.${field}`).toBeGreaterThanOrEqual(range![0]);
        expect(d.max!, `${kind.table}.${field}`).toBeLessThanOrEqual(range![1]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
    // The envelope's version: a safe integer (zod's int()), into a BIGINT column.
    for (const kind of RECORD_KINDS) expect(tables.get(kind.table)!).toContain('version BIGINT');
    expect(EnvelopeHeader.shape.version.safeParse(Number.MAX_SAFE_INTEGER + 2).success).toBe(false);
  });

  describe('through file ingest', () => {
    let dir: string;
    let stored: Array<{ id: string; graduation_year: number | null }>;
    let rejected: Array<{ record_id: string; reason: string }>;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'lf-limits-'));
      const seeker = JSON.parse(readFileSync(join(PROJECT_ROOT, 'data-samples', 'seekers.ndjson'), 'utf8').split('\n')[0]!);
      const lines = [
        ['S-GY-OK', 2006],
        ['S-GY-3E9', 3000000000],
        ['S-GY-MAXSAFE', 9007199254740991],
        ['S-GY-2147483648', 2147483648],
      ].map(([id, year]) => JSON.stringify({ ...seeker, id, payload: { ...seeker.payload, graduation_year: year } }));
      lines.push(JSON.stringify({ ...seeker, id: 'S-BY-3E9', payload: { ...seeker.payload, birth_year: 3000000000 } }));
      writeFileSync(join(dir, 'seekers.ndjson'), `${lines.join('\n')}\n`);
      await withStore({ path: join(dir, 'store.duckdb') }, async (store) => {
        await ingestFiles({ store, from: [join(dir, 'seekers.ndjson')], progress: false, review: false });
        stored = await store.all('SELECT id, graduation_year FROM seekers ORDER BY id');
        rejected = await store.all('SELECT record_id, reason FROM rejected ORDER BY record_id');
      });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('graduation_year 3000000000 and 2^53-1 are rejected, not wrapped; a plausible year is stored', () => {
      expect(stored).toEqual([{ id: 'S-GY-OK', graduation_year: 2006 }]);
      expect(rejected.map((r) => r.record_id)).toEqual(['S-BY-3E9', 'S-GY-2147483648', 'S-GY-3E9', 'S-GY-MAXSAFE']);
      for (const r of rejected.filter((x) => x.record_id.startsWith('S-GY')))
        expect(r.reason).toMatch(/^payload\.graduation_year: Too big/);
      expect(rejected[0]!.reason).toMatch(/^payload\.birth_year: Too big/);
    });
  });
});
