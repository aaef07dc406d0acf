import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeField } from '../../src/records/describeField.ts';
import { ALL_KINDS } from '../../src/records/recordKinds.ts';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';

/** Columns every record table has besides its payload: the envelope header and the writer's bookkeeping. */
const HEADER = { id: 'VARCHAR', version: 'BIGINT', event_time: 'TIMESTAMP WITH TIME ZONE' };
const WRITER = { ingest_batch_id: 'BIGINT', ingested_at: 'TIMESTAMP WITH TIME ZONE' };

interface ColumnRow {
  column_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
}

let store: DuckDBStore;
const columnsOf = new Map<string, Map<string, ColumnRow>>();

beforeAll(async () => {
  store = await DuckDBStore.create({ path: ':memory:' });
  for (const kind of ALL_KINDS) {
    const rows = await store.all<ColumnRow>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = 'main' AND table_name = $table ORDER BY ordinal_position`,
      { table: kind.table },
    );
    columnsOf.set(kind.table, new Map(rows.map((r) => [r.column_name, r])));
  }
});
afterAll(() => store.close());

/** The DuckDB types a field of this description may be stored in. */
function storableAs(kind: (typeof ALL_KINDS)[number], field: string): string[] {
  const d = describeField(kind.schema.shape[field] as never);
  if ((kind.dateFields as readonly string[]).includes(field)) return ['DATE'];
  switch (d.base) {
    case 'string':
    case 'enum':
      return ['VARCHAR'];
    case 'int':
      return ['INTEGER', 'BIGINT'];
    case 'number':
      return ['DOUBLE'];
    case 'boolean':
      return ['BOOLEAN'];
    case 'string_list':
      return ['VARCHAR[]'];
  }
}

describe.each(ALL_KINDS.map((k) => [k.type, k] as const))('the %s declaration and its migration', (_type, kind) => {
  it('has a table with the envelope header and the writer columns', () => {
    const columns = columnsOf.get(kind.table)!;
    expect(columns.size, `table ${kind.table} exists`).toBeGreaterThan(0);
    for (const [name, type] of Object.entries({ ...HEADER, ...WRITER })) expect(columns.get(name)?.data_type, name).toBe(type);
  });

  it('stores every payload field in a column of a fitting type, nullable exactly when the field may be missing', () => {
    const columns = columnsOf.get(kind.table)!;
    for (const field of Object.keys(kind.schema.shape)) {
      if ((kind.inputOnly as readonly string[]).includes(field)) {
        expect(columns.has(field), `${field} is replaced before storage and must not be stored`).toBe(false);
        continue;
      }
      const column = columns.get(field);
      expect(column, `${kind.table} has no column for the ${kind.type} field ${field}: it would be dropped`).toBeDefined();
      expect(storableAs(kind, field), `${kind.table}.${field}`).toContain(column!.data_type);
      const d = describeField(kind.schema.shape[field] as never);
      expect(column!.is_nullable === 'YES', `${kind.table}.${field} nullability`).toBe(d.optional || d.nullable);
    }
  });

  it('has no column that no field fills', () => {
    const fields = new Set([...Object.keys(kind.schema.shape), ...Object.keys(HEADER), ...Object.keys(WRITER)]);
    const stray = [...columnsOf.get(kind.table)!.keys()].filter((c) => !fields.has(c));
    expect(stray).toEqual([]);
  });

  it('names region and date fields that exist in its schema', () => {
    const scopeColumn = 'regionColumn' in kind.scope ? kind.scope.regionColumn : kind.scope.seekerColumn;
    for (const f of [...kind.regionFields, ...kind.dateFields, scopeColumn, kind.badLine.requiredField, kind.badLine.enumField]) {
      expect(Object.keys(kind.schema.shape), `${kind.type}.${f}`).toContain(f);
    }
    const enumValues = describeField(kind.schema.shape[kind.badLine.enumField] as never).values;
    expect(enumValues, 'badLine.enumField is an enum').not.toBeNull();
    expect(enumValues).not.toContain(kind.badLine.enumValue);
  });
});

describe('the record kinds', () => {
  it('never share a type, table, topic or file', () => {
    for (const key of ['type', 'table', 'topic', 'file'] as const) {
      const values = ALL_KINDS.map((k) => k[key]);
      expect(new Set(values).size, key).toBe(values.length);
    }
  });
});
