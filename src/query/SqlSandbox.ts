import { existsSync } from 'node:fs';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { Logger } from '../core/Logger.ts';
import { ConfigError, SinkError } from '../core/PipelineError.ts';
import { AnalyticsSession, collect, type QueryResult } from './AnalyticsSession.ts';

export interface SandboxOptions {
  /** GB/T 2260 code: only rows of this region subtree are copied in. */
  scope?: string | null;
  /** Directory with occupation_csco2022/, for occupation names; optional. */
  taxonomyDir?: string | null;
  threads?: number;
  memoryLimit?: string;
}

const READ_ONLY_STATEMENTS = new Set([1 /* SELECT */, 4 /* EXPLAIN */]);

/**
 * Where untrusted ad-hoc SQL runs: a private in-memory DuckDB holding copies of the rows the
 * scope allows, and nothing else. It is created with file access, extension loading and
 * community extensions off, so no statement can ever read a file or attach the store, and its
 * configuration is locked once the rows are in. The rows are read by the trusted scope rules
 * on a separate connection and handed over as data chunks, so no view of the store (or of a
 * crafted file) ever runs inside the sandbox.
 */
export class SqlSandbox {
  private readonly log = Logger.for('query');

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly scope: string | null,
  ) {}

  /**
   * Copies the scoped rows read on `reader`, a connection of the instance that owns the store
   * (the service), or of a read-only instance on the store file (the CLI). The reader's temp
   * objects stay on it: give the sandbox a connection of its own and close it afterwards.
   */
  static async fromConnection(reader: DuckDBConnection, options: SandboxOptions = {}, statement?: string): Promise<SqlSandbox> {
    const session = await AnalyticsSession.onConnection(reader, { scope: options.scope, taxonomyDir: options.taxonomyDir });
    const instance = await DuckDBInstance.create(':memory:', {
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      threads: String(options.threads ?? 2),
      ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {}),
    });
    const connection = await instance.connect();
    try {
      // Only the tables the statement names are copied: a county's rows are few, a province's are not.
      const named = statement === undefined ? null : await referencedTables(connection, statement);
      for (const table of await session.tables()) {
        if (table === 'scope_regions' || (named && !named.has(table))) continue;
        const result = await reader.run(`SELECT * FROM temp.main.${quoteIdent(table)}`);
        const columns = result.columnNames().map((name, i) => `${quoteIdent(name)} ${result.columnTypes()[i]!.toString()}`);
        await connection.run(`CREATE TABLE ${quoteIdent(table)} (${columns.join(', ')})`);
        const appender = await connection.createAppender(table);
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          appender.appendDataChunk(chunk);
        }
        appender.flushSync();
        appender.closeSync();
      }
      // After this no statement can undo the settings the instance was created with.
      await connection.run('SET lock_configuration = true');
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
    return new SqlSandbox(instance, connection, session.scope);
  }

  /** The CLI's case: reads the store file through a read-only instance that itself cannot reach other files. */
  static async fromFile(db: string, options: SandboxOptions = {}, statement?: string): Promise<SqlSandbox> {
    if (!existsSync(db)) {
      throw new ConfigError(`DuckDB file ${db} does not exist`, {
        code: 'STORE_MISSING',
        hint: 'run `labourflow ingest` (or `npm start`) first, or pass --db FILE / set LABOURFLOW_DB',
      });
    }
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY', enable_external_access: 'false', threads: '2' });
    } catch (error) {
      const message = (error as Error).message;
      const locked = /lock/i.test(message);
      throw new SinkError(`cannot open DuckDB file ${db} read-only: ${message}`, {
        code: locked ? 'STORE_LOCKED' : 'STORE_OPEN_FAILED',
        retriable: locked,
        cause: error,
        hint: locked ? 'another labourflow process is writing this file; retry when it has finished, or ask the server' : 'check --db',
      });
    }
    const reader = await instance.connect();
    try {
      return await SqlSandbox.fromConnection(reader, options, statement);
    } finally {
      reader.closeSync();
      instance.closeSync();
    }
  }

  /** Tables the statement can name. */
  async tables(): Promise<string[]> {
    const r = await this.connection.runAndReadAll('SELECT table_name FROM duckdb_tables() ORDER BY 1');
    return r.getRowsJson().map((row) => String(row[0]));
  }

  /** Runs one read-only statement (SELECT, WITH … SELECT, EXPLAIN). */
  async queryReadOnly(sql: string): Promise<QueryResult> {
    let extracted: Awaited<ReturnType<DuckDBConnection['extractStatements']>>;
    try {
      extracted = await this.connection.extractStatements(sql);
    } catch (error) {
      throw new ConfigError(`SQL does not parse: ${(error as Error).message}`, { code: 'SQL_INVALID', cause: error });
    }
    if (extracted.count !== 1) {
      throw new ConfigError(`exactly one statement is allowed, got ${extracted.count}`, {
        code: 'SQL_NOT_READ_ONLY',
        hint: 'run one SELECT at a time',
      });
    }
    let prepared: Awaited<ReturnType<typeof extracted.prepare>>;
    try {
      prepared = await extracted.prepare(0);
    } catch (error) {
      throw new ConfigError(`SQL failed: ${firstLine((error as Error).message)}`, { code: 'SQL_FAILED', cause: error });
    }
    if (!READ_ONLY_STATEMENTS.has(prepared.statementType as number)) {
      throw new ConfigError('only read-only statements (SELECT, WITH … SELECT, EXPLAIN) are allowed', {
        code: 'SQL_NOT_READ_ONLY',
        hint: 'labourflow sql is read-only; use the pipelines to change data',
      });
    }
    try {
      return await collect(await prepared.run());
    } catch (error) {
      throw new ConfigError(`SQL failed: ${firstLine((error as Error).message)}`, { code: 'SQL_FAILED', cause: error });
    } finally {
      this.log.debug('sandbox_statement_done', { scope: this.scope });
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Opens a sandbox on the store file for one statement (its tables only, when it names them), runs fn, always closes. */
export async function withSandbox<T>(
  db: string,
  options: SandboxOptions,
  statement: string | undefined,
  fn: (sandbox: SqlSandbox) => Promise<T>,
): Promise<T> {
  const sandbox = await SqlSandbox.fromFile(db, options, statement);
  try {
    return await fn(sandbox);
  } finally {
    await sandbox.close();
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!;
}

/** Table names come from the store's own catalogue, never from a user; quoting keeps odd names harmless. */
function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The tables a SELECT names, read from DuckDB's own parse of it (no binding, nothing runs), or
 * null when it cannot say (EXPLAIN, a parse error): then every allowed table is copied and
 * DuckDB reports the error when the statement runs.
 */
async function referencedTables(connection: DuckDBConnection, statement: string): Promise<Set<string> | null> {
  try {
    const reader = await connection.runAndReadAll('SELECT json_serialize_sql($sql::VARCHAR)', { sql: statement } as never);
    const tree = JSON.parse(String(reader.getRows()[0]![0])) as { error?: boolean };
    if (tree.error) return null;
    const names = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) for (const n of node) walk(n);
      else if (node && typeof node === 'object') {
        const n = node as { type?: unknown; table_name?: unknown };
        if (n.type === 'BASE_TABLE' && typeof n.table_name === 'string') names.add(n.table_name);
        for (const v of Object.values(node)) walk(v);
      }
    };
    walk(tree);
    return names;
  } catch {
    return null;
  }
}
