import type { z } from 'zod';

/** A payload field name of schema S. */
export type FieldOf<S extends z.ZodObject> = Extract<keyof S['shape'], string>;

/**
 * Everything the pipeline needs to know about one kind of record, declared once. The envelope
 * maps, the topics, dataset file names, region-scope rules, the generator's serializer and the
 * bad-line factory are derived from these declarations, and test/records/migrations.test.ts
 * holds every migration's columns to the schema, so a field cannot be dropped on the way in.
 *
 * Every kind is keyed by the envelope `id`: one row per id in its table, the newest
 * version/event_time winning (sql/ingest/).
 *
 * Adding a record kind: its declaration (a file here, listed in recordKinds.ts), its migration
 * (sql/migrations/), and its generator (src/generate/).
 */
export interface RecordKind<T extends string = string, S extends z.ZodObject = z.ZodObject> {
  /** The envelope `type`. */
  readonly type: T;
  /** The DuckDB table, one row per envelope id; analysts' scripts query it by this name. */
  readonly table: string;
  /** Kafka topic key: records arrive on `<prefix>labourflow.<topic>`. */
  readonly topic: string;
  /** Partitions `labourflow topics create` gives the topic unless configured otherwise. */
  readonly partitions: number;
  /** The NDJSON file this kind is written to in generated datasets and in data-samples/. */
  readonly file: string;
  /** The payload schema: the single source of the shape, the rules and the error messages. */
  readonly schema: S;
  /** Payload fields accepted on the way in but replaced before storage (a raw ID number by its hash). */
  readonly inputOnly: readonly FieldOf<S>[];
  /**
   * How a region scope cuts the table: by a GB/T 2260 column of its own, or through the seeker
   * the row belongs to (a seeker belongs to the office of their residence).
   */
  readonly scope: { readonly regionColumn: FieldOf<S> } | { readonly seekerColumn: FieldOf<S> };
  /** GB/T 2260 fields, the first being the one a bad region code is planted in by the bad-line factory. */
  readonly regionFields: readonly FieldOf<S>[];
  /** Calendar-date fields (YYYY-MM-DD), the first being the one an absurd date is planted in. */
  readonly dateFields: readonly FieldOf<S>[];
  /** What the bad-line factory removes or corrupts to make realistic bad lines of this kind. */
  readonly badLine: {
    readonly requiredField: FieldOf<S>;
    /** A closed-vocabulary field and a value a real feed might send that is not in it. */
    readonly enumField: FieldOf<S>;
    readonly enumValue: string;
  };
}

/** Declares a record kind; field names are checked against the schema's shape. */
export function defineRecordKind<const T extends string, S extends z.ZodObject>(kind: RecordKind<T, S>): RecordKind<T, S> {
  return Object.freeze(kind);
}
