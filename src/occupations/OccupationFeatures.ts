import { Bm25Model } from '../text/Bm25Model.ts';
import { SparseIndex } from '../text/SparseIndex.ts';
import { dot, type SparseVector } from '../text/SparseVector.ts';
import { expandAbbreviations, headSynonyms, titleHead } from '../text/SkillVocabulary.ts';
import type { TextEmbedder } from './embeddings/TextEmbedder.ts';
import { TfidfModel } from '../text/TfidfModel.ts';
import { Tokenizer, normalise } from '../text/Tokenizer.ts';
import { groupOf, type Occupation } from './Occupation.ts';
import { DEFAULT_SOFTMAX_OPTIONS, SoftmaxClassifier, type SoftmaxOptions, type SparseExample } from './SoftmaxClassifier.ts';

/**
 * The evidence the occupation coder weighs, as one feature vector per (title, candidate
 * occupation) pair, so that a ranker can learn how to combine it (`ConditionalLogit`).
 *
 * Why per-entry channels: a job-board title resembles other job-board titles of the same
 * occupation far more than the formal definition, so every name and alias is indexed on its own
 * and an occupation is scored by its nearest and second-nearest entries; the whole-occupation
 * documents (name, aliases, definition, tasks) help titles no alias resembles.
 *
 * Leave-one-out: `candidates(title, exclude)` can answer as if one alias of the classification
 * were unknown (its entry row is skipped, its occupation's document, head set and alias count are
 * recomputed without it). That turns every known alias into a labelled example whose features
 * look exactly like those of an unseen title, without refitting anything — the ranker is trained
 * on these, never on evaluation titles.
 *
 * API
 * - `OccupationFeatures.build(occupations, options?)` (pure).
 * - `features.candidates(title, exclude?)` → `{ occs, x }`: candidate occupation positions and a
 *   row-major matrix of `FEATURES.length` features per candidate.
 * - `features.aliasEntries()` → every alias as `{ occ, entry, text }` (the leave-one-out queries).
 * - `features.exactMatch(title, exclude?)`: the occupation whose name or alias is the title.
 */
export const FEATURES = [
  /** Nearest name/alias, character 1–3-gram TF-IDF cosine (best over title variants). */
  'entryChars',
  /** Second-nearest entry of the same occupation, same features (several similar aliases = more evidence). */
  'entryChars2',
  /** Nearest name/alias, jieba search-mode word TF-IDF cosine. */
  'entryWords',
  'entryWords2',
  /** Whole occupation (name, aliases, definition, tasks), character-bigram TF-IDF cosine. */
  'docChars',
  /** Whole occupation, word TF-IDF cosine. */
  'docWords',
  /** The title without its head noun (总装 of 总装工程师) against the whole occupation, char 1–2-grams. */
  'modifier',
  /** Rank of the occupation on each main channel, as c / (c + rank) with c = 5. */
  'entryCharsRank',
  'entryWordsRank',
  'docCharsRank',
  'docWordsRank',
  /** The title's head noun (or its classification synonym) is the head of one of the occupation's entries. */
  'head',
  /** ln(1 + number of known aliases): job-board titles concentrate on occupations that have many. */
  'aliasPrior',
  /** The occupation has no known alias (only its formal name). */
  'noAlias',
  /** A group entry (levels 1–3) rather than an occupation. */
  'group',
  /** Best entryChars score of another occupation in the same small group (level 3). */
  'sibling',
  /** ln(1 + aliases of the other occupations in the same small group). */
  'familyPrior',
  /** Log-probability from the softmax classifier over title n-grams and words (out-of-fold for known aliases). */
  'classifier',
  'classifierRank',
  /** Share of the 10 nearest entries (entryChars / entryWords, score-weighted) that belong to the occupation: a vote of neighbours. */
  'knnChars',
  'knnWords',
  /** BM25 of the title's words against the whole occupation, relative to the best occupation's (length-normalised, unlike the cosines). */
  'bm25Words',
  /**
   * Nearest and second-nearest name/alias by sentence-embedding cosine (multilingual-e5-small,
   * when an embedder is given; 0 otherwise), rescaled as max(0, (cos − 0.8) / 0.2): the model's
   * cosines crowd into 0.8–1, and the ranker's weights should not have to grow huge to use them.
   * The semantic channel links a title to entries that share few or no characters with it.
   */
  'entryEmb',
  'entryEmb2',
  'entryEmbRank',
  /** Soft vote of the 10 semantically nearest entries (weights exp((cos − best) / 0.03)). */
  'knnEmb',
  /** The title against the occupation's name and definition, embedding cosine rescaled as max(0, (cos − 0.75) / 0.25), and its rank. */
  'docEmb',
  'docEmbRank',
] as const;
export type FeatureName = (typeof FEATURES)[number];
export const FEATURE_COUNT = FEATURES.length;
const F = Object.fromEntries(FEATURES.map((f, i) => [f, i])) as Record<FeatureName, number>;

