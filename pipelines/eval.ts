import { writeFile } from 'node:fs/promises';
import { defineCommand } from './cli/Command.ts';
import { Logger } from '../src/core/Logger.ts';
import { ConfigError, SinkError } from '../src/core/PipelineError.ts';
import { evaluatePjm } from '../src/eval/evaluatePjm.ts';
import { loadPjm } from '../src/eval/loadPjm.ts';
import { formatPjmReport, scoresCsv } from '../src/eval/formatPjmReport.ts';

export default defineCommand({
  name: 'eval',
  summary: 'evaluate matching quality on a labelled dataset: eval pjm (real resume-job screening decisions)',
  positionals: 'pjm',
  details: [
    "eval pjm: score every resume-job pair of a pjm-screening file with the matcher's text features, rank each",
    "job's candidates, print MAP, NDCG@5 and ROC-AUC beside a char-bigram TF-IDF baseline computed in the same run.",
    'Gender (性别) and age (年龄) are never read into the scorer. Last stdout line: one JSON object.',
    'Example:',
    '  labourflow eval pjm --dataset ../shared/datasets/pjm-screening-zh/dev.csv --scores-out out/pjm-scores.csv',
  ].join('\n'),
  options: {
    dataset: { type: 'string', description: 'pjm-screening CSV (e.g. pjm-screening-zh/dev.csv)', valueName: 'FILE' },
    'scores-out': { type: 'string', description: 'write our scores as CSV row,score (row = 0-based data row)', valueName: 'FILE' },
    folds: { type: 'string', description: 'folds (by job) of the cross-validated variant selection (default 5)', valueName: 'N' },
    json: { type: 'boolean', description: 'print only the JSON line' },
  },
  async run({ values, positionals }) {
    if (positionals.length !== 1 || positionals[0] !== 'pjm') {
      throw new ConfigError(`expected the dataset kind "pjm" (got "${positionals.join(' ')}")`, {
        hint: 'run `labourflow eval pjm --dataset FILE`',
      });
    }
    if (!values.dataset) throw new ConfigError('--dataset FILE is required', { hint: 'pass the path of pjm-screening-zh/dev.csv' });
    const folds = values.folds === undefined ? 5 : Number(values.folds);
    if (!Number.isInteger(folds) || folds < 2) throw new ConfigError(`--folds must be an integer ≥ 2, got "${values.folds}"`);
    const log = Logger.for('match');
    const pairs = await loadPjm(values.dataset);
    const started = performance.now();
    const result = evaluatePjm(pairs, undefined, folds);
    log.info('pjm_scored', { pairs: pairs.length, seconds: Math.round(performance.now() - started) / 1000 });
    if (values['scores-out']) {
      try {
        await writeFile(values['scores-out'], scoresCsv(result.scores));
      } catch (error) {
        throw new SinkError(`cannot write ${values['scores-out']}: ${(error as Error).message}`, {
          code: 'OUTPUT_UNWRITABLE',
          cause: error,
        });
      }
    }
    const { text, json } = formatPjmReport(result);
    if (!values.json) process.stdout.write(text);
    process.stdout.write(`${JSON.stringify(json)}\n`);
    return 0;
  },
});
