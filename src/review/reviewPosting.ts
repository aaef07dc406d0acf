import type { PostingPayload } from '../records/posting.ts';
import { checkCreditCode } from './checkCreditCode.ts';
import { checkDuplicatePosting, type LivePostingIndex, postingFingerprint } from './checkDuplicatePosting.ts';
import { checkEmployerIdentity, type KnownEmployerCodes } from './checkEmployerIdentity.ts';
import { checkMinimumWage } from './checkMinimumWage.ts';
import { detectDiscrimination } from './detectDiscrimination.ts';
import type { MinimumWages } from './MinimumWages.ts';
import type { ReviewFinding } from './ReviewFinding.ts';

export type ReviewPosting = Pick<
  PostingPayload,
  'employer_credit_code' | 'employer_name' | 'title' | 'region_code' | 'salary_min' | 'employment_type' | 'posted_date' | 'expiry_date'
> & { id: string; description?: string };

/** What the checks look things up in; a check whose data is absent does not run. */
export interface ReviewContext {
  minimumWages?: MinimumWages;
  knownEmployerCodes?: KnownEmployerCodes;
  livePostings?: LivePostingIndex;
}

/**
 * The automatic review of one posting before publication (policy: posting-review; collect → review → publish →
 * match, policy: posting-review): the employer's identity (credit code check character, name known under another
 * code), discriminatory requirements in the title and description (Employment Promotion Law arts.
 * 26–31, plus age), pay below the local minimum wage, and a duplicate of a live posting.
 * Findings come in that order; any `block` finding stops automatic approval.
 */
export function reviewPosting(posting: ReviewPosting, context: ReviewContext = {}): ReviewFinding[] {
  const findings: ReviewFinding[] = [...checkCreditCode(posting.employer_credit_code)];
  if (context.knownEmployerCodes) findings.push(...checkEmployerIdentity(posting, context.knownEmployerCodes));
  for (const flag of detectDiscrimination(`${posting.title}\n${posting.description ?? ''}`)) {
    findings.push({
      check: 'discrimination',
      category: flag.kind,
      severity: 'block',
      label_zh: flag.zh,
      label_en: flag.en,
      zh: flag.explanation_zh,
      en: flag.explanation_en,
      evidence: flag.match,
    });
  }
  if (context.minimumWages) findings.push(...checkMinimumWage(posting, context.minimumWages));
  if (context.livePostings) findings.push(...checkDuplicatePosting(postingFingerprint(posting), context.livePostings));
  return findings;
}