export interface FeatureOptions {
  /** Candidates taken from the top of each main channel. */
  perChannel: number;
  /** Weight of title variants (head synonym, expanded abbreviation) relative to the title itself. */
  variantWeight: number;
  /** Rank-feature constant c in c / (c + rank). */
  rankConstant: number;
  /** Folds for the classifier's out-of-fold scores of known aliases (0 = no classifier channel). */
  folds: number;
  classifier: SoftmaxOptions;
  /** One class per occupation (slower) instead of the occupations with aliases plus "other". */
  allClasses: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  perChannel: 60,
  variantWeight: 0.9,
  rankConstant: 5,
  folds: 3,
  classifier: DEFAULT_SOFTMAX_OPTIONS,
  allClasses: true,
};

export interface Exclusion {
  /** Occupation position whose alias is treated as unknown. */
  occ: number;
  /** Entry row of that alias. */
  entry: number;
}

export interface CandidateSet {
  occs: number[];
  /** Row-major, occs.length × FEATURE_COUNT. */
  x: Float64Array;
  /** Best entryChars cosine of the title to any entry: how close it is to any known title. */
  nearest: number;
  /** Best embedding cosine of the title to any entry (0 without the semantic channel). */
  semanticNearest: number;
}

interface EntryChannel {
  model: TfidfModel;
  index: SparseIndex;
  features: (t: string) => string[];
}

interface SemanticChannel {
  embedder: TextEmbedder;
  /** Entry vectors, row-major entries × dim. */
  vectors: Float32Array;
  /** Per occupation, the vector of its name and definition. */
  docs: Float32Array;
  dim: number;
}

interface DocChannel {
  bm25: Bm25Model;
  model: TfidfModel;
  index: SparseIndex;
  features: (t: string) => string[];
  /** Per occupation, the features of each part: [name, ...aliases, definition, tasks]. */
  parts: string[][][];
}

export class OccupationFeatures {
  private constructor(
    readonly occupations: readonly Occupation[],
    private readonly options: FeatureOptions,
    private readonly entryOwner: Int32Array,
    /** Entry row → its position among the occupation's parts (0 = name, 1.. = aliases). */
    private readonly entryPart: Int32Array,
    private readonly entryHeads: (readonly string[])[],
    private readonly exact: Map<string, number[]>,
    private readonly entryChars: EntryChannel,
    private readonly entryWords: EntryChannel,
    private readonly docChars: DocChannel,
    private readonly docWords: DocChannel,
    private readonly modifier: DocChannel,
    private readonly family: Int32Array,
    private readonly familyAliases: Float64Array,
    private readonly classifier: TitleClassifierChannel | null,
    private readonly semantic: SemanticChannel | null,
  ) {}

