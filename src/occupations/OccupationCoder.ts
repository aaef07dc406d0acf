import { createHash } from 'node:crypto';
import type { TextEmbedder } from './embeddings/TextEmbedder.ts';
import { normalise } from '../text/Tokenizer.ts';
import { ConditionalLogit, type RankQuery } from './ConditionalLogit.ts';
import type { Occupation } from './Occupation.ts';
import {
  DEFAULT_FEATURE_OPTIONS,
  FEATURE_COUNT,
  FEATURES,
  OccupationFeatures,
  type FeatureName,
  type FeatureOptions,
} from './OccupationFeatures.ts';
import type { CodedOccupation, TitleCoder } from './TitleCoder.ts';

/**
 * Codes a free-text job title to the occupational classification.
 *
 * How: `OccupationFeatures` gathers, for each candidate occupation, the evidence of several
 * channels — nearest name/alias by character n-grams and by words, the whole occupation
 * (definition, tasks), the title's modifier and head noun, a softmax classifier over title
 * n-grams, how many job-board aliases the occupation has, its best sibling — and a
 * conditional-logit ranker (`ConditionalLogit`) combines them. The ranker is fitted at `fit`
 * time on the classification itself: every known alias is coded as if it were unknown
 * (leave-one-out features; out-of-fold classifier scores) and the weights that rank its own
 * occupation first are learned. Nothing outside the occupations passed to `fit` is seen, so
 * in the evaluation the held-out titles never influence the weights. A classification with too
 * few aliases to learn from (tests, tiny files) keeps the prior weights.
 * An exact match of a name or alias wins outright (score 1).
 *
 * API
 * - `OccupationCoder.fit(occupations, options?)` (pure; occupations from `OccupationTaxonomy`).
 * - `coder.code(title, top = 5)` → `{ code, name, score }[]`, best first; score in [0, 1]
 *   (the ranker's probability, lowered for titles that share little with any known title).
 * - `coder.codeAll(titles, top)`; `coder.weights` (learned, by feature name); `coder.trainingQueries`.
 */
export interface CoderOptions {
  features: FeatureOptions;
  /** Shrinkage of the learned weights towards `prior` (L2 on the mean log-likelihood). */
  l2: number;
  iterations: number;
  learningRate: number;
  /** Below this many usable leave-one-out queries, the prior weights are used as they are. */
  minQueries: number;
  /** Starting point and shrinkage target of the ranker: hand-set, sensible on any classification. */
  prior: Record<FeatureName, number>;
  /** The semantic channel's sentence embedder (`src/occupations/embeddings/`); null = coding without it. */
  embedder: TextEmbedder | null;
}

export const PRIOR_WEIGHTS: Record<FeatureName, number> = {
  entryChars: 2,
  entryChars2: 0.5,
  entryWords: 1,
  entryWords2: 0.25,
  docChars: 1,
  docWords: 1,
  modifier: 1,
  entryCharsRank: 2,
  entryWordsRank: 0.5,
  docCharsRank: 0.5,
  docWordsRank: 0.5,
  head: 0.5,
  aliasPrior: 0.2,
  noAlias: 0,
  group: -0.2,
  sibling: 0.5,
  familyPrior: 0,
  classifier: 0.1,
  classifierRank: 0.5,
  knnChars: 0,
  knnWords: 0,
  bm25Words: 0,
  entryEmb: 1,
  entryEmb2: 0,
  entryEmbRank: 0.5,
  knnEmb: 0,
  docEmb: 0.5,
  docEmbRank: 0.25,
};

export const DEFAULT_CODER_OPTIONS: CoderOptions = {
  features: DEFAULT_FEATURE_OPTIONS,
  l2: 0.001,
  iterations: 150,
  learningRate: 0.1,
  minQueries: 50,
  prior: PRIOR_WEIGHTS,
  embedder: null,
};

export class OccupationCoder implements TitleCoder {
  readonly name = 'learned fusion (nearest alias, occupation text, classifier; conditional logit)';

  private constructor(
    private readonly features: OccupationFeatures,
    private readonly ranker: ConditionalLogit,
    /** Leave-one-out queries the ranker learned from (0 = prior weights). */
    readonly trainingQueries: number,
    /** Method, classification digest and semantic channel: the same inputs give the same version. */
    readonly version: string,
  ) {}

