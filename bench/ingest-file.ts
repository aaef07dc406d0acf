// npm run bench:ingest-file [-- --records 1000000 --seed 7 --file PATH]
// File ingestion through the full pipeline (validate, Arrow batches, DuckDB merge, dead letters)
// against DuckDB's own read_json of the same file in the same run. Last stdout line: one JSON object.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { DatasetWriter } from '../src/generate/DatasetWriter.ts';
import { runChildJson } from './lib/runChild.ts';

const { values } = parseArgs({ options: { records: { type: 'string' }, seed: { type: 'string' }, file: { type: 'string' } } });
const records = Number(values.records ?? 1_000_000);
const seed = Number(values.seed ?? 7);
const work = join('.cache', 'bench', `ingest-file-v2-${records}-${seed}`);
mkdirSync(work, { recursive: true });

let file = values.file;
if (!file) {
  file = join(work, 'mixed.ndjson');
  if (!existsSync(file)) {
    process.stderr.write(`generating ${records.toLocaleString('en-US')} records (seed ${seed}) into ${file} …\n`);
    // 40% postings, 40% seekers, 20% outcomes, with 2% deliberately bad lines: a realistic mixed feed.
    const postings = Math.round(records * 0.4);
    const seekers = Math.round(records * 0.4);
    await new DatasetWriter({
      outDir: work,
      postings,
      seekers,
      enterprises: 0,
      outcomes: records - postings - seekers,
      badShare: 0.02,
      layout: 'mixed',
      mixedFileName: 'mixed.ndjson',
      seed,
      progress: true,
      followUps: false,
    }).run();
  }
}
const bytes = statSync(file).size;
process.stderr.write(`file ${file}: ${(bytes / 1e6).toFixed(0)} MB\n`);

process.stderr.write('baseline: DuckDB read_json …\n');
const baseline = await runChildJson<{ read: number; wall_s: number; cpu_s: number; peak_rss_mb: number }>('bench/ingest-file.run.ts', [
  'baseline',
  file,
  join(work, 'baseline.duckdb'),
]);
process.stderr.write(`baseline: ${baseline.read} rows in ${baseline.wall_s.toFixed(2)} s\n`);
process.stderr.write('pipeline: labourflow ingest …\n');
const pipeline = await runChildJson<{
  read: number;
  stored: number;
  stale: number;
  rejected: number;
  wall_s: number;
  cpu_s: number;
  peak_rss_mb: number;
}>('bench/ingest-file.run.ts', ['pipeline', file, join(work, 'pipeline.duckdb')]);
process.stderr.write(
  `pipeline: read ${pipeline.read} = stored ${pipeline.stored} + stale ${pipeline.stale} + rejected ${pipeline.rejected} in ${pipeline.wall_s.toFixed(2)} s\n`,
);
rmSync(join(work, 'baseline.duckdb'), { force: true });
rmSync(join(work, 'pipeline.duckdb'), { force: true });

const recordsPerS = pipeline.read / pipeline.wall_s;
const baselinePerS = baseline.read / baseline.wall_s;
console.log(
  JSON.stringify({
    bench: 'ingest-file',
    records: pipeline.read,
    stored: pipeline.stored,
    rejected: pipeline.rejected,
    reconciled: pipeline.read === pipeline.stored + pipeline.stale + pipeline.rejected,
    wall_s: round(pipeline.wall_s),
    records_per_s: Math.round(recordsPerS),
    baseline: 'duckdb read_json',
    baseline_records_per_s: Math.round(baselinePerS),
    ratio: round(recordsPerS / baselinePerS, 3),
    peak_rss_mb: pipeline.peak_rss_mb,
    // CPU seconds (all threads) say what the run costs whatever else the machine is doing;
    // on a shared machine wall time also measures the neighbours.
    cpu_s: round(pipeline.cpu_s),
    records_per_cpu_s: Math.round(pipeline.read / pipeline.cpu_s),
    baseline_cpu_s: round(baseline.cpu_s),
    baseline_records_per_cpu_s: Math.round(baseline.read / baseline.cpu_s),
    load_average_1m: round(loadavg()[0]!),
    target_records_per_s: 100_000,
    target_peak_rss_mb: 1024,
  }),
);

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
