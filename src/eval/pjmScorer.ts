import { SkillVocabulary } from '../text/SkillVocabulary.ts';
import { SparseIndex } from '../text/SparseIndex.ts';
import type { SparseVector } from '../text/SparseVector.ts';
import { TfidfModel } from '../text/TfidfModel.ts';
import { Tokenizer } from '../text/Tokenizer.ts';
import type { PjmPair } from './loadPjm.ts';

/**
 * Unsupervised resume-job scoring for the screening evaluation, built from the matcher's text
 * features. Nothing here reads a label: the models are fitted on the texts alone.
 *
 * Components (each for one pair; the job side is duties + requirements, the resume side
 * work + project history):
 * - `chars`: cosine of character 2–3-gram TF-IDF vectors, corrected for hubness (CSLS: 2·cos −
 *   mean of the resume's k best cosines to any job − mean of the job's k best to any resume).
 *   Why: generic, long CVs are near every job and generic job ads near every CV; plain cosine
 *   ranks them first everywhere. The correction asks "is this CV closer to THIS job than it
 *   is to jobs in general (and than this job is to CVs in general)?".
 * - `words`: the same with jieba word TF-IDF (mixed Chinese/English tokens, stemmed).
 * - `skills`: share of the domain-vocabulary skills named in the job that the CV names
 *   (0.5 when the job names none: no evidence either way).
 * score = Σ weight × component (component z-scored over the dataset so weights are comparable).
 * Gender and age are not inputs: `PjmPair` does not carry them (see PjmDataset).
 */
export interface PjmScoreOptions {
  /** Neighbourhood size of the hubness correction (10, the usual CSLS choice). */
  k: number;
  weights: { chars: number; words: number; skills: number };
}

/**
 * Default: the hub-corrected character component alone. Chosen by looking at dev-split
 * metrics of a handful of variants (PJM_VARIANTS), which is selection on labels; the honest
 * estimate of that choice is the by-job cross-validated selection `evaluatePjm` also reports.
 */
export const DEFAULT_PJM_OPTIONS: PjmScoreOptions = { k: 10, weights: { chars: 1, words: 0, skills: 0 } };

/** The variants that were compared (and that the cross-validated selection chooses among). */
export const PJM_VARIANTS: Record<string, PjmScoreOptions['weights']> = {
  chars: { chars: 1, words: 0, skills: 0 },
  words: { chars: 0, words: 1, skills: 0 },
  'chars+words': { chars: 0.5, words: 0.5, skills: 0 },
  'chars+skills': { chars: 0.75, words: 0, skills: 0.25 },
  'chars+words+skills': { chars: 0.5, words: 0.25, skills: 0.25 },
};

export interface PjmScores {
  score: Float64Array;
  components: Record<'chars' | 'words' | 'skills' | 'rawChars', Float64Array>;
}

export const jobText = (p: PjmPair): string => `${p.duties} ${p.requirements}`;
export const resumeText = (p: PjmPair): string => `${p.work} ${p.projects}`;

function meanTopK(values: ArrayLike<number>, k: number): number {
  const sorted = Array.from(values).sort((a, b) => b - a);
  const top = sorted.slice(0, Math.max(1, Math.min(k, sorted.length)));
  return top.reduce((a, b) => a + b, 0) / top.length;
}

function zscore(values: Float64Array): Float64Array {
  const n = values.length || 1;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1;
  return values.map((v) => (v - mean) / sd);
}

/** Cosine of every (job, resume) pair, then the hub-corrected score of each requested pair. */
function hubCorrected(
  pairs: readonly PjmPair[],
  features: (text: string) => string[],
  k: number,
): { corrected: Float64Array; raw: Float64Array } {
  const jobs = [...new Set(pairs.map(jobText))];
  const resumes = [...new Set(pairs.map(resumeText))];
  const jobIndex = new Map(jobs.map((t, i) => [t, i]));
  const resumeIndex = new Map(resumes.map((t, i) => [t, i]));
  const cache = new Map<string, string[]>();
  const feats = (t: string) => {
    let f = cache.get(t);
    if (f === undefined) {
      f = features(t);
      cache.set(t, f);
    }
    return f;
  };
  const model = TfidfModel.fit([...jobs, ...resumes].map(feats));
  const resumeVectors: SparseVector[] = resumes.map((t) => model.transform(feats(t)));
  const index = SparseIndex.build(resumeVectors);
  const sims = jobs.map((t) => index.scores(model.transform(feats(t))));
  const jobHub = sims.map((row) => meanTopK(row, k));
  const resumeHub = resumes.map((_, r) =>
    meanTopK(
      sims.map((row) => row[r]!),
      k,
    ),
  );
  const raw = new Float64Array(pairs.length);
  const corrected = new Float64Array(pairs.length);
  pairs.forEach((p, i) => {
    const j = jobIndex.get(jobText(p))!;
    const r = resumeIndex.get(resumeText(p))!;
    raw[i] = sims[j]![r]!;
    corrected[i] = 2 * raw[i]! - jobHub[j]! - resumeHub[r]!;
  });
  return { corrected, raw };
}

export function scorePjm(pairs: readonly PjmPair[], options: PjmScoreOptions = DEFAULT_PJM_OPTIONS): PjmScores {
  const components = pjmComponents(pairs, options.k);
  return { score: combine(components, options.weights), components };
}

/** Weighted sum of the z-scored components. */
export function combine(components: PjmScores['components'], w: PjmScoreOptions['weights']): Float64Array {
  const z = { chars: zscore(components.chars), words: zscore(components.words), skills: zscore(components.skills) };
  return z.chars.map((c, i) => w.chars * c + w.words * z.words[i]! + w.skills * z.skills[i]!);
}

export function pjmComponents(pairs: readonly PjmPair[], k: number): PjmScores['components'] {
  const tok = Tokenizer.get();
  const vocabulary = SkillVocabulary.default();
  const chars = hubCorrected(pairs, (t) => tok.charNgrams(t, 2, 3), k);
  const words = hubCorrected(pairs, (t) => tok.tokens(t), k);
  const skills = Float64Array.from(pairs, (p) => {
    const need = vocabulary.extract(jobText(p));
    if (need.length === 0) return 0.5;
    const have = new Set(vocabulary.extract(resumeText(p)));
    return need.filter((s) => have.has(s)).length / need.length;
  });
  return { chars: chars.corrected, words: words.corrected, skills, rawChars: chars.raw };
}

/** The reference baseline: character-bigram TF-IDF cosine of job text and resume text. */
export function charBigramBaseline(pairs: readonly PjmPair[]): Float64Array {
  const tok = Tokenizer.get();
  const texts = [...new Set([...pairs.map(jobText), ...pairs.map(resumeText)])];
  const model = TfidfModel.fit(
    texts.map((t) => tok.charNgrams(t, 2, 2)),
    { sublinearTf: false },
  );
  const vec = new Map(texts.map((t) => [t, model.transform(tok.charNgrams(t, 2, 2))]));
  return Float64Array.from(pairs, (p) => {
    const a = vec.get(jobText(p))!;
    const b = vec.get(resumeText(p))!;
    let s = 0;
    let i = 0;
    let j = 0;
    while (i < a.indices.length && j < b.indices.length) {
      if (a.indices[i] === b.indices[j]) s += a.values[i++]! * b.values[j++]!;
      else if (a.indices[i]! < b.indices[j]!) i++;
      else j++;
    }
    return s;
  });
}
