import { readFile, writeFile } from 'node:fs/promises';
import { DB_OPTION, defineCommand } from './cli/Command.ts';
import { loadCoreConfig } from '../src/config/config.ts';
import { sweepUnreviewedPostings } from '../src/review/automaticReview.ts';
import { loadReviewConfig } from '../src/review/ReviewConfig.ts';
import { withStore } from '../src/store/DuckDBStore.ts';
import { Logger } from '../src/core/Logger.ts';
import { ConfigError, SinkError, SourceError } from '../src/core/PipelineError.ts';
import { reviewLinesCsv } from '../src/review/reviewLinesCsv.ts';

export default defineCommand({
  name: 'review',
  summary: "automatic posting review (before publication, 001 §2): reviewers' spot checks and evaluation",
  positionals: 'check|sweep',
  details: [
    'Subcommands:',
    '  check   run the automatic text review (the discrimination detector: gender, marital status, ethnicity, religion,',
    '          hukou/origin, health, disability, age) on one posting text per line of --in, and write CSV',
    '          line,flagged,categories (line from 1, flagged true|false, categories ;-separated) to --out or stdout',
    '  sweep   give every stored posting version without a review its automatic review (ingest and import do it after',
    "          each commit; the sweep catches a crash in between), approving trusted sources' clean postings",
    '          ("review" section of --config: trustedSources)',
    'Examples:',
    '  labourflow review check --in postings.txt',
    '  labourflow review sweep --db pes.duckdb --config labourflow.json',
    '  labourflow review check --in postings.txt --out review.csv',
  ].join('\n'),
  options: {
    ...DB_OPTION,
    config: {
      type: 'string',
      description: 'sweep: JSON config file with a "review" section (default: $LABOURFLOW_CONFIG)',
      valueName: 'FILE',
    },
    in: { type: 'string', description: 'check: posting texts, one per line (UTF-8)', valueName: 'FILE' },
    out: { type: 'string', description: 'check: CSV output file (default: stdout)', valueName: 'FILE' },
  },
  async run({ values, positionals }) {
    const sub = positionals[0];
    if (positionals.length !== 1 || (sub !== 'check' && sub !== 'sweep')) {
      throw new ConfigError(
        positionals.length === 0
          ? 'expected a subcommand: check or sweep'
          : `unknown subcommand "${positionals.join(' ')}" (expected: check or sweep)`,
        { code: 'CLI_ARGS_INVALID', hint: 'run `labourflow review check --in FILE`, or `labourflow review --help`' },
      );
    }
    if (sub === 'sweep') {
      const core = loadCoreConfig({ db: values.db, configFile: values.config });
      const config = loadReviewConfig(core);
      const result = await withStore({ path: core.db }, (store) => sweepUnreviewedPostings(store, config));
      process.stdout.write(
        `review sweep: ${result.reviewed} posting version(s) reviewed, ${result.autoApproved} approved automatically ` +
          `(trusted source), ${result.blocking} with a blocking finding (${(result.ms / 1000).toFixed(1)} s)\n`,
      );
      return 0;
    }
    if (!values.in) {
      throw new ConfigError('review check needs --in FILE', {
        code: 'CLI_ARGS_INVALID',
        hint: 'pass --in with a text file, one posting text per line',
      });
    }
    let input: string;
    try {
      input = await readFile(values.in, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A path that is not there is the operator's to fix (exit 2); anything else is a read failure.
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
        throw new ConfigError(`cannot read --in ${values.in}: ${code === 'ENOENT' ? 'no such file' : 'not a file'}`, {
          code: 'INPUT_NOT_FOUND',
          cause: error,
          hint: 'check the path given to --in; it must be a text file with one posting text per line',
        });
      }
      throw new SourceError(`cannot read ${values.in}: ${(error as Error).message}`, {
        code: 'INPUT_UNREADABLE',
        cause: error,
        hint: 'check the file permissions of --in',
      });
    }
    const started = performance.now();
    const { csv, lines, flagged } = reviewLinesCsv(input);
    if (values.out) {
      try {
        await writeFile(values.out, csv);
      } catch (error) {
        throw new SinkError(`cannot write ${values.out}: ${(error as Error).message}`, {
          code: 'OUTPUT_UNWRITABLE',
          cause: error,
          hint: 'check that the directory of --out exists and is writable',
        });
      }
    } else process.stdout.write(csv);
    Logger.for('review').info('review_checked', {
      lines,
      flagged,
      ms: Math.round(performance.now() - started),
      out: values.out ?? 'stdout',
    });
    return 0;
  },
});
