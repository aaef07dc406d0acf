import { envSetting } from '../config/config.ts';
import { AsyncLocalStorage } from 'node:async_hooks';
import { readdir, readFile } from 'node:fs/promises';
import {
  type DuckDBConnection,
  DuckDBInstance,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  type DuckDBValue,
  type DuckDBValueConverter,
  type Json,
} from '@duckdb/node-api';
import { Logger } from '../core/Logger.ts';
import { SinkError } from '../core/PipelineError.ts';
import { sqlFile, sqlFolder } from './sqlFile.ts';
import type { WriteLock } from './WriteLock.ts';

export const MIGRATIONS_DIR = `${sqlFolder('migrations')}/`;

export interface StoreOptions {
  /** DuckDB file; ':memory:' for a throwaway store. */
  path: string;
  readOnly?: boolean;
  /** Apply pending migrations on open (default true unless read-only). */
  migrate?: boolean;
  /** DuckDB settings, e.g. { threads: '2', memory_limit: '1GB' }. */
  settings?: Record<string, string>;
}

/**
 * Ingestion streams through DuckDB and needs little of its buffer pool; without a cap DuckDB
 * keeps up to 80% of RAM of cached pages, which is the ingest job's RSS budget (1 GiB) many times over.
 * One DuckDB thread: the decode workers already use the other core, and a second DuckDB thread
 * only spun against them (measured: write CPU per record 53 µs with two threads, 36 µs with one).
 * Checkpoint every 128 MB of WAL instead of DuckDB's 16 MB: each checkpoint rewrites the table's
 * last, still-growing row group, so frequent ones cost more the bigger the table (commit CPU per
 * record 12.6 µs at 16 MB, 5–7 µs at 128 MB, over a 500k-record file).
 */
export const INGEST_DUCKDB_SETTINGS: Record<string, string> = {
  memory_limit: envSetting('LABOURFLOW_DUCKDB_MEMORY_LIMIT') ?? '256MB',
  threads: String(envSetting('LABOURFLOW_DUCKDB_THREADS') ?? 1),
  checkpoint_threshold: envSetting('LABOURFLOW_DUCKDB_CHECKPOINT_THRESHOLD') ?? '128MB',
};

export type SqlParams = Record<string, DuckDBValue> | DuckDBValue[];

/**
 * The one DuckDB file a job writes to. Opens the instance, applies the ordered migrations in
 * sql/migrations/ (recording the schema version), and offers small async helpers. DuckDB
 * allows one writing process per file; the lake writer is the scale-out path (README).
 */
export class DuckDBStore {
  private readonly log = Logger.for('store');
  /** Set inside this store's transaction, in the async context of the function running in it. */
  private readonly inTransactionContext = new AsyncLocalStorage<true>();

