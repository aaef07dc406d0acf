import { createRequire } from 'node:module';

/**
 * The parts of `natural` the tokenizer uses, loaded one by one. Why not `import natural`: its
 * index loads every storage back-end, and each calls dotenv.config() — which reads ./.env into
 * process.env and prints a banner on stdout, corrupting CSV/JSON that commands write there.
 */
const require = createRequire(import.meta.url);

export const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

export const WordTokenizer = (
  require('natural/lib/natural/tokenizers/regexp_tokenizer.js') as {
    WordTokenizer: new () => { tokenize(text: string): string[] };
  }
).WordTokenizer;

export const englishStopwords: readonly string[] = (require('natural/lib/natural/util/stopwords.js') as { words: string[] }).words;
