import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, JsonDuckDBValueConverter, type DuckDBConnection, type DuckDBDataChunk, type DuckDBType } from '@duckdb/node-api';
import { shippedOccupationNames } from '../occupations/occupationNames.ts';
import { ConfigError, SinkError } from '../core/PipelineError.ts';
import { Logger } from '../core/Logger.ts';
import { parseCsvObjects } from '../occupations/parseCsv.ts';
import { checkScope } from '../config/config.ts';
import { RegionTable } from './RegionTable.ts';
import { checkStoreSchema } from './checkStoreSchema.ts';
import { createLabelTables } from './referenceLabels.ts';
import { NEVER_EXPOSED, SESSION_TABLES, TABLE_RULES } from './scopeRules.ts';

export interface SessionOptions {
  /** DuckDB file written by the pipelines; opened read-only. */
  db: string;
  /** GB/T 2260 code: only rows of this region subtree are visible. */
  scope?: string | null;
  /** Directory with occupation_csco2022/csco22_dev.csv for occupation names; optional. */
  taxonomyDir?: string | null;
  threads?: number;
  memoryLimit?: string;
}

export interface ResultColumn {
  name: string;
  type: string;
  duckdbType?: DuckDBType;
}

/** A materialised result: columns, JSON-safe rows, and the raw chunks for lossless exports. */
export interface QueryResult {
  columns: ResultColumn[];
  rows: unknown[][];
  chunks: DuckDBDataChunk[];
}

/**
 * An in-memory DuckDB in which the store appears only through what the scope allows. Every
 * table the queries name (postings, seekers, …) resolves to a TEMP view or table built from
 * ScopeRules; the store itself is attached READ_ONLY under a fixed alias.
 */
export class AnalyticsSession {
  private readonly log = Logger.for('query');

  private constructor(
    /** The private in-memory instance, or null when the session runs on a connection it was lent. */
    private readonly instance: DuckDBInstance | null,
    readonly connection: DuckDBConnection,
    readonly scope: string | null,
    /** Store tables that exist (others fall back to empty stand-ins). */
    readonly available: ReadonlySet<string>,
    /** The store's catalog name as this connection sees it (quoted when used). */
    private readonly catalog: string,
  ) {}

  static async create(options: SessionOptions): Promise<AnalyticsSession> {
    const scope = sessionScope(options.scope);
    if (options.db !== ':memory:' && !existsSync(options.db)) {
      throw new ConfigError(`DuckDB file ${options.db} does not exist`, {
        code: 'STORE_MISSING',
        hint: 'run `labourflow ingest` (or `npm start`) first, or pass --db FILE / set LABOURFLOW_DB',
      });
    }
    const instance = await DuckDBInstance.create(':memory:', {
      threads: String(options.threads ?? 2),
      ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {}),
    });
    const connection = await instance.connect();
    try {
      await connection.run(`ATTACH ${sqlString(options.db)} AS store (READ_ONLY)`);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      const message = (error as Error).message;
      throw new SinkError(`cannot open DuckDB file ${options.db} read-only: ${message}`, {
        code: /lock/i.test(message) ? 'STORE_LOCKED' : 'STORE_OPEN_FAILED',
        retriable: /lock/i.test(message),
        cause: error,
        hint: /lock/i.test(message) ? 'another labourflow process is writing this file; retry when it has finished' : 'check --db',
      });
    }
    try {
      // Before any object of the file is read: a crafted file's views would run in the copy below.
      await checkStoreSchema(connection, 'store', `DuckDB file ${options.db}`);
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
    const session = new AnalyticsSession(instance, connection, scope, await storeTables(connection, 'store'), 'store');
    await session.build(options);
    return session;
  }

  /**
   * Runs the trusted query pack (views mode) on a connection of the instance that owns the
   * store: the long-running service, where a second instance on the same file would read a
   * stale, unsafe copy. The session's temp objects live on this connection, so give each session
   * a connection of its own; `close()` leaves the connection open for its owner.
   */
  static async onConnection(
    connection: DuckDBConnection,
    options: Omit<SessionOptions, 'db' | 'threads' | 'memoryLimit'>,
  ): Promise<AnalyticsSession> {
    const scope = sessionScope(options.scope);
    const rows = (await connection.runAndReadAll('SELECT current_database()')).getRowsJson();
    const catalog = String(rows[0]![0]);
    await checkStoreSchema(connection, catalog, 'the store');
    const session = new AnalyticsSession(null, connection, scope, await storeTables(connection, catalog), catalog);
    await session.build({ db: catalog, scope, taxonomyDir: options.taxonomyDir });
    return session;
  }

