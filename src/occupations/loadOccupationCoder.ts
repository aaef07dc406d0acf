import { Logger } from '../core/Logger.ts';
import { PipelineError } from '../core/PipelineError.ts';
import { loadEmbedder, parseEmbeddingsMode, type EmbeddingsMode } from './embeddings/loadEmbedder.ts';
import type { TextEmbedder } from './embeddings/TextEmbedder.ts';
import { OccupationCoder } from './OccupationCoder.ts';
import type { Occupation } from './Occupation.ts';
import { OccupationTaxonomy } from './OccupationTaxonomy.ts';

/**
 * For callers that can do without coding (the matcher): the coder when the configured taxonomy
 * directory holds the classification, otherwise null after one warning that says what to
 * configure — matching then uses the occupation codes already on postings and seekers.
 * Other failures (an unreadable file) still throw.
 * `embeddings`: the semantic channel (default: `LABOURFLOW_EMBEDDINGS`, else auto — used when the
 * model is cached or can be downloaded; see `src/occupations/embeddings/loadEmbedder.ts`).
 */
export async function loadOccupationCoder(
  taxonomyDir: string | null | undefined,
  options: { embeddings?: EmbeddingsMode } = {},
): Promise<OccupationCoder | null> {
  try {
    const { occupations } = await OccupationTaxonomy.load(taxonomyDir);
    const embedder = await loadEmbedder(options.embeddings ?? parseEmbeddingsMode(undefined));
    return fitOccupationCoder(occupations, embedder);
  } catch (error) {
    if (error instanceof PipelineError && (error.code === 'TAXONOMY_MISSING' || error.code === 'TAXONOMY_FORMAT')) {
      Logger.for('occupations').warn('occupation_coding_unavailable', { reason: error.message, hint: error.hint });
      return null;
    }
    throw error;
  }
}

/**
 * Fits the coder with a log line before and after: on the full classification the fit (indexes,
 * classifier folds, the learned ranker) takes 15–45 s on a 2-core machine, which would otherwise
 * look like a hang at the start of `occupations code` or a scheduled `match`.
 */
export function fitOccupationCoder(occupations: readonly Occupation[], embedder: TextEmbedder | null = null): OccupationCoder {
  const log = Logger.for('occupations');
  log.info('coder_fitting', {
    entries: occupations.length,
    embeddings: embedder?.name ?? 'off',
    note: embedder
      ? 'learning the ranker from the classification; about 30 s for the full one, plus ~1.5 min once per machine to embed its names, aliases and definitions'
      : 'learning the ranker from the classification; about 20 s for the full one',
  });
  const started = performance.now();
  const coder = OccupationCoder.fit(occupations, { embedder });
  log.info('coder_fitted', {
    entries: occupations.length,
    training_queries: coder.trainingQueries,
    embeddings: embedder?.name ?? 'off',
    seconds: Math.round(performance.now() - started) / 1000,
  });
  return coder;
}
