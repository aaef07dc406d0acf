import { DuckDBStore } from '../store/DuckDBStore.ts';
import { StoreHost } from '../store/StoreHost.ts';

/**
 * How the desk functions (review desk, caseworker console) reach the store, so the same function
 * runs embedded (a CLI or a test with the file to itself) and in `labourflow serve` (one instance
 * shared with ingest and match runs): reads in one transaction on a reader, writes in one
 * transaction on the one writer. The shape is the serve runtime's StoreAccess, so a host that
 * offers `read` and `write` is used as it is.
 */
export interface DeskStore {
  /** Runs fn in one read transaction (a consistent snapshot); fn must only read. */
  read<T>(fn: (store: DuckDBStore) => Promise<T>): Promise<T>;
  /** Runs fn in one write transaction on the writer, to itself until it returns. */
  write<T>(fn: (store: DuckDBStore) => Promise<T>): Promise<T>;
}

/** A writer and a reader store given separately (the reader must see what the writer committed: same instance). */
export interface StorePair {
  writer: DuckDBStore;
  reader: DuckDBStore;
}

export type DeskStoreLike = DuckDBStore | StoreHost | StorePair | DeskStore;

export function deskStore(target: DeskStoreLike): DeskStore {
  if (target instanceof DuckDBStore) {
    return { read: (fn) => target.transaction(() => fn(target)), write: (fn) => target.transaction(() => fn(target)) };
  }
  if (target instanceof StoreHost) {
    const host = target as StoreHost & Partial<Pick<DeskStore, 'read'>>;
    // A host with its own read (admission-gated) is used as it is; else a reader store per call.
    if (typeof host.read === 'function') return { read: (fn) => host.read!(fn), write: (fn) => host.write(fn) };
    return {
      read: async (fn) => {
        const reader = await host.readerStore();
        try {
          return await reader.transaction(() => fn(reader));
        } finally {
          await reader.close();
        }
      },
      write: (fn) => host.write(fn),
    };
  }
  if ('writer' in target && 'reader' in target) {
    const { writer, reader } = target;
    return { read: (fn) => reader.transaction(() => fn(reader)), write: (fn) => writer.transaction(() => fn(writer)) };
  }
  return target;
}
