import { SparseIndex } from '../text/SparseIndex.ts';
import { expandAbbreviations, headSynonyms, titleHead } from '../text/SkillVocabulary.ts';
import { TfidfModel } from '../text/TfidfModel.ts';
import { Tokenizer, normalise } from '../text/Tokenizer.ts';
import { groupOf, type Occupation } from './Occupation.ts';
import type { CodedOccupation, TitleCoder } from './TitleCoder.ts';

/**
 * Codes a free-text job title to the occupational classification.
 *
 * Why this design: a job-board title ("Java开发工程师", "IC验证工程师") is short and looks much
 * more like another job-board title of the same occupation than like the occupation's formal
 * definition. So the coder indexes every name and alias individually and scores an occupation
 * by its NEAREST entry (character 1–3-grams and jieba words), and fuses that with the
 * occupation-as-a-whole similarity (definition, tasks: helps titles no alias resembles) and a
 * head-noun agreement (工程师 vs 司机 vs 销售: the head carries the job family, and job-board heads
 * are mapped to the classification's words, 司机 → 驾驶员). Channels are fused by reciprocal rank.
 * An exact match of a name or alias wins outright.
 *
 * API
 * - `OccupationCoder.fit(occupations, weights?)` (pure; occupations from `OccupationTaxonomy`).
 * - `coder.code(title, top = 5)` → `{ code, name, score }[]`, best first; score in [0, 1].
 * - `coder.codeAll(titles, top)`.
 */
export interface CoderWeights {
  /** Nearest name/alias by character 1–3-gram TF-IDF cosine. */
  entryChars: number;
  /** Nearest name/alias by jieba word TF-IDF cosine. */
  entryWords: number;
  /** Whole occupation (name, aliases, definition, tasks) by character-bigram TF-IDF cosine. */
  docChars: number;
  /** Whole occupation by jieba word TF-IDF cosine. */
  docWords: number;
  /** The title's head noun equals the head of one of the occupation's entries. */
  head: number;
  /** Multiplier for group-level entries (levels 1–3): job-board titles name occupations far more often than groups. */
  groupPrior: number;
  /** The title without its head noun ("总装" of "总装工程师") against the whole occupation, char 1–2-grams. */
  modifier: number;
  /** Weight of title variants with the head swapped for a synonym (工程师 → 工程技术人员), relative to the title. */
  variants: number;
  /** Share of the best score within the same small group (level 3) added to each member: related occupations support each other. */
  family: number;
  /** Weight of title variants with job-board abbreviations expanded (环评 → 环境影响评价), relative to the title. */
  abbreviations: number;
  /** Reciprocal-rank fusion constant (channel contribution = weight × c / (c + rank)); 0 = sum of raw scores. */
  rankFusion: number;
  /** Weight of the second-nearest entry of the same occupation (several similar aliases = more evidence). */
  second: number;
}

export const DEFAULT_WEIGHTS: CoderWeights = { entryChars: 0.45, entryWords: 0.2, docChars: 0.15, docWords: 0.1, head: 0.1, groupPrior: 0.9, second: 0.3, modifier: 0.3, variants: 0.9, family: 0, rankFusion: 5, abbreviations: 0.9 };

const CANDIDATES = 200;
type ChannelKey = 'entryChars' | 'entryWords' | 'docChars' | 'docWords' | 'modifier';
const CHANNELS: ChannelKey[] = ['entryChars', 'entryWords', 'docChars', 'docWords', 'modifier'];

interface Channel {
  model: TfidfModel;
  index: SparseIndex;
  /** Row of the index → occupation position. */
  owner: Int32Array;
  features(text: string): string[];
}

function channel(texts: string[], owner: number[], features: (t: string) => string[], sublinearTf: boolean): Channel {
  const docs = texts.map(features);
  const model = TfidfModel.fit(docs, { sublinearTf });
  return { model, index: SparseIndex.build(model.transformAll(docs)), owner: Int32Array.from(owner), features };
}

export class OccupationCoder implements TitleCoder {
  readonly name = 'nearest-alias fusion (char 1-3 + words + doc + head)';

  private constructor(
    private readonly occupations: readonly Occupation[],
    private readonly channels: { key: ChannelKey; ch: Channel }[],
    private readonly exact: Map<string, number>,
    private readonly heads: Set<string>[],
    private readonly weights: CoderWeights,
  ) {}

  static fit(occupations: readonly Occupation[], weights: CoderWeights = DEFAULT_WEIGHTS): OccupationCoder {
    const tok = Tokenizer.get();
    const entryTexts: string[] = [];
    const entryOwner: number[] = [];
    const exact = new Map<string, number>();
    const heads: Set<string>[] = [];
    occupations.forEach((o, i) => {
      const set = new Set<string>();
      for (const e of [o.name, ...o.aliases]) {
        entryTexts.push(e);
        entryOwner.push(i);
        const key = normalise(e);
        // The most specific occupation keeps an exact title shared with its group.
        const prev = exact.get(key);
        if (prev === undefined || occupations[prev]!.level < o.level) exact.set(key, i);
        const h = titleHead(e);
        if (h) for (const x of [h, ...headSynonyms(h)]) set.add(x);
      }
      heads.push(set);
    });
    const docTexts = occupations.map((o) => [o.name, ...o.aliases, o.definition, o.tasks].join(' '));
    const docOwner = occupations.map((_, i) => i);
    const chars13 = (t: string) => tok.charNgrams(t, 1, 3);
    const chars2 = (t: string) => tok.charNgrams(t, 2, 2);
    const words = (t: string) => tok.searchTokens(t);
    const channels = [
      { key: 'entryChars' as const, ch: channel(entryTexts, entryOwner, chars13, true) },
      { key: 'entryWords' as const, ch: channel(entryTexts, entryOwner, words, true) },
      { key: 'docChars' as const, ch: channel(docTexts, docOwner, chars2, true) },
      { key: 'docWords' as const, ch: channel(docTexts, docOwner, words, true) },
      { key: 'modifier' as const, ch: channel(docTexts, docOwner, (t: string) => tok.charNgrams(t, 1, 2), true) },
    ].filter((c) => weights[c.key] > 0);
    return new OccupationCoder(occupations, channels, exact, heads, weights);
  }

