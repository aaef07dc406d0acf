import { DISCRIMINATION_KINDS, type DiscriminationKind } from '../../src/review/detectDiscrimination.ts';
import type { LabelledPhrase } from './labelledPhrases.ts';

export type KindDetector = (text: string) => Iterable<DiscriminationKind>;

export interface PrecisionRecall {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface DetectorScores {
  phrases: number;
  /** "Flagged or not" per phrase. */
  flagged: PrecisionRecall;
  /** Per category: a phrase counts for a category when it is expected or detected there. */
  categories: Record<DiscriminationKind, PrecisionRecall>;
  /** Micro-average over (phrase, category) pairs. */
  categoryMicro: PrecisionRecall;
  /** Phrases whose flagged/not verdict is wrong, for the report. */
  errors: { line: number; text: string; expected: DiscriminationKind[]; got: DiscriminationKind[] }[];
}

function pr(tp: number, fp: number, fn: number): PrecisionRecall {
  // An empty denominator has nothing to get wrong: precision 1 with no flags, recall 1 with nothing to find.
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

export function scoreDetector(phrases: readonly LabelledPhrase[], detect: KindDetector): DetectorScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const perKind = new Map(DISCRIMINATION_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]));
  const errors: DetectorScores['errors'] = [];
  for (const p of phrases) {
    const got = new Set(detect(p.text));
    const expected = new Set(p.kinds);
    if (got.size > 0 && expected.size > 0) tp++;
    else if (got.size > 0) fp++;
    else if (expected.size > 0) fn++;
    if (got.size > 0 !== expected.size > 0) errors.push({ line: p.line, text: p.text, expected: [...expected], got: [...got] });
    for (const k of DISCRIMINATION_KINDS) {
      const c = perKind.get(k)!;
      if (got.has(k) && expected.has(k)) c.tp++;
      else if (got.has(k)) c.fp++;
      else if (expected.has(k)) c.fn++;
    }
  }
  const categories = Object.fromEntries([...perKind].map(([k, c]) => [k, pr(c.tp, c.fp, c.fn)])) as Record<
    DiscriminationKind,
    PrecisionRecall
  >;
  const sum = (f: 'tp' | 'fp' | 'fn') => [...perKind.values()].reduce((s, c) => s + c[f], 0);
  return { phrases: phrases.length, flagged: pr(tp, fp, fn), categories, categoryMicro: pr(sum('tp'), sum('fp'), sum('fn')), errors };
}

/**
 * The naive baseline: a category is flagged when any of its keywords appears, with no negation,
 * context or exception handling. What a reviewer gets from a keyword list.
 */
const KEYWORDS: Record<DiscriminationKind, RegExp> = {
  gender: /男|女|\bmales?\b|\bfemales?\b|\bm[ae]n\b|\bwom[ae]n\b|lady|ladies/i,
  marital: /婚|孕|已育|未育|生育|单身|\bsingle\b|married|pregnan/i,
  ethnicity: /民族|汉族|[\u4e00-\u9fff]族|\bhan\b|ethnic/i,
  religion: /宗教|信仰|信教|教徒|穆斯林|基督|佛教|伊斯兰|天主|religio|christian|muslim|buddhist/i,
  origin: /户口|户籍|籍贯|本地|外地|外省|农村|农业户|hukou|\blocals?\b/i,
  health: /乙肝|艾滋|hiv|hbv|传染|携带者|大三阳|小三阳/i,
  disability: /残疾|残障|聋|哑|盲人|健全|disab/i,
  age: /岁|年龄|年纪|\bage[ds]?\b|\d{2}后/i,
};

export function keywordBaseline(text: string): DiscriminationKind[] {
  return DISCRIMINATION_KINDS.filter((k) => KEYWORDS[k].test(text));
}
