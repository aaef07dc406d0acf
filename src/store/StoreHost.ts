import type { DuckDBInstance, DuckDBConnection } from '@duckdb/node-api';
import { DuckDBStore, type StoreOptions } from './DuckDBStore.ts';
import { ReadGate } from './ReadGate.ts';
import type { StoreAccess } from './StoreAccess.ts';
import { WriteLock } from './WriteLock.ts';

export interface StoreHostOptions extends Pick<StoreOptions, 'path' | 'settings'> {
  /** Readers (withReader, read) running at once; the rest wait their turn (default 4). */
  maxReaders?: number;
}

/**
 * The store of a long-running process that is the file's only writer (`labourflow serve`): one
 * DuckDB instance, one writing connection shared through a first-come lock by every writer
 * (ingest batches, match and risk runs, users' actions), and a fresh connection per reader,
 * which sees what has been committed and a consistent snapshot within its transaction. A second
 * instance on the same file in this process would read a stale and unsafe copy, so everything
 * the process does goes through this host.
 */
export class StoreHost implements StoreAccess {
  private constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    /** The shared writer: its transactions (and lone statements) take `lock`. */
    readonly writer: DuckDBStore,
    readonly lock: WriteLock,
    /** Admission of readers: withReader and read wait here; reader() does not. */
    readonly readGate: ReadGate,
  ) {}

  static async open(options: StoreHostOptions): Promise<StoreHost> {
    // create() applies the migrations and reports open failures (a lock held by another process) with a hint.
    const bootstrap = await DuckDBStore.create({ path: options.path, settings: options.settings });
    const lock = new WriteLock();
    const writer = await DuckDBStore.onInstance(bootstrap.instance, options.path, { lock });
    bootstrap.connection.closeSync();
    return new StoreHost(options.path, bootstrap.instance, writer, lock, new ReadGate(options.maxReaders ?? 4));
  }

  /** Runs fn with the writer to itself (queued behind the writes already waiting). */
  write<T>(fn: (store: DuckDBStore) => Promise<T>): Promise<T> {
    return this.writer.transaction(() => fn(this.writer));
  }

  private readonly readerSetup: ((connection: DuckDBConnection) => Promise<void>)[] = [];

  /** Runs fn on every reader connection before it is handed out (e.g. session variables the store's views read). */
  onReaderConnect(fn: (connection: DuckDBConnection) => Promise<void>): void {
    this.readerSetup.push(fn);
  }

  /** A new connection for reading, outside the read gate; close it when done (prefer withReader). */
  async reader(): Promise<DuckDBConnection> {
    const connection = await this.instance.connect();
    for (const setup of this.readerSetup) await setup(connection);
    return connection;
  }

  /** A store-shaped reader (its own connection) for code written against DuckDBStore; read with it only. */
  async readerStore(): Promise<DuckDBStore> {
    const store = await DuckDBStore.onInstance(this.instance, this.path, { readOnly: true });
    for (const setup of this.readerSetup) await setup(store.connection);
    return store;
  }

  /** Runs fn on a connection of its own once the read gate admits it. */
  withReader<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.readGate.run(async () => {
      const connection = await this.reader();
      try {
        return await fn(connection);
      } finally {
        connection.closeSync();
      }
    });
  }

  /** Runs fn on a store-shaped reader in one read transaction: everything it reads is one committed snapshot. */
  read<T>(fn: (store: DuckDBStore) => Promise<T>): Promise<T> {
    return this.readGate.run(async () => {
      const store = await this.readerStore();
      try {
        return await store.transaction(() => fn(store));
      } finally {
        await store.close();
      }
    });
  }

  /**
   * Like read, but not queued behind the analysts at the read gate: for the service's own short
   * bookkeeping reads (ingest status, metrics, where a file resumes), which must not wait for
   * a queue of long queries.
   */
  async readNow<T>(fn: (store: DuckDBStore) => Promise<T>): Promise<T> {
    const store = await this.readerStore();
    try {
      return await store.transaction(() => fn(store));
    } finally {
      await store.close();
    }
  }

  /** Waits for the writes in flight, then closes the instance (committed data is on disk). */
  async close(): Promise<void> {
    await this.lock.run(async () => undefined);
    await this.writer.close();
    this.instance.closeSync();
  }
}
