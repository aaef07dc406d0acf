import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { englishStopwords, PorterStemmer, WordTokenizer } from './naturalParts.ts';
import { SkillVocabulary } from './SkillVocabulary.ts';

/**
 * Tokenising for Chinese, English and mixed text ("熟悉Java/Spring Boot开发").
 *
 * API
 * - `Tokenizer.get()` → shared instance (jieba's dictionary is loaded once per process, with the
 *   domain vocabulary added so "前端开发" or "养老护理" stay one word).
 * - `tokens(text)`: words — Chinese runs cut by jieba, Latin runs tokenised and Porter-stemmed
 *   by `natural` ("developing" → "develop"), tech names kept whole ("c++", "c#", "node.js"),
 *   stopwords and punctuation dropped.
 * - `searchTokens(text)`: like `tokens` but Chinese runs in jieba's search mode (a long word
 *   also yields its parts: 集成电路 → 集成, 电路, 集成电路) — better recall for short titles.
 * - `charNgrams(text, min, max)`: character n-grams of the normalised text with spaces and
 *   punctuation removed; the classic robust features for short Chinese strings.
 * - `normalise(text)`: NFKC + lower case + collapse whitespace (used by all of the above).
 */

const ZH_STOP = new Set(
  (
    '的 了 和 与 及 或 等 在 是 有 为 对 以 并 将 把 被 从 中 上 下 由 于 其 该 此 这 那 个 ' +
    '之 也 都 又 而 但 就 要 能 会 可 可以 进行 相关 具有 以上 以下 优先 熟悉 熟练 掌握 ' +
    '了解 负责 能力 工作 经验 要求 岗位 职责 公司 年 及以上'
  ).split(' '),
);
const EN_STOP = new Set(englishStopwords);
/** Latin tokens that must survive tokenising whole (the word tokenizer would split them). */
const KEEP_WHOLE = /(c\+\+|c#|\.net|node\.js|tcp\/ip|objective-c|[a-z][a-z0-9]*(?:\.[a-z0-9]+)+)/g;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const RUNS = /([\u3400-\u9fff\uf900-\ufaff]+)|([a-z0-9+#./-]+)/g;

export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export class Tokenizer {
  private static instance: Tokenizer | undefined;
  private readonly stemmer = PorterStemmer;
  private readonly wordTokenizer = new WordTokenizer();

  private constructor(private readonly jieba: Jieba) {}

  static get(): Tokenizer {
    if (!Tokenizer.instance) {
      const jieba = Jieba.withDict(dict);
      // A high frequency makes jieba prefer the domain word over splitting it.
      const userDict = SkillVocabulary.default()
        .jiebaWords()
        .map((w) => `${w} 50000 n`)
        .join('\n');
      jieba.loadDict(new TextEncoder().encode(`${userDict}\n`));
      Tokenizer.instance = new Tokenizer(jieba);
    }
    return Tokenizer.instance;
  }

  tokens(text: string): string[] {
    return this.run(text, false);
  }

  searchTokens(text: string): string[] {
    return this.run(text, true);
  }

  /** Raw jieba words of a Chinese string, no stopword removal (for head-noun rules). */
  cut(text: string): string[] {
    return this.jieba.cut(normalise(text), true).filter((w) => w.trim().length > 0);
  }

  charNgrams(text: string, min = 2, max = 2): string[] {
    const clean = normalise(text).replace(/[\s\p{P}\p{S}]+/gu, '');
    // Without surrogate pairs, UTF-16 slicing is character slicing and much cheaper than spreading.
    const chars = /[\ud800-\udfff]/.test(clean) ? [...clean] : null;
    const length = chars ? chars.length : clean.length;
    const out: string[] = [];
    for (let n = min; n <= max; n++) {
      for (let i = 0; i + n <= length; i++) out.push(chars ? chars.slice(i, i + n).join('') : clean.slice(i, i + n));
    }
    // A one-character string still deserves a feature when only longer n-grams were asked for.
    if (out.length === 0 && length > 0) out.push(clean);
    return out;
  }

  private run(text: string, search: boolean): string[] {
    const out: string[] = [];
    const t = normalise(text);
    for (const m of t.matchAll(RUNS)) {
      if (m[1]) {
        const words = search ? this.jieba.cutForSearch(m[1], true) : this.jieba.cut(m[1], true);
        for (const w of words) if (CJK.test(w) && !ZH_STOP.has(w)) out.push(w);
      } else if (m[2]) {
        this.latin(m[2], out);
      }
    }
    return out;
  }

  private latin(run: string, out: string[]): void {
    let rest = run;
    for (const whole of run.match(KEEP_WHOLE) ?? []) {
      out.push(whole);
      rest = rest.replace(whole, ' ');
    }
    for (const w of this.wordTokenizer.tokenize(rest) ?? []) {
      if (w.length < 2 && !/\d/.test(w)) continue;
      if (EN_STOP.has(w)) continue;
      out.push(this.stemmer.stem(w));
    }
  }
}