  static fit(occupations: readonly Occupation[], options: Partial<CoderOptions> = {}): OccupationCoder {
    const o: CoderOptions = { ...DEFAULT_CODER_OPTIONS, ...options };
    const features = OccupationFeatures.build(occupations, o.features, o.embedder);
    const prior = Float64Array.from(FEATURES.map((f) => o.prior[f]));
    const queries = trainingQueries(features);
    const ranker =
      queries.length >= o.minQueries
        ? ConditionalLogit.fit(queries, FEATURE_COUNT, { l2: o.l2, iterations: o.iterations, learningRate: o.learningRate, prior })
        : ConditionalLogit.fromWeights(prior);
    const digest = createHash('sha256')
      .update(JSON.stringify(occupations.map((occ) => [occ.code, occ.name, occ.aliases])))
      .digest('hex')
      .slice(0, 12);
    const version = `fusion-1/${digest}/${o.embedder?.name ?? 'no-embeddings'}`;
    return new OccupationCoder(features, ranker, queries.length >= o.minQueries ? queries.length : 0, version);
  }

  get weights(): Record<FeatureName, number> {
    return Object.fromEntries(FEATURES.map((f, j) => [f, this.ranker.weights[j]!])) as Record<FeatureName, number>;
  }

  /** Job-board titles repeat a lot (postings, desired jobs): remember recent answers. */
  private readonly memo = new Map<string, CodedOccupation[]>();

  code(title: string, top = 5): CodedOccupation[] {
    const key = normalise(title);
    if (!key) return [];
    const memoKey = `${top}\u0000${key}`;
    const known = this.memo.get(memoKey);
    if (known) return known.map((c) => ({ ...c }));
    const result = this.codeUncached(title, top);
    if (this.memo.size >= 50_000) this.memo.clear();
    this.memo.set(memoKey, result);
    return result.map((c) => ({ ...c }));
  }

  private codeUncached(title: string, top: number): CodedOccupation[] {
    const occupations = this.features.occupations;
    const exact = this.features.exactMatch(title);
    const { occs, x, nearest, semanticNearest } = this.features.candidates(title, undefined, top);
    // The probability says how the candidates compare; the closeness to the nearest known title
    // keeps a weak title from getting a confident score. Characters: a 1–3-gram cosine of 0.4 or
    // more to some name or alias is real overlap, far below that a stray character. Meaning
    // (with embeddings): the model's cosines of unrelated text to the nearest entry reach 0.90
    // (的 → 英语, 今天天气很好 → 天气预报…), held-out job titles are above 0.92 in 95 % of cases;
    // so the score rises from 0 at 0.90 to full at 0.94, and a title that shares no character with
    // any known title can still be coded through meaning. A title close in neither way is not coded.
    const closeness = Math.max(Math.min(1, (nearest / 0.4) ** 2), Math.min(1, Math.max(0, (semanticNearest - 0.9) / 0.04)) ** 2);
    const ranked: { occ: number; score: number }[] = [];
    if (closeness > 0) {
      const p = this.ranker.probabilities(x, occs.length);
      occs.forEach((occ, i) => ranked.push({ occ, score: p[i]! * closeness }));
      ranked.sort((a, b) => b.score - a.score || a.occ - b.occ);
    }
    if (exact !== undefined) {
      const rest = ranked.filter((r) => r.occ !== exact);
      ranked.length = 0;
      ranked.push({ occ: exact, score: 1 }, ...rest);
    }
    return ranked.slice(0, top).map(({ occ, score }) => ({ code: occupations[occ]!.code, name: occupations[occ]!.name, score }));
  }

  /** Embeds the titles in one batch when the semantic channel is on (the engine is faster on batches). */
  prepare(titles: readonly string[]): void {
    this.features.prepare(titles);
  }

  codeAll(titles: readonly string[], top = 5): CodedOccupation[][] {
    this.prepare(titles);
    return titles.map((t) => this.code(t, top));
  }
}

/**
 * Every known alias as a labelled query with leave-one-out features. Aliases that exactly equal
 * another entry are left out (an exact match is decided by rule, not by the ranker), and so are
 * those whose occupation is not among the candidates (nothing to learn from them).
 */
function trainingQueries(features: OccupationFeatures): RankQuery[] {
  const queries: RankQuery[] = [];
  for (const q of features.aliasEntries()) {
    const exclude = { occ: q.occ, entry: q.entry };
    if (features.exactMatch(q.text, exclude) !== undefined) continue;
    const c = features.candidates(q.text, exclude);
    const label = c.occs.indexOf(q.occ);
    if (label >= 0) queries.push({ x: c.x, n: c.occs.length, label });
  }
  return queries;
}
