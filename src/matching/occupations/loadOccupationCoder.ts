import { Logger } from '../../core/Logger.ts';
import { PipelineError } from '../../core/PipelineError.ts';
import { OccupationCoder } from './OccupationCoder.ts';
import type { Occupation } from './Occupation.ts';
import { OccupationTaxonomy } from './OccupationTaxonomy.ts';

/**
 * For callers that can do without coding (the matcher): the coder when the configured taxonomy
 * directory holds the classification, otherwise null after one warning that says what to
 * configure — matching then uses the occupation codes already on postings and seekers.
 * Other failures (an unreadable file) still throw.
 */
export async function loadOccupationCoder(taxonomyDir: string | null | undefined): Promise<OccupationCoder | null> {
  try {
    return fitOccupationCoder((await OccupationTaxonomy.load(taxonomyDir)).occupations);
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
export function fitOccupationCoder(occupations: readonly Occupation[]): OccupationCoder {
  const log = Logger.for('occupations');
  log.info('coder_fitting', { entries: occupations.length, note: 'learning the ranker from the classification; about 20 s for the full one' });
  const started = performance.now();
  const coder = OccupationCoder.fit(occupations);
  log.info('coder_fitted', { entries: occupations.length, training_queries: coder.trainingQueries, seconds: Math.round(performance.now() - started) / 1000 });
  return coder;
}
