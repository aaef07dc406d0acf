import { z } from 'zod';

/** The automatic checks a posting goes through before a reviewer sees it (policy: posting-review). */
export const REVIEW_CHECKS = ['discrimination', 'minimum_wage', 'credit_code', 'employer_identity', 'duplicate'] as const;
export type ReviewCheck = (typeof REVIEW_CHECKS)[number];

/**
 * One thing the automatic review found. `block`: the posting cannot be approved automatically
 * (not even from a trusted source) and the reviewer must decide; `note`: shown to the reviewer,
 * approval not held up.
 */
export const ReviewFinding = z.object({
  check: z.enum(REVIEW_CHECKS),
  /** The discrimination kind (gender, age, …) for `discrimination`; otherwise the check's own name. */
  category: z.string(),
  severity: z.enum(['block', 'note']),
  /** Short label, Chinese and English. */
  label_zh: z.string(),
  label_en: z.string(),
  /** The explanation for the reviewer, Chinese first, English beside it. */
  zh: z.string(),
  en: z.string(),
  /** What was found: the matched text, the figures compared, the other codes or postings. */
  evidence: z.string(),
});
export type ReviewFinding = z.infer<typeof ReviewFinding>;

export function hasBlockingFinding(findings: readonly ReviewFinding[]): boolean {
  return findings.some((f) => f.severity === 'block');
}