  private constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly readOnly: boolean,
    /** Set when the instance is shared (the service): transactions and lone statements take it. */
    private readonly lock: WriteLock | null = null,
    /** Whether close() closes the instance too (false for a store over a shared instance). */
    private readonly ownsInstance = true,
  ) {}

  /**
   * A store over an instance someone else owns (StoreHost): its own connection, closed by
   * close(), and, when `lock` is given, exclusive use of that connection per transaction.
   */
  static async onInstance(
    instance: DuckDBInstance,
    path: string,
    options: { lock?: WriteLock; readOnly?: boolean } = {},
  ): Promise<DuckDBStore> {
    const connection = await instance.connect();
    return new DuckDBStore(path, instance, connection, options.readOnly ?? false, options.lock ?? null, false);
  }

  static async create(options: StoreOptions): Promise<DuckDBStore> {
    const readOnly = options.readOnly ?? false;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(options.path, {
        ...(readOnly ? { access_mode: 'READ_ONLY' } : {}),
        ...options.settings,
      });
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const locked = /lock/i.test(message);
      throw new SinkError(`cannot open DuckDB file ${options.path}: ${message}`, {
        code: locked ? 'STORE_LOCKED' : 'STORE_OPEN_FAILED',
        retriable: locked,
        cause: error,
        hint: locked
          ? 'another labourflow process is writing this file; wait for it to finish or use a different --db'
          : readOnly
            ? 'check that the file exists (run `labourflow ingest` or `npm start` first) and that --db points at it'
            : 'check that the directory exists and is writable, or pass another --db FILE',
      });
    }
    const connection = await instance.connect();
    const store = new DuckDBStore(options.path, instance, connection, readOnly);
    if (options.migrate ?? !readOnly) await store.migrate();
    return store;
  }

  /** Applies every migration file whose number is above the recorded schema version, in order, each in its own transaction. */
  async migrate(): Promise<number> {
    await this.connection.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
    const applied = new Set((await this.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
    let version = Math.max(0, ...applied);
    for (const file of files) {
      const number = Number(file.slice(0, 3));
      if (applied.has(number)) continue;
      const sql = await readFile(MIGRATIONS_DIR + file, 'utf8');
      await this.transaction(async () => {
        await this.connection.run(sql);
        await this.run('INSERT INTO schema_migrations VALUES ($version, $name, now())', { version: number, name: file });
      });
      this.log.info('migration_applied', { file, db: this.path });
      version = Math.max(version, number);
    }
    return version;
  }

  async schemaVersion(): Promise<number> {
    const rows = await this.all<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    return Number(rows[0]?.v ?? 0);
  }

  /** The text of sql/NAME.sql (e.g. 'matching/insert_run'), read once: the same loader as sqlFile. */
  sql(name: string): Promise<string> {
    return sqlFile(name);
  }

  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.exclusive(() => this.connection.run(sql, params as never));
  }

  /**
   * Rows as plain objects: integers as JS numbers (BIGINT too, while within 2^53; text beyond),
   * DECIMAL as text, dates and timestamps as text, lists as arrays. JSON columns arrive as
   * text (result types carry no JSON alias here): JSON.parse them.
   */
  async all<T = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<T[]> {
    const reader = await this.exclusive(() => this.connection.runAndReadAll(sql, params as never));
    return reader.convertRowObjects(plainValueConverter) as unknown as T[];
  }

  /**
   * The same values as `all`, column by column: for wide reads (thousands of rows with long text),
   * where building one object per row costs more than the query (measured on the posting review's
   * 20,000-row chunks: 150 against 250 ms).
   */
  async columns<T extends Record<string, unknown>>(sql: string, params?: SqlParams): Promise<{ [K in keyof T]: T[K][] }> {
    const reader = await this.exclusive(() => this.connection.runAndReadAll(sql, params as never));
    return reader.convertColumnsObject(plainValueConverter) as unknown as { [K in keyof T]: T[K][] };
  }

  /** Outside a transaction, a lone statement on a shared writer waits its turn like a transaction. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.lock && !this.inTransactionContext.getStore() ? this.lock.run(fn) : fn();
  }

  /** Runs fn inside BEGIN/COMMIT, rolling back on any error. Nested calls join the outer transaction. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    // A nested call (from inside fn) joins the transaction; a call from elsewhere waits for the lock.
    if (this.inTransactionContext.getStore()) return fn();
    const run = () => this.inTransactionContext.run(true, () => this.inTransaction(fn));
    return this.lock ? this.lock.run(run) : run();
  }

  private async inTransaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await fn();
      await this.connection.run('COMMIT');
      return result;
    } catch (error) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

/** Opens a store, runs fn, always closes. */
export async function withStore<T>(options: StoreOptions, fn: (store: DuckDBStore) => Promise<T>): Promise<T> {
  const store = await DuckDBStore.create(options);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const WIDE_INTEGERS = new Set<DuckDBTypeId>([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);

/** The value conversion `all()` applies, for callers that read a result with its column types. */
export const plainValueConverter: DuckDBValueConverter<Json> = (value, type, converter) => {
  if (value === null) return null;
  if (WIDE_INTEGERS.has(type.typeId) && typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  return JsonDuckDBValueConverter(value, type, converter);
};
