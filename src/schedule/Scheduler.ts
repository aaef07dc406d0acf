import { Logger } from '../core/Logger.ts';
import { nextRun, parseCron, type CronSchedule } from './Cron.ts';
import type { RunLock } from './RunLock.ts';
import type { ScheduledJob } from './ScheduleConfig.ts';

export interface SchedulerOptions {
  jobs: readonly ScheduledJob[];
  lock: RunLock;
  /** Runs one job's command line (in-process `runCli`); returns its exit code. */
  run: (argv: string[]) => Promise<number>;
  /** Stop after this many finished runs (tests, --max-runs); default unlimited. */
  maxRuns?: number;
  now?: () => Date;
}

export interface SchedulerSummary {
  runs: number;
  failed: number;
  skipped_locked: number;
}

/**
 * Fires jobs on their cron schedules, one at a time (DuckDB has one writer): a job that comes
 * due while another runs waits its turn, and a job already waiting is not queued twice. Each run
 * holds the lock file. `stop()` (SIGTERM) lets the current run finish, then returns.
 */
export class Scheduler {
  private readonly log = Logger.for('schedule');
  private readonly crons: { job: ScheduledJob; cron: CronSchedule; next: Date | null }[];
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(private readonly options: SchedulerOptions) {
    const now = this.now();
    this.crons = options.jobs.map((job) => {
      const cron = parseCron(job.cron);
      return { job, cron, next: nextRun(cron, now) };
    });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  stop(reason = 'stop requested'): void {
    if (!this.stopping) this.log.info('schedule_stopping', { reason });
    this.stopping = true;
    this.wake?.();
  }

  get stopped(): boolean {
    return this.stopping;
  }

  nextRuns(): { job: string; next: string | null }[] {
    return this.crons.map((c) => ({ job: c.job.name, next: c.next?.toISOString() ?? null }));
  }

  async runUntilStopped(): Promise<SchedulerSummary> {
    const summary: SchedulerSummary = { runs: 0, failed: 0, skipped_locked: 0 };
    const queue: ScheduledJob[] = [];
    this.log.info('schedule_started', { jobs: this.nextRuns() });
    while (!this.stopping) {
      const now = this.now();
      for (const c of this.crons) {
        if (c.next && c.next.getTime() <= now.getTime()) {
          if (!queue.includes(c.job)) queue.push(c.job);
          c.next = nextRun(c.cron, now);
        }
      }
      const job = queue.shift();
      if (job) {
        if (!(await this.options.lock.tryAcquire(job.name))) {
          summary.skipped_locked++;
          this.log.warn('job_skipped_locked', { job: job.name, lock: this.options.lock.path, holder: await this.options.lock.holder() });
          continue;
        }
        const started = performance.now();
        this.log.info('job_started', { job: job.name, argv: job.argv });
        let code = 1;
        try {
          code = await this.options.run(job.argv);
        } catch (error) {
          this.log.error('job_crashed', { job: job.name, error: error as Error });
        } finally {
          await this.options.lock.release();
        }
        summary.runs++;
        if (code !== 0) summary.failed++;
        this.log.info('job_finished', {
          job: job.name,
          exit_code: code,
          seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
        });
        if (this.options.maxRuns !== undefined && summary.runs >= this.options.maxRuns) this.stop('max runs reached');
        continue;
      }
      const due = this.crons.map((c) => c.next?.getTime() ?? Number.POSITIVE_INFINITY);
      const wait = Math.max(0, Math.min(...due) - this.now().getTime());
      if (!Number.isFinite(wait)) {
        this.log.warn('schedule_nothing_due', {});
        break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(wait, 60_000));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
    this.log.info('schedule_stopped', { ...summary });
    return summary;
  }
}
