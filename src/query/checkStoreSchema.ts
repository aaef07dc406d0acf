import { readdir, readFile } from 'node:fs/promises';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ConfigError } from '../core/PipelineError.ts';
import { MIGRATIONS_DIR } from '../store/DuckDBStore.ts';

/** Table name → its columns as `name type`, in order. */
type TableShapes = Map<string, string[]>;

let expected: Promise<TableShapes> | null = null;

/**
 * The tables the project's migrations (sql/migrations/) create, built once per process in a
 * private in-memory DuckDB with file access off. This is the only schema a session or the
 * sandbox agrees to read.
 */
export function migrationSchema(): Promise<TableShapes> {
  expected ??= (async () => {
    const instance = await DuckDBInstance.create(':memory:', { temp_directory: '', enable_external_access: 'false', threads: '1' });
    const connection = await instance.connect();
    try {
      // The same bookkeeping table DuckDBStore.migrate creates before the migration files.
      await connection.run(
        'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
      );
      const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
      for (const file of files) await connection.run(await readFile(MIGRATIONS_DIR + file, 'utf8'));
      return await tableShapes(connection, 'memory');
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  })();
  return expected;
}

async function tableShapes(connection: DuckDBConnection, catalog: string): Promise<TableShapes> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name, list(column_name || ' ' || data_type ORDER BY column_index)
       FROM duckdb_columns() WHERE database_name = $catalog AND schema_name = 'main' AND NOT internal
       AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main')
      GROUP BY table_name`,
    { catalog } as never,
  );
  return new Map(reader.getRowsJson().map((r) => [String(r[0]), (r[1] as unknown[]).map(String)]));
}

/** Views the service itself creates over the Parquet lake (src/lake/LakeViews.ts); no session ever reads them. */
const LAKE_VIEW = /^lake_[a-z_]+$/;

/**
 * Refuses a store whose catalogue is not what the migrations create, before any of its objects
 * is read: a view or macro could run arbitrary SQL (read_csv('/etc/passwd'), read_blob of the
 * store) the moment a scope rule names it. Only catalogue functions run here (duckdb_views,
 * duckdb_functions, duckdb_columns), which never execute the objects they list.
 *
 * Rules: no view other than the lake's own (by name; those are never read either), no macro,
 * and every migration table that is present is a base table with the migrations' columns. A
 * missing one is shown as an empty stand-in; extra base tables are allowed: they cannot run SQL,
 * and a scoped session never shows them (default deny).
 */
export async function checkStoreSchema(connection: DuckDBConnection, catalog: string, source: string): Promise<void> {
  const refuse = (what: string): never => {
    throw new ConfigError(`${source} is not a labourflow store: ${what}`, {
      code: 'STORE_SCHEMA_FOREIGN',
      hint:
        'point --db (or LABOURFLOW_DB) at a store written by labourflow; a store of an older version is ' +
        'migrated by any writing command such as `labourflow ingest`',
    });
  };
  const views = await connection.runAndReadAll(
    'SELECT schema_name, view_name FROM duckdb_views() WHERE database_name = $catalog AND NOT internal AND NOT temporary ORDER BY 2',
    { catalog } as never,
  );
  for (const [schema, view] of views.getRowsJson() as string[][]) {
    if (schema !== 'main' || !LAKE_VIEW.test(view!)) refuse(`it defines a view ${schema}.${view} the migrations do not create`);
  }
  const macros = await connection.runAndReadAll(
    'SELECT DISTINCT function_name FROM duckdb_functions() WHERE database_name = $catalog AND NOT ' +
      "internal AND function_type IN ('macro', 'table_macro') ORDER BY 1",
    { catalog } as never,
  );
  const macro = macros.getRowsJson()[0];
  if (macro) refuse(`it defines a macro ${String(macro[0])}`);
  const actual = await tableShapes(connection, catalog);
  for (const [table, columns] of await migrationSchema()) {
    const found = actual.get(table);
    // A missing table is harmless (sessions show an empty stand-in); a reshaped one is not the project's.
    if (found && found.join(', ') !== columns.join(', '))
      refuse(`table ${table} has columns (${found.join(', ')}), the migrations create (${columns.join(', ')})`);
  }
}
