import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBStore } from '../../src/store/DuckDBStore.ts';

/** Runs fn against a real DuckDB file in a fresh temp directory, removed afterwards. */
export async function withDuckDB<T>(fn: (store: DuckDBStore, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'labourflow-test-'));
  const store = await DuckDBStore.create({ path: join(dir, 'test.duckdb') });
  try {
    return await fn(store, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'labourflow-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