  /** `embedder`: the semantic channel's model (null or absent = the channel's features stay 0). */
  static build(
    occupations: readonly Occupation[],
    options: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
    embedder?: TextEmbedder | null,
  ): OccupationFeatures {
    const tok = Tokenizer.get();
    const texts: string[] = [];
    const owner: number[] = [];
    const part: number[] = [];
    const heads: string[][] = [];
    const exact = new Map<string, number[]>();
    occupations.forEach((o, i) => {
      [o.name, ...o.aliases].forEach((e, p) => {
        exact.set(normalise(e), [...(exact.get(normalise(e)) ?? []), texts.length]);
        texts.push(e);
        owner.push(i);
        part.push(p);
        const h = titleHead(e);
        heads.push(h ? [h, ...headSynonyms(h)] : []);
      });
    });
    const chars13 = (t: string) => tok.charNgrams(t, 1, 3);
    const words = (t: string) => tok.searchTokens(t);
    const entry = (features: (t: string) => string[]): EntryChannel => {
      const docs = texts.map(features);
      const model = TfidfModel.fit(docs, { sublinearTf: true });
      return { model, index: SparseIndex.build(model.transformAll(docs)), features };
    };
    const doc = (features: (t: string) => string[], bm25 = false): DocChannel => {
      const parts = occupations.map((o) => [o.name, ...o.aliases, o.definition, o.tasks].map(features));
      const docs = parts.map((p) => p.flat());
      const model = TfidfModel.fit(docs, { sublinearTf: true });
      return { bm25: Bm25Model.fit(bm25 ? docs : []), model, index: SparseIndex.build(model.transformAll(docs)), features, parts };
    };
    const families = new Map<string, number>();
    const family = Int32Array.from(
      occupations.map((o) => {
        const g = groupOf(o.code, 3);
        if (!families.has(g)) families.set(g, families.size);
        return families.get(g)!;
      }),
    );
    const familyAliases = new Float64Array(families.size);
    occupations.forEach((o, i) => (familyAliases[family[i]!]! += o.aliases.length));
    return new OccupationFeatures(
      occupations,
      options,
      Int32Array.from(owner),
      Int32Array.from(part),
      heads,
      exact,
      entry(chars13),
      entry(words),
      doc((t) => tok.charNgrams(t, 2, 2)),
      doc(words, true),
      doc((t) => tok.charNgrams(t, 1, 2)),
      family,
      familyAliases,
      options.folds > 0 ? TitleClassifierChannel.fit(occupations, texts, Int32Array.from(owner), Int32Array.from(part), options) : null,
      embedder ? semanticChannel(embedder, texts, occupations) : null,
    );
  }

  /** Embeds titles about to be coded in one batch (the engine is faster on batches). */
  prepare(titles: readonly string[]): void {
    this.semantic?.embedder.embed(titles);
  }

  /** Every alias (not the names) as a leave-one-out query. */
  aliasEntries(): { occ: number; entry: number; text: string }[] {
    const out: { occ: number; entry: number; text: string }[] = [];
    for (let r = 0; r < this.entryOwner.length; r++) {
      const p = this.entryPart[r]!;
      if (p === 0) continue;
      const occ = this.entryOwner[r]!;
      out.push({ occ, entry: r, text: this.occupations[occ]!.aliases[p - 1]! });
    }
    return out;
  }

  /** The most specific occupation whose name or alias equals the title (ignoring the excluded entry). */
  exactMatch(title: string, exclude?: Exclusion): number | undefined {
    let best: number | undefined;
    for (const r of this.exact.get(normalise(title)) ?? []) {
      if (exclude && r === exclude.entry) continue;
      const occ = this.entryOwner[r]!;
      if (best === undefined || this.occupations[best]!.level < this.occupations[occ]!.level) best = occ;
    }
    return best;
  }

