import { parentPort, workerData } from 'node:worker_threads';
import { scoreRange, setupRun } from './matcher.ts';
import { packRange, type ScoreWorkerInput } from './scoreInWorker.ts';

/** One score worker: rebuilds the run's features from the plain inputs and scores its slice of seekers. */
const data = workerData as ScoreWorkerInput;
try {
  const state = setupRun({
    ...data.input,
    now: new Date(data.input.now),
    ...(data.history ? { history: { recentlyPushed: new Set(data.history.recentlyPushed), closed: new Set(data.history.closed) } } : {}),
    ...(data.changedSeekers ? { changedSeekers: new Set(data.changedSeekers) } : {}),
    ...(data.changedPostings ? { changedPostings: new Set(data.changedPostings) } : {}),
  });
  const out = packRange(scoreRange(state, data.from, data.to));
  parentPort!.postMessage(
    out,
    [out.seekers, out.priorities, out.offsets, out.postings, out.scores].map((a) => a.buffer as ArrayBuffer),
  );
} catch (error) {
  parentPort!.postMessage({ error: (error as Error)?.stack ?? String(error) });
}
