// Child of bench/ingest-file.ts: one measured run, printing one JSON line.
import { rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { configureLogging } from '../src/core/Logger.ts';
import { ingestFiles } from '../src/ingest/ingestFiles.ts';
import { INGEST_DUCKDB_SETTINGS, withStore } from '../src/store/DuckDBStore.ts';
import { peakRssMb } from './lib/runChild.ts';

const [mode, file, db] = process.argv.slice(2) as ['pipeline' | 'baseline', string, string];
configureLogging({ level: 'warn' });
rmSync(db, { force: true });
rmSync(`${db}.wal`, { force: true });

if (mode === 'pipeline') {
  const started = performance.now();
  const result = await withStore({ path: db, settings: INGEST_DUCKDB_SETTINGS }, (store) =>
    ingestFiles({ store, from: [file], progress: true }),
  );
  const wall = (performance.now() - started) / 1000;
  const s = result.summaries[0]!;
  console.log(
    JSON.stringify({
      read: s.read,
      stored: s.stored,
      stale: s.stale,
      rejected: s.rejected,
      wall_s: wall,
      // The automatic posting review (policy: posting-review) is part of `labourflow ingest` and runs
      // beside it: its own time (overlapping the ingest), and the wait it added after the last commit.
      review_s: (result.review?.ms ?? 0) / 1000,
      review_wait_s: result.reviewWaitMs / 1000,
      cpu_s: cpuSeconds(),
      peak_rss_mb: peakRssMb(),
    }),
  );
} else {
  // The store's ceiling: DuckDB's own NDJSON reader loading the same envelopes, no validation.
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  const started = performance.now();
  await connection.run(
    `CREATE TABLE raw AS SELECT * FROM read_json($file, format = 'newline_delimited', ignore_errors = true,
       columns = {type: 'VARCHAR', id: 'VARCHAR', version: 'BIGINT', event_time: 'VARCHAR', payload: 'JSON'})`,
    { file },
  );
  const wall = (performance.now() - started) / 1000;
  const rows = Number((await connection.runAndReadAll('SELECT count(*) FROM raw')).getRows()[0]![0]);
  connection.closeSync();
  instance.closeSync();
  console.log(JSON.stringify({ read: rows, wall_s: wall, cpu_s: cpuSeconds(), peak_rss_mb: peakRssMb() }));
}

/** CPU time of the whole process, every thread (DuckDB's and the decode workers') included. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
