import { Worker } from 'node:worker_threads';
import type { SeekerCandidates } from './capacityAllocator.ts';
import type { MatchInput, ScoredRange } from './MatchInput.ts';

/** What a score worker receives: the run's plain inputs (functions and Sets do not cross threads). */
export interface ScoreWorkerInput {
  input: Omit<MatchInput, 'now' | 'history' | 'changedSeekers' | 'changedPostings' | 'canonicalSkill'> & { now: string };
  history: { recentlyPushed: string[]; closed: string[] } | null;
  changedSeekers: string[] | null;
  changedPostings: string[] | null;
  from: number;
  to: number;
}

/** Ranked candidates flattened into transferable arrays. */
export interface ScoreWorkerOutput {
  seekers: Int32Array;
  priorities: Int8Array;
  offsets: Int32Array;
  postings: Int32Array;
  scores: Float64Array;
  pairs: number;
  scored: number;
}

export function packRange(range: ScoredRange): ScoreWorkerOutput {
  const total = range.lists.reduce((sum, l) => sum + l.postings.length, 0);
  const out: ScoreWorkerOutput = {
    seekers: new Int32Array(range.lists.length),
    priorities: new Int8Array(range.lists.length),
    offsets: new Int32Array(range.lists.length + 1),
    postings: new Int32Array(total),
    scores: new Float64Array(total),
    pairs: range.pairs,
    scored: range.seekers,
  };
  range.lists.forEach((l, i) => {
    out.seekers[i] = l.seeker;
    out.priorities[i] = l.priority;
    out.postings.set(l.postings, out.offsets[i]!);
    out.scores.set(l.scores, out.offsets[i]!);
    out.offsets[i + 1] = out.offsets[i]! + l.postings.length;
  });
  return out;
}

function unpack(out: ScoreWorkerOutput): ScoredRange {
  const lists: SeekerCandidates[] = [];
  for (let i = 0; i < out.seekers.length; i++) {
    lists.push({
      seeker: out.seekers[i]!,
      priority: out.priorities[i]!,
      postings: out.postings.subarray(out.offsets[i]!, out.offsets[i + 1]!),
      scores: out.scores.subarray(out.offsets[i]!, out.offsets[i + 1]!),
    });
  }
  return { lists, pairs: out.pairs, seekers: out.scored };
}

/** Scores seekers [from, to) of `input` on a worker thread. */
export function scoreInWorker(input: MatchInput, from: number, to: number): Promise<ScoredRange> {
  const { now, history, changedSeekers, changedPostings, canonicalSkill: _c, ...rest } = input;
  const workerData: ScoreWorkerInput = {
    input: { ...rest, now: now.toISOString() },
    history: history ? { recentlyPushed: [...history.recentlyPushed], closed: [...history.closed] } : null,
    changedSeekers: changedSeekers ? [...changedSeekers] : null,
    changedPostings: changedPostings ? [...changedPostings] : null,
    from,
    to,
  };
  return new Promise((resolve, reject) => {
    // Worker threads do not inherit tsx's loader hooks on Node 20: the bootstrap loads the TypeScript worker.
    const worker = new Worker(new URL('./scoreWorker.bootstrap.mjs', import.meta.url), { workerData, execArgv: [] });
    let settled = false;
    worker.once('message', (out: ScoreWorkerOutput | { error: string }) => {
      settled = true;
      if ('error' in out) reject(new Error(`score worker failed: ${out.error}`));
      else resolve(unpack(out));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`score worker exited with code ${code}`));
      settled = true;
    });
  });
}
