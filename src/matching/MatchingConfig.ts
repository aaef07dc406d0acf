import { z } from 'zod';
import { OCCUPATION_MIN_SCORE } from '../occupations/saveOccupationCodes.ts';

/**
 * The "matching" section of the config file (loadSection(core, 'matching', MatchingConfig)).
 * Every number that changes who is recommended what lives here, with a documented default
 * (docs/matching.md), so a county office can retune without touching code.
 */
export const FACTOR_NAMES = [
  'skills',
  'title',
  'occupation',
  'industry',
  'salary',
  'education',
  'experience',
  'location',
  'freshness',
] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];

export const DEFAULT_WEIGHTS: Record<FactorName, number> = {
  skills: 0.25,
  title: 0.1,
  occupation: 0.2,
  industry: 0.05,
  salary: 0.1,
  education: 0.08,
  experience: 0.07,
  location: 0.1,
  freshness: 0.05,
};

const RegionPrefix = z
  .string()
  .regex(/^\d{6}$/, { message: 'use a six-digit GB/T 2260 code (province 510000, city 510100 or county 510104)' });

export const PartnerRegion = z
  .object({
    /** Sending region (organised labour transfer, 劳务协作): seekers living here … */
    from: RegionPrefix,
    /** … may be matched to postings in this receiving region when willing to relocate. */
    to: RegionPrefix,
  })
  .strict();

const Weights = z
  .object(
    Object.fromEntries(
      FACTOR_NAMES.map((f) => [f, z.number().min(0, { message: 'weights are non-negative' }).default(DEFAULT_WEIGHTS[f])]),
    ) as Record<FactorName, z.ZodDefault<z.ZodNumber>>,
  )
  .strict()
  .refine((w) => Object.values(w).some((v) => v > 0), { message: 'at least one weight must be positive' });

const Grades = z
  .object({
    A: z.number().min(0).max(1).default(0.8),
    B: z.number().min(0).max(1).default(0.65),
    C: z.number().min(0).max(1).default(0.5),
  })
  .strict()
  .refine((g) => g.A > g.B && g.B > g.C, { message: 'grade bands must satisfy A > B > C (lower bounds of each band; D is below C)' });

export const MatchingConfig = z
  .object({
    /** Factor weights; they are normalised to sum 1, so only their ratios matter. */
    weights: Weights.default(DEFAULT_WEIGHTS as never),
    /** Lower score bound of grades A, B and C; anything below C is D. */
    grades: Grades.default({ A: 0.8, B: 0.65, C: 0.5 } as never),
    /** Matches scoring below this are never recommended. */
    minScore: z.number().min(0).max(1).default(0.35),
    /**
     * Relevance gate: the weighted mean of the skills, title and occupation factors must reach
     * this, so a posting that is merely near and well paid is not pushed to an unrelated seeker.
     */
    minRelevance: z.number().min(0).max(1).default(0.35),
    /** Value a factor takes when one side does not say (no desired salary, no posting skills, …). */
    unknownFactor: z.number().min(0).max(1).default(0.5),
    /**
     * The employment-difficulty points table that decides tiers (a JSON file in the format of
     * reference/tier-points.json, the default); its version is stored with each match run.
     */
    pointsFile: z.string().min(1).optional(),
    /** N: recommendations per seeker per run. */
    topN: z.number().int().min(1).max(100).default(10),
    /** k: a posting with headcount h goes to at most k·h seekers per run. */
    capacityFactor: z.number().min(0.1).max(1000).default(5),
    /** The same posting is not pushed to the same seeker again within this many days. */
    cooldownDays: z.number().int().min(0).max(365).default(14),
    /** Penalty on a posting's score in the spread pass, per unit of its capacity already used. */
    crowdPenalty: z.number().min(0).max(1).default(0.15),
    /** Candidates kept per seeker before the capacity pass (× topN). */
    candidatePool: z.number().int().min(1).max(20).default(3),
    /** Hard filter: education required more than this many ranks above the seeker's. */
    maxEducationGap: z.number().int().min(0).max(8).default(1),
    /** Hard filter: experience required more than this many years above the seeker's. */
    maxExperienceGapYears: z.number().min(0).max(40).default(3),
    /** Postings older than this many days score 0 on freshness. */
    freshnessDays: z.number().int().min(1).max(3650).default(60),
    /** Partner regions for organised labour transfer (point-to-point, policy: cross-region-labour-cooperation). */
    partnerRegions: z.array(PartnerRegion).max(1000).default([]),
    /** Age from which a seeker counts as older for channel routing (policy: phone-sms-push). */
    olderAge: z.number().int().min(30).max(80).default(50),
    /** Fairness audit: flag a group whose A/B exposure is below this share of the best group's. */
    auditMinRatio: z.number().min(0).max(1).default(0.8),
    /** Fairness audit: groups smaller than this are reported but not flagged. */
    auditMinGroupSize: z.number().int().min(1).default(20),
    /**
     * With a taxonomy directory configured, postings without an occupation code and seekers
     * without desired occupations get the code their title maps to when the coder is this sure.
     */
    occupationMinScore: z.number().min(0).max(1).default(OCCUPATION_MIN_SCORE),
    /** Threads for the score phase (this one plus threads − 1 workers); 1 = no workers. */
    threads: z.number().int().min(1).max(64).default(2),
    /** Kafka topic for recommendations: a logical key (prefixed per the kafka section) or a full topic name. */
    topic: z
      .string()
      .regex(/^[\w.-]+$/)
      .default('recommendations'),
  })
  .strict();
export type MatchingConfig = z.infer<typeof MatchingConfig>;

/** The defaults, validated: what a run uses with no config file. */
export function defaultMatchingConfig(overrides: Partial<z.input<typeof MatchingConfig>> = {}): MatchingConfig {
  return MatchingConfig.parse(overrides);
}