  candidates(title: string, exclude?: Exclusion, minPool = 0): CandidateSet {
    const n = this.occupations.length;
    const head = titleHead(title);
    const stripped = normalise(title).replace(/[\s()（）[\]【】]+$/g, '');
    const modifierText = head && stripped.endsWith(head) ? stripped.slice(0, -head.length) : '';
    const variants: { text: string; weight: number }[] = [{ text: title, weight: 1 }];
    if (head && modifierText)
      for (const syn of headSynonyms(head)) variants.push({ text: modifierText + syn, weight: this.options.variantWeight });
    for (const text of expandAbbreviations(title)) variants.push({ text, weight: this.options.variantWeight });

    const [ec1, ec2, knnC] = this.entryScores(this.entryChars, variants, exclude);
    const [ew1, ew2, knnW] = this.entryScores(this.entryWords, variants, exclude);
    const dc = this.docScores(this.docChars, title, exclude);
    const dw = this.docScores(this.docWords, title, exclude);
    const bmW = this.bm25Scores(this.docWords, title, exclude);
    const mod = modifierText ? this.docScores(this.modifier, modifierText, exclude) : new Float64Array(n);

    const cls = this.classifier ? this.classifier.logProbabilities(title, exclude) : new Float64Array(n);
    const [em1, em2, knnE, demb, semanticNearest] = this.semanticScores(title, exclude);
    const pool = new Set<number>();
    const channels = [ec1, ew1, dc, dw, cls.map(Math.exp), em1, demb];
    const ranks = channels.map((s, k) => {
      if ((k === 4 && !this.classifier) || (k >= 5 && !this.semantic)) return null;
      const order = topOrder(s);
      for (let i = 0; i < Math.min(this.options.perChannel, order.length); i++) pool.add(order[i]!);
      return rankOf(order, n);
    });
    const exact = this.exactMatch(title, exclude);
    if (exact !== undefined) pool.add(exact);
    // Asked for more candidates than the channels' tops hold (`occupations code --top N`): take
    // the channels further down, then unscored occupations, so N candidates exist when the
    // classification has N; the ranker still orders them all.
    if (pool.size < minPool) {
      const orders = channels.map((ch, k) => (ranks[k] ? topOrder(ch) : []));
      for (let depth = this.options.perChannel; pool.size < minPool && orders.some((o) => depth < o.length); depth++) {
        for (const o of orders) if (depth < o.length && pool.size < minPool) pool.add(o[depth]!);
      }
      for (let o = 0; o < n && pool.size < minPool; o++) if (!(exclude && exclude.occ === o)) pool.add(o);
    }

    // Best and second-best entryChars score per small group, so a member can see its best sibling.
    const famBest = new Map<number, [number, number, number]>();
    for (let o = 0; o < n; o++) {
      if (ec1[o] === 0) continue;
      const f = this.family[o]!;
      const cur = famBest.get(f);
      if (!cur) famBest.set(f, [ec1[o]!, o, 0]);
      else if (ec1[o]! > cur[0]) famBest.set(f, [ec1[o]!, o, cur[0]]);
      else if (ec1[o]! > cur[2]) cur[2] = ec1[o]!;
    }

    const occs = [...pool].sort((a, b) => a - b);
    const x = new Float64Array(occs.length * FEATURE_COUNT);
    const c = this.options.rankConstant;
    occs.forEach((o, i) => {
      const row = i * FEATURE_COUNT;
      const occ = this.occupations[o]!;
      let aliases = occ.aliases.length;
      if (exclude && exclude.occ === o) aliases--;
      x[row + F.entryChars] = ec1[o]!;
      x[row + F.entryChars2] = ec2[o]!;
      x[row + F.entryWords] = ew1[o]!;
      x[row + F.entryWords2] = ew2[o]!;
      x[row + F.docChars] = dc[o]!;
      x[row + F.docWords] = dw[o]!;
      x[row + F.modifier] = mod[o]!;
      x[row + F.entryCharsRank] = c / (c + ranks[0]![o]!);
      x[row + F.entryEmb] = em1[o]!;
      x[row + F.entryEmb2] = em2[o]!;
      x[row + F.entryEmbRank] = ranks[5] ? c / (c + ranks[5][o]!) : 0;
      x[row + F.knnEmb] = knnE[o]!;
      x[row + F.docEmb] = demb[o]!;
      x[row + F.docEmbRank] = ranks[6] ? c / (c + ranks[6][o]!) : 0;
      x[row + F.entryWordsRank] = c / (c + ranks[1]![o]!);
      x[row + F.docCharsRank] = c / (c + ranks[2]![o]!);
      x[row + F.docWordsRank] = c / (c + ranks[3]![o]!);
      x[row + F.head] = head && this.hasHead(o, head, exclude) ? 1 : 0;
      x[row + F.aliasPrior] = Math.log1p(aliases);
      x[row + F.noAlias] = aliases === 0 ? 1 : 0;
      x[row + F.group] = occ.level < 4 ? 1 : 0;
      const fb = famBest.get(this.family[o]!);
      x[row + F.sibling] = fb ? (fb[1] === o ? fb[2] : fb[0]) : 0;
      let famAliases = this.familyAliases[this.family[o]!]! - occ.aliases.length;
      if (exclude && exclude.occ !== o && this.family[exclude.occ] === this.family[o]) famAliases--;
      x[row + F.familyPrior] = Math.log1p(famAliases);
      x[row + F.classifier] = this.classifier ? Math.max(-20, cls[o]!) : 0;
      x[row + F.classifierRank] = ranks[4] ? c / (c + ranks[4][o]!) : 0;
      x[row + F.knnChars] = knnC[o]!;
      x[row + F.knnWords] = knnW[o]!;
      x[row + F.bm25Words] = bmW[o]!;
    });
    let nearest = 0;
    for (let o = 0; o < n; o++) if (ec1[o]! > nearest) nearest = ec1[o]!;
    return { occs, x, nearest, semanticNearest };
  }

