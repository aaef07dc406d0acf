import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreHost } from '../../src/store/StoreHost.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The service always has readers: would DuckDB still checkpoint, or would the WAL grow without
 * bound? With readers that never all rest and each holding a read transaction open for a
 * second, staggered, the WAL still returns below checkpoint_threshold again and again (DuckDB
 * 1.5 checkpoints on commit while others read). docs/serve.md keeps the measurements.
 */
describe('checkpoints of a store whose readers never rest', () => {
  let dir: string;
  let host: StoreHost;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lf-ckpt-'));
    host = await StoreHost.open({ path: join(dir, 's.duckdb'), maxReaders: 8, settings: { threads: '1', checkpoint_threshold: '4MB' } });
    await host.writer.run('CREATE TABLE t (id INTEGER, s VARCHAR)');
  });
  afterAll(async () => {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the WAL bounded while readers hold transactions across every commit', async () => {
    const wal = join(dir, 's.duckdb.wal');
    const walSize = () => (existsSync(wal) ? statSync(wal).size : 0);
    let stop = false;
    let readerTransactions = 0;
    const reader = async (i: number) => {
      await pause(i * 250);
      while (!stop) {
        await host.withReader(async (c) => {
          await c.run('BEGIN TRANSACTION');
          const until = Date.now() + 1000;
          while (Date.now() < until && !stop) {
            await c.run('SELECT count(*), max(length(s)) FROM t');
            await pause(20);
          }
          await c.run('COMMIT');
          readerTransactions++;
        });
      }
    };
    const readers = [0, 1, 2, 3].map(reader);
    await pause(100);
    const sizes: number[] = [];
    let n = 0;
    for (let b = 0; b < 120; b++) {
      await host.write(async (w) => {
        await w.run(`DELETE FROM t WHERE id % 997 = ${b} AND id < ${n}`);
        await w.run(`INSERT INTO t SELECT range + ${n}, repeat('x', 100) FROM range(10000)`);
        await w.run(`UPDATE t SET s = 'y' WHERE id = ${n}`);
      });
      n += 10_000;
      sizes.push(walSize());
    }
    stop = true;
    await Promise.all(readers);
    expect(readerTransactions).toBeGreaterThan(4);
    // 120 commits of ~1 MB of WAL each: without checkpoints the WAL would pass 100 MB.
    expect(Math.max(...sizes)).toBeLessThan(12 * 1024 * 1024);
    // It emptied again and again, not once.
    const drops = sizes.filter((s, i) => i > 0 && s < sizes[i - 1]!).length;
    expect(drops).toBeGreaterThan(5);
  });
});
