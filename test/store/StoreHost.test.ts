import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreHost } from '../../src/store/StoreHost.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('StoreHost: one instance, one shared writer, readers beside it', () => {
  let dir: string;
  let host: StoreHost;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lf-host-'));
    host = await StoreHost.open({ path: join(dir, 'store.duckdb') });
    await host.writer.run('CREATE TABLE t (writer VARCHAR, seq INTEGER)');
  });
  afterAll(async () => {
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serialises writers: a transaction never sees another writer inside it, and none fails on a lock', async () => {
    const writer = (name: string) =>
      host.write(async (store) => {
        for (let i = 0; i < 5; i++) {
          await store.run('INSERT INTO t VALUES ($w, $i)', { w: name, i });
          await pause(2);
        }
        // Inside the transaction only this writer's rows are new.
        return store.all<{ writer: string }>('SELECT DISTINCT writer FROM t ORDER BY 1');
      });
    const results = await Promise.all([writer('a'), writer('b'), host.writer.run("INSERT INTO t VALUES ('lone', 0)"), writer('c')]);
    const rows = await host.writer.all<{ writer: string; n: number }>('SELECT writer, count(*)::INTEGER AS n FROM t GROUP BY 1 ORDER BY 1');
    expect(rows).toEqual([
      { writer: 'a', n: 5 },
      { writer: 'b', n: 5 },
      { writer: 'c', n: 5 },
      { writer: 'lone', n: 1 },
    ]);
    // Each writer ran alone, in arrival order: a saw only a; b saw a and b; c saw everything before it.
    expect(results[0]).toEqual([{ writer: 'a' }]);
    expect(results[1]).toEqual([{ writer: 'a' }, { writer: 'b' }]);
    expect((results[3] as { writer: string }[]).map((r) => r.writer)).toEqual(['a', 'b', 'c', 'lone']);
  });

  it('readers see committed rows only, while a write is in progress', async () => {
    const before = Number((await host.withReader((c) => c.runAndReadAll('SELECT count(*) FROM t'))).getRows()[0]![0]);
    let inside!: () => void;
    const held = new Promise<void>((r) => (inside = r));
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    const write = host.write(async (store) => {
      await store.run("INSERT INTO t VALUES ('pending', 1)");
      inside();
      await done;
    });
    await held;
    const during = Number((await host.withReader((c) => c.runAndReadAll('SELECT count(*) FROM t'))).getRows()[0]![0]);
    expect(during).toBe(before);
    finish();
    await write;
    const after = Number((await host.withReader((c) => c.runAndReadAll('SELECT count(*) FROM t'))).getRows()[0]![0]);
    expect(after).toBe(before + 1);
  });

  it('rolls back a failed write and keeps serving the next one', async () => {
    await expect(
      host.write(async (store) => {
        await store.run("INSERT INTO t VALUES ('doomed', 1)");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await host.write((store) => store.run("INSERT INTO t VALUES ('next', 1)"));
    const rows = await host.writer.all<{ writer: string }>("SELECT writer FROM t WHERE writer IN ('doomed', 'next')");
    expect(rows).toEqual([{ writer: 'next' }]);
  });
});
