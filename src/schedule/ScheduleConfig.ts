import { z } from 'zod';
import { parseCron } from './cron.ts';

const CronText = z.string().refine(
  (text) => {
    try {
      parseCron(text);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid cron expression: use "minute hour day month weekday" or six fields with seconds first' },
);

export const ScheduledJob = z
  .object({
    name: z.string().regex(/^[\w.-]+$/),
    cron: CronText,
    /** The labourflow command line to run, e.g. ["match", "--incremental"]; --db/--config are added. */
    argv: z.array(z.string()).min(1),
  })
  .strict();
export type ScheduledJob = z.infer<typeof ScheduledJob>;

export const DEFAULT_JOBS: ScheduledJob[] = [
  { name: 'match-incremental', cron: '5 * * * *', argv: ['match', '--incremental'] },
  { name: 'match-full', cron: '0 2 * * *', argv: ['match', '--full'] },
  { name: 'watch-layoffs', cron: '30 6 * * 1', argv: ['watch-layoffs'] },
];

/** The "schedule" section of the config file. */
export const ScheduleConfig = z
  .object({
    jobs: z
      .array(ScheduledJob)
      .min(1)
      .default(DEFAULT_JOBS)
      .refine((jobs) => new Set(jobs.map((j) => j.name)).size === jobs.length, { message: 'job names must be unique' }),
    /** Lock file that keeps two runs (from this or another scheduler) from overlapping; default <db>.schedule.lock. */
    lockFile: z.string().nullish(),
  })
  .strict();
export type ScheduleConfig = z.infer<typeof ScheduleConfig>;
