import { DB_OPTION, defineCommand } from './cli/Command.ts';
import { runCli } from './cli/main.ts';
import { loadCoreConfig, loadSection } from '../src/config/config.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { parseCron } from '../src/schedule/cron.ts';
import { RunLock } from '../src/schedule/RunLock.ts';
import { ScheduleConfig, type ScheduledJob } from '../src/schedule/ScheduleConfig.ts';
import { Scheduler } from '../src/schedule/Scheduler.ts';

export default defineCommand({
  name: 'schedule',
  summary: 'run match and watch-layoffs on cron schedules as a long-running process (stop with SIGTERM or Ctrl-C)',
  details: [
    'Jobs come from the "schedule" section of --config (default: match --incremental at minute 5 of every',
    'hour, match --full at 02:00, watch-layoffs at 06:30 on Mondays). Cron: "min hour day month weekday",',
    'or six fields with seconds first. Runs never overlap: one at a time, holding <db>.schedule.lock.',
    'Examples:',
    '  labourflow schedule --db lf.duckdb --config labourflow.json',
    '  labourflow schedule --match-cron "*/30 * * * * *" --max-runs 3',
  ].join('\n'),
  options: {
    ...DB_OPTION,
    config: { type: 'string', description: 'JSON config file with a "schedule" section (default: $LABOURFLOW_CONFIG)', valueName: 'FILE' },
    'outbox-dir': { type: 'string', description: 'passed to the jobs (default: $LABOURFLOW_OUTBOX_DIR or ./outbox)', valueName: 'DIR' },
    'match-cron': { type: 'string', description: 'replace the jobs by one `match --incremental` job on this schedule', valueName: 'EXPR' },
    'layoffs-cron': { type: 'string', description: 'with --match-cron: also run `watch-layoffs` on this schedule', valueName: 'EXPR' },
    'max-runs': { type: 'string', description: 'exit after this many runs (default: run until stopped)', valueName: 'N' },
  },
  async run({ values }) {
    const core = loadCoreConfig({ db: values.db, configFile: values.config, outboxDir: values['outbox-dir'] });
    const section = loadSection(core, 'schedule', ScheduleConfig);
    let jobs: ScheduledJob[] = section.jobs;
    if (values['match-cron']) {
      parseCron(values['match-cron']);
      jobs = [{ name: 'match-incremental', cron: values['match-cron'], argv: ['match', '--incremental'] }];
      if (values['layoffs-cron']) {
        parseCron(values['layoffs-cron']);
        jobs.push({ name: 'watch-layoffs', cron: values['layoffs-cron'], argv: ['watch-layoffs'] });
      }
    } else if (values['layoffs-cron']) {
      throw new ConfigError('--layoffs-cron needs --match-cron', { hint: 'or put both jobs in the "schedule" section of the config file' });
    }
    const maxRuns = values['max-runs'] === undefined ? undefined : Number(values['max-runs']);
    if (maxRuns !== undefined && (!Number.isInteger(maxRuns) || maxRuns < 1))
      throw new ConfigError(`--max-runs "${values['max-runs']}" is not a positive whole number`);
    const withCommon = (argv: string[]) => {
      const out = [...argv];
      if (!out.includes('--db')) out.push('--db', core.db);
      if (core.configFile && !out.includes('--config')) out.push('--config', core.configFile);
      if (values['outbox-dir'] && !out.includes('--outbox-dir')) out.push('--outbox-dir', values['outbox-dir']);
      return out;
    };
    const scheduler = new Scheduler({
      jobs: jobs.map((job) => ({ name: job.name, cron: job.cron, describe: job.argv.join(' '), run: () => runCli(withCommon(job.argv)) })),
      lock: new RunLock(section.lockFile ?? `${core.db}.schedule.lock`),
      maxRuns,
    });
    const onSignal = (signal: NodeJS.Signals) => scheduler.stop(signal);
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    try {
      const summary = await scheduler.runUntilStopped();
      process.stdout.write(
        `schedule stopped: ${summary.runs} runs, ${summary.failed} failed, ${summary.skipped_locked} skipped (locked)\n`,
      );
      return 0;
    } finally {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
  },
});
