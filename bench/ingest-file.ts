// npm run bench:ingest-file [-- --records 1000000 --seed 7 --file PATH]
// File ingestion through the full pipeline (validate, Arrow batches, DuckDB merge, dead letters)
// against DuckDB's own read_json of the same file, and against the Python peer (bench/peer/: what
// a data engineer would write instead), in the same run; then checks that ours and the peer stored
// and rejected exactly the same lines. Last stdout line: one JSON object; exit 1 when they differ.
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { DatasetWriter } from '../src/generate/DatasetWriter.ts';
import { compareStores, type TableDifference } from './lib/compareStores.ts';
import { ensurePeerVenv } from './lib/ensurePeerVenv.ts';
import { runChildJson, runCommandJson } from './lib/runChild.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

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

const progress = (text: string) => process.stderr.write(`${text}\n`);
const venv = ensurePeerVenv(root, progress);
if (!venv.ok) progress(`WARNING: ${venv.warning}; running ours and the baseline only`);
// Both hash ID numbers with the same key, so their seekers.id_hash columns can be compared.
const env = { LABOURFLOW_ID_HASH_KEY: process.env.LABOURFLOW_ID_HASH_KEY ?? 'bench-ingest-file-shared-id-hash-key' };

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
  review_s: number;
  review_wait_s: number;
  cpu_s: number;
  peak_rss_mb: number;
}>('bench/ingest-file.run.ts', ['pipeline', file, join(work, 'pipeline.duckdb')], env);
process.stderr.write(
  `pipeline: read ${pipeline.read} = stored ${pipeline.stored} + stale ${pipeline.stale} + rejected ${pipeline.rejected} in ${pipeline.wall_s.toFixed(2)} s\n`,
);

interface PeerResult {
  read: number;
  stored: number;
  stale: number;
  rejected: number;
  wall_s: number;
  cpu_s: number;
  peak_rss_mb: number;
  peak_rss_mb_per_process: number[];
}
let peer: (PeerResult & { process_wall_s: number }) | null = null;
let differences: TableDifference[] | null = null;
let peerWarning: string | null = venv.ok ? null : venv.warning;
if (venv.ok) {
  process.stderr.write('peer: python bench/peer/ingest.py …\n');
  const started = performance.now();
  try {
    // Timed like ours: its own clock from opening the store to closing it (the interpreter's start-up aside).
    const result = await runCommandJson<PeerResult>(
      venv.python,
      [join(root, 'bench', 'peer', 'ingest.py'), file, join(work, 'peer.duckdb')],
      env,
    );
    peer = { ...result, process_wall_s: (performance.now() - started) / 1000 };
    process.stderr.write(
      `peer: read ${peer.read} = stored ${peer.stored} + stale ${peer.stale} + rejected ${peer.rejected} in ${peer.wall_s.toFixed(2)} s\n`,
    );
    differences = await compareStores(join(work, 'pipeline.duckdb'), join(work, 'peer.duckdb'), file);
  } catch (error) {
    peerWarning = `the peer failed: ${(error as Error).message}`;
    progress(`WARNING: ${peerWarning}`);
  }
}
const identical = differences === null ? null : differences.length === 0;
for (const d of differences ?? []) {
  const what = d.table === 'rejected' ? 'dead letters' : 'rows';
  progress(`DIFFERENT ${d.table}: ${d.onlyOurs} ${what} only in ours, ${d.onlyPeer} only in the peer's`);
  if (d.oursExamples.length > 0) progress(`  ours only: ${d.oursExamples.join('; ')}`);
  if (d.peerExamples.length > 0) progress(`  peer only: ${d.peerExamples.join('; ')}`);
}
rmSync(join(work, 'baseline.duckdb'), { force: true });
if (identical === false) {
  progress(`kept both stores for a look: ${join(work, 'pipeline.duckdb')} ${join(work, 'peer.duckdb')}`);
} else {
  rmSync(join(work, 'pipeline.duckdb'), { force: true });
  rmSync(join(work, 'peer.duckdb'), { force: true });
}

/** Issue #16's targets for --records 1000000. */
const TARGETS = { peer_ratio: 1.5, ratio: 0.45, peak_rss_mb: 512 };
const recordsPerS = pipeline.read / pipeline.wall_s;
const baselinePerS = baseline.read / baseline.wall_s;
const peerPerS = peer ? peer.read / peer.wall_s : null;
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
    // The posting review runs beside the ingest (BackgroundReview): its own time, summed over its
    // steps and overlapping the ingest, and the part of wall_s it added after the last commit.
    review_s: round(pipeline.review_s),
    review_wait_s: round(pipeline.review_wait_s),
    peer: peer ? 'python: pydantic v2 + pyarrow + duckdb, 2 worker processes (bench/peer)' : null,
    peer_records_per_s: peerPerS === null ? null : Math.round(peerPerS),
    peer_ratio: peerPerS === null ? null : round(recordsPerS / peerPerS, 3),
    // Every peer process's peak added up (reader-writer and two workers); ours is one process.
    peer_peak_rss_mb: peer?.peak_rss_mb ?? null,
    identical,
    // CPU seconds (all threads) say what the run costs whatever else the machine is doing;
    // on a shared machine wall time also measures the neighbours.
    cpu_s: round(pipeline.cpu_s),
    records_per_cpu_s: Math.round(pipeline.read / pipeline.cpu_s),
    baseline_cpu_s: round(baseline.cpu_s),
    baseline_records_per_cpu_s: Math.round(baseline.read / baseline.cpu_s),
    peer_wall_s: peer ? round(peer.wall_s) : null,
    peer_process_wall_s: peer ? round(peer.process_wall_s) : null,
    peer_cpu_s: peer ? round(peer.cpu_s) : null,
    peer_records_per_cpu_s: peer ? Math.round(peer.read / peer.cpu_s) : null,
    peer_peak_rss_mb_per_process: peer?.peak_rss_mb_per_process ?? null,
    peer_stored: peer?.stored ?? null,
    peer_rejected: peer?.rejected ?? null,
    ...(peerWarning ? { warning: peerWarning } : {}),
    load_average_1m: round(loadavg()[0]!),
    targets: TARGETS,
    met:
      peerPerS !== null &&
      recordsPerS / peerPerS >= TARGETS.peer_ratio &&
      recordsPerS / baselinePerS >= TARGETS.ratio &&
      pipeline.peak_rss_mb < TARGETS.peak_rss_mb &&
      identical === true,
  }),
);

if (identical === false) process.exitCode = 1;

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
