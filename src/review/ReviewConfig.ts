import { z } from 'zod';
import { type CoreConfig, loadSection } from '../config/config.ts';

/**
 * A source whose postings are approved automatically when the automatic review finds nothing
 * that blocks (policy: posting-review still applies: a `block` finding always waits for a reviewer). A string is
 * short for `{source: …}`. `source` is compared with the stored `postings.source`; `ingest` with
 * where the version arrived from (`ingest_batches.source`: a file path, `kafka:<topic>`, an
 * import's file), where `*` stands for any run of characters. Both given: both must match.
 */
export const TrustedSource = z.union([
  z.string().min(1),
  z
    .object({
      source: z.string().min(1).optional(),
      ingest: z.string().min(1).optional(),
    })
    .strict()
    .refine((t) => t.source !== undefined || t.ingest !== undefined, { message: 'name a source, an ingest pattern, or both' }),
]);
export type TrustedSource = z.infer<typeof TrustedSource>;

/** The "review" section of the config file. Trust is off by default: every posting waits for a reviewer. */
export const ReviewConfig = z
  .object({
    trustedSources: z.array(TrustedSource).default([]),
  })
  .strict();
export type ReviewConfig = z.infer<typeof ReviewConfig>;

export const DEFAULT_REVIEW_CONFIG: ReviewConfig = { trustedSources: [] };

export function loadReviewConfig(core: Pick<CoreConfig, 'configFile'>): ReviewConfig {
  return loadSection(core, 'review', ReviewConfig);
}

/** How an entry reads in the review row and the logs: `source=jobfair`, `ingest=kafka:*`. */
export function describeTrustedSource(entry: TrustedSource): string {
  if (typeof entry === 'string') return `source=${entry}`;
  return [entry.source !== undefined ? `source=${entry.source}` : null, entry.ingest !== undefined ? `ingest=${entry.ingest}` : null]
    .filter(Boolean)
    .join(' ');
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The trusted-source matcher of a config: the first entry that matches a version's sources, or null. */
export function trustMatcher(config: ReviewConfig): (where: { source: string | null; ingestSource: string | null }) => string | null {
  const rules = config.trustedSources.map((entry) => {
    const source = typeof entry === 'string' ? entry : entry.source;
    const ingest = typeof entry === 'string' ? undefined : entry.ingest;
    const ingestRe = ingest === undefined ? null : globToRegExp(ingest);
    return { label: describeTrustedSource(entry), source, ingestRe };
  });
  return ({ source, ingestSource }) => {
    for (const rule of rules) {
      if (rule.source !== undefined && rule.source !== source) continue;
      if (rule.ingestRe && (ingestSource === null || !rule.ingestRe.test(ingestSource))) continue;
      return rule.label;
    }
    return null;
  };
}
