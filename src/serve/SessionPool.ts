import type { DuckDBConnection } from '@duckdb/node-api';
import { Logger } from '../core/Logger.ts';
import { AnalyticsSession } from '../query/AnalyticsSession.ts';
import type { StoreHost } from '../store/StoreHost.ts';

interface Pooled {
  connection: DuckDBConnection;
  session: AnalyticsSession;
}

/**
 * Reader connections with the query pack's session already built on them, kept per scope and
 * lent out through the host's read gate. Building a session (region and label tables, a view per
 * table) costs about 20 ms of the main thread, the thread that also feeds ingest; per query, that
 * was a sixth of the main thread at idle load (bench:serve). A lent session is used by one
 * caller at a time; one that failed is closed, not lent again.
 */
export class SessionPool {
  private readonly log = Logger.for('serve');
  private readonly idle = new Map<string, Pooled[]>();
  private idleCount = 0;
  private closed = false;

  constructor(
    private readonly host: StoreHost,
    private readonly options: { taxonomyDir?: string | null; maxIdle: number },
  ) {}

  /** Runs fn with a session scoped to `scope` (null: the whole store), once the read gate admits it. */
  with<T>(scope: string | null, fn: (session: AnalyticsSession) => Promise<T>): Promise<T> {
    return this.host.readGate.run(async () => {
      const key = scope ?? '*';
      const list = this.idle.get(key);
      let entry = list?.pop();
      if (entry) this.idleCount--;
      else {
        const connection = await this.host.reader();
        try {
          entry = {
            connection,
            session: await AnalyticsSession.onConnection(connection, { scope, taxonomyDir: this.options.taxonomyDir }),
          };
        } catch (error) {
          connection.closeSync();
          throw error;
        }
      }
      let result: T;
      try {
        result = await fn(entry.session);
      } catch (error) {
        entry.connection.closeSync();
        throw error;
      }
      this.release(key, entry);
      return result;
    });
  }

  private release(key: string, entry: Pooled): void {
    if (this.closed || this.idleCount >= this.options.maxIdle) {
      entry.connection.closeSync();
      return;
    }
    const list = this.idle.get(key) ?? [];
    list.push(entry);
    this.idle.set(key, list);
    this.idleCount++;
  }

  close(): void {
    this.closed = true;
    for (const list of this.idle.values()) for (const e of list) e.connection.closeSync();
    this.log.debug('session_pool_closed', { sessions: this.idleCount });
    this.idle.clear();
    this.idleCount = 0;
  }
}
