import { PipelineError, ConfigError } from '../../src/core/PipelineError.ts';
import { Logger } from '../../src/core/Logger.ts';
import { checkEnvironment } from '../../src/config/config.ts';
import { helpText, parseCommandArgs, type CommandSpec } from './Command.ts';

/**
 * `labourflow <command>`: each command lives in pipelines/<command>.ts and is loaded only when
 * called, so `labourflow query` never pays for loading the matcher or kafkajs.
 */
/** '.ts' from source (tsx), '.js' once compiled to dist/ (scripts/build.mjs). */
// The pathname, not the URL: tsx's tsImport adds a query (?tsx-namespace=…) to every module's URL.
export const MODULE_EXTENSION = new URL(import.meta.url).pathname.endsWith('.ts') ? '.ts' : '.js';

const COMMANDS: Record<string, { summary: string }> = {
  demo: { summary: 'ingest data-samples/ into a local DuckDB file and show what the pipeline does' },
  ingest: { summary: 'ingest NDJSON envelopes from files (or --from kafka) into the store' },
  'import-postings': { summary: 'import a job-board export of postings (CSV or Excel .xlsx) through a field mapping' },
  generate: { summary: 'write deterministic synthetic postings, seekers and enterprise reports' },
  topics: { summary: 'create the Kafka topics (labourflow topics create)' },
  publish: { summary: 'publish NDJSON files to a Kafka topic' },
  match: { summary: 'score seekers against postings and push graded, tiered recommendations (match audit: fairness audit)' },
  occupations: { summary: 'code free-text job titles to the national occupational classification' },
  eval: { summary: 'evaluate matching quality on a labelled dataset (eval pjm)' },
  schedule: { summary: 'run match and watch-layoffs on cron schedules as a long-running process' },
  serve: { summary: 'run the service: sole writer of the store (Kafka or inbox ingest, scheduled runs) with an HTTP API' },
  query: { summary: "run a named query from the analysts' query pack" },
  sql: { summary: 'run read-only ad-hoc SQL (region-scoped when a scope is set)' },
  report: { summary: 'write a self-contained HTML report with charts' },
  'watch-layoffs': { summary: 'compute layoff-risk levels for a period and raise alerts' },
  'backtest-layoffs': { summary: 'measure layoff alerting against generated events with known ground truth' },
  review: { summary: 'automatic posting review: check posting texts for discriminatory requirements (review check)' },
  users: { summary: 'manage the users of labourflow serve: add, list, disable, issue API tokens' },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length)) + 2;
  return [
    'labourflow — streaming data pipeline for public employment services',
    '',
    'Usage: labourflow <command> [options]     (labourflow <command> --help for details)',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'Configuration: flags, then LABOURFLOW_* environment variables (see README).',
    '',
  ].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`labourflow: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const log = Logger.for('cli');
  try {
    // Every LABOURFLOW_* variable is validated before any command reads one (src/config/config.ts).
    checkEnvironment();
    let spec: CommandSpec;
    try {
      // A computed specifier keeps `labourflow query` from loading the matcher or kafkajs.
      spec = ((await import(new URL(`../${name}${MODULE_EXTENSION}`, import.meta.url).href)) as { default: CommandSpec }).default;
    } catch (error) {
      if (
        (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
        String(error).includes(`pipelines/${name}${MODULE_EXTENSION}`)
      ) {
        process.stderr.write(`labourflow ${name}: not available in this build\n`);
        return 2;
      }
      throw error;
    }
    const parsed = parseCommandArgs(spec, rest);
    if (parsed.values.help) {
      process.stdout.write(helpText(spec));
      return 0;
    }
    return (await spec.run(parsed)) ?? 0;
  } catch (error) {
    if (error instanceof PipelineError) {
      process.stderr.write(`labourflow ${name}: ${error.message}\n`);
      if (error.hint) process.stderr.write(`  what to do: ${error.hint}\n`);
      log.debug('command_failed', { code: error.code, retriable: error.retriable, cause: error.cause });
      return error instanceof ConfigError ? 2 : 1;
    }
    process.stderr.write(`labourflow ${name}: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('pipelines/cli/main.ts')) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`${String(error?.stack ?? error)}\n`);
      process.exitCode = 1;
    },
  );
}
