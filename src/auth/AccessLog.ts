import { Logger } from '../core/Logger.ts';
import type { DuckDBStore } from '../store/DuckDBStore.ts';
import { sqlFile } from '../store/sqlFile.ts';

/** One read of seeker-level rows: who, when, what, how many rows (Personal Information Protection Law). */
export interface AccessEntry {
  at?: Date;
  user_name: string;
  role: string;
  region: string | null;
  method: string;
  endpoint: string;
  what: string;
  rows: number;
  outcome: 'ok' | 'aborted' | 'failed';
  address: string | null;
}

/** Tables whose rows are about one person: reading them, or SQL that names them, is logged. */
export const SEEKER_LEVEL_TABLES: ReadonlySet<string> = new Set([
  'seekers',
  'follow_ups',
  'outcomes',
  'recommendations',
  'caseworker_queue',
  'seeker_tiers',
]);

type Writer = <T>(fn: (store: DuckDBStore) => Promise<T>) => Promise<T>;

/**
 * The access trail in the `access_log` table. Entries are written in groups (one transaction
 * of the shared writer for everything that arrived while the previous group was committing),
 * so many concurrent readers cost one write between ingest batches, not one each. `record`
 * resolves once the entry is committed: a response is finished only after its trail is.
 */
export class AccessLog {
  private readonly log = Logger.for('auth');
  private pending: { entry: AccessEntry; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private insertSql: string | null = null;

  constructor(private readonly write: Writer) {}

  record(entry: AccessEntry): Promise<void> {
    const done = new Promise<void>((resolve, reject) =>
      this.pending.push({ entry: { ...entry, at: entry.at ?? new Date() }, resolve, reject }),
    );
    if (!this.flushing) this.flushing = this.flushLoop();
    return done;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length) {
        const group = this.pending;
        this.pending = [];
        try {
          this.insertSql ??= await sqlFile('auth/access_insert');
          const insert = this.insertSql;
          await this.write(async (store) => {
            for (const { entry } of group) {
              await store.run(insert, {
                at: entry.at!.toISOString(),
                user_name: entry.user_name,
                role: entry.role,
                region: entry.region,
                method: entry.method,
                endpoint: entry.endpoint,
                what: entry.what.slice(0, 8000),
                rows: entry.rows,
                outcome: entry.outcome,
                address: entry.address,
              });
            }
          });
          for (const p of group) p.resolve();
        } catch (error) {
          this.log.error('access_log_write_failed', { entries: group.length, error: (error as Error).message });
          for (const p of group) p.reject(error);
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}
