import { writeFile } from 'node:fs/promises';
import { SinkError } from '../core/PipelineError.ts';

/** Writes a downloaded file (Parquet, Arrow) where --out says, with the CLI's error for an unwritable path. */
export async function writeBytes(out: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFile(out, bytes);
  } catch (error) {
    throw new SinkError(`cannot write ${out}: ${(error as Error).message}`, {
      code: 'EXPORT_FAILED',
      cause: error,
      hint: 'check that the directory exists and is writable',
    });
  }
}

/** Rows in a Parquet file, read from its footer by a throwaway DuckDB (for the "N rows written" line). */
export async function parquetRowCount(path: string): Promise<number> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll('SELECT count(*) FROM read_parquet($path)', { path } as never);
    return Number(reader.getRows()[0]![0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
