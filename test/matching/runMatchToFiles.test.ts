import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCoreConfig } from '../../src/config/config.ts';
import { ingestFiles } from '../../src/ingest/ingestFiles.ts';
import { defaultMatchingConfig } from '../../src/matching/MatchingConfig.ts';
import { runMatchJob } from '../../src/matching/runMatchJob.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';
import { StoreHost } from '../../src/store/StoreHost.ts';
import { posting } from '../helpers/envelopes.ts';

const SAMPLES = fileURLToPath(new URL('../../data-samples', import.meta.url));

/**
 * The service computes a match run on a worker that writes NDJSON for DuckDB to load; the CLI
 * appends on its own thread. Both must store and push exactly the same thing.
 */
describe('match run off the main thread (the service) against the embedded run (the CLI)', () => {
  let dir: string;
  let asOf: Date;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lf-match-off-'));
    const last = readFileSync(join(SAMPLES, 'postings.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).payload.posted_date as string)
      .sort()
      .pop()!;
    asOf = new Date(`${last}T12:00:00Z`);
    // A posting with requirements the law forbids: held at review (a block finding is never approved
    // automatically), so neither run matches it.
    const biased = posting('P-biased', {
      title: '数控车工（限男性，35岁以下）',
      description: '要求本地户口',
      posted_date: last,
      expiry_date: null,
    });
    writeFileSync(join(dir, 'biased.ndjson'), `${JSON.stringify({ ...biased, event_time: `${last}T08:00:00+08:00` })}\n`);
    const files = ['postings', 'seekers', 'outcomes', 'follow_ups'].map((f) => join(SAMPLES, `${f}.ndjson`));
    await withStore({ path: join(dir, 'here.duckdb') }, (store) =>
      // A trusted feed: its clean postings are approved at ingest (only approved postings are matched).
      ingestFiles({ store, from: [...files, join(dir, 'biased.ndjson')], progress: false, review: { trustedSources: [{ ingest: '*' }] } }),
    );
    copyFileSync(join(dir, 'here.duckdb'), join(dir, 'off.duckdb'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores the same recommendations, tiers, queue and flags, and pushes the same messages', async () => {
    const config = defaultMatchingConfig();
    const core = (name: string) => loadCoreConfig({ db: join(dir, `${name}.duckdb`), outboxDir: join(dir, `${name}-outbox`) }, {});
    const here = await runMatchJob({ core: core('here'), config, mode: 'full', now: asOf });
    const host = await StoreHost.open({ path: join(dir, 'off.duckdb') });
    let off: Awaited<ReturnType<typeof runMatchJob>>;
    try {
      off = await runMatchJob({ core: core('off'), config, mode: 'full', now: asOf, store: host, offThread: true });
    } finally {
      await host.close();
    }
    expect({ ...off.stats, phase_ms: null }).toEqual({ ...here.stats, phase_ms: null });
    expect(here.stats.recommendations).toBeGreaterThan(100);
    expect(here.stats.postings_flagged).toBe(0);
    expect(off.pushed).toBe(here.pushed);
    expect(off.pushed).toBeGreaterThan(0);

    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    try {
      await c.run(`ATTACH '${join(dir, 'here.duckdb')}' AS here (READ_ONLY)`);
      await c.run(`ATTACH '${join(dir, 'off.duckdb')}' AS off (READ_ONLY)`);
      const one = (sql: string) => c.runAndReadAll(sql).then((r) => r.getRows()[0]?.[0]);
      for (const db of ['here', 'off']) {
        expect(await one(`SELECT state FROM ${db}.posting_reviews WHERE posting_id = 'P-biased'`)).toBe('pending');
        expect(Number(await one(`SELECT count(*) FROM ${db}.recommendations WHERE posting_id = 'P-biased'`))).toBe(0);
      }
      for (const [table, exclude] of [
        ['recommendations', 'run_id'],
        ['seeker_tiers', 'run_id'],
        ['caseworker_queue', 'run_id'],
        ['posting_flags', 'run_id, detected_at'],
      ] as const) {
        const rows = (sql: string) => c.runAndReadAll(sql).then((r) => Number(r.getRows()[0]![0]));
        const q = (a: string, b: string) =>
          `SELECT count(*) FROM (SELECT * EXCLUDE (${exclude}) FROM ${a}.${table} EXCEPT ALL SELECT * EXCLUDE (${exclude}) FROM ${b}.${table})`;
        expect({ table, diff: (await rows(q('here', 'off'))) + (await rows(q('off', 'here'))) }).toEqual({ table, diff: 0 });
        expect(await rows(`SELECT count(*) FROM off.${table}`)).toBe(await rows(`SELECT count(*) FROM here.${table}`));
      }
    } finally {
      c.closeSync();
      instance.closeSync();
    }
    const messages = (name: string) =>
      readdirSync(join(dir, `${name}-outbox`, 'recommendations'))
        .flatMap((f) =>
          readFileSync(join(dir, `${name}-outbox`, 'recommendations', f), 'utf8')
            .trim()
            .split('\n'),
        )
        .map((l) => {
          const { value, ...rest } = JSON.parse(l);
          return JSON.stringify({ ...rest, value: { ...value, run_id: null } });
        })
        .sort();
    expect(messages('off')).toEqual(messages('here'));
  });
});