  /** Job-board titles repeat a lot (postings, desired jobs): remember recent answers. */
  private readonly memo = new Map<string, CodedOccupation[]>();

  code(title: string, top = 5): CodedOccupation[] {
    const key = normalise(title);
    if (!key) return [];
    const memoKey = `${top}\u0000${key}`;
    const known = this.memo.get(memoKey);
    if (known) return known.map((c) => ({ ...c }));
    const result = this.codeUncached(title, key, top);
    if (this.memo.size >= 50_000) this.memo.clear();
    this.memo.set(memoKey, result);
    return result.map((c) => ({ ...c }));
  }

  private codeUncached(title: string, key: string, top: number): CodedOccupation[] {
    const total = new Map<number, number>();
    const head = titleHead(title);
    const stripped = normalise(title).replace(/[\s()（）\[\]【】]+$/g, '');
    const modifier = head && stripped.endsWith(head) ? stripped.slice(0, -head.length) : '';
    const variants: { text: string; weight: number }[] = [{ text: title, weight: 1 }];
    if (head && modifier && this.weights.variants > 0) {
      for (const syn of headSynonyms(head)) variants.push({ text: modifier + syn, weight: this.weights.variants });
    }
    if (this.weights.abbreviations > 0) for (const text of expandAbbreviations(title)) variants.push({ text, weight: this.weights.abbreviations });
    // How close the title is to ANY known title (nearest entry, char channel): scales the fused,
    // rank-based score so a title nothing resembles ("xyz") gets a low score everywhere.
    let nearest = 0;
    for (const { key: k, ch } of this.channels) {
      const best = new Map<number, number>();
      const second = new Map<number, number>();
      const queries = k === 'modifier' ? (modifier ? [{ text: modifier, weight: 1 }] : []) : k.startsWith('entry') ? variants : variants.slice(0, 1);
      for (const q of queries) {
        // Hits come best first, so the first per occupation is its nearest entry, the next its second.
        const seen = new Set<number>();
        for (const hit of ch.index.search(ch.model.transform(ch.features(q.text)), CANDIDATES)) {
          const occ = ch.owner[hit.index]!;
          const score = hit.score * q.weight;
          if (k === 'entryChars' && score > nearest) nearest = score;
          if (!seen.has(occ)) {
            seen.add(occ);
            if ((best.get(occ) ?? 0) < score) best.set(occ, score);
          } else if (q.weight === 1 && !second.has(occ)) second.set(occ, score);
        }
      }
      const rrf = this.weights.rankFusion;
      if (rrf > 0) {
        // Reciprocal-rank fusion: channels disagree on score scales (a 0.4 char cosine is strong, a 0.4
        // definition cosine weak), ranks do not; a small constant keeps the top ranks decisive.
        const ranked = [...best.entries()].map(([occ, s]) => [occ, s + this.weights.second * (second.get(occ) ?? 0)] as const).sort((a, b) => b[1] - a[1]);
        ranked.forEach(([occ], r) => total.set(occ, (total.get(occ) ?? 0) + this.weights[k] * (rrf / (rrf + r))));
      } else for (const [occ, s] of best) total.set(occ, (total.get(occ) ?? 0) + this.weights[k] * (s + this.weights.second * (second.get(occ) ?? 0)));
    }
    if (head && this.weights.head > 0) {
      for (const occ of total.keys()) if (this.heads[occ]!.has(head)) total.set(occ, total.get(occ)! + this.weights.head);
    }
    const exact = this.exact.get(key);
    const sum = (CHANNELS.reduce((a, k) => a + this.weights[k] * (1 + this.weights.second), this.weights.head) || 1) * (1 + this.weights.family);
    if (this.weights.family > 0) {
      const familyBest = new Map<string, number>();
      for (const [occ, s] of total) {
        const g = groupOf(this.occupations[occ]!.code, 3);
        if ((familyBest.get(g) ?? 0) < s) familyBest.set(g, s);
      }
      for (const [occ, s] of total) total.set(occ, s + this.weights.family * familyBest.get(groupOf(this.occupations[occ]!.code, 3))!);
    }
    if (this.weights.groupPrior !== 1) {
      for (const [occ, s] of total) if (this.occupations[occ]!.level < 4) total.set(occ, s * this.weights.groupPrior);
    }
    const ranked = [...total.entries()]
      .map(([occ, s]) => ({ occ, score: occ === exact ? 1 : Math.min(1, s / sum) * (this.weights.rankFusion > 0 ? Math.min(1, nearest) : 1) }))
      .sort((a, b) => b.score - a.score || a.occ - b.occ);
    if (exact !== undefined && !total.has(exact)) ranked.unshift({ occ: exact, score: 1 });
    return ranked.slice(0, top).map(({ occ, score }) => ({ code: this.occupations[occ]!.code, name: this.occupations[occ]!.name, score }));
  }

  codeAll(titles: readonly string[], top = 5): CodedOccupation[][] {
    return titles.map((t) => this.code(t, top));
  }
}
