/**
 * npm run bench:match -- --seekers 100000 --postings 100000 [--sample 10000] [--seed 7]
 *
 * Top-10 recommendations per seeker for every seeker (fast path: blocked candidates, exact
 * scoring, capacity pass, explanations), then on a sample of seekers × postings the recall of
 * the fast path against brute-force scoring of every pair. Data is generated here, seeded:
 * one sending province (Sichuan) with two partner provinces for organised labour transfer.
 * Progress on stderr; one JSON line last on stdout.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { CandidateIndex } from '../src/matching/CandidateIndex.ts';
import { defaultMatchingConfig } from '../src/matching/MatchingConfig.ts';
import { candidateOptionsFor, prepare, runMatchParallel, topCandidates } from '../src/matching/matcher.ts';
import { generatePostings, generateSeekers, SYNTHETIC_NOW as NOW } from '../src/matching/syntheticMarket.ts';

const { values } = parseArgs({
  options: {
    seekers: { type: 'string', default: '100000' },
    postings: { type: 'string', default: '100000' },
    sample: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '7' },
    threads: { type: 'string', default: '2' },
  },
});
const nSeekers = Number(values.seekers);
const nPostings = Number(values.postings);
const nSample = Math.min(Number(values.sample), nSeekers, nPostings);
const seed = Number(values.seed);
const threads = Number(values.threads);
const progress = (msg: string) => process.stderr.write(`[bench:match] ${msg}\n`);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const peak = () => Math.round(process.resourceUsage().maxRSS / 1024);
const config = defaultMatchingConfig({
  partnerRegions: [
    { from: '510000', to: '330000' },
    { from: '510000', to: '440000' },
  ],
});

let t0 = performance.now();
const postings = generatePostings(nPostings, seed);
const seekers = generateSeekers(nSeekers, seed + 1);
progress(`generated ${nPostings} postings and ${nSeekers} seekers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

t0 = performance.now();
const cpu0 = cpu();
const result = await runMatchParallel({ seekers, postings, config, now: NOW }, threads);
const wall = (performance.now() - t0) / 1000;
const cpuS = cpu() - cpu0;
const rssAfterFull = peak();
progress(
  `full run: ${result.stats.recommendations} recommendations for ${result.stats.seekers_scored} seekers, ` +
    `${result.stats.pairs_scored} pairs scored, ${wall.toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU, peak RSS ` +
    `${rssAfterFull} MiB`,
);
progress(
  `phases (ms) ${JSON.stringify(result.stats.phase_ms)} grades ${JSON.stringify(result.stats.by_grade)} tiers ` +
    `${JSON.stringify(result.stats.by_tier)} channels ${JSON.stringify(result.stats.by_channel)}`,
);

// Recall on a sample: the raw top-10 of the fast path against brute force over every pair.
const sampleSeekers = seekers.slice(0, nSample);
const samplePostings = postings.slice(0, nSample);
const prep = prepare({ seekers: sampleSeekers, postings: samplePostings, config, now: NOW });
const index = CandidateIndex.build(prep.postings, candidateOptionsFor(config));
const stamp = new Int32Array(prep.postings.length).fill(-1);
let found = 0,
  expected = 0,
  fastPairs = 0;
let fastS = 0,
  exactS = 0;
for (const s of prep.seekers) {
  let t = performance.now();
  const fast = topCandidates(s, prep.postings, index, prep.ctx, 10, config.minScore, stamp);
  fastS += performance.now() - t;
  fastPairs += fast.scored;
  t = performance.now();
  stamp.fill(-1);
  const exact = topCandidates(s, prep.postings, null, prep.ctx, 10, config.minScore, stamp);
  exactS += performance.now() - t;
  stamp.fill(-1);
  const got = new Set(fast.postings);
  // Ties at the cut-off: a fast-path posting with the same score as the exact 10th counts as found.
  const cutoff = exact.scores[exact.scores.length - 1] ?? 0;
  expected += exact.postings.length;
  for (const p of exact.postings) if (got.has(p)) found++;
  for (let k = 0; k < fast.postings.length; k++)
    if (!exact.postings.includes(fast.postings[k]!) && fast.scores[k]! >= cutoff && exact.postings.length === 10) found++;
}
const recall = expected ? Math.min(1, found / expected) : 1;
progress(
  `sample ${nSample}×${nSample}: recall ${recall.toFixed(4)}, fast ${(fastS / 1000).toFixed(1)} s ` +
    `(${Math.round(fastPairs / nSample)} pairs/seeker), exact ${(exactS / 1000).toFixed(1)} s`,
);

console.log(
  JSON.stringify({
    bench: 'match',
    seekers: nSeekers,
    postings: nPostings,
    top: config.topN,
    threads,
    wall_s: Number(wall.toFixed(2)),
    cpu_s: Number(cpuS.toFixed(2)),
    load_avg_1m: Number(loadavg()[0]!.toFixed(1)),
    records_per_s: Math.round(nSeekers / wall),
    recommendations: result.stats.recommendations,
    pairs_scored: result.stats.pairs_scored,
    pairs_per_seeker: Math.round(result.stats.pairs_scored / Math.max(1, result.stats.seekers_scored)),
    peak_rss_mb: peak(),
    peak_rss_mb_full_run: rssAfterFull,
    sample: nSample,
    recall: Number(recall.toFixed(4)),
    baseline: 'brute-force scoring of every pair (sample)',
    sample_fast_s: Number((fastS / 1000).toFixed(2)),
    sample_exact_s: Number((exactS / 1000).toFixed(2)),
    ratio: Number((exactS / Math.max(1, fastS)).toFixed(1)),
  }),
);
