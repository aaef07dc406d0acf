import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ConfigError } from '../core/PipelineError.ts';
import type { SchedulerJob } from '../schedule/Scheduler.ts';
import type { ScheduledJob } from '../schedule/ScheduleConfig.ts';
import type { MatchRequest, ServiceContext, WatchRequest } from './ServiceContext.ts';

/** The options a scheduled job may give, per command the service runs in-process. */
const JOB_OPTIONS = {
  match: {
    full: { type: 'boolean' },
    incremental: { type: 'boolean' },
    top: { type: 'string' },
    'as-of': { type: 'string' },
    'dry-run': { type: 'boolean' },
    scope: { type: 'string' },
  },
  'watch-layoffs': { period: { type: 'string' }, through: { type: 'string' } },
} as const satisfies Record<string, NonNullable<ParseArgsConfig['options']>>;

/**
 * Turns the "schedule" section's jobs (command lines, as `labourflow schedule` runs them) into
 * functions on the service: `match` and `watch-layoffs` run in-process on the shared store. Any
 * other command, or an option these two do not take here, is refused when the service starts,
 * not at 2 a.m.: a command run as its own process would fail on the store's lock.
 */
export function serviceJobs(jobs: readonly ScheduledJob[], service: Pick<ServiceContext, 'runMatch' | 'runWatchLayoffs'>): SchedulerJob[] {
  return jobs.map((job) => {
    const [command, ...args] = job.argv;
    const refuse = (why: string) =>
      new ConfigError(`scheduled job "${job.name}" (${job.argv.join(' ')}): ${why}`, {
        code: 'SCHEDULE_JOB_UNSUPPORTED',
        hint:
          'inside `labourflow serve` a job runs `match [--full|--incremental] [--top N] [--as-of DATE] [--dry-run] ' +
          '[--scope CODE]` or `watch-layoffs [--period YYYY-MM] [--through YYYY-MM]`; fix the "schedule" section',
      });
    if (command !== 'match' && command !== 'watch-layoffs')
      throw refuse(`serve runs only match and watch-layoffs in-process, not "${command}"`);
    let values: Record<string, string | boolean | undefined>;
    try {
      values = parseArgs({ args, options: JOB_OPTIONS[command], strict: true, allowPositionals: false }).values as Record<
        string,
        string | boolean | undefined
      >;
    } catch (error) {
      throw refuse((error as Error).message);
    }
    const describe = job.argv.join(' ');
    if (command === 'match') {
      if (values.full && values.incremental) throw refuse('--full and --incremental exclude each other');
      const top = values.top === undefined ? undefined : Number(values.top);
      if (top !== undefined && (!Number.isInteger(top) || top < 1)) throw refuse(`--top "${values.top}" is not a positive whole number`);
      const request: MatchRequest = {
        mode: values.incremental ? 'incremental' : 'full',
        ...(top ? { top } : {}),
        ...(values['as-of'] ? { asOf: String(values['as-of']) } : {}),
        ...(values['dry-run'] ? { dryRun: true } : {}),
        ...(values.scope ? { scope: String(values.scope) } : {}),
      };
      return { name: job.name, cron: job.cron, describe, run: () => service.runMatch(request) };
    }
    const request: WatchRequest = {
      ...(values.period ? { period: String(values.period) } : {}),
      ...(values.through ? { through: String(values.through) } : {}),
    };
    return { name: job.name, cron: job.cron, describe, run: () => service.runWatchLayoffs(request) };
  });
}
