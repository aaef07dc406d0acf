import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posting } from '../helpers/envelopes.ts';
import { exited, readStore, seededDelays, serveUrl, spawnServe, waitForEvents, waitForOutput } from './serveProcess.ts';

const SAMPLES = fileURLToPath(new URL('../../data-samples/', import.meta.url));
const LINES = 60_000;
const BAD_EVERY = 50;
/** This office trusts its inbox: clean postings are approved at ingest, so the match runs have something to match. */
const TRUST_ALL = { trustedSources: [{ ingest: '*' }] };

/**
 * `labourflow serve` as a real process on loopback, with the inbox as its ingest: killed with
 * SIGKILL at random moments and at named points of a match run, stopped with SIGTERM mid-file,
 * restarted; the store must hold every record once and every run whole or not at all.
 */
describe('labourflow serve (child process, inbox ingest)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lf-serve-proc-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`ingests a ${LINES.toLocaleString('en-US')}-line file exactly once across random ` +
    `SIGKILLs, and SIGTERM commits the batch in flight and exits 0`, async () => {
    const db = join(dir, 'inbox-crash.duckdb');
    const inbox = join(dir, 'inbox-crash');
    mkdirSync(inbox);
    const config = join(dir, 'inbox-crash.json');
    writeFileSync(config, JSON.stringify({ inbox: { batchSize: 1000, settleMs: 200, pollMs: 100 }, service: { scheduler: false } }));
    const lines: string[] = [];
    for (let i = 1; i <= LINES; i++) {
      lines.push(i % BAD_EVERY === 0 ? `{"type":"posting","id":"cut-${i}",` : JSON.stringify(posting(`K-${i}`)));
    }
    writeFileSync(join(inbox, 'postings.ndjson'), `${lines.join('\n')}\n`);
    const bad = Math.floor(LINES / BAD_EVERY);
    const args = ['--db', db, '--inbox', inbox, '--config', config];

    // Each kill lands after a seeded number of committed batches (1–6 of the 60) plus a seeded
    // delay, so it interrupts the file however fast the machine ingests.
    const batches = seededDelays(20261204, 1, 6);
    const delays = seededDelays(1205, 0, 150);
    const kills: number[] = [];
    for (let k = 0; k < 5; k++) {
      const child = spawnServe(args, { LABOURFLOW_LOG_LEVEL: 'debug' });
      await waitForEvents(child, 'inbox_batch_committed', batches.next().value!);
      const delay = delays.next().value!;
      await new Promise((r) => setTimeout(r, delay));
      if (child.exitCode !== null) break;
      child.kill('SIGKILL');
      expect((await exited(child)).signal).toBe('SIGKILL');
      kills.push(delay);
    }
    const progress = await readStore(db, async (s) =>
      Number((await s.all<{ n: number }>('SELECT coalesce(sum(read), 0)::INTEGER AS n FROM ingest_batches'))[0]!.n),
    );
    expect(kills).toHaveLength(5);
    expect(progress, 'the kills came too late to interrupt the file').toBeLessThan(LINES);

    // SIGTERM while the file is being ingested: the batch in flight commits, the process exits 0.
    const stopped = spawnServe(args, { LABOURFLOW_LOG_LEVEL: 'debug' });
    await waitForOutput(stopped, /"serve_ready"/);
    await waitForEvents(stopped, 'inbox_batch_committed', 1);
    stopped.kill('SIGTERM');
    const result = await exited(stopped);
    expect(result, stopped.output().slice(-3000)).toEqual({ code: 0, signal: null });
    expect(stopped.output()).toContain('"service_stopped"');
    await readStore(db, async (s) => {
      const [b] = await s.all<{ read: number; stored: number; rejected: number }>(
        'SELECT coalesce(sum(read), 0)::INTEGER AS read, coalesce(sum(stored), 0)::INTEGER AS stored, ' +
          'coalesce(sum(rejected), 0)::INTEGER AS rejected FROM ingest_batches',
      );
      // Whatever was committed is whole: every line counted is stored or dead-lettered, once.
      expect(Number((await s.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM postings'))[0]!.n)).toBe(b!.stored);
      expect(Number((await s.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM rejected'))[0]!.n)).toBe(b!.rejected);
      expect(b!.read).toBe(b!.stored + b!.rejected);
    });

    const final = spawnServe(args);
    await waitForOutput(final, /"inbox_file_done"/, 120_000);
    final.kill('SIGTERM');
    expect((await exited(final)).code).toBe(0);
    expect(readdirSync(join(inbox, 'done'))).toHaveLength(1);
    expect(readdirSync(join(inbox, 'processing'))).toEqual([]);
    await readStore(db, async (s) => {
      const one = async (sql: string) => (await s.all<Record<string, number>>(sql))[0]!;
      expect(await one('SELECT count(*)::INTEGER AS n, count(DISTINCT id)::INTEGER AS ids FROM postings')).toEqual({
        n: LINES - bad,
        ids: LINES - bad,
      });
      expect(await one('SELECT count(*)::INTEGER AS n, count(DISTINCT position)::INTEGER AS positions FROM rejected')).toEqual({
        n: bad,
        positions: bad,
      });
      // Each line was counted in exactly one committed batch: nothing re-read after a crash was counted again.
      expect(
        await one(
          'SELECT sum(read)::INTEGER AS read, sum(stored)::INTEGER AS stored, sum(stale)::INTEGER AS ' +
            'stale, sum(rejected)::INTEGER AS rejected FROM ingest_batches',
        ),
      ).toEqual({ read: LINES, stored: LINES - bad, stale: 0, rejected: bad });
    });
    console.info(JSON.stringify({ test: 'serve-inbox-kill', lines: LINES, kills_ms: kills, committed_before_sigterm: progress }));
  }, 300_000);

  it('settles a match run killed after its results committed (pushes sent again) or before (failed), and answers /health and /metrics', async () => {
    const db = join(dir, 'match-crash.duckdb');
    const inbox = join(dir, 'match-inbox');
    const outbox = join(dir, 'match-outbox');
    mkdirSync(inbox);
    for (const f of ['postings.ndjson', 'seekers.ndjson', 'enterprise_reports.ndjson', 'follow_ups.ndjson', 'outcomes.ndjson'])
      copyFileSync(join(SAMPLES, f), join(inbox, f));
    const asOf = readFileSync(join(SAMPLES, 'postings.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).payload.posted_date as string)
      .sort()
      .pop()!;
    const withJobs = join(dir, 'match-jobs.json');
    writeFileSync(
      withJobs,
      JSON.stringify({
        inbox: { settleMs: 100, pollMs: 100 },
        review: TRUST_ALL,
        schedule: { jobs: [{ name: 'match', cron: '* * * * * *', argv: ['match', '--full', '--as-of', asOf] }] },
      }),
    );
    const noJobs = join(dir, 'match-nojobs.json');
    writeFileSync(noJobs, JSON.stringify({ inbox: { settleMs: 100, pollMs: 100 }, review: TRUST_ALL, service: { scheduler: false } }));
    const args = (config: string) => ['--db', db, '--inbox', inbox, '--outbox-dir', outbox, '--config', config];

    // 1. Ingest the samples; check the service answers while it works.
    const loader = spawnServe(args(noJobs));
    const url = await serveUrl(loader);
    await waitForOutput(loader, /"serve_ready"/);
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok' });
    for (let i = 0; i < 200 && readdirSync(join(inbox, 'done')).length < 5; i++) await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(join(inbox, 'done'))).toHaveLength(5);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/labourflow_ingest_records_total\{source="inbox",outcome="stored"\} \d+/);
    expect(metrics).toMatch(/labourflow_inbox_files_total\{outcome="done"\} 5/);
    loader.kill('SIGTERM');
    expect((await exited(loader)).code).toBe(0);

    // 2. Killed after the results commit, before the push.
    const afterWrite = spawnServe(args(withJobs), { LABOURFLOW_FAULT: 'match.after-write-results:1' });
    expect((await exited(afterWrite)).signal).toBe('SIGKILL');
    const interrupted = await readStore(db, (s) =>
      s.all<{ run_id: string; status: string; recs: number }>(
        'SELECT run_id, status, (SELECT count(*) FROM recommendations c WHERE c.run_id = r.run_id)::INTEGER AS recs FROM match_runs r',
      ),
    );
    expect(interrupted).toHaveLength(1);
    expect(interrupted[0]!.status).toBe('running');
    expect(interrupted[0]!.recs).toBeGreaterThan(0);
    const runA = interrupted[0]!.run_id;
    expect(existsSync(join(outbox, 'recommendations', `${runA}.ndjson`))).toBe(false);

    // 3. Killed after the run started, before its results: the next run first settles run A.
    const afterStart = spawnServe(args(withJobs), { LABOURFLOW_FAULT: 'match.after-start:1' });
    expect((await exited(afterStart)).signal).toBe('SIGKILL');

    // 4. Random kills while runs repeat every second.
    const delays = seededDelays(7, 500, 2500);
    for (let k = 0; k < 3; k++) {
      const child = spawnServe(args(withJobs));
      await waitForOutput(child, /"job_started"/);
      await new Promise((r) => setTimeout(r, delays.next().value!));
      child.kill('SIGKILL');
      await exited(child);
    }

    // 5. A clean run settles what is left; SIGTERM lets the running job finish and exits 0.
    const clean = spawnServe(args(withJobs));
    await waitForOutput(clean, /"match_done"/, 120_000);
    clean.kill('SIGTERM');
    const result = await exited(clean);
    expect(result, clean.output().slice(-3000)).toEqual({ code: 0, signal: null });

    await readStore(db, async (s) => {
      const runs = await s.all<{
        run_id: string;
        status: string;
        error: string | null;
        recommendations: number | null;
        pushed: number | null;
        recs: number;
      }>(
        `SELECT run_id, status, error, recommendations::INTEGER AS recommendations, pushed::INTEGER AS pushed,
                (SELECT count(*) FROM recommendations c WHERE c.run_id = r.run_id)::INTEGER AS recs
         FROM match_runs r ORDER BY started_at`,
      );
      expect(runs.filter((r) => r.status === 'running')).toEqual([]);
      const a = runs.find((r) => r.run_id === runA)!;
      expect(a.status).toBe('succeeded');
      expect(a.error).toContain('pushes sent again');
      const resent = readFileSync(join(outbox, 'recommendations', `${runA}-resend.ndjson`), 'utf8')
        .trim()
        .split('\n');
      const pushedRows = Number(
        (await s.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM recommendations WHERE run_id = '${runA}' AND pushed`))[0]!.n,
      );
      expect(resent).toHaveLength(pushedRows);
      expect(a.pushed).toBe(pushedRows);
      expect(JSON.parse(resent[0]!).value).toMatchObject({ run_id: runA, posting: { title: expect.any(String) } });
      // A failed run left nothing behind; a run that finished normally holds exactly what it counted.
      for (const r of runs) {
        if (r.status === 'failed') expect(r.recs).toBe(0);
        if (r.status === 'succeeded' && !r.error) expect(r.recs).toBe(r.recommendations);
      }
      expect(runs.some((r) => r.status === 'failed' && r.error?.startsWith('interrupted'))).toBe(true);
      // Records were never touched by the kills.
      expect(Number((await s.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM postings'))[0]!.n)).toBe(900);
    });
  }, 300_000);
});
