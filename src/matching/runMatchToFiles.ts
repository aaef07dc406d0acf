import { Worker } from 'node:worker_threads';
import type { MatchInput } from './MatchInput.ts';
import { runMatchParallel } from './matcher.ts';
import { type ResultFilesRequest, type ResultFilesSummary, writeResultFiles } from './writeResultFiles.ts';

/**
 * Runs the match computation (preparation, scoring, allocation, explanations) on a worker thread
 * that writes the run's rows as NDJSON for DuckDB (writeResultFiles.ts), for the service: there the
 * main thread serves HTTP and keeps the Kafka consumer's heartbeats going. Measured on 40k
 * postings × 24k seekers (238k recommendations): in-thread, the run blocked the event loop for
 * 5 s receiving the result and 22 s appending it, the consumer lost its group membership and the
 * write lock was held 22 s; with the files, DuckDB loads the rows in one statement per table.
 */
export function runMatchToFiles(input: MatchInput, threads: number, files: ResultFilesRequest): Promise<ResultFilesSummary> {
  // A function does not cross threads: such a run computes here and writes the same files.
  if (input.canonicalSkill) return runMatchParallel(input, threads).then((output) => writeResultFiles(output, input.postings, files));
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./matchWorker.bootstrap.mjs', import.meta.url), {
      workerData: { input, threads, files },
      execArgv: [],
    });
    let settled = false;
    worker.once('message', (message: { summary: ResultFilesSummary } | { error: string }) => {
      settled = true;
      if ('error' in message) reject(new Error(`match worker failed: ${message.error}`));
      else resolve(message.summary);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`match worker exited with code ${code}`));
      settled = true;
    });
  });
}
