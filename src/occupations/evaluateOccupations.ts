import { CharBigramBaseline } from './CharBigramBaseline.ts';
import { evaluateCoder, type CoderScore } from './evaluateCoder.ts';
import { holdoutSplit } from './holdoutSplit.ts';
import type { Occupation } from './Occupation.ts';
import { OccupationCoder } from './OccupationCoder.ts';
import type { TextEmbedder } from './embeddings/TextEmbedder.ts';

/**
 * The occupation-coding evaluation: split the aliases (held-out titles are never seen by
 * either coder), fit our coder and the char-bigram baseline on the rest, score both on the
 * held-out titles in the same run.
 * `levels`: 'occupations' = level-4 entries only (the detailed occupations; the issue's
 * reference figures are of this kind), 'all' = groups too (titles that name a group count).
 */
export interface OccupationEvalOptions {
  holdout: number;
  seed: number;
  levels: 'occupations' | 'all';
  /** Our coder's semantic channel (the baseline never has one); null = without it. */
  embedder?: TextEmbedder | null;
}

export interface OccupationEvalResult {
  bench: 'occupations';
  levels: OccupationEvalOptions['levels'];
  holdout: number;
  seed: number;
  candidates: number;
  titles: number;
  acc1: number;
  acc5: number;
  baseline: string;
  baseline_acc1: number;
  baseline_acc5: number;
  titles_per_s: number;
  baseline_titles_per_s: number;
  fit_s: number;
}

export function evaluateOccupations(occupations: readonly Occupation[], options: OccupationEvalOptions): OccupationEvalResult {
  const pool = options.levels === 'occupations' ? occupations.filter((o) => o.level === 4) : occupations;
  const { train, test } = holdoutSplit(pool, options.holdout, options.seed);
  const fitStart = performance.now();
  const ours = OccupationCoder.fit(train, { embedder: options.embedder ?? null });
  const fitSeconds = (performance.now() - fitStart) / 1000;
  const baseline = CharBigramBaseline.fit(train);
  const a: CoderScore = evaluateCoder(ours, test);
  const b: CoderScore = evaluateCoder(baseline, test);
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    bench: 'occupations',
    levels: options.levels,
    holdout: options.holdout,
    seed: options.seed,
    candidates: train.length,
    titles: test.length,
    acc1: r3(a.acc1),
    acc5: r3(a.acc5),
    baseline: baseline.name,
    baseline_acc1: r3(b.acc1),
    baseline_acc5: r3(b.acc5),
    titles_per_s: Math.round(a.titlesPerSecond),
    baseline_titles_per_s: Math.round(b.titlesPerSecond),
    fit_s: r3(fitSeconds),
  };
}
