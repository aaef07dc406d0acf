import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyntheticStore } from '../../src/query/SyntheticStore.ts';

/** A small seeded store on disk (closed after creation, as the query commands open it read-only). */
export async function createFixtureStore(
  size = { postings: 6000, seekers: 3000 },
): Promise<{ dir: string; db: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'labourflow-query-'));
  const db = join(dir, 'store.duckdb');
  const store = await SyntheticStore.create(db, size);
  await store.close();
  return { dir, db, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Captures what a CLI run writes to stdout and stderr. */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ value: T; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const origOut = process.stdout.write.bind(process.stdout);
  const origErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stderr.write;
  try {
    const value = await fn();
    return { value, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = origOut;
    process.stderr.write = origErr;
  }
}