  private hasHead(o: number, head: string, exclude?: Exclusion): boolean {
    // Entry rows of one occupation are contiguous; walk them from any row of it.
    for (const r of this.rowsOf(o)) {
      if (exclude && r === exclude.entry) continue;
      if (this.entryHeads[r]!.includes(head)) return true;
    }
    return false;
  }

  private rowStart?: Int32Array;

  private rowsOf(o: number): number[] {
    if (!this.rowStart) {
      const start = new Int32Array(this.occupations.length + 1);
      for (let r = this.entryOwner.length - 1; r >= 0; r--) start[this.entryOwner[r]!] = r;
      start[this.occupations.length] = this.entryOwner.length;
      this.rowStart = start;
    }
    const out: number[] = [];
    for (let r = this.rowStart[o]!; r < this.entryOwner.length && this.entryOwner[r] === o; r++) out.push(r);
    return out;
  }

  /** Nearest and second-nearest entry score per occupation, best over the title variants. */
  private entryScores(
    ch: EntryChannel,
    variants: { text: string; weight: number }[],
    exclude?: Exclusion,
  ): [Float64Array, Float64Array, Float64Array] {
    const n = this.occupations.length;
    const entryBest = new Float64Array(this.entryOwner.length);
    for (const v of variants) {
      const s = ch.index.scores(ch.model.transform(ch.features(v.text)));
      for (let r = 0; r < s.length; r++) if (s[r]! * v.weight > entryBest[r]!) entryBest[r] = s[r]! * v.weight;
    }
    if (exclude) entryBest[exclude.entry] = 0;
    const knn = new Float64Array(n);
    const top = topK(entryBest, 10);
    let total = 0;
    for (const r of top) total += entryBest[r]!;
    for (const r of top) knn[this.entryOwner[r]!]! += entryBest[r]! / total;
    return [...bestTwoByOwner(entryBest, this.entryOwner, n), knn];
  }

