import type { DuckDBConnection } from '@duckdb/node-api';
import { Logger } from '../core/Logger.ts';
import { AnalyticsSession } from '../query/AnalyticsSession.ts';
import type { StoreHost } from '../store/StoreHost.ts';

/** A pooled session lent to one caller; see SessionPool.lease. */
export interface SessionLease {
  session: AnalyticsSession;
  connection: DuckDBConnection;
  release(reuse: boolean): void;
}

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
  async with<T>(scope: string | null, fn: (session: AnalyticsSession) => Promise<T>): Promise<T> {
    const lease = await this.lease(scope);
    let result: T;
    try {
      result = await fn(lease.session);
    } catch (error) {
      lease.release(false);
      throw error;
    }
    lease.release(true);
    return result;
  }

  /**
   * A session scoped to `scope` held, with its read-gate slot, until `release`: for a result
   * streamed to a client, which outlives the handler. `release(false)` closes the connection
   * (a failed or abandoned statement), `release(true)` returns it to the pool.
   */
  async lease(scope: string | null): Promise<SessionLease> {
    const leave = await this.host.readGate.enter();
    const key = scope ?? '*';
    let entry = this.idle.get(key)?.pop();
    if (entry) this.idleCount--;
    else {
      let connection: DuckDBConnection | undefined;
      try {
        connection = await this.host.reader();
        entry = {
          connection,
          session: await AnalyticsSession.onConnection(connection, { scope, taxonomyDir: this.options.taxonomyDir }),
        };
      } catch (error) {
        connection?.closeSync();
        leave();
        throw error;
      }
    }
    const held = entry;
    let released = false;
    return {
      session: held.session,
      connection: held.connection,
      release: (reuse) => {
        if (released) return;
        released = true;
        if (reuse) this.release(key, held);
        else held.connection.closeSync();
        leave();
      },
    };
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
