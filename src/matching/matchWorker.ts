import { parentPort, workerData } from 'node:worker_threads';
import type { MatchInput } from './MatchInput.ts';
import { runMatchParallel } from './matcher.ts';
import { type ResultFilesRequest, writeResultFiles } from './writeResultFiles.ts';

/**
 * A whole match computation on its own thread (runMatchToFiles.ts). The input arrives by
 * structured clone; the rows leave as NDJSON files for DuckDB, and only the small parts of the
 * result come back, so the main thread never deserialises hundreds of thousands of rows.
 */
const { input, threads, files } = workerData as { input: MatchInput; threads: number; files: ResultFilesRequest };
try {
  const output = await runMatchParallel(input, threads);
  parentPort!.postMessage({ summary: await writeResultFiles(output, input.postings, files) });
} catch (error) {
  parentPort!.postMessage({ error: (error as Error)?.stack ?? String(error) });
}
