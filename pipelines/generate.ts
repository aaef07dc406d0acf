import { defineCommand } from './cli/Command.ts';
import { ConfigError } from '../src/core/PipelineError.ts';
import { Logger } from '../src/core/Logger.ts';
import { DatasetWriter } from '../src/generate/DatasetWriter.ts';
import { DEFAULT_END_MONTH, DEFAULT_MONTHS } from '../src/generate/GenerationContext.ts';
import { PROFILES, type ProfileName } from '../src/generate/catalogue.ts';

export default defineCommand({
  name: 'generate',
  summary: 'Write deterministic synthetic postings, seekers, follow-ups, outcomes and enterprise reports as NDJSON.',
  details: `Same flags and seed give byte-identical files. Streams to disk in constant memory at any size.
Files: postings.ndjson, seekers.ndjson, follow_ups.ndjson (derived from seekers), outcomes.ndjson,
enterprise_reports.ndjson, plus meta/manifest.json (counts) and meta/layoff_events.json (injected layoff ground truth).

Examples:
  labourflow generate --postings 100000 --seekers 100000 --enterprises 2000 --months 12 --seed 42 --out out/gen
  labourflow generate --postings 400000 --seekers 400000 --outcomes 200000 --single-file --bad-share 0.02 --out out/mixed`,
  options: {
    postings: { type: 'string', description: 'number of job postings (default 1000)', valueName: 'N' },
    seekers: { type: 'string', description: 'number of job seekers; follow-ups are derived from them (default 1000)', valueName: 'N' },
    enterprises: { type: 'string', description: 'enterprises filing a monthly report for every month (default 100)', valueName: 'N' },
    outcomes: { type: 'string', description: 'outcome events (viewed/applied/…/hired) (default: = seekers)', valueName: 'N' },
    months: { type: 'string', description: `length of the window in months (default ${DEFAULT_MONTHS})`, valueName: 'N' },
    'end-month': {
      type: 'string',
      description: `last month of the window, YYYY-MM, before the current month (default ${DEFAULT_END_MONTH})`,
      valueName: 'YYYY-MM',
    },
    seed: { type: 'string', description: 'seed, any integer or word (default 1)', valueName: 'S' },
    profile: { type: 'string', description: `region profile: ${Object.keys(PROFILES).join(' | ')} (default national)`, valueName: 'NAME' },
    out: { type: 'string', description: 'output directory (created if missing)', valueName: 'DIR' },
    'bad-share': { type: 'string', description: 'share of deliberately bad lines mixed in, 0 ≤ x < 0.5 (default 0)', valueName: 'X' },
    'id-number-share': {
      type: 'string',
      description: 'share of seekers carrying a raw ID number to be hashed on ingest (default 0.02)',
      valueName: 'X',
    },
    'no-follow-ups': { type: 'boolean', description: 'do not derive follow-ups from the seekers (exact record totals for benchmarks)' },
    'single-file': { type: 'boolean', description: 'write every kind interleaved into one file, mixed.ndjson' },
    mixed: { type: 'boolean', description: 'same as --single-file' },
    quiet: { type: 'boolean', description: 'no progress output' },
  },
  async run({ values }) {
    if (!values.out) throw new ConfigError('--out is required', { hint: 'pass --out DIR, e.g. --out out/gen' });
    const profile = (values.profile ?? 'national') as ProfileName;
    if (!(profile in PROFILES)) {
      throw new ConfigError(`unknown --profile ${values.profile}`, { hint: `use one of: ${Object.keys(PROFILES).join(', ')}` });
    }
    const endMonth = values['end-month'] ?? DEFAULT_END_MONTH;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(endMonth)) throw new ConfigError(`--end-month must be YYYY-MM, got "${endMonth}"`);
    const now = new Date();
    const currentMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    if (endMonth >= currentMonth) {
      throw new ConfigError(`--end-month ${endMonth} is not before the current month ${currentMonth}`, {
        hint: 'records stamped in the future are rejected on ingest; pick an earlier month',
      });
    }
    const spec = {
      outDir: values.out,
      postings: count(values.postings, '--postings', 1000),
      seekers: count(values.seekers, '--seekers', 1000),
      enterprises: count(values.enterprises, '--enterprises', 100),
      outcomes: values.outcomes === undefined ? undefined : count(values.outcomes, '--outcomes', 0),
      months: count(values.months, '--months', DEFAULT_MONTHS),
      endMonth,
      seed: values.seed ?? 1,
      profile,
      badShare: share(values['bad-share'], '--bad-share', 0, 0.5),
      idNumberShare: share(values['id-number-share'], '--id-number-share', 0.02, 1.0001),
      followUps: !values['no-follow-ups'],
      layout: values['single-file'] || values.mixed ? ('mixed' as const) : ('files' as const),
      progress: !values.quiet,
    };
    if (spec.months < 1 || spec.months > 120) throw new ConfigError(`--months must be 1..120, got ${spec.months}`);
    if ((spec.outcomes ?? 0) > 0 && (spec.postings === 0 || spec.seekers === 0)) {
      throw new ConfigError('--outcomes needs postings and seekers to reference', {
        hint: 'pass --postings N and --seekers N above 0, or --outcomes 0',
      });
    }
    const summary = await new DatasetWriter(spec).run();
    Logger.for('generate').info('generated', {
      out: summary.outDir,
      records: summary.records,
      bad_lines: summary.badLines,
      wall_s: summary.wallSeconds,
    });
    const width = Math.max(...summary.files.map((f) => f.file.length));
    const lines = summary.files.map(
      (f) =>
        `${f.file.padEnd(width)}  ${String(f.records).padStart(10)} ` +
        `records${f.badLines ? `  ${String(f.badLines).padStart(7)} bad lines` : ''}  ` +
        `${(f.bytes / 1048576).toFixed(1)} MiB`,
    );
    const rate = Math.round((summary.records + summary.badLines) / Math.max(summary.wallSeconds, 0.001));
    process.stdout.write(
      `${lines.join('\n')}\nwrote ${summary.records + summary.badLines} lines to ${summary.outDir} in ${summary.wallSeconds} s (${rate}/s)` +
        `${summary.layoffEvents ? `; ${summary.layoffEvents} injected layoff events in meta/layoff_events.json` : ''}\n`,
    );
    return 0;
  },
});

function count(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${flag} must be a whole number ≥ 0, got "${value}"`);
  return n;
}

function share(value: string | undefined, flag: string, fallback: number, below: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!Number.isFinite(x) || x < 0 || x >= below)
    throw new ConfigError(`${flag} must be a number in [0, ${Math.min(below, 1)}), got "${value}"`);
  return x;
}
