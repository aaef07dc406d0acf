import { SparseIndex } from '../text/SparseIndex.ts';
import { TfidfModel } from '../text/TfidfModel.ts';
import { Tokenizer } from '../text/Tokenizer.ts';
import type { Occupation } from './Occupation.ts';
import type { CodedOccupation, TitleCoder } from './TitleCoder.ts';

/**
 * The reference baseline of the issue: one document per occupation (name, definition, tasks
 * and the known aliases), character-bigram TF-IDF, nearest occupation by cosine. Kept so every
 * evaluation reports it beside our coder on the same split.
 */
export class CharBigramBaseline implements TitleCoder {
  readonly name = 'char-bigram tf-idf nearest occupation';

  private constructor(
    private readonly occupations: readonly Occupation[],
    private readonly model: TfidfModel,
    private readonly index: SparseIndex,
  ) {}

  static fit(occupations: readonly Occupation[]): CharBigramBaseline {
    const tok = Tokenizer.get();
    const docs = occupations.map((o) => tok.charNgrams([o.name, o.definition, o.tasks, ...o.aliases].join(' '), 2, 2));
    const model = TfidfModel.fit(docs, { sublinearTf: false });
    return new CharBigramBaseline(occupations, model, SparseIndex.build(model.transformAll(docs)));
  }

  code(title: string, top = 5): CodedOccupation[] {
    const q = this.model.transform(Tokenizer.get().charNgrams(title, 2, 2));
    return this.index
      .search(q, top)
      .map((h) => ({ code: this.occupations[h.index]!.code, name: this.occupations[h.index]!.name, score: h.score }));
  }
}
