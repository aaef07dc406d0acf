/**
 * npm run bench:review [-- --phrases FILE --heldout FILE --postings 20000 --seed 7]
 *
 * The posting review's discrimination detector (src/review/detectDiscrimination.ts) on the
 * labelled phrases in bench/data/: review-phrases.tsv (the corpus the detector was tuned on) and
 * review-heldout.tsv (written with it, never used for tuning). Precision and recall are over
 * "flagged or not" per phrase; per category figures follow on stderr. A naive keyword baseline
 * (any keyword of a category = flagged) runs on the same phrases in the same run.
 * Speed: generated postings (src/generate, seeded; one in ten carries a labelled phrase) through
 * the detector with and without its prefilter, and through the baseline.
 * Progress on stderr; the last stdout line is one JSON object.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/core/mulberry32.ts';
import { generatePostings } from '../src/generate/index.ts';
import { DISCRIMINATION_KINDS, detectDiscrimination } from '../src/review/detectDiscrimination.ts';
import { type LabelledPhrase, readLabelledPhrases } from './lib/labelledPhrases.ts';
import { type DetectorScores, keywordBaseline, scoreDetector } from './lib/reviewScoring.ts';

const { values } = parseArgs({
  options: {
    phrases: { type: 'string', default: fileURLToPath(new URL('./data/review-phrases.tsv', import.meta.url)) },
    heldout: { type: 'string', default: fileURLToPath(new URL('./data/review-heldout.tsv', import.meta.url)) },
    postings: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '7' },
    errors: { type: 'boolean', default: false },
  },
});

const detectorKinds = (text: string) => detectDiscrimination(text).map((f) => f.kind);
const round = (x: number) => Math.round(x * 10_000) / 10_000;

function report(name: string, s: DetectorScores): void {
  const f = s.flagged;
  process.stderr.write(
    `${name}: ${s.phrases} phrases, flagged precision ${round(f.precision)} recall ${round(f.recall)} (tp ${f.tp}, fp ${f.fp}, fn ${f.fn}); ` +
      `category micro precision ${round(s.categoryMicro.precision)} recall ${round(s.categoryMicro.recall)}\n`,
  );
  for (const k of DISCRIMINATION_KINDS) {
    const c = s.categories[k];
    process.stderr.write(
      `  ${k.padEnd(11)} precision ${round(c.precision).toFixed(4)} recall ${round(c.recall).toFixed(4)} (tp ${c.tp}, fp ${c.fp}, fn ${c.fn})\n`,
    );
  }
  if (values.errors)
    for (const e of s.errors) process.stderr.write(`  line ${e.line}: expected [${e.expected}] got [${e.got}]  ${e.text}\n`);
}

/**
 * Posting texts as ingest sees them: the generator's seeded postings (title and description),
 * one in ten with a labelled phrase added to the description.
 */
function timingPostings(pool: readonly LabelledPhrase[], count: number, seed: number): string[] {
  const rand = mulberry32(seed);
  return generatePostings(count, seed).map((p) => {
    const extra = rand() < 0.1 ? `任职要求补充：${pool[Math.floor(rand() * pool.length)]!.text}。` : '';
    return `${p.title}\n${p.description}${extra}`;
  });
}

/** Best of three passes (after a warm-up), in µs per posting: the machine is shared, the best pass is the least disturbed. */
function timePerPosting(texts: readonly string[], run: (t: string) => unknown): number {
  for (const t of texts.slice(0, 1000)) run(t);
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now();
    for (const t of texts) run(t);
    best = Math.min(best, ((performance.now() - started) * 1000) / texts.length);
  }
  return best;
}

const main = readLabelledPhrases(values.phrases);
const heldout = readLabelledPhrases(values.heldout);
process.stderr.write(
  `bench:review: ${main.length} phrases (${main.filter((p) => p.kinds.length === 0).length} lawful), ${heldout.length} held out\n`,
);

const ours = scoreDetector(main, detectorKinds);
const oursHeld = scoreDetector(heldout, detectorKinds);
const base = scoreDetector(main, keywordBaseline);
const baseHeld = scoreDetector(heldout, keywordBaseline);
report('detector, main corpus', ours);
report('detector, held out', oursHeld);
report('keyword baseline, main corpus', base);
report('keyword baseline, held out', baseHeld);

const postings = timingPostings([...main, ...heldout], Number(values.postings), Number(values.seed));
const avgChars = postings.reduce((s, t) => s + t.length, 0) / postings.length;
process.stderr.write(`timing ${postings.length} generated postings of ${Math.round(avgChars)} characters on average …\n`);
const usOurs = timePerPosting(postings, (t) => detectDiscrimination(t));
const usNoPrefilter = timePerPosting(postings, (t) => detectDiscrimination(t, { prefilter: false }));
const usBase = timePerPosting(postings, keywordBaseline);
process.stderr.write(
  `  detector ${usOurs.toFixed(1)} µs/posting, without prefilter ${usNoPrefilter.toFixed(1)}, keyword baseline ${usBase.toFixed(1)}\n`,
);

const categories = Object.fromEntries(
  DISCRIMINATION_KINDS.map((k) => [k, { precision: round(ours.categories[k].precision), recall: round(ours.categories[k].recall) }]),
);
console.log(
  JSON.stringify({
    bench: 'review',
    phrases: main.length,
    lawful: main.filter((p) => p.kinds.length === 0).length,
    precision: round(ours.flagged.precision),
    recall: round(ours.flagged.recall),
    category_precision: round(ours.categoryMicro.precision),
    category_recall: round(ours.categoryMicro.recall),
    heldout_phrases: heldout.length,
    heldout_precision: round(oursHeld.flagged.precision),
    heldout_recall: round(oursHeld.flagged.recall),
    heldout_category_precision: round(oursHeld.categoryMicro.precision),
    heldout_category_recall: round(oursHeld.categoryMicro.recall),
    baseline: 'keyword hits',
    baseline_precision: round(base.flagged.precision),
    baseline_recall: round(base.flagged.recall),
    baseline_heldout_precision: round(baseHeld.flagged.precision),
    baseline_heldout_recall: round(baseHeld.flagged.recall),
    categories,
    postings_timed: postings.length,
    posting_chars: Math.round(avgChars),
    us_per_posting: round(usOurs),
    us_per_posting_no_prefilter: round(usNoPrefilter),
    baseline_us_per_posting: round(usBase),
    load_avg_1m: Math.round(loadavg()[0]! * 10) / 10,
  }),
);
