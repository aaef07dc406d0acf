import { DuckDBStore } from './DuckDBStore.ts';

/**
 * How a job reaches the store, so the same job runs embedded (a CLI command with the file to
 * itself) and inside `labourflow serve` (one instance shared with ingest and analysts): reads on
 * a connection that sees one committed snapshot, writes on the one writer under its lock. A job
 * that reads first and writes last holds the lock only for its write, so a long match run never
 * stops ingest for its whole duration.
 */
export interface StoreAccess {
  readonly path: string;
  /** Runs fn in one read transaction (a consistent snapshot); fn must only read. */
  read<T>(fn: (store: DuckDBStore) => Promise<T>): Promise<T>;
  /** Runs fn in one write transaction on the writer, to itself until it returns. */
  write<T>(fn: (store: DuckDBStore) => Promise<T>): Promise<T>;
}

/** The access of a process that owns its store alone (the CLI): both sides use its one connection. */
export function embeddedAccess(store: DuckDBStore): StoreAccess {
  return {
    path: store.path,
    read: (fn) => store.transaction(() => fn(store)),
    write: (fn) => store.transaction(() => fn(store)),
  };
}

/** A store handed in directly is used embedded; an access (e.g. StoreHost) as it is. */
export function asStoreAccess(store: DuckDBStore | StoreAccess): StoreAccess {
  return store instanceof DuckDBStore ? embeddedAccess(store) : store;
}
