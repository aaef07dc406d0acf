import { DuckDBInstance } from '@duckdb/node-api';
import { SinkError } from '../core/PipelineError.ts';
import type { QueryResult } from './AnalyticsSession.ts';
import { sqlString } from './AnalyticsSession.ts';

/**
 * Writes a result to Parquet with DuckDB's COPY. The query session has file access switched off,
 * so the rows move (as DuckDB data chunks, types intact) into a separate throwaway instance that
 * holds nothing but the result and may write the one file.
 */
export async function writeParquet(result: QueryResult, path: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    const columns = result.columns.map((c, i) => `"c${i}" ${c.type}`).join(', ');
    await connection.run(`CREATE TABLE result (${columns})`);
    const appender = await connection.createAppender('result');
    for (const chunk of result.chunks) appender.appendDataChunk(chunk);
    appender.flushSync();
    appender.closeSync();
    // Column names are aliased back from positions so a user-chosen name never becomes SQL text unquoted.
    const select = result.columns.map((c, i) => `"c${i}" AS "${c.name.replaceAll('"', '""')}"`).join(', ');
    await connection.run(`COPY (SELECT ${select} FROM result) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`);
  } catch (error) {
    throw new SinkError(`cannot write Parquet file ${path}: ${(error as Error).message}`, {
      code: 'EXPORT_FAILED',
      cause: error,
      hint: 'check that the directory of --out exists and is writable',
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