  /**
   * Per occupation: best and second-best rescaled entry cosine, the soft vote of the 10 nearest
   * entries, the rescaled cosine to its name + definition; and the best raw entry cosine.
   */
  private semanticScores(title: string, exclude?: Exclusion): [Float64Array, Float64Array, Float64Array, Float64Array, number] {
    const n = this.occupations.length;
    const sem = this.semantic;
    if (!sem) return [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), 0];
    const { vectors, docs, dim } = sem;
    // A known alias is its own entry's text: its vector is already there.
    const q = exclude ? vectors.subarray(exclude.entry * dim, (exclude.entry + 1) * dim) : sem.embedder.embed([title])[0]!;
    const cos = dotRows(q, vectors, dim);
    if (exclude) cos[exclude.entry] = 0;
    const top = topK(cos, 10);
    const knn = new Float64Array(n);
    let total = 0;
    const votes = top.map((r) => Math.exp((cos[r]! - cos[top[0]!]!) / 0.03));
    for (const v of votes) total += v;
    top.forEach((r, i) => (knn[this.entryOwner[r]!]! += votes[i]! / total));
    const [best, second] = bestTwoByOwner(
      cos.map((c) => Math.max(0, (c - 0.8) / 0.2)),
      this.entryOwner,
      n,
    );
    const doc = dotRows(q, docs, dim).map((c) => Math.max(0, (c - 0.75) / 0.25));
    return [best, second, knn, doc, top.length ? cos[top[0]!]! : 0];
  }

  private bm25Scores(ch: DocChannel, text: string, exclude?: Exclusion): Float64Array {
    const q = ch.features(text);
    const s = ch.bm25.scoreAll(q);
    if (exclude) {
      const part = this.entryPart[exclude.entry]!;
      s[exclude.occ] = ch.bm25.scoreTokens(q, ch.parts[exclude.occ]!.filter((_, p) => p !== part).flat());
    }
    let max = 0;
    for (const v of s) if (v > max) max = v;
    if (max > 0) for (let i = 0; i < s.length; i++) s[i] = s[i]! / max;
    return s;
  }

  private docScores(ch: DocChannel, text: string, exclude?: Exclusion): Float64Array {
    const q = ch.model.transform(ch.features(text));
    const s = ch.index.scores(q);
    if (exclude) {
      const part = this.entryPart[exclude.entry]!;
      const doc = ch.parts[exclude.occ]!.filter((_, p) => p !== part).flat();
      s[exclude.occ] = cosineNormalised(q, ch.model.transform(doc));
    }
    return s;
  }
}

function semanticChannel(embedder: TextEmbedder, texts: string[], occupations: readonly Occupation[]): SemanticChannel {
  const dim = embedder.dim;
  const vectors = new Float32Array(texts.length * dim);
  embedder.embed(texts).forEach((v, r) => vectors.set(v, r * dim));
  const docs = new Float32Array(occupations.length * dim);
  embedder.embed(occupations.map(docText)).forEach((v, o) => docs.set(v, o * dim));
  return { embedder, vectors, docs, dim };
}

/** The name and the start of the definition: what the occupation is, in a few words more than its name. */
function docText(o: Occupation): string {
  const definition = o.definition.trim();
  return definition ? `${o.name}：${definition.slice(0, 120)}` : o.name;
}

function cosineNormalised(a: SparseVector, b: SparseVector): number {
  return a.indices.length && b.indices.length ? dot(a, b) : 0;
}

/** The k best positions with a positive score, best first (ties by position): the head of `topOrder`, without sorting everything. */
function topK(s: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const v = s[i]!;
    if (v <= 0 || (top.length === k && v <= s[top[k - 1]!]!)) continue;
    let at = top.length;
    while (at > 0 && s[top[at - 1]!]! < v) at--;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}

/** Per owner (occupation), the best and second-best positive score of its rows (entries). */
function bestTwoByOwner(scores: Float64Array, owner: Int32Array, n: number): [Float64Array, Float64Array] {
  const best = new Float64Array(n);
  const second = new Float64Array(n);
  for (let r = 0; r < scores.length; r++) {
    const s = scores[r]!;
    if (s <= 0) continue;
    const o = owner[r]!;
    if (s > best[o]!) {
      second[o] = best[o]!;
      best[o] = s;
    } else if (s > second[o]!) second[o] = s;
  }
  return [best, second];
}

/** Dot product of `q` with every `dim`-long row of `rows` (row-major). */
function dotRows(q: Float32Array, rows: Float32Array, dim: number): Float64Array {
  const out = new Float64Array(rows.length / dim);
  for (let r = 0; r < out.length; r++) {
    let s = 0;
    const base = r * dim;
    for (let i = 0; i < dim; i++) s += q[i]! * rows[base + i]!;
    out[r] = s;
  }
  return out;
}

/** Positions with a positive score, best first (ties by position). */
function topOrder(s: Float64Array): number[] {
  const idx: number[] = [];
  for (let i = 0; i < s.length; i++) if (s[i]! > 0) idx.push(i);
  return idx.sort((a, b) => s[b]! - s[a]! || a - b);
}

/** Rank (0 = best) of every position; positions without a score rank after all scored ones. */
function rankOf(order: number[], n: number): Float64Array {
  const r = new Float64Array(n).fill(order.length);
  order.forEach((o, i) => (r[o] = i));
  return r;
}

