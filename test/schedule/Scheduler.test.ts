import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../pipelines/cli/main.ts';
import { configureLogging } from '../../src/core/Logger.ts';
import { RunLock } from '../../src/schedule/RunLock.ts';
import { Scheduler } from '../../src/schedule/Scheduler.ts';
import { withStore } from '../../src/store/DuckDBStore.ts';

let dir: string;
beforeAll(async () => {
  configureLogging({ level: 'error' }); // the lock test logs a skip warning per second
  dir = await mkdtemp(join(tmpdir(), 'lf-schedule-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('RunLock', () => {
  it('is exclusive while its holder lives and taken over when the holder is gone', async () => {
    const path = join(dir, 'a.lock');
    const a = new RunLock(path);
    const b = new RunLock(path);
    expect(await a.tryAcquire('match')).toBe(true);
    expect(await b.tryAcquire('match')).toBe(false);
    await a.release();
    expect(await b.tryAcquire('match')).toBe(true);
    await b.release();
    // A pid that cannot exist: the lock is stale.
    await writeFile(path, JSON.stringify({ pid: 2 ** 22 + 12345, job: 'match' }));
    expect(await a.tryAcquire('match')).toBe(true);
    await a.release();
  });
});

describe('Scheduler', () => {
  it('runs a per-second job repeatedly, never two at a time, and stops cleanly', async () => {
    let running = 0;
    let maxConcurrent = 0;
    const calls: string[] = [];
    const job = (name: string, outcome: 'ok' | 'code' | 'throw') => ({
      name,
      cron: '* * * * * *',
      run: async () => {
        running++;
        maxConcurrent = Math.max(maxConcurrent, running);
        calls.push(name);
        await new Promise((r) => setTimeout(r, 700));
        running--;
        if (outcome === 'throw') throw new Error('job failed');
        return outcome === 'code' ? 1 : undefined;
      },
    });
    const scheduler = new Scheduler({
      jobs: [job('match', 'ok'), job('watch-layoffs', 'code'), job('report', 'throw')],
      lock: new RunLock(join(dir, 'b.lock')),
      maxRuns: 6,
    });
    const summary = await scheduler.runUntilStopped();
    expect(summary.runs).toBe(6);
    // An exit code other than 0 and a thrown error both count as failed runs.
    expect(summary.failed).toBe(4);
    expect(maxConcurrent).toBe(1);
    expect(calls).toEqual(['match', 'watch-layoffs', 'report', 'match', 'watch-layoffs', 'report']);
  });

  it('skips a run while another process holds the lock', async () => {
    const path = join(dir, 'c.lock');
    await writeFile(path, JSON.stringify({ pid: process.pid, job: 'other' }));
    const scheduler = new Scheduler({
      jobs: [{ name: 'a', cron: '* * * * * *', run: async () => 0 }],
      lock: new RunLock(path),
    });
    const done = scheduler.runUntilStopped();
    await new Promise((r) => setTimeout(r, 2500));
    scheduler.stop('test');
    const summary = await done;
    expect(summary.runs).toBe(0);
    expect(summary.skipped_locked).toBeGreaterThan(0);
  });
});

describe('labourflow schedule (child process, SIGTERM)', () => {
  it('runs match every second against a DuckDB file and exits 0 on SIGTERM after the current run', async () => {
    const db = join(dir, 'lf.duckdb');
    expect(await runCli(['match', '--full', '--db', db, '--outbox-dir', join(dir, 'outbox')])).toBe(0); // creates and migrates the file
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'pipelines/cli/main.ts',
        'schedule',
        '--db',
        db,
        '--outbox-dir',
        join(dir, 'outbox'),
        '--match-cron',
        '* * * * * *',
      ],
      {
        cwd: process.cwd(),
        env: { ...process.env, LABOURFLOW_LOG_FORMAT: 'json', LABOURFLOW_LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const finished = new Promise<void>((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if ((stderr.match(/"job_finished"/g) ?? []).length >= 2) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await Promise.race([
      finished,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no two runs within 90 s:\n${stderr}`)), 90_000)),
    ]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('"schedule_stopped"');
    expect(stdout).toMatch(/schedule stopped: \d+ runs, 0 failed/);
    const runs = await withStore({ path: db }, (s) =>
      s.all<{ status: string; started_at: string; finished_at: string }>(
        'SELECT status, CAST(started_at AS VARCHAR) AS started_at, CAST(finished_at AS VARCHAR) AS finished_at FROM match_runs ORDER BY started_at',
      ),
    );
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.started_at >= runs[i - 1]!.finished_at).toBe(true);
  }, 120_000);
});
