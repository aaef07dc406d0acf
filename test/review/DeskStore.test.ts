import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configureLogging } from '../../src/core/Logger.ts';
import { deskStore } from '../../src/review/DeskStore.ts';
import { StoreHost } from '../../src/store/StoreHost.ts';
import { tempDir } from '../helpers/withDuckDB.ts';

describe('deskStore: one shape for the embedded store, the service host and a writer/reader pair', () => {
  it('writes on the writer and reads what it committed, through each', async () => {
    configureLogging({ level: 'warn' });
    const { dir, cleanup } = tempDir();
    const host = await StoreHost.open({ path: join(dir, 'lf.duckdb') });
    const reader = await host.readerStore();
    try {
      const count = (d: ReturnType<typeof deskStore>) =>
        d.read(async (s) => Number((await s.all<{ n: number }>('SELECT count(*) AS n FROM case_events'))[0]!.n));
      const insert = (d: ReturnType<typeof deskStore>) =>
        d.write((s) =>
          s.run(
            "INSERT INTO case_events (case_id, seeker_id, kind, actor, happened_at, detail) VALUES ('c', 's', 'opened', 'system', now(), '{}')",
          ),
        );
      for (const target of [host, { writer: host.writer, reader }, deskStore(host)]) {
        const desk = deskStore(target);
        const before = await count(desk);
        await insert(desk);
        expect(await count(desk)).toBe(before + 1);
      }
      // A failing write rolls back and the readers never see it.
      await expect(
        deskStore(host).write(async (s) => {
          await s.run(
            "INSERT INTO case_events (case_id, seeker_id, kind, actor, happened_at, detail) VALUES ('c', 's', 'x', 'system', now(), '{}')",
          );
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await count(deskStore(host))).toBe(3);
    } finally {
      await reader.close();
      await host.close();
      cleanup();
    }
  });
});