  private async build(options: SessionOptions): Promise<void> {
    const c = this.connection;
    await RegionTable.create(c, 'temp');
    await this.createOccupations(options.taxonomyDir ?? null);
    await createLabelTables(c);
    await c.run('CREATE TEMP TABLE scope_regions (code VARCHAR PRIMARY KEY)');
    if (this.scope) {
      const appender = await c.createAppender('scope_regions', 'main', 'temp');
      for (const code of RegionTable.codesWithin(this.scope)) {
        appender.appendVarchar(code);
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
    }
    for (const table of this.available) {
      if (SESSION_TABLES.has(table) || NEVER_EXPOSED.has(table)) continue;
      const rule = TABLE_RULES[table];
      let body: string;
      if (this.scope) {
        if (!rule) continue; // default deny: unknown tables are invisible to a scoped user
        body = rule.scoped.replaceAll('{{store}}', quoteIdent(this.catalog));
      } else {
        body = `SELECT * FROM ${quoteIdent(this.catalog)}.main.${quoteIdent(table)}`;
      }
      await c.run(`CREATE TEMP VIEW ${quoteIdent(table)} AS ${body}`);
    }
    for (const [table, rule] of Object.entries(TABLE_RULES)) {
      if (!this.available.has(table) && rule.standIn) await c.run(`CREATE TEMP TABLE ${quoteIdent(table)} (${rule.standIn})`);
    }
    this.log.debug('session_ready', { scope: this.scope, tables: [...this.available] });
  }

  private async createOccupations(taxonomyDir: string | null): Promise<void> {
    await this.connection.run('CREATE TEMP TABLE occupations (code VARCHAR, name VARCHAR, level INTEGER)');
    const file = taxonomyDir ? join(taxonomyDir, 'occupation_csco2022', 'csco22_dev.csv') : null;
    if (!file || !existsSync(file)) {
      if (taxonomyDir) this.log.warn('occupation_names_missing', { file, effect: 'occupation names come from reference/occupations.json' });
      // Without the classification, the shipped codes and names label every occupation.
      const appender = await this.connection.createAppender('occupations', 'main', 'temp');
      for (const o of shippedOccupationNames()) {
        appender.appendVarchar(o.code);
        appender.appendVarchar(o.name);
        appender.appendInteger(o.level);
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
      return;
    }
    // Read here rather than by DuckDB's read_csv: a sandbox reader has no file access at all.
    const appender = await this.connection.createAppender('occupations', 'main', 'temp');
    for (const row of parseCsvObjects(readFileSync(file, 'utf8')).records) {
      // Group rows carry codes padded with -00 (2-02-00-00); postings use the short form (2-02).
      appender.appendVarchar(row.level === '4' ? row.code! : row.code!.replace(/(-00)+$/, ''));
      appender.appendVarchar(row.name!);
      appender.appendInteger(Number(row.level));
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
  }

  /** Tables visible in this session (store tables allowed by the scope, stand-ins, reference tables). */
  async tables(): Promise<string[]> {
    const r = await this.connection.runAndReadAll(
      "SELECT table_name FROM duckdb_tables() WHERE database_name = 'temp' UNION SELECT view_name FROM duckdb_views() WHERE database_name = 'temp' ORDER BY 1",
    );
    return r.getRowsJson().map((row) => String(row[0]));
  }

  /** Runs trusted SQL with bound parameters. */
  async query(sql: string, params: Record<string, string | number> = {}): Promise<QueryResult> {
    const result = await this.connection.run(sql, params as never);
    return collect(result);
  }

  async close(): Promise<void> {
    if (!this.instance) return;
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/**
 * null (the whole store) only when no scope was given at all; an empty or malformed one is an
 * error, so a scope that was meant can never turn into "everything" (for the server: a user's
 * region read back from the store goes through here too).
 */
export function sessionScope(scope: string | null | undefined): string | null {
  return scope === null || scope === undefined ? null : checkScope(scope, 'scope');
}

/**
 * Base tables of the store's main schema, as seen from `connection` under `catalog`. Views are
 * never exposed: a view runs its own SQL, which a session must not run on anyone's behalf.
 */
async function storeTables(connection: DuckDBConnection, catalog: string): Promise<Set<string>> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main' AND NOT temporary`,
    { catalog } as never,
  );
  return new Set(reader.getRowsJson().map((r) => String(r[0])));
}

/** Materialises a result: JSON-safe rows plus the raw chunks for lossless exports. */
export async function collect(result: Awaited<ReturnType<DuckDBConnection['run']>>): Promise<QueryResult> {
  const names = result.columnNames();
  const types = result.columnTypes();
  const chunks = await result.fetchAllChunks();
  const numeric = types.map((t) => /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT|DECIMAL)/.test(t.toString()));
  const rows: unknown[][] = [];
  for (const chunk of chunks) {
    for (const row of chunk.convertRows(JsonDuckDBValueConverter) as unknown[][]) {
      // JSON text keeps 64-bit integers and decimals as strings; counts and rates read better as numbers.
      for (let i = 0; i < row.length; i++) {
        if (numeric[i] && typeof row[i] === 'string' && Number.isSafeInteger(Math.trunc(Number(row[i])))) row[i] = Number(row[i]);
      }
      rows.push(row);
    }
  }
  return { columns: names.map((name, i) => ({ name, type: types[i]!.toString(), duckdbType: types[i]! })), rows, chunks };
}

/** A string literal: quotes doubled. Used only for the store path we were given in config. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Table names come from the store's own catalogue, never from a user; quoting keeps odd names harmless. */
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export { withSession };

async function withSession<T>(options: SessionOptions, fn: (session: AnalyticsSession) => Promise<T>): Promise<T> {
  const session = await AnalyticsSession.create(options);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
