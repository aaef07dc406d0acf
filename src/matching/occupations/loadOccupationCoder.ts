import { Logger } from '../../core/Logger.ts';
import { PipelineError } from '../../core/PipelineError.ts';
import { OccupationCoder } from './OccupationCoder.ts';
import { OccupationTaxonomy } from './OccupationTaxonomy.ts';

/**
 * For callers that can do without coding (the matcher): the coder when the configured taxonomy
 * directory holds the classification, otherwise null after one warning that says what to
 * configure — matching then uses the occupation codes already on postings and seekers.
 * Other failures (an unreadable file) still throw.
 */
export async function loadOccupationCoder(taxonomyDir: string | null | undefined): Promise<OccupationCoder | null> {
  try {
    return OccupationCoder.fit((await OccupationTaxonomy.load(taxonomyDir)).occupations);
  } catch (error) {
    if (error instanceof PipelineError && (error.code === 'TAXONOMY_MISSING' || error.code === 'TAXONOMY_FORMAT')) {
      Logger.for('occupations').warn('occupation_coding_unavailable', { reason: error.message, hint: error.hint });
      return null;
    }
    throw error;
  }
}
