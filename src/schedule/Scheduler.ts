import { Logger } from '../core/Logger.ts';
import { nextRun, parseCron, type CronSchedule } from './cron.ts';
import type { RunLock } from './RunLock.ts';

/** A job the scheduler fires: a function, so it runs wherever the scheduler lives (a CLI process, or the service on its shared store). */
export interface SchedulerJob {
  name: string;
  cron: string;
  /** Shown in the logs, e.g. the command line it stands for. */
  describe?: string;
  /** Resolves to an exit code (0 = success; anything not a number counts as 0); a throw is a failed run. */
  run: () => Promise<unknown>;
}

export interface SchedulerOptions {
  jobs: readonly SchedulerJob[];
  /** A lock file shared with other schedulers on the same store (standalone `labourflow schedule`); none inside the service. */
  lock?: RunLock;
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
 * Fires jobs on their cron schedules, one at a time: a job that comes due while another runs
 * waits its turn, and a job already waiting is not queued twice. With a lock file each run holds
 * it. `stop()` (SIGTERM) lets the current run finish, then returns.
 */
export class Scheduler {
  private readonly log = Logger.for('schedule');
  private readonly crons: { job: SchedulerJob; cron: CronSchedule; next: Date | null }[];
  private current: string | null = null;
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

  /** The job running now, if any. */
  get running(): string | null {
    return this.current;
  }

  nextRuns(): { job: string; next: string | null }[] {
    return this.crons.map((c) => ({ job: c.job.name, next: c.next?.toISOString() ?? null }));
  }

  async runUntilStopped(): Promise<SchedulerSummary> {
    const summary: SchedulerSummary = { runs: 0, failed: 0, skipped_locked: 0 };
    const queue: SchedulerJob[] = [];
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
        const lock = this.options.lock;
        if (lock && !(await lock.tryAcquire(job.name))) {
          summary.skipped_locked++;
          this.log.warn('job_skipped_locked', { job: job.name, lock: lock.path, holder: await lock.holder() });
          continue;
        }
        const started = performance.now();
        this.log.info('job_started', { job: job.name, run: job.describe ?? job.name });
        this.current = job.name;
        let code = 1;
        try {
          const result = await job.run();
          code = typeof result === 'number' ? result : 0;
        } catch (error) {
          this.log.error('job_crashed', { job: job.name, error: error as Error });
        } finally {
          this.current = null;
          await lock?.release();
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
