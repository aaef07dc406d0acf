import { SkillVocabulary } from './SkillVocabulary.ts';
import { cosine, type SparseVector } from './SparseVector.ts';
import { TfidfModel } from './TfidfModel.ts';
import { Tokenizer } from './Tokenizer.ts';

/**
 * Ready-made skills/text similarity for the scorer: one number in [0, 1] per pair of texts.
 *
 * API
 * - `TextSimilarity.fit(corpus)` fits word TF-IDF on a corpus of texts (postings and seekers of a
 *   run); `TextSimilarity.empty()` works without a corpus (all known words weigh the same).
 * - `vector(text)` → SparseVector (cache it per record); `similarity(a, b)` on texts,
 *   `similarityVectors(va, vb)` on cached vectors.
 * - `skillMatch(required, offered)` → `{ score, matched, missing }`: the share of the required
 *   canonical skills the other side has (1 when nothing is required); `missing` is the skills gap.
 * - `skills(text)`: canonical skill ids in a free text (same as `SkillVocabulary.extract`).
 */
export class TextSimilarity {
  private readonly tokenizer = Tokenizer.get();
  private readonly vocabulary = SkillVocabulary.default();

  private constructor(private readonly model: TfidfModel | null) {}

  static fit(corpus: readonly string[]): TextSimilarity {
    const tokenizer = Tokenizer.get();
    return new TextSimilarity(TfidfModel.fit(corpus.map((t) => tokenizer.tokens(t))));
  }

  static empty(): TextSimilarity {
    return new TextSimilarity(null);
  }

  vector(text: string): SparseVector {
    const tokens = this.tokenizer.tokens(text);
    // Without a fitted corpus, fit on the text itself: every word gets the same IDF.
    return (this.model ?? TfidfModel.fit([tokens])).transform(tokens);
  }

  similarity(a: string, b: string): number {
    if (this.model) return this.similarityVectors(this.vector(a), this.vector(b));
    const ta = this.tokenizer.tokens(a);
    const tb = this.tokenizer.tokens(b);
    const model = TfidfModel.fit([ta, tb]);
    return cosine(model.transform(ta), model.transform(tb));
  }

  similarityVectors(a: SparseVector, b: SparseVector): number {
    return Math.max(0, Math.min(1, cosine(a, b)));
  }

  skills(text: string): string[] {
    return this.vocabulary.extract(text);
  }

  skillMatch(required: readonly string[], offered: readonly string[]): { score: number; matched: string[]; missing: string[] } {
    const have = new Set(offered);
    const req = [...new Set(required)];
    const matched = req.filter((s) => have.has(s));
    const missing = req.filter((s) => !have.has(s));
    return { score: req.length === 0 ? 1 : matched.length / req.length, matched, missing };
  }
}