/**
 * The softmax classifier as a channel, one class per occupation (or, with `allClasses: false`,
 * the occupations that have aliases plus one class "other" learning from the names of the rest:
 * five times cheaper, but it cannot tell alias-less occupations apart and scored lower).
 * For a known alias it answers with the model of the fold that did not see that alias (so its
 * evidence looks like that of an unseen title); for a new title, with the mean log-probability of
 * the fold models (no refit on everything: the ranker learned how much to trust fold models).
 */
class TitleClassifierChannel {
  private constructor(
    private readonly vocab: Map<string, number>,
    private readonly models: { model: SoftmaxClassifier; classOf: Int32Array }[],
    private readonly outOfFold: Map<number, Float64Array>,
  ) {}

  static fit(
    occupations: readonly Occupation[],
    texts: string[],
    owner: Int32Array,
    part: Int32Array,
    options: FeatureOptions,
  ): TitleClassifierChannel | null {
    const vocab = new Map<string, number>();
    const encoded = texts.map((t) => encode(t, vocab, true));
    const fold = texts.map((t, r) => (part[r] === 0 ? -1 : fnv(normalise(t)) % options.folds));
    if (vocab.size === 0) return null;
    // Without aliases every fold model would be the same: train one.
    const folds = fold.some((f) => f >= 0) ? options.folds : 1;
    const models: { model: SoftmaxClassifier; classOf: Int32Array }[] = [];
    const outOfFold = new Map<number, Float64Array>();
    for (let k = 0; k < folds; k++) {
      // Classes of this fold: occupations with an alias outside the fold; class 0 = "other".
      const classOf = new Int32Array(occupations.length);
      let classes = 1;
      if (options.allClasses) {
        classes = occupations.length;
        classOf.forEach((_, o) => (classOf[o] = o));
      } else {
        fold.forEach((f, r) => {
          if (f >= 0 && f !== k && classOf[owner[r]!] === 0) classOf[owner[r]!] = classes++;
        });
      }
      const examples: SparseExample[] = [];
      fold.forEach((f, r) => {
        if (f !== k) examples.push({ ...encoded[r]!, label: classOf[owner[r]!]!, weight: 1 });
      });
      const model = SoftmaxClassifier.fit(examples, vocab.size, classes, { ...options.classifier, seed: options.classifier.seed + k });
      models.push({ model, classOf });
      fold.forEach((f, r) => {
        if (f === k) outOfFold.set(r, perOccupation(model.logProbabilities(encoded[r]!.features, encoded[r]!.values), classOf));
      });
    }
    return new TitleClassifierChannel(vocab, models, outOfFold);
  }

  logProbabilities(title: string, exclude?: Exclusion): Float64Array {
    if (exclude) {
      const known = this.outOfFold.get(exclude.entry);
      if (known) return known;
    }
    const { features, values } = encode(title, this.vocab, false);
    const out = new Float64Array(this.models[0]!.classOf.length);
    for (const { model, classOf } of this.models) {
      const lp = perOccupation(model.logProbabilities(features, values), classOf);
      for (let o = 0; o < out.length; o++) out[o]! += lp[o]! / this.models.length;
    }
    return out;
  }
}

function perOccupation(logp: Float64Array, classOf: Int32Array): Float64Array {
  const out = new Float64Array(classOf.length);
  for (let o = 0; o < out.length; o++) out[o] = logp[classOf[o]!]!;
  return out;
}

function encode(text: string, vocab: Map<string, number>, grow: boolean): { features: Int32Array; values: Float64Array } {
  const tok = Tokenizer.get();
  const ids = new Set<number>();
  for (const t of [...tok.charNgrams(text, 1, 2), ...tok.searchTokens(text).map((w) => `w:${w}`)]) {
    let id = vocab.get(t);
    if (id === undefined && grow) vocab.set(t, (id = vocab.size));
    if (id !== undefined) ids.add(id);
  }
  const features = Int32Array.from([...ids].sort((a, b) => a - b));
  return { features, values: new Float64Array(features.length).fill(features.length ? 1 / Math.sqrt(features.length) : 0) };
}

function fnv(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
