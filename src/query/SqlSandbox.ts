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
      // Key order matters: temp_directory first, so that DuckDB does not add <cwd>/.tmp/ to
      // allowed_directories when file access goes off; locked from the start, so no statement
      // (ours or the user's) can turn anything back on.
      temp_directory: '',
      enable_external_access: 'false',
      lock_configuration: 'true',
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
      // File access off from the first statement, no temp directory to read or write, locked.
      instance = await DuckDBInstance.create(db, {
        temp_directory: '',
        access_mode: 'READ_ONLY',
        enable_external_access: 'false',
        lock_configuration: 'true',
        threads: '2',
      });
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
    await refuseNonReads(this.connection, sql);
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

/** The statement's leading keywords and where the text after each ends, skipping blanks, comments and opening parentheses. */
function leadingWords(sql: string, count: number): Array<{ word: string; end: number }> {
  const words: Array<{ word: string; end: number }> = [];
  let i = 0;
  while (i < sql.length && words.length < count) {
    const c = sql[i]!;
    if (/\s|\(/.test(c)) i++;
    else if (sql.startsWith('--', i)) i = sql.includes('\n', i) ? sql.indexOf('\n', i) + 1 : sql.length;
    else if (sql.startsWith('/*', i)) i = sql.includes('*/', i + 2) ? sql.indexOf('*/', i + 2) + 2 : sql.length;
    else {
      const m = /^[A-Za-z_]+/.exec(sql.slice(i));
      if (!m) break;
      words.push({ word: m[0].toUpperCase(), end: i + m[0].length });
      i += m[0].length;
    }
  }
  return words;
}

/**
 * What the statement type alone does not show. DuckDB rewrites a PRAGMA into a SELECT before
 * it is prepared, so `PRAGMA show_tables` reports itself as a read: refused by its keyword.
 * EXPLAIN ANALYZE executes what it explains, and an EXPLAIN of an INSERT, COPY or CREATE
 * reports itself as an EXPLAIN: the explained statement is prepared on its own (nothing runs)
 * and must be a read.
 */
/** Words a read can start with; the explained statement must also prepare as a SELECT. */
const READ_KEYWORDS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'SUMMARIZE', 'DESCRIBE', 'SHOW']);

async function refuseNonReads(connection: DuckDBConnection, sql: string): Promise<void> {
  const [first, second] = leadingWords(sql, 2);
  if (first?.word === 'PRAGMA') {
    throw new ConfigError('PRAGMA statements are not allowed in read-only SQL', {
      code: 'SQL_NOT_READ_ONLY',
      hint: 'list tables with SELECT table_name FROM duckdb_tables(), columns with DESCRIBE <table>',
    });
  }
  if (first?.word !== 'EXPLAIN') return;
  let rest = sql.slice(second && /^ANALY[SZ]E$/.test(second.word) ? second.end : first.end).trimStart();
  // EXPLAIN (FORMAT json) …: the option list, which holds no statement.
  if (rest.startsWith('(') && !/^\(\s*(SELECT|WITH|FROM|VALUES|TABLE)\b/i.test(rest)) rest = rest.slice(rest.indexOf(')') + 1);
  const refuse = (): never => {
    throw new ConfigError('EXPLAIN is allowed only of a read (EXPLAIN [ANALYZE] SELECT …)', {
      code: 'SQL_NOT_READ_ONLY',
      hint: 'EXPLAIN ANALYZE runs the statement it explains; labourflow sql is read-only',
    });
  };
  const inner = leadingWords(rest, 1)[0]?.word;
  if (inner === undefined || !READ_KEYWORDS.has(inner)) refuse();
  try {
    const extracted = await connection.extractStatements(rest);
    if (extracted.count !== 1) refuse();
    const prepared = await extracted.prepare(0);
    if ((prepared.statementType as number) !== 1 /* SELECT */) refuse();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`SQL failed: ${firstLine((error as Error).message)}`, { code: 'SQL_FAILED', cause: error });
  }
}
